"""The pinyin input engine against the real lexicon (built once from jieba, pypinyin and the bundled font)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.base.assets import font_path
from kiosk.base.config import KioskConfig, load_config
from kiosk.base.errors import KioskError
from kiosk.cli import main
from kiosk.ime import engine as ime
from kiosk.ime.lexicon import CACHE_NAME, LOCAL_WORDS, Lexicon, Sources, build, load_or_build
from kiosk.ime.pinyin import normalize, toneless


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> KioskConfig:
    return load_config(environ={"KIOSK_PATHS__DATA_DIR": str(tmp_path_factory.mktemp("ime-data"))})


@pytest.fixture(scope="module")
def engine(config: KioskConfig) -> ime.Engine:
    """Built into the test's data folder, and made the default engine of the module-level functions."""
    return ime.prepare(config)


@pytest.fixture(scope="module")
def drawable() -> set[str]:
    with TTFont(font_path(), lazy=True) as font:
        return {chr(cp) for cp in font.getBestCmap()}


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("Nü'er", "nv'er"),
        ("''abc", "abc"),
        ("a'''b", "a'b"),
        (" xi’an ", "xi'an"),
        ("abc1", None),
        ("宁", None),
        ("", ""),
    ],
)
def test_typed_input_is_normalised(typed: str, normal: str | None) -> None:
    assert normalize(typed) == normal


@pytest.mark.parametrize(
    ("marked", "typed"), [("lüè", "lve"), ("nǚ", "nv"), ("zhuàng", "zhuang"), ("ḿ", None), ("ê̄", "e")]
)
def test_tone_marked_readings_are_spelled_as_typed(marked: str, typed: str | None) -> None:
    assert toneless(marked) == typed


def test_full_pinyin_puts_the_phrase_first(engine: ime.Engine) -> None:
    assert ime.candidates("neimenggu")[0] == "内蒙古"
    assert ime.candidates("ningcheng")[0] == "宁城"
    assert ime.candidates("shenfenzheng")[0] == "身份证"
    assert "医院" in ime.candidates("yiyuan")


def test_initials_alone_find_phrases(engine: ime.Engine) -> None:
    assert ime.candidates("nmg")[0] == "内蒙古"
    assert "身份证" in ime.candidates("sfz")
    assert ime.candidates("ybp")[0] == "右北平"
    assert "二道营子" in ime.candidates("edyz")  # a vowel stands for its syllable too: e for er


def test_mixed_full_syllables_and_initials(engine: ime.Engine) -> None:
    assert ime.candidates("neimg")[0] == "内蒙古"
    assert ime.candidates("nmenggu")[0] == "内蒙古"
    assert ime.candidates("ningc")[0] == "宁城"  # the last syllable half typed


def test_v_stands_for_u_umlaut(engine: ime.Engine) -> None:
    top = ime.candidates("lv")
    assert {"绿", "吕"} <= set(top)
    assert ime.candidates("lvse")[0] == "绿色"
    assert ime.candidates("nver")[0] == "女儿"
    assert ime.candidates("nüer")[0] == "女儿"
    assert "略" in ime.candidates("lue")  # the spelling most keyboards also accept for lve


@pytest.mark.parametrize(
    ("pinyin", "place"),
    [
        ("ningcheng", "宁城"),
        ("tianyi", "天义"),
        ("tianyizhen", "天义镇"),
        ("youbeiping", "右北平"),
        ("balihan", "八里罕"),
        ("heilihe", "黑里河"),
        ("bisiyingzi", "必斯营子"),
        ("beiwazi", "北洼子"),
        ("beiwazicun", "北洼子村"),
        ("sunjiayingzi", "孙家营子"),
        ("yikenzhong", "一肯中"),
        ("liaozhongjing", "辽中京"),
        ("chifeng", "赤峰"),
        ("heluobao", "河洛堡"),
        ("heluopu", "河洛堡"),  # 堡 read pu, as in many northern place names
    ],
)
def test_county_place_names_are_in_the_first_five(engine: ime.Engine, pinyin: str, place: str) -> None:
    assert place in ime.candidates(pinyin)


def test_every_local_word_is_in_the_first_five_for_its_pinyin(engine: ime.Engine) -> None:
    from pypinyin import lazy_pinyin

    words = [line.split("#")[0].strip() for line in LOCAL_WORDS.read_text(encoding="utf-8").splitlines()]
    words = [w for w in words if w]
    assert len(words) > 50
    missed = [w for w in words if w not in ime.candidates("".join(lazy_pinyin(w)))]
    assert missed == []


def test_catalog_words_are_boosted(engine: ime.Engine) -> None:
    assert ime.candidates("yibao")[0] == "医保"
    assert ime.candidates("jiaofei")[0] == "缴费"


def test_apostrophe_splits_syllables(engine: ime.Engine) -> None:
    assert ime.candidates("xi'an")[0] == "西安"
    assert "西安" not in ime.candidates("xian")[:3]
    assert len(ime.candidates("xian")[0]) == 1
    assert ime.candidates("XI'AN") == ime.candidates("xi'an")


@pytest.mark.parametrize("typed", ["", " ", "'", "''", "123", "中文", "iii", "nii", "a b", "ni-hao", "\n"])
def test_input_that_is_not_pinyin_gives_nothing(engine: ime.Engine, typed: str) -> None:
    assert ime.candidates(typed) == []
    assert ime.lookup(typed) == []
    assert ime.candidates_page(typed).candidates == []


@settings(max_examples=200, deadline=None)
@given(typed=st.text(max_size=30), limit=st.integers(min_value=-2, max_value=12),
       field=st.sampled_from([None, "name", "address", "text"]), before=st.sampled_from(["", "王"]))
def test_any_text_gives_a_list_within_the_limit(engine: ime.Engine, typed: str, limit: int, field: str | None,
                                                before: str) -> None:
    found = ime.candidates(typed, limit, field, before)
    assert isinstance(found, list) and len(found) <= max(limit, 0)


@settings(max_examples=150, deadline=None)
@given(typed=st.text(alphabet="abcdefghijklmnopqrstuvwxyz'", min_size=1, max_size=25))
def test_every_candidate_of_letters_is_drawable_and_its_rest_is_a_tail(
    engine: ime.Engine, typed: str, drawable: set[str]
) -> None:
    normalized = normalize(typed)  # runs of separators merged, none leading
    for candidate in ime.lookup(typed, 0, 8):
        assert set(candidate.text) <= drawable
        assert normalized.endswith(candidate.rest)
        assert len(candidate.rest) < len(normalized)


def test_input_beyond_the_longest_accepted_gives_nothing(engine: ime.Engine) -> None:
    address = "neimengguzizhiquchifengshiningchengxianyoubeipingzhen"
    assert ime.candidates(address)[0] == "内蒙古自治区赤峰市宁城县右北平镇"
    too_long = "ningcheng" * (ime.MAX_INPUT // 9 + 1)
    assert ime.candidates(too_long) == []
    assert ime.remainder(too_long, "宁城") == too_long


@pytest.mark.parametrize("limit", [1, 3, 7, 20])
def test_limit_is_respected(engine: ime.Engine, limit: int) -> None:
    found = ime.candidates("zhong", limit)
    assert len(found) == limit
    assert found == ime.candidates("zhong", 20)[:limit]
    assert ime.candidates("zhong", 0) == []


def test_candidates_are_unique(engine: ime.Engine) -> None:
    found = ime.candidates("neimenggu", 50)
    assert len(found) == len(set(found))


def test_the_whole_lexicon_is_drawable_by_the_bundled_font(engine: ime.Engine, drawable: set[str]) -> None:
    words = {line.split("\t", 1)[0] for blob in engine.lexicon.buckets.values() for line in blob.split("\n")}
    assert len(words) > 100_000
    assert not [w for w in words if not set(w) <= drawable]


def test_pages_follow_each_other_without_gaps_or_repeats(engine: ime.Engine) -> None:
    first, second = ime.candidates_page("shi", 0, 5), ime.candidates_page("shi", 1, 5)
    assert (first.page, second.page) == (0, 1)
    assert first.has_more and second.has_more and not first.has_previous and second.has_previous
    assert [c.text for c in first.candidates + second.candidates] == ime.candidates("shi", 10)
    assert [c.text for c in ime.lookup("shi", 5, 5)] == [c.text for c in second.candidates]


def test_the_last_page_says_so(engine: ime.Engine) -> None:
    total = len(ime.lookup("nmg", 0, 10_000))
    last = (total - 1) // 4
    assert len(ime.candidates_page("nmg", last, 4).candidates) == total - 4 * last
    assert not ime.candidates_page("nmg", last, 4).has_more
    assert ime.candidates_page("nmg", last + 1, 4).candidates == []


def test_long_input_is_composed_and_can_be_taken_piece_by_piece(engine: ime.Engine) -> None:
    typed = "ningchengxiantianyizhen"
    assert ime.candidates(typed)[0] == "宁城县天义镇"
    piece = next(c for c in ime.lookup(typed, 0, 20) if c.text == "宁城县")
    assert (piece.rest, piece.consumed, piece.reading) == ("tianyizhen", len("ningchengxian"), "ning'cheng'xian")
    assert ime.remainder(typed, "宁城县") == "tianyizhen"
    assert ime.candidates(ime.remainder(typed, "宁城县"))[0] == "天义镇"
    assert ime.remainder("tianyizhen", "天义镇") == ""


def test_remainder_skips_the_separator_and_keeps_input_it_cannot_place(engine: ime.Engine) -> None:
    assert ime.remainder("ningchengxian'tianyi", "宁城县") == "tianyi"
    assert ime.remainder("ningcheng", "北京") == "ningcheng"
    assert ime.remainder("123", "宁城") == ""


def test_concurrent_queries_agree(engine: ime.Engine) -> None:
    inputs = ["nmg", "ningcheng", "lv", "zhongguo", "tianyizhen", "sfz"] * 20
    expected = {typed: engine.candidates(typed) for typed in set(inputs)}
    engine.forget()
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(engine.candidates, inputs))
    assert results == [expected[typed] for typed in inputs]


def test_the_cached_lexicon_is_loaded_not_rebuilt(engine: ime.Engine, config: KioskConfig) -> None:
    cache = ime.cache_path(config)
    stamp = cache.stat().st_mtime_ns
    again = ime.Engine.from_config(config)
    assert cache.stat().st_mtime_ns == stamp
    assert again.lexicon.buckets == engine.lexicon.buckets


def test_a_damaged_cache_is_refused(engine: ime.Engine) -> None:
    good = engine.lexicon.to_bytes()
    for bad in (b"", b"not zlib", good[: len(good) // 2]):
        with pytest.raises(ValueError):
            Lexicon.from_bytes(bad)
    assert Lexicon.from_bytes(good).buckets == engine.lexicon.buckets


def test_the_build_is_deterministic(engine: ime.Engine, config: KioskConfig) -> None:
    assert build(Sources.from_config(config)).to_bytes() == ime.cache_path(config).read_bytes()


def test_station_places_join_the_lexicon_and_change_the_fingerprint(tmp_path: Path, config: KioskConfig) -> None:
    shipped = Sources.from_config(config)
    stations = tmp_path / "stations.yaml"
    stations.write_text(
        "stations:\n  - {id: x-1, name: 卓索图村便民服务站, address: 宁城县大城子镇卓索图村村委会,\n"
        "     helper: {name: 赵文博, phone: '13947600101'}}\n",
        encoding="utf-8",
    )
    with_stations = Sources(shipped.jieba_dict, shipped.font, shipped.local_words, shipped.catalog, stations)
    assert with_stations.fingerprint() != shipped.fingerprint()
    engine = ime.Engine(load_or_build(with_stations, tmp_path / CACHE_NAME))
    assert engine.candidates("zhuosuotu")[0] == "卓索图"
    assert engine.candidates("zhuosuotucun")[0] == "卓索图村"
    assert "赵文博" not in engine.lexicon.buckets.get("zwb", "")  # people are not place names


def test_a_malformed_stations_file_is_left_out(tmp_path: Path, config: KioskConfig) -> None:
    shipped = Sources.from_config(config)
    stations = tmp_path / "stations.yaml"
    stations.write_text("stations: [unclosed\n", encoding="utf-8")
    broken = Sources(shipped.jieba_dict, shipped.font, shipped.local_words, shipped.catalog, stations)
    absent = Sources(shipped.jieba_dict, shipped.font, shipped.local_words, shipped.catalog, tmp_path / "none.yaml")
    assert build(broken).buckets == build(absent).buckets


def test_a_cache_that_cannot_be_written_still_gives_a_lexicon(tmp_path: Path, config: KioskConfig) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    lexicon = load_or_build(Sources.from_config(config), blocker / CACHE_NAME)
    assert "内蒙古" in ime.Engine(lexicon).candidates("nmg")


@pytest.mark.parametrize("font_bytes", [None, b"not a font"])
def test_a_missing_or_broken_source_is_a_clear_error(tmp_path: Path, config: KioskConfig, font_bytes) -> None:
    shipped = Sources.from_config(config)
    font = tmp_path / "font.otf"
    if font_bytes is not None:
        font.write_bytes(font_bytes)
    broken = Sources(shipped.jieba_dict, font, shipped.local_words, None, None)
    with pytest.raises(KioskError) as caught:
        load_or_build(broken, tmp_path / CACHE_NAME)
    assert "重新安装" in caught.value.message
    assert not (tmp_path / CACHE_NAME).exists()


def test_the_typed_table_is_a_source_and_a_missing_or_empty_one_is_a_clear_error(tmp_path: Path,
                                                                                config: KioskConfig) -> None:
    shipped = Sources.from_config(config)
    empty = tmp_path / "typed.tsv"
    empty.write_text("# no characters\n", encoding="utf-8")
    for table in (empty, tmp_path / "missing.tsv"):
        broken = Sources(shipped.jieba_dict, shipped.font, shipped.local_words, None, None, typed_characters=table)
        assert broken.fingerprint() != Sources(shipped.jieba_dict, shipped.font, shipped.local_words, None,
                                               None).fingerprint()
        with pytest.raises(KioskError) as caught:
            build(broken)
        assert "重新安装" in caught.value.message


def test_cli_prints_candidates(engine: ime.Engine, config: KioskConfig, monkeypatch, capsys) -> None:
    monkeypatch.setenv("KIOSK_PATHS__DATA_DIR", str(config.data_dir))
    assert main(["ime", "nmg", "--limit", "3"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:2] == ["1.", "内蒙古"]
    assert len([line for line in out if line.strip()[0].isdigit()]) == 3
    assert main(["ime", "ningchengxiantianyi", "--limit", "3"]) == 0
    assert "then type: tianyi" in capsys.readouterr().out
    assert main(["ime", "xiu", "--limit", "1"]) == 0
    assert capsys.readouterr().out.split()[:2] == ["1.", "修"]
    assert main(["ime", "xiu", "--limit", "1", "--field", "name", "--before", "王"]) == 0
    assert capsys.readouterr().out.split()[:2] == ["1.", "秀"]


def test_cli_explains_missing_input(capsys) -> None:
    assert main(["ime"]) == 1
    assert "--build" in capsys.readouterr().err
    assert main(["ime", "nmg", "--limit", "0"]) == 1


def test_the_default_engine_is_prepared_once(engine: ime.Engine) -> None:
    assert ime.ready()
    assert ime.engine() is ime.engine()
    seen: list[ime.Engine] = []
    threads = [threading.Thread(target=lambda: seen.append(ime.engine())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(e is seen[0] for e in seen)


def test_a_start_removes_what_an_interrupted_save_left_behind(tmp_path: Path, engine: ime.Engine,
                                                               config: KioskConfig) -> None:
    cache = tmp_path / CACHE_NAME
    cache.write_bytes(ime.cache_path(config).read_bytes())
    leftovers = [tmp_path / f"{CACHE_NAME}k3j_x9q1", tmp_path / f"{CACHE_NAME}2mf8ab0c"]  # mkstemp's names
    for leftover in leftovers:
        leftover.write_bytes(b"half a lexicon")
    lexicon = load_or_build(Sources.from_config(config), cache)
    assert lexicon.buckets == engine.lexicon.buckets
    assert sorted(p.name for p in tmp_path.iterdir()) == [CACHE_NAME]


def _all_candidates(engine: ime.Engine, typed: str) -> list[str]:
    return [c.text for c in engine.lookup(typed, 0, 500)]


def test_offensive_words_are_never_offered(engine: ime.Engine) -> None:
    from kiosk.ime.lexicon import BLOCKED_WORDS

    offered = _all_candidates(engine, "tianyin")
    assert "舔阴" not in offered and offered[:2] == ["天阴", "天音"]
    blocked = [w.strip() for w in BLOCKED_WORDS.read_text(encoding="utf-8").splitlines()
               if w.strip() and not w.startswith("#")]
    assert len(blocked) >= 20 and all(len(w) >= 2 for w in blocked)
    text = "\n".join(engine.lexicon.buckets.values())
    assert [w for w in blocked if w in text] == []


def test_a_word_added_to_the_blocklist_leaves_the_lexicon(tmp_path: Path, config: KioskConfig) -> None:
    shipped = Sources.from_config(config)
    blocklist = tmp_path / "blocked.txt"
    blocklist.write_text("# test\n天音\n", encoding="utf-8")
    sources = Sources(shipped.jieba_dict, shipped.font, shipped.local_words, shipped.catalog, shipped.stations,
                      blocked_words=blocklist)
    assert sources.fingerprint() != shipped.fingerprint()
    buckets = build(sources).buckets["ty"]
    assert "\n天音\t" not in "\n" + buckets and "\n天阴\t" in "\n" + buckets and "\n舔阴\t" in "\n" + buckets


def test_words_that_the_common_word_list_does_not_know_and_jieba_barely_saw_are_left_out(engine: ime.Engine) -> None:
    kunnan = _all_candidates(engine, "kunnan")
    assert kunnan[0] == "困难" and "库喃喃" not in kunnan  # jieba: 库喃喃 4, unknown to the common list
    wangxiaoyu = _all_candidates(engine, "wangxiaoyu")
    assert "王萧誉" not in wangxiaoyu and "王筱麟" not in _all_candidates(engine, "wangxiaolin")
    assert "上月" in _all_candidates(engine, "shangyue")  # unknown to the common list, but jieba saw it often


def _typed_table() -> dict[tuple[str, tuple[str, ...]], int]:
    from kiosk.ime.lexicon import TYPED_CHARACTERS, _typed_frequencies

    return _typed_frequencies(TYPED_CHARACTERS)


def test_for_one_syllable_the_common_characters_come_before_the_rare(engine: ime.Engine) -> None:
    zhi = _all_candidates(engine, "zhi")
    assert zhi.index("纸") < min(zhi.index(rare) for rare in "祉栉轾痔絷")
    assert zhi[:3] == ["之", "只", "至"]


def test_one_syllable_offers_its_characters_as_often_as_they_are_typed_alone(engine: ime.Engine) -> None:
    typed = _typed_table()
    for syllable in ("zhi", "shi", "yu", "xian", "li"):
        first = [c.text for c in engine.lookup(syllable, 0, 12) if c.reading == syllable]
        counts = [typed[(ch, (syllable,))] for ch in first]
        assert len(first) >= 8 and counts == sorted(counts, reverse=True), syllable
    zhi = _all_candidates(engine, "zhi")
    # The word lists put 纸 18th, after 职, 质 and 置, which are typed alone less often.
    assert zhi.index("纸") < 12 and zhi.index("纸") < min(zhi.index(ch) for ch in "职质置")


def test_a_character_is_ranked_under_each_reading_by_how_often_it_is_typed_with_it(engine: ime.Engine) -> None:
    typed = _typed_table()
    assert typed[("的", ("de",))] > 100 * typed[("的", ("di",))]
    assert _all_candidates(engine, "de")[0] == "的" and "的" not in _all_candidates(engine, "di")[:5]
    assert _all_candidates(engine, "xing")[0] == "行" and _all_candidates(engine, "hang")[0] == "行"


def test_the_typed_table_outranks_the_word_lists_and_a_reading_it_lacks_falls_back_to_words() -> None:
    from kiosk.ime.lexicon import _characters

    common = {"纸": 1e-4, "值": 1e-4, "现": 1e-4}
    words = {("现在", ("xian", "zai")): 50_000}
    ranked = _characters({"纸", "值", "现"}, {"值": 9_000, "纸": 10}, words, common,
                         {("纸", ("zhi",)): 500, ("值", ("zhi",)): 100})
    assert ranked[("纸", ("zhi",))] > ranked[("值", ("zhi",))] > 2
    assert ranked[("现", ("xian",))] == 50_000 // 10  # not in the table: its use inside words


def test_a_character_the_common_word_list_hardly_uses_never_outranks_a_common_one() -> None:
    from kiosk.ime.lexicon import _characters

    # jieba alone would put 祉 first; the common-word list knows 纸 and not 祉.
    ranked = _characters({"纸", "祉"}, {"祉": 90_000, "纸": 10}, {}, {"纸": 1e-4, "报纸": 1e-4}, {})
    assert ranked[("纸", ("zhi",))] > ranked[("祉", ("zhi",))] == 1


def test_a_name_field_offers_the_characters_of_given_names_by_their_use_after_the_surname(
        engine: ime.Engine) -> None:
    from kiosk.ime.names import shipped

    uses = shipped().given
    assert engine.candidates("xiu", 3)[0] == "修"  # in text
    after_wang = engine.candidates("xiu", 8, field="name", before="王")
    assert after_wang[0] == "秀" and after_wang.index("秀") < after_wang.index("修")
    for syllable in ("xiu", "yu", "li", "jun", "hua"):
        first = [c.text for c in engine.lookup(syllable, 0, 5, field="name", before="王")]
        assert [uses[ch] for ch in first] == sorted((uses[ch] for ch in first), reverse=True), syllable
    assert ime.lookup("xiu", 0, 1, field="name", before="王")[0].text == "秀"  # the module's default engine


def test_a_name_field_offers_surnames_first_where_the_name_begins(engine: ime.Engine) -> None:
    assert engine.candidates("yu", 1)[0] == "与"
    assert engine.candidates("yu", 2, field="name") == ["于", "余"]  # the commoner surname first
    assert engine.candidates("zeng", 1, field="name") == ["曾"]  # a surname read otherwise than usual
    # 王 has a rare reading yu and 袁 begins with yu: neither is a surname typed as yu.
    assert "王" not in engine.candidates("yu", 8, field="name")
    assert "袁" not in engine.candidates("yu", 8, field="name")


def test_a_name_typed_whole_is_offered_first_in_a_name_field(engine: ime.Engine) -> None:
    assert engine.candidates("wangxiuying", 1, field="name") == ["王秀英"]
    assert engine.candidates("xiuying", 1, field="name", before="王") == ["秀英"]
    assert engine.candidates("liujun", 1) != ["刘军"] and engine.candidates("liujun", 1, field="name") == ["刘军"]
    assert len(engine.candidates("xian", 1, field="name")[0]) == 1  # one syllable is a character, not a name
    # A surname only under its usual reading: 贾 is usually jia, so gu is 顾 or 谷.
    assert engine.candidates("guyuee", 1, field="name")[0][0] in "顾谷"
    long = "xian" * 20  # far more syllables than a name: answered at once, with no name composed
    assert ime.MAX_INPUT >= len(long) and len(engine.candidates(long, 1, field="name")[0]) > 3


def test_name_characters_read_from_their_lists(tmp_path: Path) -> None:
    from kiosk.ime.names import MIN_GIVEN_USES, NameCharacters

    surnames = tmp_path / "surnames.txt"
    surnames.write_text("# commonest first\n王\n欧阳\n李\n", encoding="utf-8")
    given = tmp_path / "given.tsv"
    given.write_text(f"# uses\n秀\t900\n修\t{MIN_GIVEN_USES}\n嗅\t{MIN_GIVEN_USES - 1}\n", encoding="utf-8")
    names = NameCharacters.load(surnames, given)
    assert names.likelihood("王", False) > names.likelihood("李", False)
    assert names.likelihood("秀", False) is None and names.likelihood("王", True) is None
    assert names.likelihood("秀", True) > names.likelihood("修", True) and names.likelihood("嗅", True) is None


def test_each_character_has_the_initials_of_all_its_readings_for_searching_lists(engine: ime.Engine) -> None:
    from kiosk.core.hospitals import load_hospitals, names
    from kiosk.core.lookup import search

    known = engine.lexicon.letters
    assert known["城"] == {"c"} and known["行"] == {"h", "x"}
    hospitals = names(load_hospitals())

    def letters(text: str) -> list[frozenset[str]]:
        return [known.get(ch, frozenset()) for ch in text]

    assert search(hospitals, "zymy", letters)[0] == "宁城县中医蒙医医院"
    assert search(hospitals, "blh", letters)[0] == "八里罕镇中心卫生院"
