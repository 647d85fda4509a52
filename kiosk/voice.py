"""Voice guidance: short spoken prompts at the key moments (place the card, lay the paper flat, take your
receipt), from the audio files in assets/sounds (made by tools/make_sounds.py). On by default in 长辈模式;
volume, mute and whether to speak outside 长辈模式 are in [voice] of the config. Kivy's SoundLoader plays them;
it is imported only when a prompt is first played."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

from kiosk.config import PROJECT_ROOT

log = logging.getLogger(__name__)

SOUNDS_DIR = PROJECT_ROOT / "assets" / "sounds"
# Each prompt: what is said. Short, one thing to do, the words the screens use.
PROMPTS: dict[str, str] = {
    "place_card": "请将身份证放在读卡区",
    "lay_paper": "请把材料平放在拍摄区",
    "take_receipt": "请取走您的凭条",
    "scan_receipt": "请将回执上的二维码对准扫码口",
}


def sound_path(key: str) -> Path:
    return SOUNDS_DIR / f"{key}.wav"


def _kivy_loader(path: str) -> Any:
    from kivy.core.audio import SoundLoader

    return SoundLoader.load(path)


class VoiceGuide:
    """Plays one prompt at a time (a new one stops the last); never raises: a kiosk without speakers or without
    a sound file stays silent and logs it once."""

    def __init__(self, config: Any, load: Callable[[str], Any] = _kivy_loader) -> None:
        self.settings = config.voice
        self._load = load
        self._sounds: dict[str, Any] = {}
        self._playing: Any = None

    def wanted(self, elder: bool) -> bool:
        s = self.settings
        return not s.mute and s.volume > 0 and (elder or s.outside_elder_mode)

    def say(self, key: str, elder: bool) -> bool:
        """Speak prompt `key` if the settings want it for this citizen; True when it was started."""
        if key not in PROMPTS or not self.wanted(elder):
            return False
        sound = self._sound(key)
        if sound is None:
            return False
        if self._playing is not None and self._playing is not sound:
            self._playing.stop()
        sound.volume = self.settings.volume
        sound.play()
        self._playing = sound
        return True

    def _sound(self, key: str) -> Any:
        if key not in self._sounds:
            path = sound_path(key)
            sound = None
            try:
                sound = self._load(str(path)) if path.exists() else None
            except Exception:
                log.exception("prompt %s could not be loaded", key)
            if sound is None:
                log.warning("prompt %s not playable (%s)", key, path.name)
            self._sounds[key] = sound
        return self._sounds[key]
