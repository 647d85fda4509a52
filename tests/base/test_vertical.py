from kiosk.base.vertical import wrap_columns


def test_words_wrap_into_columns_by_length():
    assert wrap_columns([40, 30, 20, 50], space=10, limit=80) == [[0, 1], [2, 3]]
    assert wrap_columns([40, 30], space=10, limit=100) == [[0, 1]]


def test_a_word_longer_than_the_column_gets_one_of_its_own():
    assert wrap_columns([30, 200, 30], space=10, limit=100) == [[0], [1], [2]]
    assert wrap_columns([], space=10, limit=100) == []
