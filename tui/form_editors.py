"""The editors a form is built from: one widget (or a small group) per value.

Text from the database is untrusted: Input and TextArea draw control and bidi
characters as they are, so values are shown (and saved back) with those made
visible (`store.text.safe_line`, `neutralise`), as an import would store them.

Every editor answers the same three questions, so the form can treat them alike:

* `model_value()`: the value for the record, in model form (see `form_spec`);
* `snapshot()`: something comparable, to tell whether anything was changed;
* `problem`: why the value cannot be saved as it is (None when it can).

Links to other records go through a `FormContext` (the form): it knows the
records staged in this form but not yet saved, and opens the picker. Names of
linked records are data and are always drawn as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, Protocol

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static, TextArea

from store.model import LARGEST, Link, Record, kind_of, name_of
from store.text import neutralise, safe_line, truncate
from tui.form_spec import lines_of, split_list
from tui.render import plain


class FormContext(Protocol):
    """What link editors need from the form around them."""

    def lookup(self, record_id: str) -> Record | None:
        """The record with this id, saved or staged in this form."""

    def pick(self, tables: tuple[str, ...], title: str, done: Callable[[str], None]) -> None:
        """Open the picker; call `done(id)` with the record chosen (or created)."""


def describe_link(context: FormContext, record_id: str) -> str:
    """ "Tehrik-e-Taliban Pakistan (faction)", or a warning when it does not exist."""
    record = context.lookup(record_id)
    if record is None:
        return f"⚠ {record_id!r} does not exist"
    return f"{truncate(name_of(record), 60)} ({kind_of(record)})"


def missing_problem(record_id: str) -> str:
    return f"refers to {record_id!r}, which does not exist"


# --- single-line and long text ---------------------------------------------------------


class TextEditor(Input):
    """One line of text; surrounding spaces are not kept."""

    def __init__(self, value: str, *, placeholder: str = "", **kwargs: Any) -> None:
        super().__init__(value=safe_line(value), placeholder=placeholder, compact=True, **kwargs)

    def model_value(self) -> str:
        return safe_line(self.value.strip())

    def snapshot(self) -> Hashable:
        return self.value

    @property
    def problem(self) -> str | None:
        return None


class ListEditor(TextEditor):
    """A comma-separated list (aliases, tags) in one line."""

    def __init__(self, values: Sequence[str], *, placeholder: str = "", **kwargs: Any) -> None:
        super().__init__(lines_of(values), placeholder=placeholder, **kwargs)

    def model_value(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(safe_line(item) for item in split_list(self.value))


class IntegerEditor(Input):
    """A whole number ≥ 0, or nothing."""

    def __init__(self, value: int | None, *, placeholder: str = "", **kwargs: Any) -> None:
        text = "" if value is None else str(value)
        super().__init__(
            value=text, placeholder=placeholder, type="integer", compact=True, **kwargs
        )

    def model_value(self) -> int | None:
        try:
            return int(self.value) if self.value.strip() else None
        except ValueError:
            return None

    def snapshot(self) -> Hashable:
        return self.value

    @property
    def problem(self) -> str | None:
        text = self.value.strip()
        if not text:
            return None
        try:
            number = int(text)
        except ValueError:
            return "write a whole number, e.g. 28"
        if number < 0:
            return "cannot be negative"
        return f"at most {LARGEST}" if number > LARGEST else None


class LongEditor(TextArea):
    """Several lines (summaries, a quote's words); Tab still moves to the next field."""

    def __init__(self, value: str, *, placeholder: str = "", **kwargs: Any) -> None:
        super().__init__(
            neutralise(value),
            tab_behavior="focus",
            soft_wrap=True,
            compact=True,
            highlight_cursor_line=False,
            placeholder=placeholder,
            **kwargs,
        )

    def model_value(self) -> str:
        return neutralise(self.text).strip()

    def snapshot(self) -> Hashable:
        return self.text

    @property
    def problem(self) -> str | None:
        return None


class ChoiceEditor(Select[str]):
    """One of a fixed list (a faction's kind, a relation's kind); may be left blank."""

    def __init__(self, value: str, *, choices: Sequence[str], **kwargs: Any) -> None:
        options = list(choices)
        if value and value not in options:
            options.append(value)  # a value from the file outside the list is kept
        super().__init__(
            [(Content(safe_line(option)), option) for option in options],
            prompt="choose…",
            allow_blank=True,
            value=value or Select.NULL,
            compact=True,
            **kwargs,
        )

    def model_value(self) -> str:
        value = self.value
        return value if isinstance(value, str) else ""

    def snapshot(self) -> Hashable:
        return self.model_value()

    @property
    def problem(self) -> str | None:
        return None


# --- links -----------------------------------------------------------------------------


class LinkField(Widget, can_focus=True):
    """One reference (a quote's speaker or source): Enter chooses, Delete clears."""

    BINDINGS = [
        Binding("enter,space", "pick", "Choose", show=True),
        Binding("delete,backspace", "clear", "Clear", show=False),
    ]
    DEFAULT_CSS = """
    LinkField { height: 1; width: 1fr; }
    """

    class Changed(Message):
        """The link now points somewhere else (or nowhere)."""

        def __init__(self, link_field: LinkField) -> None:
            super().__init__()
            self.link_field = link_field

        @property
        def control(self) -> LinkField:
            return self.link_field

    def __init__(
        self,
        target: str,
        *,
        tables: tuple[str, ...],
        noun: str,
        context: FormContext,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.target = target
        self.tables = tables
        self.noun = noun
        self.context = context

    def render(self) -> Content:
        if not self.target:
            return plain(f"none · Enter to choose {self.noun}")
        return plain(describe_link(self.context, self.target))

    def set_target(self, target: str) -> None:
        if target != self.target:
            self.target = target
            self.set_class(self.context.lookup(target) is None and bool(target), "-missing")
            self.refresh()
            self.post_message(self.Changed(self))

    def on_mount(self) -> None:
        self.set_class(bool(self.target) and self.context.lookup(self.target) is None, "-missing")

    def action_pick(self) -> None:
        self.context.pick(self.tables, f"Choose {self.noun}", self._picked)

    def _picked(self, record_id: str) -> None:
        self.set_target(record_id)
        self.focus()

    def action_clear(self) -> None:
        self.set_target("")

    def model_value(self) -> str:
        return self.target

    def snapshot(self) -> Hashable:
        return self.target

    @property
    def problem(self) -> str | None:
        if self.target and self.context.lookup(self.target) is None:
            return missing_problem(self.target)
        return None


class LinkItem(Horizontal):
    """One of several links: the record's name, its role, and a remove button."""

    def __init__(self, link: Link, *, role: bool, context: FormContext) -> None:
        super().__init__(classes="link-item")
        self.link_id = link.id
        self.role = link.role
        self.has_role = role
        self.context = context

    def compose(self) -> ComposeResult:
        missing = self.context.lookup(self.link_id) is None
        yield Static(
            plain(describe_link(self.context, self.link_id)),
            classes="link-name -missing" if missing else "link-name",
        )
        if self.has_role:
            yield Input(
                value=safe_line(self.role), placeholder="role", compact=True, classes="link-role"
            )
        yield Button(plain("✕"), compact=True, classes="link-remove", tooltip="remove")

    @property
    def role_text(self) -> str:
        return self.query_one(".link-role", Input).value if self.has_role else ""

    def link(self) -> Link:
        return Link(self.link_id, safe_line(self.role_text.strip()))


class LinksField(Vertical):
    """Several references, each with an optional role; "+ Add…" opens the picker."""

    class Changed(Message):
        """A link was added or removed."""

        def __init__(self, links_field: LinksField) -> None:
            super().__init__()
            self.links_field = links_field

        @property
        def control(self) -> LinksField:
            return self.links_field

    def __init__(
        self,
        links: Sequence[Link | str],
        *,
        tables: tuple[str, ...],
        role: bool,
        noun: str,
        context: FormContext,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._initial = [item if isinstance(item, Link) else Link(item) for item in links]
        self.tables = tables
        self.role = role
        self.noun = noun
        self.context = context

    def compose(self) -> ComposeResult:
        with Vertical(classes="link-items"):
            for link in self._initial:
                yield LinkItem(link, role=self.role, context=self.context)
        yield Button(plain(f"+ Add {self.noun}…"), compact=True, classes="links-add")

    @property
    def items(self) -> list[LinkItem]:
        return list(self.query(LinkItem))

    @on(Button.Pressed, ".links-add")
    def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.context.pick(self.tables, f"Add {self.noun}", self.add)

    def add(self, record_id: str) -> None:
        """Link one more record (focus moves to its role, or back to "Add")."""
        existing = next((item for item in self.items if item.link_id == record_id), None)
        if existing is not None:
            self._focus_item(existing)
            return
        item = LinkItem(Link(record_id), role=self.role, context=self.context)
        self.query_one(".link-items", Vertical).mount(item)
        self.call_after_refresh(self._focus_item, item)
        self.post_message(self.Changed(self))

    def _focus_item(self, item: LinkItem) -> None:
        if self.role:
            item.query_one(".link-role", Input).focus()
        else:
            self.query_one(".links-add", Button).focus()

    @on(Button.Pressed, ".link-remove")
    def _remove_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        item = next(node for node in event.button.ancestors if isinstance(node, LinkItem))
        items = self.items
        position = items.index(item)
        following = items[position + 1] if position + 1 < len(items) else None
        item.remove()
        if following is not None:
            self.call_after_refresh(self._focus_item, following)
        else:
            self.query_one(".links-add", Button).focus()
        self.post_message(self.Changed(self))

    def model_value(self) -> tuple[Link, ...] | tuple[str, ...]:
        links = tuple(item.link() for item in self.items)
        return links if self.role else tuple(link.id for link in links)

    def snapshot(self) -> Hashable:
        return tuple((item.link_id, item.role_text) for item in self.items)

    @property
    def problem(self) -> str | None:
        for item in self.items:
            if self.context.lookup(item.link_id) is None:
                return missing_problem(item.link_id)
        return None
