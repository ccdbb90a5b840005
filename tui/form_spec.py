"""What each record form asks for, as data, and how the answers become a record.

A form is a list of `FieldSpec`s: the model field it fills, its label, the kind
of editor (`widget`), whether it is required, and a short help text. The editors
(`tui.form_editors`, `tui.form_fields`) and the screen (`tui.record_form`) are
built from these tables, so adding a field to the model means adding a line
here, not a widget by hand. Nothing in this module imports Textual.

Values travel in model form: text is `str`, a date is its EDTF string, a list of
tags is a `tuple[str, ...]`, links are `Link`s or ids, nested rows are `Leader`,
`Relation` and `Affiliation` objects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from store.model import (
    FACTION_KINDS,
    RECORD_TYPES,
    RELATION_KINDS,
    Affiliation,
    Leader,
    Link,
    Record,
    Relation,
    record_fields,
)

#: The stylesheet of every form screen (the form, the picker, the confirmation).
FORMS_CSS = Path(__file__).with_name("forms.tcss")

WidgetKind = Literal[
    "text", "long", "date", "list", "integer", "choice", "link", "links", "rows", "id"
]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a form.

    `tables` says where a link may point; `role` makes each link of a `links`
    field carry a role (a `Link`) instead of a bare id; `rows` names the
    `ROW_KINDS` entry a `rows` field edits; `relative_to` names the field whose
    date relative words count from (a date field, or a link to a document or an
    event, whose own date is used); `ends` makes a date field the end of the
    interval that starts in the named field (an event's "End": one EDTF date).
    """

    name: str
    label: str
    widget: WidgetKind
    required: bool = False
    help: str = ""
    tables: tuple[str, ...] = ()
    role: bool = False
    choices: tuple[str, ...] = ()
    rows: str = ""
    relative_to: str = ""
    ends: str = ""


@dataclass(frozen=True, slots=True)
class RowKind:
    """A kind of nested row (a faction's leaders…): its noun, its type, its fields.

    `check`, if given, finds a problem across the row's values (model form) and
    returns (field name, message), shown beside that part.
    """

    noun: str
    make: Callable[..., Any]
    fields: tuple[FieldSpec, ...]
    check: Callable[[Mapping[str, Any]], tuple[str, str] | None] | None = None


def _affiliation_problem(values: Mapping[str, Any]) -> tuple[str, str] | None:
    """The model refuses a role with neither a faction nor an organisation."""
    if is_empty(values.get("faction")) and is_empty(values.get("organisation")):
        return "faction", "choose a faction or type an organisation"
    return None


@dataclass(frozen=True, slots=True)
class FormSpec:
    """Every field of one record kind's form, in the order they are shown."""

    kind: str
    table: str
    fields: tuple[FieldSpec, ...]

    def field(self, name: str) -> FieldSpec | None:
        return next((spec for spec in self.fields if spec.name == name), None)


ROW_KINDS: dict[str, RowKind] = {
    "leaders": RowKind(
        "leader",
        Leader,
        (
            FieldSpec("person", "Person", "link", required=True, tables=("people",)),
            FieldSpec("tenure", "Tenure", "date", help="e.g. 2007 to Aug 2009"),
            FieldSpec("title", "Title", "text", help="e.g. founding leader"),
        ),
    ),
    "relations": RowKind(
        "relation",
        Relation,
        (
            FieldSpec("kind", "Relation", "choice", required=True, choices=tuple(RELATION_KINDS)),
            FieldSpec("target", "Faction", "link", required=True, tables=("factions",)),
            FieldSpec("date", "Date", "date", help="e.g. since June 2014"),
            FieldSpec("note", "Note", "text"),
        ),
    ),
    "affiliations": RowKind(
        "role",
        Affiliation,
        (
            FieldSpec("faction", "Faction", "link", tables=("factions",)),
            FieldSpec("organisation", "Or organisation", "text", help="if not a faction"),
            FieldSpec("role", "Role", "text", help="e.g. spokesman"),
            FieldSpec("dates", "Dates", "date", help="e.g. Dec 2014"),
        ),
        check=_affiliation_problem,
    ),
}

_ID = FieldSpec("id", "Id", "id", required=True, help="how other records refer to this one")

FORMS: dict[str, FormSpec] = {
    "event": FormSpec(
        "event",
        "events",
        (
            FieldSpec("date", "Date", "date", required=True),
            FieldSpec(
                "end",
                "End",
                "date",
                help="if it lasted: e.g. 10 June 2014, two days later",
                relative_to="date",
                ends="date",
            ),
            FieldSpec("title", "Title", "text", required=True, help="what happened, in a line"),
            FieldSpec("place", "Place", "text"),
            FieldSpec("summary", "Summary", "long"),
            FieldSpec("factions", "Factions", "links", tables=("factions",), role=True),
            FieldSpec("people", "People", "links", tables=("people",), role=True),
            FieldSpec("documents", "Sources", "links", tables=("documents",)),
            FieldSpec("tags", "Tags", "list", help="comma-separated, e.g. airport, siege"),
            FieldSpec("fatalities", "Fatalities", "integer", help="a whole number, if known"),
            _ID,
        ),
    ),
    "faction": FormSpec(
        "faction",
        "factions",
        (
            FieldSpec("name", "Name", "text", required=True),
            FieldSpec("kind", "Kind", "choice", choices=FACTION_KINDS),
            FieldSpec("aliases", "Aliases", "list", help="comma-separated: TTP, Pakistani Taliban"),
            FieldSpec("summary", "Summary", "long"),
            FieldSpec("leaders", "Leaders", "rows", rows="leaders"),
            FieldSpec("relations", "Relations", "rows", rows="relations"),
            _ID,
        ),
    ),
    "person": FormSpec(
        "person",
        "people",
        (
            FieldSpec("name", "Name", "text", required=True),
            FieldSpec("aliases", "Aliases", "list", help="comma-separated"),
            FieldSpec("description", "Description", "long"),
            FieldSpec("affiliations", "Roles", "rows", rows="affiliations"),
            _ID,
        ),
    ),
    "quote": FormSpec(
        "quote",
        "quotes",
        (
            FieldSpec("text", "Words", "long", required=True, help="verbatim"),
            FieldSpec("speaker", "Speaker", "link", required=True, tables=("people", "factions")),
            FieldSpec("document", "Source", "link", tables=("documents",)),
            FieldSpec(
                "date",
                "Date",
                "date",
                help="e.g. 16 Dec 2014, that afternoon, last month",
                relative_to="document",
            ),
            FieldSpec("said_to", "Said to", "text", help="e.g. reporters"),
            FieldSpec("about", "About", "links", tables=("events", "factions", "people")),
            _ID,
        ),
    ),
    "document": FormSpec(
        "document",
        "documents",
        (
            FieldSpec("title", "Title", "text", required=True),
            FieldSpec("outlet", "Outlet", "text", help="e.g. VICE News"),
            FieldSpec("author", "Author", "text"),
            FieldSpec("published", "Published", "date"),
            FieldSpec("url", "Link", "text", help="https://…"),
            _ID,
        ),
    ),
}

#: The field a new record's name goes in (when created from a picker).
NAME_FIELD = {
    "event": "title",
    "faction": "name",
    "person": "name",
    "quote": "text",
    "document": "title",
}
KIND_OF_TABLE = {spec.table: kind for kind, spec in FORMS.items()}


# --- values ----------------------------------------------------------------------


def empty_value(spec: FieldSpec) -> Any:
    """What a field holds before anything is entered."""
    if spec.widget in ("list", "links", "rows"):
        return ()
    return None if spec.widget == "integer" else ""


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == ()


def initial_values(
    form: FormSpec, record: Record | None, preset: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The value each field starts with: the record's, else the preset's, else empty."""
    values: dict[str, Any] = {}
    for spec in form.fields:
        value = getattr(record, spec.name, None) if record is not None else None
        if value is None and preset is not None and record is None:
            value = preset.get(spec.name)
        values[spec.name] = _normalised(spec, value) if value is not None else empty_value(spec)
    return values


def _normalised(spec: FieldSpec, value: Any) -> Any:
    """Accept a preset in the loose forms a caller may give (a list, a bare id)."""
    if spec.widget == "links":
        items = (value,) if isinstance(value, str | Link) else tuple(value)
        if spec.role:
            return tuple(item if isinstance(item, Link) else Link(str(item)) for item in items)
        return tuple(item.id if isinstance(item, Link) else str(item) for item in items)
    if spec.widget in ("list", "rows"):
        return (value,) if isinstance(value, str) else tuple(value)
    return value


def build_record(form: FormSpec, values: Mapping[str, Any], before: Record | None) -> Record:
    """The record these values describe (a new one, or `before` with them applied)."""
    names = set(record_fields(form.table))
    fields = {name: value for name, value in values.items() if name in names}
    if before is not None:
        fields.pop("id", None)
        return replace(before, **fields)  # type: ignore[type-var]
    return RECORD_TYPES[form.table](**fields)  # type: ignore[no-any-return]


# --- ids -------------------------------------------------------------------------


def lines_of(values: Sequence[str]) -> str:
    """A list field as its editor shows it: "TTP, Pakistani Taliban"."""
    return ", ".join(values)


def split_list(text: str) -> tuple[str, ...]:
    """The items of a comma-separated list field, trimmed, empty ones dropped."""
    return tuple(item.strip() for item in text.split(",") if item.strip())
