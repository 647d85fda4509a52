"""Make the voice prompts in assets/sounds with espeak-ng (`apt-get install espeak-ng`): its Mandarin voice for the
Chinese, its British English voice for the English (the words from the .po files of kiosk/locale/en).

    python tools/make_sounds.py            # writes assets/sounds/<key>.wav and assets/sounds/en/<key>.wav
    python tools/make_sounds.py KEY ...    # only these prompts (a new one: the others' files stay as they are)

The files are small mono 16-bit WAVs at 11 kHz, silence trimmed (what SDL2, Kivy's default audio provider, plays
without extra codecs; speech needs no more). Run again
after changing a prompt's words in kiosk/ui/voice.py or its translation; a recorded human voice may replace any file
(same name).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.base.i18n import translate, translations  # noqa: E402
from kiosk.ui.voice import PROMPTS, SOUNDS_DIR, sound_path  # noqa: E402

# espeak-ng's Mandarin, and British English (the kiosk's English is British). It has no Mongolian voice: a Mongolian
# session hears the Chinese prompts until a recorded voice is added (assets/sounds/mn/<key>.wav).
VOICES = {"zh": "cmn", "en": "en-gb"}
SPEED_WPM = 140  # slower than the default 175: the listeners are often old
SILENCE = 300  # samples quieter than this (of 32767) at the ends are cut
PAD_S = 0.1


def shrink(source: Path, target: Path) -> None:
    """espeak-ng's 22 kHz output, halved to 11 kHz (pairs averaged, a simple low-pass), silence at the ends cut."""
    with wave.open(str(source)) as w:
        rate, samples = w.getframerate(), np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    loud = np.flatnonzero(np.abs(samples) > SILENCE)
    pad = int(rate * PAD_S)
    samples = samples[max(0, loud[0] - pad) : loud[-1] + pad] if loud.size else samples
    samples = samples[: len(samples) // 2 * 2].astype(np.int32)
    halved = ((samples[0::2] + samples[1::2]) // 2).astype("<i2")
    with wave.open(str(target), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate // 2)
        w.writeframes(halved.tobytes())


def main(keys: list[str]) -> int:
    unknown = sorted(set(keys) - set(PROMPTS))
    if unknown:
        print(f"no such prompt in kiosk/ui/voice.py: {', '.join(unknown)}", file=sys.stderr)
        return 1
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        print("espeak-ng is not installed (apt-get install espeak-ng)", file=sys.stderr)
        return 1
    untranslated = [f"{lang}: {text}" for lang in VOICES if lang != "zh" for text in PROMPTS.values()
                    if text not in translations(lang)]
    if untranslated:
        print("prompts without a translation (add them to kiosk/locale):\n  " + "\n  ".join(untranslated),
              file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        for lang in VOICES:
            for key, chinese in PROMPTS.items():
                if keys and key not in keys:
                    continue
                text, raw, out = translate(lang, chinese), Path(tmp) / f"{lang}-{key}.wav", sound_path(key, lang)
                out.parent.mkdir(parents=True, exist_ok=True)
                subprocess.run([espeak, "-v", VOICES[lang], "-s", str(SPEED_WPM), "-w", str(raw), text], check=True)
                shrink(raw, out)
                print(f"{out.relative_to(SOUNDS_DIR.parents[1])}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
