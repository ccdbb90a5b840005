"""Review an article's candidates: accept, reject or fix each, then save them all at once.

The list shows quotes and dated events in article order; under it, the text
around the one under the cursor (the candidate highlighted) and how it was
understood (who was matched to whom, how a date was read). Nothing touches the
database until the user confirms: then every accepted candidate, with the
document and the people and factions they need, goes in one `Database.commit`.

Keys: a accept, r or x reject, space toggle, e (or Enter) edit, A accept every
candidate not rejected, d edit the document, ctrl+s save (after a confirmation),
Esc leave (asking first if anything was accepted).

Everything shown comes from an untrusted article: it is drawn as plain text
(`Text`, `Content`, `tui.render.part`), never as markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Static

from store.dateparse import interpret
from store.dates import FuzzyDate
from store.errors import StoreError
from store.ingest import Candidate, EventCandidate, IngestResult, QuoteCandidate
from store.ingest.pipeline import publishing_day
from store.ingest.plan import Plan, build_plan
from store.text import safe_block, safe_line, truncate
from tui.record_list import RecordList
from tui.render import Part, part, plain
from tui.rows import DATE_WIDTH, RowStyles

MARKS = {"accepted": "✓", "rejected": "✗", "pending": "·"}


def _display_date(edtf: str) -> str:
    try:
        return FuzzyDate.parse(edtf).display()
    except ValueError:
        return edtf or "no date"


class ReviewList(RecordList):
    """The candidate list: Enter edits the candidate (the list's "open")."""

    BINDINGS = [Binding("enter,right,l", "open", "Edit", show=False)]


class CandidateRows:
    """The review list: one row per candidate, drawn from the screen's current items."""

    def __init__(self, items: list[Candidate]) -> None:
        self.items = items

    def __len__(self) -> int:
        return len(self.items)

    def record_id(self, row: int) -> str | None:
        return str(row)

    def row_of(self, record_id: str) -> int | None:
        row = int(record_id) if record_id.isdigit() else -1
        return row if 0 <= row < len(self.items) else None

    def parts(self, row: int, styles: RowStyles) -> list[Part]:
        item = self.items[row]
        mark = "=" if item.existing else MARKS[item.status]
        dim = item.status == "rejected" or bool(item.existing)
        text_style = styles.dim if dim else styles.text
        head = [part(f"{mark} {item.kind:<6}", styles.dim)]
        if isinstance(item, QuoteCandidate):
            speaker = item.speaker or "(no speaker)"
            return [
                *head,
                part(f"{speaker}: ", styles.dim if dim else styles.date),
                part(f"“{item.text}”", text_style),
            ]
        when = _display_date(item.date)
        return [
            *head,
            part(f"{when:<{DATE_WIDTH}}", styles.dim if dim else styles.date),
            part(item.title, text_style),
        ]


# -- small forms -------------------------------------------------------------------


@dataclass(frozen=True)
class FormField:
    """One line of a form; a date field shows, live, how its text is understood."""

    name: str
    label: str
    value: str
    is_date: bool = False
    required: bool = False


class FieldsForm(ModalScreen[dict[str, str] | None]):
    """Edit a few fields; Enter or ctrl+s keeps them, Esc drops them.

    Dates come back as EDTF; they may be typed in words ("Aug 2009", "last
    month"), read against the article's publishing date.
    """

    CSS_PATH = "review_screen.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", show=True),
        Binding("ctrl+s", "submit", "Done", show=True),
    ]

    def __init__(self, title: str, fields: list[FormField], base: date | None) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.base = base

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog review-form"):
            yield Static(plain(self.form_title), classes="dialog-title")
            for field in self.fields:
                yield Static(plain(field.label), classes="review-form-label")
                yield Input(value=field.value, id=f"field-{field.name}")
                if field.is_date:
                    yield Static(
                        plain(self._describe(field.value)),
                        id=f"note-{field.name}",
                        classes="dialog-note",
                    )
            yield Static(
                plain("Enter: done · Tab: next field · Esc: cancel"), classes="dialog-note"
            )

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).can_focus = False  # Tab goes from box to box
        self.query(Input).first().focus()

    def _describe(self, text: str) -> str:
        if not text.strip():
            return "Type a date in words (e.g. Aug 2009, 16 Dec 2014, last month)."
        return interpret(text, base=self.base).describe()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        if any(f.name == name and f.is_date for f in self.fields):
            note = self.query_one(f"#note-{name}", Static)
            note.remove_class("error")
            note.update(plain(self._describe(event.value)))

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        values: dict[str, str] = {}
        for field in self.fields:
            text = self.query_one(f"#field-{field.name}", Input).value.strip()
            if field.required and not text:
                self.notify(f"{field.label} is needed.", severity="warning", markup=False)
                return
            if field.is_date and text:
                reading = interpret(text, base=self.base)
                if reading.date is None:
                    note = self.query_one(f"#note-{field.name}", Static)
                    note.update(plain(reading.describe()))
                    note.add_class("error")
                    return
                text = reading.date.edtf
            values[field.name] = text
        self.dismiss(values)


class ConfirmBox(ModalScreen[bool]):
    """A question with its consequences; Enter or y says yes, Esc or n says no."""

    CSS_PATH = "review_screen.tcss"
    BINDINGS = [
        Binding("enter,y", "dismiss(True)", "Yes", show=True),
        Binding("escape,n", "dismiss(False)", "No", show=True),
    ]

    def __init__(self, question: str, lines: list[str]) -> None:
        super().__init__()
        self.question = question
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog review-confirm"):
            yield Static(plain(self.question), classes="dialog-title")
            for line in self.lines:
                yield Static(plain(line), classes="review-confirm-line")
            yield Static(plain("Enter or y: yes · Esc or n: no"), classes="dialog-note")


# -- the review screen ------------------------------------------------------------------


class ReviewScreen(Screen[None]):
    """Candidates of one article, to accept, reject or fix before saving them together."""

    CSS_PATH = "review_screen.tcss"
    BINDINGS = [
        Binding("a", "accept", "Accept", show=True),
        Binding("r,x", "reject", "Reject", show=True, key_display="r"),
        Binding("space", "toggle", "Toggle", show=False),
        Binding("e", "edit", "Edit", show=True),
        Binding("A", "accept_all", "Accept all", show=True),
        Binding("d", "edit_document", "Document", show=True),
        Binding("ctrl+s", "save", "Save", show=True),
        Binding("escape,q", "leave", "Leave", show=True, key_display="Esc"),
    ]

    def __init__(self, result: IngestResult) -> None:
        super().__init__()
        self.result = result
        self.document = result.document
        self.items: list[Candidate] = result.candidates()
        self.base = publishing_day(self.document.published)

    def compose(self) -> ComposeResult:
        yield Static(id="review-document")
        yield Static(id="review-counts")
        yield ReviewList(empty_text="No quotes or dated events found.", id="review-list")
        yield Static(id="review-context")
        yield Static(id="review-details")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        listing = self.query_one(RecordList)
        listing.set_rows(CandidateRows(self.items), select="0")
        listing.focus()
        self._show_document()
        self._show_current()

    # -- showing ------------------------------------------------------------------

    @property
    def listing(self) -> RecordList:
        return self.query_one("#review-list", RecordList)

    @property
    def current(self) -> int | None:
        selected = self.listing.selected_id
        return int(selected) if selected is not None else None

    def _show_document(self) -> None:
        title = self.document.title or "Untitled article"
        self.query_one("#review-document", Static).update(plain(f"Review: {title}"))
        self._show_counts()

    def _show_counts(self) -> None:
        """The tallies, then the document's outlet, date and author (d edits them)."""
        doc = self.document
        published = _display_date(doc.published) if doc.published else "date unknown"
        about = [doc.outlet or "outlet unknown", published] + ([doc.author] if doc.author else [])
        kinds = Counter(item.kind for item in self.items)
        statuses = Counter(item.status for item in self.items)
        existing = sum(1 for item in self.items if item.existing)
        text = (
            f"{kinds['quote']} quotes, {kinds['event']} events · "
            f"{statuses['accepted']} accepted, {statuses['rejected']} rejected"
        )
        if existing:
            text += f" · {existing} already saved (=)"
        text += f"  |  {' · '.join(about)}"
        self.query_one("#review-counts", Static).update(plain(text))

    @on(RecordList.Highlighted, "#review-list")
    def _highlighted(self) -> None:
        self._show_current()

    def _show_current(self) -> None:
        index = self.current
        context = self.query_one("#review-context", Static)
        details = self.query_one("#review-details", Static)
        if index is None:
            context.update(plain(""))
            details.update(plain(""))
            return
        item = self.items[index]
        context.update(self._context_text(item))
        details.update(Text(safe_block("\n".join(self._details(item)))))

    def _context_text(self, item: Candidate) -> Text:
        """The paragraph text around the candidate, the candidate itself in bold."""
        article = self.result.article
        if isinstance(item, EventCandidate):
            start, end = item.position.start, item.position.end
            found = item.sentence.find(item.phrase)
            if found >= 0:
                start, end = start + found, start + found + len(item.phrase)
        else:
            start, end = item.position.start, item.position.end
        snippet, a, b = article.around(start, end)
        text = Text(safe_block(snippet))
        text.stylize(Style(bold=True, underline=True), a, b)
        return text

    def _details(self, item: Candidate) -> list[str]:
        lines: list[str] = []
        if item.existing:
            lines.append(f"Already in the database as {item.existing}: it will not be saved again.")
        if isinstance(item, QuoteCandidate):
            speaker = item.speaker or "nobody found: press e to name the speaker"
            lines.append(f"Speaker: {speaker}{self._known(item.speaker)}")
            if item.speaker_as_written and item.speaker_as_written != item.speaker:
                lines.append(f"  written as “{item.speaker_as_written}”")
            if item.speaker_description:
                lines.append(f"  {item.speaker_description}")
            if item.said_to:
                lines.append(f"Said to: {item.said_to}")
            if item.about:
                lines.append("About: " + ", ".join(item.about))
        else:
            lines.append(f"Date: {_display_date(item.date)} ({item.precision or 'invalid'})")
            if item.factions:
                lines.append("Factions: " + ", ".join(n + self._known(n) for n in item.factions))
            if item.people:
                lines.append("People: " + ", ".join(n + self._known(n) for n in item.people))
        if item.how:
            lines.append(f"How: {item.how}")
        return [safe_line(line) for line in lines]

    def _known(self, name: str) -> str:
        """ " (in the database)" or " (new)" after a name."""
        if not name:
            return ""
        entity = self.result.registry.find(name)
        return " (in the database)" if entity is not None and entity.existing else " (new)"

    def _refresh(self, move: int = 0) -> None:
        listing = self.listing
        index = self.current
        listing.set_rows(
            CandidateRows(self.items), select=str(index) if index is not None else None
        )
        if move:
            listing.action_cursor(move)
        self._show_counts()
        self._show_current()

    # -- deciding -----------------------------------------------------------------

    def _set(self, status: str, move: int = 0) -> None:
        index = self.current
        if index is None:
            return
        self.items[index] = replace(self.items[index], status=status)  # type: ignore[arg-type]
        self._refresh(move)

    def action_accept(self) -> None:
        self._set("accepted", move=1)

    def action_reject(self) -> None:
        self._set("rejected", move=1)

    def action_toggle(self) -> None:
        index = self.current
        if index is not None:
            self._set("rejected" if self.items[index].status == "accepted" else "accepted")

    def action_accept_all(self) -> None:
        self.items = [
            item if item.status == "rejected" else replace(item, status="accepted")
            for item in self.items
        ]
        self._refresh()

    # -- editing ------------------------------------------------------------------

    @on(RecordList.Opened, "#review-list")
    def _opened(self, event: RecordList.Opened) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        index = self.current
        if index is None:
            return
        item = self.items[index]
        if isinstance(item, QuoteCandidate):
            fields = [
                FormField("text", "Words quoted", item.text, required=True),
                FormField("speaker", "Speaker (a person or faction)", item.speaker, required=True),
                FormField("said_to", "Said to", item.said_to),
                FormField("date", "Date said (optional)", item.date, is_date=True),
            ]
            title = "Edit quote"
        else:
            fields = [
                FormField("date", "Date", item.date, is_date=True, required=True),
                FormField("title", "Title", item.title, required=True),
                FormField("factions", "Factions (comma-separated)", ", ".join(item.factions)),
                FormField("people", "People (comma-separated)", ", ".join(item.people)),
            ]
            title = "Edit event"
        self.app.push_screen(FieldsForm(title, fields, self.base), self._edited(index))

    def _edited(self, index: int) -> Callable[[dict[str, str] | None], None]:
        def apply(values: dict[str, str] | None) -> None:
            if values is None:
                return
            item = self.items[index]
            if isinstance(item, QuoteCandidate):
                changed: Candidate = replace(
                    item,
                    text=values["text"],
                    speaker=values["speaker"],
                    speaker_kind=self._kind_of(values["speaker"], item),
                    said_to=values["said_to"],
                    date=values["date"],
                    status="accepted",
                )
            else:
                changed = replace(
                    item,
                    date=values["date"],
                    title=values["title"],
                    factions=_names(values["factions"]),
                    people=_names(values["people"]),
                    status="accepted",
                )
            self.items[index] = changed
            self._refresh()

        return apply

    def _kind_of(self, speaker: str, item: QuoteCandidate) -> str:
        if speaker == item.speaker:
            return item.speaker_kind
        entity = self.result.registry.find(speaker)
        return entity.kind if entity is not None else "person"

    def action_edit_document(self) -> None:
        doc = self.document
        fields = [
            FormField("title", "Title", doc.title, required=True),
            FormField("outlet", "Outlet", doc.outlet),
            FormField("author", "Author", doc.author),
            FormField("published", "Published", doc.published, is_date=True),
            FormField("url", "URL", doc.url),
        ]
        self.app.push_screen(FieldsForm("Edit the document", fields, None), self._document_edited)

    def _document_edited(self, values: dict[str, str] | None) -> None:
        if values is None:
            return
        before = self.document.published
        self.document = replace(self.document, **values)
        self._show_document()
        if self.document.published != before:
            self.app.notify(
                "Dates like “last month” were read against the old publishing date; "
                "run the ingest again with --published to read them anew.",
                severity="warning",
                timeout=8,
                markup=False,
            )

    # -- saving and leaving -------------------------------------------------------

    def _accepted(self) -> list[Candidate]:
        return [item for item in self.items if item.status == "accepted"]

    def action_save(self) -> None:
        db = getattr(self.app, "db", None)
        if db is None:
            return
        if db.read_only:
            self.app.notify(
                f"This database is read-only ({db.read_only_reason}).",
                severity="error",
                markup=False,
            )
            return
        accepted = self._accepted()
        if not accepted:
            self.app.notify(
                "Nothing accepted yet: a accepts one, A accepts all.", timeout=3, markup=False
            )
            return
        plan = build_plan(db, self.document, accepted, self.result.registry)
        lines = [plan.summary()]
        if plan.skipped:
            lines.append(f"{len(plan.skipped)} already saved: skipped")
        lines += [f"not saved: {problem}" for problem in plan.problems]
        self.app.push_screen(
            ConfirmBox(f"Save to {db.path.name}?", lines), lambda yes: self._save(plan, yes)
        )

    def _save(self, plan: Plan, yes: bool | None) -> None:
        db = getattr(self.app, "db", None)
        if not yes or db is None:
            return
        if plan.empty:
            self.dismiss()
            self.app.notify("Nothing new to save.", timeout=3, markup=False)
            return
        try:
            db.commit(plan.batch)
        except StoreError as error:
            self.app.notify(
                safe_line(str(error)), title="Not saved", severity="error", markup=False
            )
            return
        refresh = getattr(self.app, "refresh_panes", None)
        if callable(refresh):
            refresh()
        self.dismiss()
        title = truncate(self.document.title or "the article", 60)
        self.app.notify(safe_line(f"Saved {plan.summary()} from “{title}”."), markup=False)

    def action_leave(self) -> None:
        accepted = len(self._accepted())
        if not accepted:
            self.dismiss()
            return
        lines = [f"{accepted} accepted candidate(s) will not be saved."]
        self.app.push_screen(
            ConfirmBox("Leave without saving?", lines), lambda yes: self.dismiss() if yes else None
        )


def _names(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
