"""The staff side: the desk behind the maintenance pages, accounts, audit, settings, doctor."""
