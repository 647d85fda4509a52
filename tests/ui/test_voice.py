"""Voice guidance: the shipped prompts are real speech files in each language, the guide speaks only when the
settings want, in the session's language, falling back to the Chinese file when a language lacks one."""

from __future__ import annotations

import wave

import numpy as np
import pytest

from kiosk.base import i18n
from kiosk.base.config import load_config
from kiosk.ui import voice as voice_module
from kiosk.ui.voice import PROMPTS, VoiceGuide, playable_path, sound_path

# Mongolian prompts are not recorded yet: a Mongolian session hears the Chinese file (the fallback tested below).
SPOKEN = ("en", "zh")


@pytest.mark.parametrize("lang", SPOKEN)
@pytest.mark.parametrize("key", sorted(PROMPTS))
def test_every_prompt_ships_as_a_short_spoken_wav_in_every_spoken_language(key: str, lang: str) -> None:
    with wave.open(str(sound_path(key, lang))) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        seconds = w.getnframes() / w.getframerate()
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    assert 0.8 < seconds < 8
    assert np.abs(samples).max() > 3000  # speech, not silence


def test_a_mongolian_session_hears_the_chinese_prompts() -> None:
    assert "mn" in i18n.LANGUAGES
    for key in PROMPTS:
        assert playable_path(key, "mn") == sound_path(key, i18n.SOURCE)


class Played:
    """Stands in for Kivy's Sound objects: records what the guide asked of it."""

    def __init__(self, path: str) -> None:
        self.path, self.volume, self.plays, self.stops = path, 1.0, 0, 0

    def play(self) -> None:
        self.plays += 1

    def stop(self) -> None:
        self.stops += 1


def guide(**voice: object) -> tuple[VoiceGuide, dict[str, Played]]:
    config = load_config(environ={f"KIOSK_VOICE__{k.upper()}": str(v) for k, v in voice.items()})
    loaded: dict[str, Played] = {}

    def load(path: str) -> Played:
        loaded[path] = Played(path)
        return loaded[path]

    return VoiceGuide(config, load=load), loaded


def test_speaks_in_elder_mode_with_the_configured_volume_and_not_otherwise() -> None:
    voice, loaded = guide(volume=0.5)
    assert not voice.say("place_card", elder=False) and not loaded
    assert voice.say("place_card", elder=True)
    (sound,) = loaded.values()
    assert sound.path.endswith("place_card.wav") and sound.plays == 1 and sound.volume == 0.5


def test_mute_and_zero_volume_silence_it_and_everyone_can_be_spoken_to() -> None:
    assert not guide(mute=True)[0].say("take_receipt", elder=True)
    assert not guide(volume=0)[0].say("take_receipt", elder=True)
    assert guide(outside_elder_mode=True)[0].say("take_receipt", elder=False)


def test_the_listen_key_is_heard_in_every_mode_but_never_through_mute() -> None:
    assert guide()[0].say("fill_form", elder=False, asked=True)
    assert not guide(mute=True)[0].say("fill_form", elder=False, asked=True)
    assert not guide(volume=0)[0].say("fill_form", elder=True, asked=True)


def test_a_new_prompt_stops_the_last_and_sounds_are_loaded_once() -> None:
    voice, loaded = guide()
    voice.say("place_card", elder=True)
    voice.say("take_receipt", elder=True)
    voice.say("take_receipt", elder=True)
    card, receipt = (loaded[str(sound_path(k))] for k in ("place_card", "take_receipt"))
    assert card.stops == 1 and receipt.plays == 2 and len(loaded) == 2


def test_unknown_prompts_and_unplayable_sounds_stay_silent() -> None:
    voice, _ = guide()
    assert not voice.say("no-such-prompt", elder=True)

    def broken(path: str) -> None:
        raise OSError("no audio device")

    silent = VoiceGuide(load_config(environ={}), load=broken)
    assert not silent.say("place_card", elder=True) and not silent.say("place_card", elder=True)


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language(i18n.SOURCE)


@pytest.mark.parametrize("key", sorted(PROMPTS))
def test_the_english_prompts_are_their_own_recordings_with_their_own_words(key: str) -> None:
    assert sound_path(key, "en") == voice_module.SOUNDS_DIR / "en" / f"{key}.wav"
    assert sound_path(key, "en").read_bytes() != sound_path(key).read_bytes()
    assert i18n.translate("en", PROMPTS[key]) != PROMPTS[key]  # the words make_sounds speaks come from the .po


def test_in_english_the_english_file_is_played(english) -> None:
    player, loaded = guide()
    assert player.say("take_receipt", elder=True)
    assert list(loaded) == [str(voice_module.SOUNDS_DIR / "en" / "take_receipt.wav")]


def test_a_switch_back_to_chinese_plays_the_chinese_file(english) -> None:
    player, loaded = guide()
    player.say("place_card", elder=True)
    i18n.set_language("zh")
    player.say("place_card", elder=True)
    english_card, chinese_card = (loaded[str(sound_path("place_card", lang))] for lang in ("en", "zh"))
    assert english_card.stops == 1 and chinese_card.plays == 1


def test_a_language_without_its_file_falls_back_to_the_chinese_one(english, tmp_path, monkeypatch) -> None:
    (tmp_path / "en").mkdir()
    for key in PROMPTS:
        (tmp_path / f"{key}.wav").write_bytes(sound_path(key).read_bytes())
    (tmp_path / "en" / "lay_paper.wav").write_bytes(sound_path("lay_paper", "en").read_bytes())
    monkeypatch.setattr(voice_module, "SOUNDS_DIR", tmp_path)
    player, loaded = guide()
    assert player.say("lay_paper", elder=True) and player.say("scan_receipt", elder=True)
    assert set(loaded) == {str(tmp_path / "en" / "lay_paper.wav"), str(tmp_path / "scan_receipt.wav")}
