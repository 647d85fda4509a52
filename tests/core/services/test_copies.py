"""证件复印's state machine without Kivy: the card's two sides, refused pictures, documents' pages, the purpose
(chosen or typed), the print job's end, and the pictures wiped."""

from kiosk.core.keypress import BACKSPACE
from kiosk.core.services.copies import MAX_PAGES, MAX_PURPOSE, PROBLEMS, CopyJob, Kind, Stage, purpose_line
from kiosk.core.services.outcome import Then

CARD = (85.6, 54.0)


def test_an_id_card_takes_its_front_then_its_back_then_asks_the_purpose() -> None:
    job = CopyJob()
    job.choose(Kind.IDCARD)
    assert job.stage is Stage.CAPTURE and "人像面" in job.wanted()
    assert job.primary() is Then.STAY and job.notice  # nothing taken yet
    assert job.taken(b"front", *CARD)
    assert "国徽面" in job.wanted()
    assert job.taken(b"back", *CARD)
    assert job.stage is Stage.PURPOSE
    assert [bytes(s.jpeg) for s in job.shots] == [b"front", b"back"]
    assert not job.taken(b"third", *CARD)  # only while capturing


def test_a_refused_picture_is_not_kept_and_says_why() -> None:
    job = CopyJob()
    job.choose(Kind.IDCARD)
    assert not job.taken(b"x", 210, 297, ("not_card",))
    assert job.notice == PROBLEMS["not_card"] and job.shots == []
    assert not job.taken(b"x", *CARD, ("blurry", "glare"))
    assert job.notice == PROBLEMS["glare"]
    assert job.taken(b"front", *CARD)
    assert job.notice == ""


def test_back_retakes_the_last_side_and_then_leaves_the_capture() -> None:
    job = CopyJob()
    job.choose(Kind.IDCARD)
    job.taken(b"front", *CARD)
    job.taken(b"back", *CARD)
    first = job.shots[1].jpeg
    assert job.back() and job.stage is Stage.CAPTURE and len(job.shots) == 1
    assert not first  # the dropped side was overwritten
    assert job.back() and job.stage is Stage.CAPTURE and job.shots == []
    assert job.back() and job.stage is Stage.CHOOSE
    assert not job.back()  # out of the service


def test_documents_take_pages_until_next_and_no_more_than_the_limit() -> None:
    job = CopyJob()
    job.choose(Kind.HOUSEHOLD)
    for n in range(MAX_PAGES + 2):
        job.taken(f"page{n}".encode(), 143, 105)
    assert len(job.shots) == MAX_PAGES and job.stage is Stage.CAPTURE
    assert str(MAX_PAGES) in job.wanted()
    assert job.primary() is Then.STAY and job.stage is Stage.PURPOSE


def test_the_purpose_is_chosen_or_typed_and_makes_the_line() -> None:
    job = CopyJob(kind=Kind.IDCARD, stage=Stage.PURPOSE)
    assert job.primary() is Then.STAY and job.notice
    job.choose_purpose("银行开户")
    assert job.primary() is Then.SEND
    assert job.line() == "仅供办理银行开户使用，他用无效" == purpose_line("银行开户")
    job.type_purpose()
    assert job.stage is Stage.TYPE
    job.type_key("社")
    assert job.primary() is Then.STAY and job.notice  # one character says nothing
    for key in "保卡补办" + "一二三四五六七八九十":
        job.type_key(key)
    assert len(job.typed) == MAX_PURPOSE
    job.type_key(BACKSPACE)
    assert job.primary() is Then.SEND and job.purpose == job.typed and job.stage is Stage.PURPOSE


def test_the_job_ends_done_held_or_failed_and_the_pictures_are_wiped() -> None:
    for outcome, stage in (("completed", Stage.DONE), ("pending", Stage.HELD), ("failed", Stage.FAILED),
                           ("unknown", Stage.FAILED)):
        job = CopyJob()
        job.choose(Kind.DOCUMENT)
        job.taken(b"page", 148, 210)
        kept = job.shots[0].jpeg
        job.primary()
        job.choose_purpose("户籍业务")
        assert job.primary() is Then.SEND
        job.printing()
        assert job.stage is Stage.PRINTING
        job.printed(outcome, "detail")
        assert job.stage is stage and job.shots == [] and not kept
        assert bool(job.message()) == (stage is Stage.DONE)
        assert job.primary() is Then.HOME


def test_repr_shows_no_picture() -> None:
    job = CopyJob()
    job.choose(Kind.IDCARD)
    job.taken(b"secret-card-bytes", *CARD)
    assert "secret" not in repr(job)
