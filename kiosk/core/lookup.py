"""Finding a name in a list (hospitals, business phrases) by what the citizen has typed or written so far: the
characters in order (中医 finds 宁城县中医蒙医医院) or pinyin initials being typed (blh finds 八里罕镇中心卫生院).

Pure: a character's initials come from the caller (kiosk.ime.engine.letters, the pinyin keyboard's lexicon), as
`letters(name)`, one set per character (行: {h, x})."""

from __future__ import annotations

from collections.abc import Callable, Sequence

Letters = Callable[[str], Sequence[frozenset[str]]]


def search(names: Sequence[str], query: str, letters: Letters | None = None) -> list[str]:
    """The names that fit `query`, best first: where it starts the name, then where it runs unbroken, then where
    its parts are spread over the name; the list's own order within each. Letters need `letters`; an empty
    query fits every name."""
    query = query.strip().lower()
    if not query:
        return list(names)
    ranked = []
    for order, name in enumerate(names):
        if query.isascii():
            if letters is None:
                continue
            fit = _fit([set(s) for s in letters(name)], list(query))
        else:
            fit = _fit([{ch} for ch in name], list(query))
        if fit is not None:
            ranked.append((fit, order, name))
    return [name for *_, name in sorted(ranked)]


def _fit(units: list[set[str]], wanted: list[str]) -> int | None:
    """0 if `wanted` starts the name, 1 if it runs unbroken in it, 2 if it is spread over it in order, None if it
    is not in it."""
    n = len(wanted)
    for start in range(len(units) - n + 1):
        if all(w in units[start + i] for i, w in enumerate(wanted)):
            return 0 if start == 0 else 1
    at = 0
    for unit in units:
        if at < n and wanted[at] in unit:
            at += 1
    return 2 if at == n else None
