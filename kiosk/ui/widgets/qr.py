"""Pictures made in memory, shown on screen: a QR code (payment codes, a receipt's number when there is no
paper) and a PNG given as bytes (a receipt's preview)."""

from __future__ import annotations

import io

from kivy.core.image import Image as CoreImage
from kivy.graphics.texture import Texture
from kivy.properties import StringProperty
from kivy.uix.image import Image

from kiosk.receipts import qr_png


def png_texture(data: bytes, sharp: bool = False) -> Texture:
    texture = CoreImage(io.BytesIO(data), ext="png").texture
    if sharp:
        texture.mag_filter = "nearest"  # QR modules stay crisp when scaled up
    return texture


class QRImage(Image):
    data = StringProperty("")

    def on_data(self, *_: object) -> None:
        self.texture = png_texture(qr_png(self.data), sharp=True) if self.data else None
