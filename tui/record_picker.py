"""Choose the record a link points at by typing a few letters of its name.

Every typed word must occur in the record's name, one of its aliases or its id
(case and accents ignored): "ttp" finds Tehrik-e-Taliban Pakistan by its alias,
"baitullah" finds Baitullah Mehsud. Exact and prefix matches come first. Each
row shows the record's kind and a hint to tell look-alikes apart (a faction's
kind, a person's description, an event's date).

When nothing fits, the last rows offer to create the record: a nested
`RecordForm` opens pre-filled with what was typed, and the new record comes
back in the `PickResult`, staged, to be saved with the record being edited.
"""

from __future__ import annotations

import heapq
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from store.database import Database
from store.dates import display_edtf
from store.errors import DateError
from store.model import (
    Document,
    Event,
    Faction,
    Person,
    Quote,
    Record,
    kind_of,
    name_of,
    table_of,
)
from store.text import fold, truncate
from tui.form_spec import FORMS_CSS, KIND_OF_TABLE, NAME_FIELD
from tui.record_list import RecordList
from tui.render import Part, part, plain
from tui.rows import RowStyles

if TYPE_CHECKING:
    from tui.record_form import FormResult

LIMIT = 200
CREATE = "+create:"  # never a record id: ids start with a letter or digit


@dataclass(frozen=True)
class PickResult:
    """The record chosen, and the records created for it, in the order to save them.

    `created` is empty when an existing record was picked; otherwise its last
    element is the new record (`id` is its id) and any before it are records
    that one needs (created on the spot from its own form).
    """

    id: str
    created: tuple[Record, ...] = ()

    @property
    def record(self) -> Record | None:
        """The new record, if one was created."""
        return self.created[-1] if self.created else None


@dataclass(frozen=True, slots=True)
class Choice:
    """One row of the picker."""

    id: str
    kind: str
    name: str
    hint: str


def names_of(record: Record) -> list[str]:
    """Every name a record may be typed by."""
    match record:
        case Faction() | Person():
            return [record.name, *record.aliases]
        case Document():
            return [record.title, record.outlet]
    return [name_of(record)]


@dataclass(frozen=True, slots=True)
class Entry:
    """A record with its names folded once (the picker matches them at each keystroke).

    `text` holds every name on its own line, so one `in` test per typed word
    tells whether the word is in some name (a word never spans a line break).
    """

    record: Record
    names: tuple[str, ...]  # the folded name first, then aliases, then the id
    text: str


def entries_of(records: Iterable[Record]) -> list[Entry]:
    entries = []
    for record in records:
        names = (*(fold(name) for name in names_of(record) if name), record.id)
        entries.append(Entry(record, names, "\n".join(names)))
    return entries


def match_rank(words: Sequence[str], entry: Entry) -> int | None:
    """How well the typed words fit a record's names (0 best), or None if one is missing."""
    text = entry.text
    for word in words:
        if word not in text:
            return None
    typed = " ".join(words)
    names = entry.names
    if typed in names:
        return 0
    if any(name.startswith(typed) for name in names):
        return 1
    first = names[0]
    return 2 if all(word in first for word in words) else 3


def best_matches(entries: Iterable[Entry], text: str, limit: int = LIMIT) -> list[Record]:
    """The records matching every word of `text`, best first, then by name."""
    words = fold(text).split()
    if not words:
        best = heapq.nsmallest(limit, entries, key=lambda entry: entry.names[0])
        return [entry.record for entry in best]
    ranked = []
    for entry in entries:
        rank = match_rank(words, entry)
        if rank is not None:
            ranked.append((rank, entry.names[0], entry))
    best_ranked = heapq.nsmallest(limit, ranked, key=lambda item: item[:2])
    return [item[2].record for item in best_ranked]


_ENTRIES: weakref.WeakKeyDictionary[Database, dict[tuple[int, tuple[str, ...]], list[Entry]]]
_ENTRIES = weakref.WeakKeyDictionary()


def saved_entries(db: Database, tables: tuple[str, ...]) -> list[Entry]:
    """The saved records of `tables` as entries, folded once per database revision."""
    cache = _ENTRIES.setdefault(db, {})
    key = (db.revision, tables)
    if key not in cache:
        cache.clear()  # an older revision's entries are no use any more
        records = (record for table in tables for record in db.tables[table].values())
        cache[key] = entries_of(records)
    return cache[key]


def hint_of(db: Database, record: Record) -> str:
    """A few words that tell a record from others of the same name."""
    match record:
        case Faction():
            return record.kind
        case Person():
            return truncate(record.description, 50)
        case Event():
            return _date_text(record.date)
        case Document():
            published = _date_text(record.published) if record.published else ""
            return " · ".join(text for text in (record.outlet, published) if text)
        case Quote():
            return db.name(record.speaker)
    return ""


def _date_text(edtf: str) -> str:
    try:
        return display_edtf(edtf)
    except DateError:
        return edtf


class PickRows:
    """The picker's rows: kind, name and hint; create-rows drawn as headers."""

    def __init__(self, choices: Sequence[Choice]) -> None:
        self.choices = list(choices)
        self._positions = {choice.id: i for i, choice in enumerate(self.choices)}

    def __len__(self) -> int:
        return len(self.choices)

    def record_id(self, row: int) -> str | None:
        return self.choices[row].id

    def row_of(self, record_id: str) -> int | None:
        return self._positions.get(record_id)

    def parts(self, row: int, styles: RowStyles) -> list[Part]:
        choice = self.choices[row]
        if choice.id.startswith(CREATE):
            return [part(f" {choice.name}", styles.header)]
        out = [part(f" {choice.kind:<9}", styles.dim), part(choice.name, styles.text)]
        if choice.hint:
            out.append(part(f"  {choice.hint}", styles.dim))
        return out


class RecordPicker(ModalScreen[PickResult | None]):
    """Type to narrow, ↑↓ to choose, Enter to pick (or create), Esc to cancel."""

    CSS_PATH = FORMS_CSS
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", show=True),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
    ]

    def __init__(
        self,
        db: Database,
        tables: tuple[str, ...],
        *,
        title: str = "",
        allow_create: bool = True,
        pending: Sequence[Record] = (),
        text: str = "",
    ) -> None:
        """`pending` are records staged but not saved yet: they can be picked too."""
        super().__init__()
        self.db = db
        self.tables = tables
        self.title_text = title or "Choose " + " or ".join(KIND_OF_TABLE[t] for t in tables)
        self.allow_create = allow_create
        self.pending = tuple(pending)
        self.initial = text
        self.choices: list[Choice] = []
        self._entries: list[Entry] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Static(plain(self.title_text), classes="form-title")
            yield Input(value=self.initial, placeholder="type a name or alias…", id="picker-input")
            yield RecordList(empty_text="Nothing matches.", id="picker-list")
            yield Static(
                plain("↑↓ choose · Enter pick · Esc cancel"), id="picker-note", classes="form-note"
            )

    def on_mount(self) -> None:
        self.query_one(RecordList).can_focus = False
        self._update(self.initial)

    # -- listing ------------------------------------------------------------------

    @property
    def entries(self) -> list[Entry]:
        """Saved records of the wanted tables, and the staged ones, names folded."""
        if self._entries is None:
            staged = [record for record in self.pending if table_of(record) in self.tables]
            self._entries = saved_entries(self.db, self.tables) + entries_of(staged)
        return self._entries

    @on(Input.Changed, "#picker-input")
    def _changed(self, event: Input.Changed) -> None:
        self._update(event.value)

    def _update(self, text: str) -> None:
        pending_ids = {record.id for record in self.pending}
        self.choices = [
            Choice(
                record.id,
                kind_of(record),
                name_of(record),
                "new, not saved yet" if record.id in pending_ids else hint_of(self.db, record),
            )
            for record in best_matches(self.entries, text)
        ]
        if self.allow_create and text.strip():
            for table in self.tables:
                kind = KIND_OF_TABLE[table]
                label = f"+ Create new {kind} “{text.strip()}”…"
                self.choices.append(Choice(CREATE + table, kind, label, ""))
        first = self.choices[0].id if self.choices else None
        self.query_one(RecordList).set_rows(PickRows(self.choices), select=first)

    def action_move(self, step: int) -> None:
        self.query_one(RecordList).action_cursor(step)

    def action_page(self, step: int) -> None:
        self.query_one(RecordList).action_page(step)

    # -- choosing -----------------------------------------------------------------

    @on(Input.Submitted, "#picker-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        chosen = self.query_one(RecordList).selected_id
        if chosen is None:
            self.notify("Nothing to pick: type a name.", timeout=3, markup=False)
        elif chosen.startswith(CREATE):
            self.create(chosen.removeprefix(CREATE), event.value.strip())
        else:
            self.dismiss(PickResult(chosen))

    def create(self, table: str, name: str) -> None:
        """Open a form for a new record named `name`; pick it once it is filled in."""
        from tui.record_form import RecordForm  # the form opens pickers: import when needed

        kind = KIND_OF_TABLE[table]
        form = RecordForm(
            self.db, kind, preset={NAME_FIELD[kind]: name}, pending=self.pending, stage_only=True
        )

        def created(result: FormResult | None) -> None:
            if result is not None:
                self.dismiss(PickResult(result.record.id, (*result.staged, result.record)))

        self.app.push_screen(form, created)
