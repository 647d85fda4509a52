"""Choosing what the platform knows of the card holder instead of typing it: the household's members as large tick
rows (name, masked ID number, relation) on a list of persons, two to a line in landscape (a larger household
scrolls, with page keys: kiosk.ui.widgets.common.PagedScroll), and the bank card on record as one large choice
beside the number pad. The form screen (kiosk.ui.screens.items.form) says what happens on a tick; the rows' words
come from kiosk.core.household. Their look is in household.kv."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from kivy.factory import Factory
from kivy.lang import Builder
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.base.i18n import _
from kiosk.core.household import BankCard, Member, card_label, member_line


class MemberTick(ButtonBehavior, BoxLayout):
    """One member of the household: a tap ticks them onto the list or takes them off; the pencil (修改, when ticked)
    opens what the citizen answered for them."""

    text = StringProperty("")  # name and relation
    detail = StringProperty("")  # the masked ID number, and what the citizen answered for a ticked member
    ticked = BooleanProperty(False)


class MemberEdit(ButtonBehavior, AnchorLayout):
    """修改 for a ticked member, drawn as its pencil (its look in household.kv)."""


class MemberTicks(BoxLayout):
    """The household's tick rows and, after them, the button that adds someone not on record; built by `fill` after
    construction."""

    def fill(self, members: Sequence[tuple[Member, bool, str]], on_tick: Callable[[Member], None],
             on_edit: Callable[[Member], None], add: Widget) -> None:
        """`members`: each member, whether ticked, and what was answered for them when ticked."""
        self.clear_widgets()
        self.add_widget(Factory.MemberTicksHint(text=_("平台登记的家人：点一下加入，再点一下取消")))
        grid = Factory.MemberGrid()
        for member, ticked, answered in members:
            title, number = member_line(member)
            row = MemberTick(text=title, detail=f"{number}  {answered}" if ticked and answered else number,
                             ticked=ticked)
            row.bind(on_release=lambda _row, m=member: on_tick(m))
            row.ids.edit.bind(on_release=lambda _button, m=member: on_edit(m))
            grid.add_widget(row)
        add.size_hint_x = 1
        grid.add_widget(add)
        self.add_widget(grid)


class CardChoice(ButtonBehavior, BoxLayout):
    """The card on record's button, "尾号 0018 的银行卡" over its bank: beside the pad in landscape (the pad's
    height is all there is), above it in portrait (its look in household.kv)."""

    text = StringProperty("")
    bank = StringProperty("")
    chosen = BooleanProperty(False)


class BankCardPad(BoxLayout):
    """The bank card on record as one large choice ("尾号 0018 的银行卡", its bank after it) beside or above the
    number pad, which stays for typing another card. Built by `fill` after construction."""

    pad: Widget | None = None

    def fill(self, card: BankCard, chosen: bool, on_choose: Callable[[], None], pad: Widget) -> None:
        self.clear_widgets()
        button = CardChoice(text=card_label(card), bank=_(card.bank), chosen=chosen)
        button.bind(on_release=lambda *_: on_choose())
        self.add_widget(button)
        self.pad = pad
        self.add_widget(pad)



Builder.load_file(str(Path(__file__).with_name("household.kv")))
