"""The project's own error types: what may come out of a parser of outside input."""


class KioskError(Exception):
    """Base of every error the kiosk raises on purpose.

    `message` is plain words for the person in front of the screen (citizen or staff): written in Chinese through
    `kiosk.base.i18n._()` where the error is made, so it comes in the language of the moment;
    `detail` is for the log (English, untranslated) and must not hold personal data.
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class ConfigError(KioskError):
    """A configuration or catalog file that cannot be used as it is."""
