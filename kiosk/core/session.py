"""The citizen session: everything personal lives here and only here, and is wiped when the session ends.

Pure Python, no Kivy: the screens read it, the flow engine writes it.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from kiosk.core.household import BankCard, Member
from kiosk.core.identity import Identity


@dataclass
class CitizenSession:
    session_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    started_at: float = field(default_factory=time.time)
    elder: bool = False
    item_code: str = ""
    identity: Identity | None = None  # once the citizen is identified
    answers: dict[str, Any] = field(default_factory=dict)
    materials: dict[str, list[bytes]] = field(default_factory=dict)
    thumbnails: dict[str, list[bytes]] = field(default_factory=dict)  # PNGs of the pages, for the screen
    at_counter: set[str] = field(default_factory=set)  # materials to be handed in at the counter
    outcome: dict[str, Any] = field(default_factory=dict)
    # The platform's record of the card holder, offered on the form (kiosk.core.household).
    household: tuple[Member, ...] = ()
    bank_card: BankCard | None = None

    def __repr__(self) -> str:  # never show what the citizen gave
        return f"CitizenSession(id={self.session_id[:8]}, item={self.item_code or '-'}, elder={self.elder})"

    @property
    def personal(self) -> bool:
        """True while the session holds anything about the citizen."""
        return bool(self.identity or self.answers or self.materials or self.at_counter or self.outcome
                    or self.household or self.bank_card)

    def wipe(self) -> None:
        """Forget everything the citizen gave; the identity wipes its own fields (photo bytes included)."""
        if self.identity is not None:
            self.identity.wipe()
        self.identity = None
        self.answers.clear()
        self.materials.clear()
        self.thumbnails.clear()
        self.at_counter.clear()
        self.outcome.clear()
        self.household = ()
        self.bank_card = None
        self.item_code = ""
