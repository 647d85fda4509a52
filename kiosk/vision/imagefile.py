"""Photos that come as files (kiosk docscan / decode, the camera's `file` driver) turned into arrays, safely: the
size in the header is checked against a pixel cap before anything is decoded (a PNG that claims 60000 x 60000
pixels would ask for gigabytes), decoding is from bytes in memory (the caller reads the file: OpenCV's own file
reading crashes on a name that is not UTF-8), and a file cut short is decoded but flagged "truncated".

No I/O here: bytes in, an array out, or an ImageRefused that says why.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageFile

from kiosk.base.errors import KioskError
from kiosk.base.i18n import _

_HEADER_STEP = 4096
_JPEG_END = b"\xff\xd9"
_PNG_END = b"IEND\xaeB`\x82"


class ImageRefused(KioskError):
    """A file that is not an image we can read, or one too large to decode; `reason` is a code for the log."""

    def __init__(self, message: str, reason: str, detail: str = "") -> None:
        super().__init__(message, detail or reason)
        self.reason = reason


@dataclass(frozen=True)
class DecodedImage:
    image: np.ndarray  # BGR, 8 bits
    truncated: bool  # the file ended before the image did: the missing part is filled in, not real


def header_size(data: bytes) -> tuple[int, int]:
    """(width, height) from the file's header alone: fed to Pillow's parser a little at a time, stopping as soon
    as it knows the size, so no pixel is decoded."""
    parser = ImageFile.Parser()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            for start in range(0, len(data), _HEADER_STEP):
                parser.feed(data[start:start + _HEADER_STEP])
                if parser.image is not None:
                    return parser.image.size
    except Image.DecompressionBombError:  # Pillow's own cap, far above ours: too large either way
        raise ImageRefused(_("图片太大，无法处理"), "too_large",
                           f"the header claims more than {2 * Image.MAX_IMAGE_PIXELS} pixels") from None
    except Exception as exc:  # Pillow raises many types for a bad header (OSError, SyntaxError, ValueError...)
        raise ImageRefused(_("不是可识别的图片"), "not_an_image", f"{type(exc).__name__}: {exc}") from None
    raise ImageRefused(_("不是可识别的图片"), "not_an_image", "no image header")


def decode_image(data: bytes, max_pixels: int) -> DecodedImage:
    """The image in `data` as a BGR array; ImageRefused when it is not one or has more than `max_pixels`."""
    width, height = header_size(data)
    if width * height > max_pixels:
        raise ImageRefused(_("图片太大，无法处理"), "too_large",
                           f"{width} x {height} pixels, more than {max_pixels} ([vision] max_image_pixels)")
    truncated = _truncated(data)
    if truncated and data.startswith(b"\xff\xd8"):
        data += _JPEG_END  # decoded from memory, a JPEG cut short is refused unless it is ended: its rest is grey
    try:
        image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    except cv2.error as exc:
        raise ImageRefused(_("不是可识别的图片"), "not_an_image", str(exc)) from None
    if image is None or image.size == 0:
        why = "the file is cut short" if truncated else "the decoder found no image"
        raise ImageRefused(_("不是可识别的图片"), "truncated" if truncated else "not_an_image", why)
    return DecodedImage(image, truncated)


def _truncated(data: bytes) -> bool:
    """A JPEG without its end marker or a PNG without its IEND chunk (trailing padding allowed)."""
    end = data.rstrip(b"\0")
    if data.startswith(b"\xff\xd8"):
        return not end.endswith(_JPEG_END)
    if data.startswith(b"\x89PNG"):
        return not end.endswith(_PNG_END)
    return False
