"""Voice guidance: short spoken prompts at the key moments (place the card, lay the paper flat, take your
receipt), from the audio files in assets/sounds (made by tools/make_sounds.py), in the language of the session:
Chinese in assets/sounds/<key>.wav, other languages in assets/sounds/<lang>/<key>.wav; a language without its file
falls back to the Chinese one. On by default in 长辈模式; volume, mute and whether to speak outside 长辈模式 are in
[voice] of the config. Kivy's SoundLoader plays them; it is imported only when a prompt is first played."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk import ASSETS_DIR
from kiosk.base import i18n

log = logging.getLogger(__name__)

SOUNDS_DIR = ASSETS_DIR / "sounds"
# Each prompt: what is said, in Chinese. Short, one thing to do, the words the screens use. The Chinese is the msgid:
# the other languages' words are in the .po files of kiosk/locale/<lang>/, and tools/make_sounds.py speaks them.
PROMPTS: dict[str, str] = {
    "place_card": "请将身份证放在读卡区",
    "fill_form": "一项一项填，填好点下一项",
    "lay_paper": "请把材料平放在拍摄区",
    "check_answers": "请核对，没错就点确认提交",
    "please_wait": "正在办理，请稍等",
    "scan_to_pay": "请用手机扫屏幕上的二维码付款",
    "see_result": "办好了，请看屏幕上的结果",
    "rate_service": "请点一个表情，评价这次服务",
    "see_red_text": "有地方不对，请看屏幕上的红字",
    # A refusal with one common cause says it (kiosk.runtime.controller.refusal_prompt); any other, see_red_text.
    "id_number_wrong": "身份证号不对，请再核对一遍",
    "phone_11_digits": "电话号码要11位，请再核对一遍",
    "pick_date": "请选择日期",
    "take_receipt": "请取走您的凭条",
    "scan_receipt": "请将回执上的二维码对准扫码口",
}


def sound_path(key: str, lang: str = i18n.SOURCE) -> Path:
    folder = SOUNDS_DIR if lang == i18n.SOURCE else SOUNDS_DIR / lang
    return folder / f"{key}.wav"


def playable_path(key: str, lang: str) -> Path:
    """The file to play for a prompt in a language: its own, else the Chinese one (a prompt in the wrong
    language still tells a helper at the citizen's side what to do; silence tells nobody anything)."""
    own = sound_path(key, lang)
    return own if own.exists() else sound_path(key)


def _kivy_loader(path: str) -> Any:
    from kivy.core.audio import SoundLoader

    return SoundLoader.load(path)


class VoiceGuide:
    """Plays one prompt at a time (a new one stops the last); never raises: a kiosk without speakers or without
    a sound file stays silent and logs it once."""

    def __init__(self, config: Any, load: Callable[[str], Any] = _kivy_loader) -> None:
        self.settings = config.voice
        self._load = load
        self._sounds: dict[Path, Any] = {}
        self._playing: Any = None

    def wanted(self, elder: bool, asked: bool = False) -> bool:
        """Whether to speak: never when muted; on its own in 长辈模式 (or for everyone, if so set); always when the
        citizen asked for it with the 🔊 key."""
        s = self.settings
        return not s.mute and s.volume > 0 and (asked or elder or s.outside_elder_mode)

    def say(self, key: str, elder: bool, asked: bool = False) -> bool:
        """Speak prompt `key`, in the session's language, if the settings want it for this citizen (`asked`: the
        citizen pressed the 🔊 key); True when it was started. A new prompt stops the one playing: two never
        talk at once."""
        if key not in PROMPTS or not self.wanted(elder, asked):
            return False
        sound = self._sound(playable_path(key, i18n.language()))
        if sound is None:
            return False
        if self._playing is not None and self._playing is not sound:
            self._playing.stop()
        sound.volume = self.settings.volume
        sound.play()
        self._playing = sound
        return True

    def _sound(self, path: Path) -> Any:
        if path not in self._sounds:
            sound = None
            try:
                sound = self._load(str(path)) if path.exists() else None
            except Exception:
                log.exception("prompt %s could not be loaded", path.name)
            if sound is None:
                log.warning("prompt %s not playable", path.name)
            self._sounds[path] = sound
        return self._sounds[path]
