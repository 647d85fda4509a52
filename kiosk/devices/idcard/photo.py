"""Optional decoding of the card's portrait. The 1024 photo bytes are vendor-encoded (WLT) and only the reader
vendor's library decodes them; its path is configured (`devices.idcard.photo_decoder`). Everything works
without it: the bytes are kept and the portrait stays None.

The library convention supported is the common Linux one (libwlt.so):
`int unpack(char *wlt, char *bmp, int save_to_file)`, returning 1 on success and writing a 102x126 24-bit
BMP of 38862 bytes into `bmp`.
"""

from __future__ import annotations

import ctypes
import logging

from kiosk.base.i18n import _
from kiosk.devices.base import DeviceError

log = logging.getLogger(__name__)

BMP_LEN = 38862
WLT_LEN = 1024


class PhotoDecoder:
    def __init__(self, library: str) -> None:
        try:
            lib = ctypes.CDLL(library)
            self._unpack = lib.unpack
        except (OSError, AttributeError) as exc:
            raise DeviceError(_("身份证照片解码库无法加载"), f"{library}: {exc}") from None
        self._unpack.argtypes = (ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int)
        self._unpack.restype = ctypes.c_int
        self.library = library

    @classmethod
    def from_path(cls, library: str) -> PhotoDecoder | None:
        """The decoder, or None (logged) when no path is set or the library cannot be loaded."""
        if not library:
            return None
        try:
            return cls(library)
        except DeviceError as exc:
            log.warning("photo decoder not used: %s", exc.detail)
            return None

    def decode(self, wlt: bytes) -> bytes | None:
        """BMP bytes of the portrait, or None when the library refuses these bytes."""
        if len(wlt) != WLT_LEN:
            return None
        source = ctypes.create_string_buffer(bytes(wlt), WLT_LEN)
        target = ctypes.create_string_buffer(BMP_LEN)
        if self._unpack(source, target, 0) != 1 or target.raw[:2] != b"BM":
            log.warning("photo decoder %s could not decode a portrait", self.library)
            return None
        return target.raw
