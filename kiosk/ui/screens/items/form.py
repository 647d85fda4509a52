"""填写信息: one field at a time, large, with the keyboard that fits it (number pad, code pad, pinyin or
handwriting, choices), its error in plain words right under it as the citizen types. In landscape the list of all
fields stays on the left to jump between them. Lists of persons (family members, shareholders) are edited person by person."""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.factory import Factory
from kivy.properties import BooleanProperty, NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from kiosk.base.i18n import _
from kiosk.base.privacy import mask_id_number
from kiosk.core import company_names
from kiosk.core.catalog import FormField
from kiosk.core.flow import FieldSet, FieldTyped, Next
from kiosk.core.household import (
    BankCard,
    Member,
    bank_card_shown,
    bank_card_value,
    bank_filled,
    card_label,
    first_missing,
    listed,
    offers_household,
    tick,
)
from kiosk.core.keypress import apply_key, pad_for
from kiosk.ui.screens.items.base import ItemStepScreen, StepBody
from kiosk.ui.widgets.common import BigButton, PagedScroll
from kiosk.ui.widgets.handwriting import TextKeyboard
from kiosk.ui.widgets.household import BankCardPad, MemberTicks
from kiosk.ui.widgets.keyboards import KeyPad
from kiosk.ui.widgets.pickers import (
    AddressPicker,
    CompanyNamePicker,
    DatePicker,
    HospitalPicker,
    ScopePicker,
    scope_list,
)


class FormScreen(ItemStepScreen):
    body_class = "FormBody"
    index = NumericProperty(0)
    label = StringProperty("")
    text = StringProperty("")
    error = StringProperty("")
    position = StringProperty("")
    pad = StringProperty("")
    # Editing one person of a persons list: which person, which of their columns.
    person = NumericProperty(-1)
    column = NumericProperty(0)
    editing_person = BooleanProperty(False)
    shows_display = BooleanProperty(True)  # the box with what is typed: not for a choice or a list of persons

    @property
    def fields(self) -> list[FormField]:
        return self.flow.item.fields

    def prepare(self, **_: Any) -> None:
        errors = self.flow.errors
        # Back from a refused page: start at the first field with an error.
        first_bad = next((i for i, f in enumerate(self.fields) if f.key in errors), None)
        self.index = first_bad if first_bad is not None else 0
        # A session that ended while a person was being edited must not open the next one inside that person.
        self.person, self.editing_person = -1, False
        self.refresh()
        self._load_field()

    def relabel(self) -> None:
        """Same field, same person, what was typed kept; the labels and the errors in the new language."""
        typed = self.text
        self.flow.relabel_errors()
        self.refresh()
        self._load_field()
        if not self.editing_person:
            typed = self._shown(self.field, self.answer_of(typed))  # the card on record named in the new language
        self.text = typed
        if typed and not self.editing_person:
            self.app.controller.flow_event(FieldTyped(self.field.key, self.answer_of(typed)))
            self.error = self.flow.errors.get(self.field.key, "")

    def forget(self) -> None:
        super().forget()
        self.text = self.error = ""
        self.body.ids.field_list.clear_widgets()
        self.body.ids.input_area.clear_widgets()
        if self.body.keyboard is not None:
            self.body.keyboard.forget()

    # -- which field ------------------------------------------------------------------------------------------
    @property
    def field(self) -> FormField:
        spec = self.fields[self.index]
        return spec.fields[self.column] if self.editing_person else spec

    def _load_field(self) -> None:
        spec = self.fields[self.index]
        answers = self.flow.session.answers
        if self.editing_person:
            column = spec.fields[self.column]
            self.label = _("第{n}人：{label}").format(n=self.person + 1, label=_(column.label))
            self.text = str(self._persons()[self.person].get(column.key, ""))
        else:
            self.label = _(spec.label)
            self.text = "" if spec.type == "persons" else self._shown(spec, answers.get(spec.key, ""))
        self.pad = pad_for(self.field)
        self.shows_display = self.pad != "choice" and (self.editing_person or spec.type != "persons")
        self.error = "" if self.editing_person else self.flow.errors.get(spec.key, "")
        self.position = _("第{n}项，共{total}项").format(n=self.index + 1, total=len(self.fields))
        last_field = self.index == len(self.fields) - 1
        if self.editing_person:
            self.primary_text = _("下一项") if self.column < len(spec.fields) - 1 else _("保存这个人")
        else:
            self.primary_text = _("下一步") if last_field else _("下一项")
        self.body.show_field(self)

    def go_to(self, index: int) -> None:
        self._commit()
        self.editing_person = False
        self.index = index
        self._load_field()

    # -- typing -----------------------------------------------------------------------------------------------
    @property
    def card(self) -> BankCard | None:
        """The bank card on record, offered on a bank card field."""
        return self.flow.session.bank_card

    def _shown(self, spec: FormField, value: Any) -> str:
        return bank_card_shown(str(value), self.card) if spec.type == "bank_card" else str(value)

    def answer_of(self, text: str) -> str:
        """The answer behind the text on show (the card on record's number behind its label)."""
        return bank_card_value(text, self.card) if self.field.type == "bank_card" else text

    def key(self, key: str) -> None:
        spec = self.field
        text = self.text if self.answer_of(self.text) == self.text else ""  # typing over the card on record: afresh
        self.put(apply_key(spec.type, text, key, spec.max_length))

    def put(self, text: str) -> None:
        """The field's text so far (a key typed, a picker's choice), checked as typed."""
        spec = self.field
        self.text = text
        if not self.editing_person:
            self.app.controller.flow_event(FieldTyped(spec.key, self.text))
            self.error = self.flow.errors.get(spec.key, "")

    def choose(self, choice: str) -> None:
        self.text = choice
        self.primary()

    def take_card_on_record(self) -> None:
        if self.card is not None:
            self.choose(card_label(self.card))

    def _commit(self) -> None:
        """Hand the finished value to the flow (which checks it fully)."""
        if self.editing_person:
            persons = self._persons()
            persons[self.person][self.field.key] = self.text
            return
        spec = self.fields[self.index]
        if spec.type != "persons":
            self.app.controller.flow_event(FieldSet(spec.key, self.answer_of(self.text)))
            self.error = self.flow.errors.get(spec.key, "")

    # -- persons ----------------------------------------------------------------------------------------------
    def _persons(self) -> list[dict[str, Any]]:
        return self.flow.session.answers.setdefault(self.fields[self.index].key, [])

    def persons_view(self) -> list[str]:
        """Each person on the list as its row shows them: the ID number on a line of its own, masked as the
        household's rows show theirs (修改 shows it whole)."""
        spec = self.fields[self.index]
        lines = []
        for number, person in enumerate(self._persons(), start=1):
            parts = [shown_value(c, person.get(c.key, "")) for c in spec.fields
                     if person.get(c.key) and c.type != "id_number"]
            numbers = [mask_id_number(str(person[c.key])) for c in spec.fields
                       if person.get(c.key) and c.type == "id_number"]
            lines.append("\n".join([f"{number}. " + "  ".join(parts), *numbers]))
        return lines

    def members(self) -> tuple[Member, ...]:
        """The household on record, when the list on show takes it."""
        return self.flow.session.household if offers_household(self.fields[self.index]) else ()

    def tick_member(self, member: Member) -> None:
        """On the list or off it; a member ticked on goes straight to what the record does not say (健康状况...)."""
        spec = self.fields[self.index]
        persons, added = tick(spec, self._persons(), member)
        self._persons()[:] = persons
        self._save_persons()
        column = first_missing(spec, self._persons()[added]) if added >= 0 else -1
        if column >= 0:
            self.person, self.column, self.editing_person = added, column, True
        self._load_field()

    def edit_member(self, member: Member) -> None:
        number = listed(self._persons(), member)
        if number >= 0:
            self.edit_person(number)

    def member_detail(self, member: Member) -> str:
        """What the citizen answered for a ticked member beyond the record (health, work)."""
        spec = self.fields[self.index]
        number = listed(self._persons(), member)
        if number < 0:
            return ""
        person = self._persons()[number]
        return "  ".join(shown_value(c, person[c.key]) for c in spec.fields
                         if c.key not in ("name", "id_number", "relation") and person.get(c.key))

    def add_person(self) -> None:
        self._persons().append({})
        self.edit_person(len(self._persons()) - 1)

    def edit_person(self, number: int) -> None:
        self.person, self.column, self.editing_person = number, 0, True
        self._load_field()

    def remove_person(self, number: int) -> None:
        """删除 asks first: one tap too many must not lose a person typed in with care."""
        persons = self._persons()
        if not 0 <= number < len(persons):
            return
        name = str(persons[number].get("name", ""))
        question = (_("删除第{n}人“{name}”吗？").format(n=number + 1, name=name) if name
                    else _("删除第{n}人吗？").format(n=number + 1))
        self.ask_first(question, lambda: self._remove_person(number))

    def _remove_person(self, number: int) -> None:
        persons = self._persons()
        if 0 <= number < len(persons):
            persons.pop(number)
        self._save_persons()
        self._load_field()

    def _save_persons(self) -> None:
        spec = self.fields[self.index]
        self.app.controller.flow_event(FieldSet(spec.key, list(self._persons())))

    # -- navigation -------------------------------------------------------------------------------------------
    def primary(self) -> None:
        self._commit()
        if self.editing_person:
            columns = self.fields[self.index].fields
            if self.column < len(columns) - 1:
                self.column += 1
            else:
                self.editing_person = False
                self._save_persons()
            self._load_field()
            return
        if self.index < len(self.fields) - 1:
            self.index += 1
            # 开户银行 filled with the bank of the card on record just taken: in the list, changeable, passed over.
            answers = self.flow.session.answers
            while self.index < len(self.fields) - 1 and bank_filled(self.fields[self.index], answers, self.card):
                self.index += 1
            self._load_field()
            return
        self.app.controller.flow_event(Next())
        if self.app.screens.current == self.name and self.flow.errors:
            # The page was refused: show the first field in error with its message, not a page that seems fine.
            self.index = next(i for i, f in enumerate(self.fields) if f.key in self.flow.errors)
            self._load_field()

    def back(self) -> None:
        if self.editing_person:
            self._commit()
            if self.column > 0:
                self.column -= 1
            else:
                self.editing_person = False
                self._save_persons()
            self._load_field()
            return
        if self.index > 0:
            self.go_to(self.index - 1)
            return
        self._commit()
        super().back()

    @classmethod
    def sample(cls, app: Any) -> dict[str, Any]:
        from kiosk.demo.items import sample_flow

        sample_flow(app, "yb-bx", "form")
        return {}


def shown_value(spec: FormField, value: Any, card: BankCard | None = None) -> str:
    """A field's answer as the citizen reads it: a choice in the current language, the bank card on record (`card`)
    by its last four digits, typed text as typed."""
    if spec.type == "choice" and value:
        return _(str(value))
    if spec.type == "bank_card":
        return bank_card_shown(str(value), card)
    if spec.type == "persons":
        if not value:
            return ""
        return _("1人") if len(value) == 1 else _("{n}人").format(n=len(value))
    return str(value)


def field_list_rows(screen: FormScreen) -> list[Any]:
    """The rows of the field list on the left: label, value or 未填, marked when in error or current."""
    rows = []
    answers = screen.flow.session.answers
    for number, spec in enumerate(screen.fields):
        value = shown_value(spec, answers.get(spec.key, ""), screen.card)
        row = FieldRow(label=_(spec.label), value=value or _("未填"), current=number == screen.index,
                       wrong=spec.key in screen.flow.errors)
        row.bind(on_release=lambda _, n=number: screen.go_to(n))
        rows.append(row)
    return rows


class FieldRow(ButtonBehavior, BoxLayout):
    label = StringProperty("")
    value = StringProperty("")
    current = BooleanProperty(False)
    wrong = BooleanProperty(False)


class PersonRow(BoxLayout):
    text = StringProperty("")


class FormBody(StepBody):
    side_field = BooleanProperty(False)  # the field beside its keyboard (长辈模式 in landscape)
    _follow: Any = None  # what keeps the text keyboard's `before` up with the field
    keyboard: TextKeyboard | None = None  # the text fields' keyboard: built at the first, reset at each
    _scrolled: tuple[tuple[int, int], float] = ((0, -1), 1.0)  # (flow, field) of the list of persons, its scroll_y

    def on_kv_post(self, base_widget: Any) -> None:
        # Strong references: kv ids are weak, and a pane out of the tree would be collected.
        ids = self.ids
        self._panes = [ids.list_pane.__self__, ids.side.__self__, ids.main.__self__]
        theme = App.get_running_app().theme
        theme.bind(elder=self.arrange, portrait=self.arrange)
        self.arrange()

    def arrange(self, *_: Any) -> None:
        """Landscape: the list of fields on the left. In 长辈模式 on a landscape screen the keyboard and the field
        do not fit one above the other between the header and the step's buttons: the field goes to the left
        instead of the list, large. Portrait: neither (the keyboard needs the whole width). What does not show is
        out of the layout, so it takes no room (spacing) either."""
        theme = App.get_running_app().theme
        self.side_field = theme.elder and not theme.portrait
        if self.screen is not None:
            self.screen.notice_in_body = not theme.portrait
        ids = self.ids
        field, side, main = ids.field.__self__, ids.side.__self__, ids.main.__self__
        target = side if self.side_field else main
        if field.parent is not target:
            field.parent.remove_widget(field)
            target.add_widget(field, index=len(target.children))  # on top
        listing = self._panes[0]
        shown = [main] if theme.portrait else [side if self.side_field else listing, main]
        for pane in self._panes:
            if pane.parent is self and pane not in shown:
                self.remove_widget(pane)
        for index, pane in enumerate(shown):
            if pane.parent is None:
                self.add_widget(pane, index=len(self.children) - index)

    def show_field(self, screen: FormScreen) -> None:
        """Rebuild the field list and the input area for the screen's current field."""
        field_list = self.ids.field_list
        field_list.clear_widgets()
        rows = field_list_rows(screen)
        for row in rows:
            field_list.add_widget(row)
        # The field on show is in view in the list too (a refused page may jump to a field far down): the list
        # scrolled in proportion, the first field at the top, the last at the bottom.
        self.ids.list_view.scroll_y = 1 - screen.index / max(1, len(rows) - 1)
        area = self.ids.input_area
        area.clear_widgets()
        self.ids.aside.clear_widgets()
        if self._follow is not None:  # the text keyboard of the last field ranks by what is typed before the cursor
            screen.unbind(text=self._follow)
            self._follow = None
        spec = screen.fields[screen.index]
        if spec.type == "persons" and not screen.editing_person:
            self._persons(screen, area)
        elif screen.pad == "choice":
            grid = Factory.ChoiceGrid()
            for choice in screen.field.choices:
                button = BigButton(text=_(choice), kind="primary" if choice == screen.text else "secondary")
                button.size_hint_x = 1
                button.bind(on_release=lambda _button, c=choice: screen.choose(c))
                grid.add_widget(button)
            area.add_widget(grid)
        elif screen.pad == "date":
            near = screen.flow.session.answers.get(screen.field.not_before, "") if screen.field.not_before else ""
            picker = DatePicker(value=screen.text, near=str(near), today=screen.flow.today)
            picker.bind(on_pick=lambda _, value: screen.choose(value))
            area.add_widget(picker)
        elif screen.pad == "hospital":
            picker = HospitalPicker(typed=screen.text)
            self._follow = picker.setter("typed")
            screen.bind(text=self._follow)
            picker.bind(on_pick=lambda _, value: screen.choose(value), on_key=lambda _, key: screen.key(key))
            area.add_widget(picker)
        elif screen.pad == "scope":
            scope = ScopePicker(typed=screen.text, max_length=screen.field.max_length, source=screen.field.choose_from)
            scope.bind(on_value=lambda _, value: screen.put(value))
            area.add_widget(scope)
        elif screen.pad == "company_name":
            names = company_names.context(screen.fields, screen.flow.session.answers, screen.field.key,
                                          scope_list().industries)
            name = CompanyNamePicker(typed=screen.text, names=names, max_length=screen.field.max_length,
                                     aside=self.ids.aside if self.side_field else None)
            name.bind(on_value=lambda _, value: screen.put(value))
            area.add_widget(name)
        elif screen.pad == "address":
            place = AddressPicker(typed=screen.text)
            place.bind(on_value=lambda _, value: screen.put(value))
            area.add_widget(place)
        elif screen.pad == "pinyin":
            # One keyboard for every text field (building its keys held each such field's first frame up by
            # 30 ms), reset for each: no letters, candidates or ink of the field before.
            if self.keyboard is None:
                self.keyboard = TextKeyboard()
                self.keyboard.bind(on_key=lambda _, key: screen.key(key))
            keyboard = self.keyboard
            keyboard.kind = "name" if screen.field.key == "name" else "text"
            keyboard.before = screen.text
            keyboard.reset()
            self._follow = keyboard.setter("before")
            screen.bind(text=self._follow)
            area.add_widget(keyboard)
        else:
            pad = KeyPad(layout=screen.pad)
            pad.bind(on_key=lambda _, key: screen.key(key))
            card = screen.card if screen.field.type == "bank_card" and not screen.editing_person else None
            if card is None:
                area.add_widget(pad)
                return
            with_card = BankCardPad()
            with_card.fill(card, screen.answer_of(screen.text) == card.number, screen.take_card_on_record, pad)
            area.add_widget(with_card)

    def _persons(self, screen: FormScreen, area: BoxLayout) -> None:
        box = Factory.PersonsBox()
        members = screen.members()
        persons = screen.flow.session.answers.get(screen.fields[screen.index].key, [])
        on_record = {listed(persons, m) for m in members}
        for number, line in enumerate(screen.persons_view()):
            if number in on_record:
                continue  # a ticked member shows in its tick row
            row = PersonRow(text=line)
            row.ids.edit.bind(on_release=lambda _, n=number: screen.edit_person(n))
            row.ids.delete.bind(on_release=lambda _, n=number: screen.remove_person(n))
            box.add_widget(row)
        add = BigButton(text=_("添加其他人") if members else _("添加一人"), icon="user-plus")
        add.bind(on_release=lambda *_: screen.add_person())
        if members:
            ticks = MemberTicks()
            ticks.fill([(m, listed(persons, m) >= 0, screen.member_detail(m)) for m in members],
                       screen.tick_member, screen.edit_member, add)
            box.add_widget(ticks)
        else:
            box.add_widget(add)
        # A household of eight runs longer than the room under the field: the list scrolls, with page keys, and
        # comes back where it was after a member's answers (the list is built again).
        paged = PagedScroll()
        paged.fill(box)
        view = paged.ids.view
        shown = (id(screen.flow), screen.index)
        if self._scrolled[0] == shown:
            view.scroll_y = self._scrolled[1]
        view.bind(scroll_y=lambda _view, y: setattr(self, "_scrolled", (shown, y)))
        area.add_widget(paged)
