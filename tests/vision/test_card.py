"""Is a flattened picture the ID card? Its shape and size after the capture's flattening, and the frame's glare
and blur."""

import numpy as np

from kiosk.vision import scan_page
from kiosk.vision.card import NOT_CARD, card_problems, size_mm
from kiosk.vision.synth import page_frame


def test_a_laid_card_is_a_card_at_its_true_size_and_a_page_or_a_receipt_is_not() -> None:
    for seed in range(3):
        card = scan_page(page_frame(seed, kind="idcard", clean=True).image).image
        width, height = size_mm(card, 200)
        assert abs(width - 85.6) < 0.5 and abs(height - 54.0) < 0.5
        assert card_problems(card, 200) == ()
    for kind in ("a4", "receipt", "booklet"):
        other = scan_page(page_frame(7, kind=kind, clean=True).image).image
        assert NOT_CARD in card_problems(other, 200), kind


def test_the_right_shape_at_the_wrong_size_is_not_a_card_and_the_frames_flags_count() -> None:
    twice = np.zeros((850, 1348, 3), np.uint8)  # a card's shape, twice its size at 200 dpi
    assert card_problems(twice, 200) == (NOT_CARD,)
    card = np.zeros((425, 674, 3), np.uint8)
    assert card_problems(card, 200, ("glare", "blurry", "dark")) == ("glare", "blurry")
