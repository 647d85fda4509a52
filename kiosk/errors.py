"""The project's own error types: what may come out of a parser of outside input."""


class KioskError(Exception):
    """Base of every error the kiosk raises on purpose.

    `message` is plain Chinese for the person in front of the screen (citizen or staff);
    `detail` is for the log and must not hold personal data.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class ConfigError(KioskError):
    """A configuration or catalog file that cannot be used as it is."""
