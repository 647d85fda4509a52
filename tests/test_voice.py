"""Voice guidance: the shipped prompts are real speech files, and the guide speaks only when the settings want."""

from __future__ import annotations

import wave

import numpy as np
import pytest

from kiosk.config import load_config
from kiosk.voice import PROMPTS, VoiceGuide, sound_path


@pytest.mark.parametrize("key", sorted(PROMPTS))
def test_every_prompt_ships_as_a_short_spoken_wav(key: str) -> None:
    with wave.open(str(sound_path(key))) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        seconds = w.getnframes() / w.getframerate()
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    assert 0.8 < seconds < 8
    assert np.abs(samples).max() > 3000  # speech, not silence


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
