"""A QR code drawn on screen (payment codes, a receipt's progress link when there is no paper)."""

from __future__ import annotations

import io

import qrcode
from kivy.core.image import Image as CoreImage
from kivy.properties import StringProperty
from kivy.uix.image import Image


def qr_png(text: str, box: int = 10) -> bytes:
    """The QR of `text` as PNG bytes, with a quiet zone, error correction M."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box, border=4)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()


class QRImage(Image):
    data = StringProperty("")

    def on_data(self, *_: object) -> None:
        if not self.data:
            self.texture = None
            return
        texture = CoreImage(io.BytesIO(qr_png(self.data)), ext="png").texture
        texture.mag_filter = "nearest"  # keep the modules sharp when scaled up
        self.texture = texture
