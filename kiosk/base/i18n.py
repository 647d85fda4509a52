"""One translation mechanism for every visible string.

The source language is Chinese: code, kv files and the catalog are written in Chinese and wrap what people see in
`_()`. Other languages live in gettext .po files under `kiosk/locale/<lang>/` (one file per area, so people can
translate an area at a time); the Chinese text is the msgid. A missing translation shows the Chinese rather than
nothing. Pure Python: the drivers and the flow engine translate their messages without importing Kivy; the screens
get a Kivy-observable view of the same state from `kiosk.ui.widgets.lang`.
"""

from __future__ import annotations

from functools import cache

import polib

from kiosk import PACKAGE_DIR

LOCALE_DIR = PACKAGE_DIR / "locale"
SOURCE = "zh"
# Each language names itself: the header button shows the other language in its own words.
LANGUAGES: dict[str, str] = {"zh": "中文", "mn": "ᠮᠣᠩᠭᠣᠯ", "en": "English"}
# A station's display mode ([display] languages): Chinese only, or with traditional Mongolian (Inner Mongolia's
# stations), alone or beside the Chinese on the home screen's tiles and the header. English is always offered.
DISPLAY_MODES: dict[str, tuple[str, ...]] = {"zh": ("zh", "en"), "mn": ("zh", "mn", "en"), "mn+zh": ("zh", "mn", "en")}

_default = SOURCE


def language() -> str:
    """The language of the session at the screen (every thread sees the same one)."""
    return _default


def offered(mode: str) -> tuple[str, ...]:
    """The languages a station in this display mode offers, in the order the header's key cycles through them."""
    return DISPLAY_MODES[mode]


def next_language(lang: str, mode: str) -> str:
    """The language the header's key switches to from `lang`: 中文 → ᠮᠣᠩᠭᠣᠯ → English → 中文."""
    languages = offered(mode)
    return languages[(languages.index(lang) + 1) % len(languages)] if lang in languages else languages[0]


def set_language(lang: str) -> None:
    global _default
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    _default = lang


@cache
def translations(lang: str) -> dict[str, str]:
    """msgid → msgstr of every .po file of a language; untranslated and fuzzy entries are left out."""
    table: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / lang).glob("*.po")):
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags:
                table[entry.msgid] = entry.msgstr
    return table


def translate(lang: str, text: str) -> str:
    if lang == SOURCE or not text:
        return text
    return translations(lang).get(text, text)


def _(text: str) -> str:
    """The text in the current language (gettext's name, so extraction tools recognise it)."""
    return translate(_default, text)


def N_(text: str) -> str:
    """Marks a message for translation but keeps it in Chinese (gettext's `gettext_noop`): for state that
    outlives a language switch, such as a device's status, translated with `_()` where it is shown."""
    return text
