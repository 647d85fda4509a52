from kiosk.base.vertical import is_mongolian, script_runs, wrap_columns


def test_runs_split_mongolian_from_chinese_and_digits():
    assert script_runs("ᠮᠣᠩᠭᠣᠯ宁城2026") == [("ᠮᠣᠩᠭᠣᠯ", True), ("宁城2026", False)]
    assert script_runs("ᠨᠢᠩ\u202fᠴᠧᠩ") == [("ᠨᠢᠩ\u202fᠴᠧᠩ", True)]


def test_is_mongolian():
    assert is_mongolian("中文 ᠮᠣᠩᠭᠣᠯ")
    assert not is_mongolian("中文 English 12")


def test_words_wrap_into_columns_by_length():
    assert wrap_columns([40, 30, 20, 50], space=10, limit=80) == [[0, 1], [2, 3]]
    assert wrap_columns([40, 30], space=10, limit=100) == [[0, 1]]


def test_a_word_longer_than_the_column_gets_one_of_its_own():
    assert wrap_columns([30, 200, 30], space=10, limit=100) == [[0], [1], [2]]
    assert wrap_columns([], space=10, limit=100) == []
