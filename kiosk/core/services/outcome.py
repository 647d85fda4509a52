"""What a public service's screen does after the citizen's primary touch: the services decide, screens carry out."""

from __future__ import annotations

from enum import StrEnum


class Then(StrEnum):
    STAY = "stay"  # the service moved on by itself, or a notice says what is missing
    SEND = "send"  # send the service's payload through the outbox
    HOME = "home"  # finished: back to the home screen
