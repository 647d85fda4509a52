"""Staff screens: PIN pad, first start, maintenance pages."""
