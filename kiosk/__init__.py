"""Self-service kiosk for a county's public-service network."""

__version__ = "0.1.0"
