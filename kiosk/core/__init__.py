"""Pure Python domain: the flow (each item's step machine), session, identity, catalog, forms, checksums, payloads."""
