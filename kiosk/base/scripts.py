"""Which font draws which part of a text: runs of traditional Mongolian take the Mongolian font (shaped), everything
else (Chinese, digits, Latin, placeholders' values) the Chinese one, on a line (kiosk.ui.widgets.mixed) as in a
vertical column (kiosk.ui.widgets.mongolian)."""

from __future__ import annotations

import re

# The Mongolian block with its variation selectors and vowel separator, the joiners and the narrow no-break space
# that joins a suffix to its stem: all shaped by the Mongolian font.
_MONGOLIAN = "\u1800-\u18af\u200c\u200d\u202f"
# What both fonts draw: spaces and the punctuation Noto Sans Mongolian has. Beside Mongolian only it stays in the
# Mongolian run (one shaped run per phrase, its punctuation in the forms of Mongolian read turned); beside anything
# else it takes the Chinese font.
SHARED = " \u00a0!\"()-?\u2013\u2014\u201c\u201d\u2048\u2049\u3001\u3002\u300a\u300b\u300c\u300d\u300e\u300f"
_SHARED = re.escape(SHARED)
_GROUPS = re.compile(rf"(?P<mongolian>[{_MONGOLIAN}]+)|(?P<shared>[{_SHARED}]+)|(?P<other>[^{_MONGOLIAN}{_SHARED}]+)")
_LETTER = re.compile(rf"[{_MONGOLIAN}]")


def is_mongolian(text: str) -> bool:
    """Whether a text holds Mongolian letters (and so is drawn run by run, or laid out vertically)."""
    return bool(_LETTER.search(text))


def script_runs(text: str) -> list[tuple[str, bool]]:
    """The text cut into runs, each (text, True when the Mongolian font draws it), joined back it is the text.
    Spaces and punctuation with Mongolian on each side they have stay Mongolian (a message without other scripts is
    one Mongolian run); beside Chinese, digits or Latin they go with those."""
    groups = [(match.group(), match.lastgroup) for match in _GROUPS.finditer(text)]
    runs: list[tuple[str, bool]] = []
    for index, (part, kind) in enumerate(groups):
        neighbours = [groups[i][1] for i in (index - 1, index + 1) if 0 <= i < len(groups)]
        mongolian = kind == "mongolian" or (
            kind == "shared" and bool(neighbours) and all(n == "mongolian" for n in neighbours))
        if runs and runs[-1][1] == mongolian:
            runs[-1] = (runs[-1][0] + part, mongolian)
        else:
            runs.append((part, mongolian))
    return runs
