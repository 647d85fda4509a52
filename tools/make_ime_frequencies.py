"""Make the pinyin keyboard's two frequency tables (config/ime_characters.tsv, config/ime_given_names.tsv).

1. How often each character is typed alone under each reading, from the Android Pinyin IME's dictionary as
   Debian's libgooglepinyin0 ships it (dict_pinyin.dat; Apache License 2.0, the project's own licence; Copyright
   2008-2010 The Android Open Source Project, 2011 Weng Xuetian): its
   single-character lemmas with their unigram scores. Word lists (jieba, wordfreq) count a character used as a
   word in text; an input method's dictionary counts what is chosen for one syllable (纸 is 18th for zhi by the
   word lists, 9th here).
2. How often each character is used in given names, from ngender's charfreq.csv (PyPI ngender 0.1.1, MIT,
   Copyright (c) 2015 Jingchao Hu, whose notice the table carries): given-name characters counted for men and
   for women, added up.

Only GB 2312's hanzi are kept (the simplified characters the bundled font draws). The kiosk reads the tables when it builds its lexicon
(kiosk/ime/lexicon.py) and ranks a name's characters (kiosk/ime/names.py); it needs neither package at run time.

    apt-get download libgooglepinyin0 && dpkg-deb -x libgooglepinyin0_*.deb /tmp/gp
    pip download --no-deps ngender==0.1.1 && tar xzf ngender-0.1.1.tar.gz -C /tmp
    .venv/bin/python tools/make_ime_frequencies.py \
        /tmp/gp/usr/lib/x86_64-linux-gnu/googlepinyin/data/dict_pinyin.dat /tmp/ngender-0.1.1/ngender/charfreq.csv
"""

from __future__ import annotations

import csv
import math
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.ime.pinyin import toneless  # noqa: E402

CHARACTERS_OUT = ROOT / "config" / "ime_characters.tsv"
NAMES_OUT = ROOT / "config" / "ime_given_names.tsv"
MAX_LEMMA = 8  # the IME's longest word (kMaxLemmaSize)
FULL_SPELLING_START = 30  # ids below are the spelling initials (kFullSplIdStart)
SCORE_SCALE = 800  # a score is -800 * ln(probability) (kLogValueAmplifier)
PER = 10**9  # the table's counts: per billion single characters typed


def _simplified(character: str) -> bool:
    """One of GB 2312's hanzi (the 6,763 of everyday simplified Chinese, all drawn by the bundled font)."""
    try:
        return len(character.encode("gb2312")) == 2 and "\u4e00" <= character <= "\u9fff"
    except UnicodeEncodeError:
        return False


def _characters(dat: bytes) -> dict[tuple[str, str], int]:
    """(character, reading) -> score, read as the IME's dict_trie.cpp writes the file on a 64-bit machine:
    the spelling table, the lemma list, the trie, the unigram model."""
    size, count = struct.unpack_from("<QQ", dat, 0)
    at = 21  # the two sizes, the score amplifier (float) and the average score (byte)
    spellings = [dat[at + i * size : at + (i + 1) * size - 1].split(b"\0")[0].decode().lower() for i in range(count)]
    at += size * count
    singles = struct.unpack_from("<Q", dat, at)[0]
    at += 8
    start_pos = struct.unpack_from(f"<{MAX_LEMMA + 1}Q", dat, at)
    at += 8 * (MAX_LEMMA + 1)
    start_id = struct.unpack_from(f"<{MAX_LEMMA + 1}Q", dat, at)
    at += 8 * (MAX_LEMMA + 1)
    at += 4 * singles  # each single character's hanzi and spelling id
    lemmas = dat[at : at + 2 * start_pos[MAX_LEMMA]].decode("utf-16-le")
    at += 2 * start_pos[MAX_LEMMA]
    nodes_le0, nodes_ge1, index_len, _top = struct.unpack_from("<4Q", dat, at)
    at += 32
    nodes = [struct.unpack_from("<QQHHH", dat, at + 24 * i) for i in range(nodes_le0)]
    at += 24 * nodes_le0 + 10 * nodes_ge1
    index = dat[at : at + index_len]
    at += index_len
    lemma_count = struct.unpack_from("<Q", dat, at)[0]
    codes = struct.unpack_from("<256H", dat, at + 8)
    scores = dat[at + 8 + 512 :]
    if len(scores) != lemma_count:
        raise ValueError("not the Android Pinyin IME's dict_pinyin.dat of a 64-bit build")
    found: dict[tuple[str, str], int] = {}
    first_son, _, _, sons, _ = nodes[0]
    for _son, homo_at, spelling_id, _, homos in nodes[first_son : first_son + sons]:
        reading = toneless(spellings[spelling_id - FULL_SPELLING_START]) if spelling_id >= FULL_SPELLING_START \
            else None
        for h in range(homos):
            lemma = int.from_bytes(index[(homo_at + h) * 3 : (homo_at + h) * 3 + 3], "little")
            character = lemmas[start_pos[0] + lemma - start_id[0]]
            if reading and _simplified(character):
                found[(character, reading)] = codes[scores[lemma]]
    return found


def _given_names(path: Path) -> dict[str, int]:
    with path.open(encoding="utf-8", newline="") as table:
        return {row["char"]: int(row["male"]) + int(row["female"]) for row in csv.DictReader(table)
                if len(row["char"]) == 1 and _simplified(row["char"])}


def main(dat_path: str, names_path: str) -> None:
    scores = _characters(Path(dat_path).read_bytes())
    lines = [
        "# How often each character is typed alone under each reading: per billion single characters, from the",
        "# Android Pinyin IME's dictionary (Debian libgooglepinyin0, dict_pinyin.dat; Apache License 2.0, Copyright",
        "# 2008-2010 The Android Open Source Project, 2011 Weng Xuetian). Made by tools/make_ime_frequencies.py.",
    ]
    ranked = sorted(scores.items(), key=lambda kv: (kv[1], kv[0]))
    lines += [f"{ch}\t{reading}\t{max(1, round(math.exp(-score / SCORE_SCALE) * PER))}"
              for (ch, reading), score in ranked]
    CHARACTERS_OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    names = _given_names(Path(names_path))
    notice = (Path(names_path).parent.parent / "LICENSE").read_text(encoding="utf-8").splitlines()
    # The file ends with a stray line of a web page after the licence's last sentence.
    notice = notice[: max(i for i, line in enumerate(notice) if line.rstrip().endswith("SOFTWARE.")) + 1]
    lines = [
        "# How often each character is used in given names (men's and women's added up), from ngender's",
        "# charfreq.csv (PyPI ngender 0.1.1), under its licence:",
        "#",
        *(f"# {line}".rstrip() for line in notice),
        "#",
        "# Made by tools/make_ime_frequencies.py.",
    ]
    lines += [f"{ch}\t{n}" for ch, n in sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))]
    NAMES_OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
