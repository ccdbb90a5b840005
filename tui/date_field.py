"""A date typed in plain words, with how it was understood shown live under it.

A researcher writes "aug 2009", "16 December 2014", "between 2008 and 2009" or
"late 2013" as the source words it; the line under the box says at every
keystroke what that will be saved as ("Aug 2009, month") or why it cannot be
read, so a wrong date is seen before it is saved, not after.

Relative words ("that afternoon", "last month") are read against `base`, e.g.
the published date of the document a quote comes from. Numeric dates that read
two ways ("01/02/2014") show both readings as buttons (reachable with Tab);
choosing one rewrites the box with words that can only mean that date, so what
is saved is always what the box says.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Static

from store.dateparse import Base, Interpretation, interpret
from store.dates import FuzzyDate
from store.errors import DateError
from tui.render import plain

EXAMPLES = "e.g. 8 June 2014, aug 2009, late 2013, between 2008 and 2009"


def kind_of(date: FuzzyDate) -> str:
    """ "day", "month", "year", "decade", "range" or "open range"."""
    if date.interval:
        return "open range" if date.is_open else "range"
    return date.precision.name.lower()


def stored_date(edtf: str) -> tuple[str, FuzzyDate | None]:
    """The text to show for a stored date ("2007 – Aug 2009"), and the date it stands for.

    The box then means exactly the stored date for as long as that text is left
    alone, without reading it again (display text need not read back identically,
    and reading it would cost a dateparser call per date when a form opens).
    """
    if not edtf:
        return "", None
    try:
        stored = FuzzyDate.parse(edtf)
    except DateError:
        return edtf, None  # shown as is; the note then says what is wrong with it
    return stored.display(), stored


def _words_meaning(date: FuzzyDate) -> str:
    """Words that read as exactly `date` and nothing else (used to settle an ambiguity)."""
    shown = date.display()
    reading = interpret(shown)
    return shown if reading.date == date and not reading.ambiguous else date.edtf


class DateField(Vertical):
    """An Input for a date in words, the live reading under it, and choices when ambiguous."""

    DEFAULT_CSS = """
    DateField { height: auto; }
    DateField > .date-note { color: $text-muted; height: auto; }
    DateField > .date-note.-ok { color: $success; }
    DateField > .date-note.-error { color: $error; }
    DateField > .date-note.-ambiguous { color: $warning; text-style: bold; }
    DateField > .date-choices { height: auto; }
    DateField > .date-choices > .date-choice { margin: 0 1 0 0; }
    """

    class Changed(Message):
        """The text, and so perhaps the date, changed."""

        def __init__(self, date_field: DateField) -> None:
            super().__init__()
            self.date_field = date_field

        @property
        def control(self) -> DateField:
            return self.date_field

    def __init__(
        self,
        text: str = "",
        *,
        known: FuzzyDate | None = None,
        base: Base | None = None,
        placeholder: str = "",
        hint: str = EXAMPLES,
        brief: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`text` is what the box starts with; `known` is the date that text stands
        for, when it comes from a record (see `stored_date`).

        `brief` (for narrow columns) shows only "✓ month" when the box already
        says the date exactly as it would be displayed.
        """
        super().__init__(id=id, classes=classes)
        self._initial = text
        self._known = (text, known) if known is not None else None
        self._base = base
        self._placeholder = placeholder or "a date in words"
        self._hint = hint
        self._brief = brief
        self._reading: Interpretation | None = None
        self._read_text: str | None = None

    def compose(self) -> ComposeResult:
        yield Input(
            value=self._initial,
            placeholder=self._placeholder,
            compact=True,
            classes="date-input",
        )
        text, state = self._note()
        yield Static(plain(text), classes=f"date-note {state}")

    def on_mount(self) -> None:
        self._show_choices(self.reading.alternatives if self.reading is not None else ())

    # -- what the box says ------------------------------------------------------

    @property
    def input(self) -> Input:
        return self.query_one(".date-input", Input)

    @property
    def text(self) -> str:
        return self.input.value if self.is_mounted else self._initial

    @text.setter
    def text(self, value: str) -> None:
        if self.is_mounted:
            self.input.value = value  # Input.Changed re-reads it
        else:
            self._initial = value

    @property
    def base(self) -> Base | None:
        """The date relative words count from (None: relative words are refused)."""
        return self._base

    @base.setter
    def base(self, base: Base | None) -> None:
        if base != self._base:
            self._base = base
            self._read_text = None
            if self.is_mounted:
                self._show()

    @property
    def reading(self) -> Interpretation | None:
        """How the current text reads (None when the box is empty)."""
        text = self.text
        if text != self._read_text:
            self._read_text = text
            self._reading = self._interpret(text)
        return self._reading

    def _interpret(self, text: str) -> Interpretation | None:
        if not text.strip():
            return None
        if self._known is not None and text == self._known[0]:
            return Interpretation(self._known[1])
        return interpret(text, base=self._base)

    @property
    def value(self) -> FuzzyDate | None:
        """The date the text means, or None when empty, unreadable or ambiguous."""
        reading = self.reading
        return None if reading is None or reading.ambiguous else reading.date

    @property
    def problem(self) -> str | None:
        """Why the text cannot be saved as a date, or None (an empty box is no problem)."""
        reading = self.reading
        if reading is None:
            return None
        if reading.error:
            return reading.error
        if reading.ambiguous:
            choices = " or ".join(d.display() for d in reading.alternatives)
            return f"ambiguous: {choices}? Choose one below."
        return None if reading.date is not None else "not understood as a date"

    def choose(self, alternative: FuzzyDate) -> None:
        """Settle an ambiguity: the box now says `alternative` unambiguously."""
        self.text = _words_meaning(alternative)
        self.input.focus()

    # -- showing ----------------------------------------------------------------

    @on(Input.Changed, ".date-input")
    def _typed(self) -> None:
        self._show()
        self.post_message(self.Changed(self))

    def _show(self) -> None:
        note = self.query_one(".date-note", Static)
        text, state = self._note()
        note.update(plain(text))
        note.set_classes(f"date-note {state}")
        reading = self.reading
        self._show_choices(reading.alternatives if reading is not None else ())

    def _note(self) -> tuple[str, str]:
        """The line under the box, and its state class (-empty, -ok, -error, -ambiguous)."""
        reading = self.reading
        if reading is None:
            return self._empty_note(), "-empty"
        if reading.ambiguous:
            return f"{reading.describe()}: which one?", "-ambiguous"
        return self._reading_note(reading), "-error" if reading.error else "-ok"

    def _reading_note(self, reading: Interpretation) -> str:
        """ "Aug 2009, month", any warnings, or the error."""
        extra = "".join(f" · {warning}" for warning in reading.warnings)
        date = reading.date
        if self._brief and date is not None and date.display() == self.text.strip():
            return f"✓ {kind_of(date)}{extra}"
        return reading.describe() + extra

    def _empty_note(self) -> str:
        if self._base is None:
            return self._hint
        shown = self._base.display() if isinstance(self._base, FuzzyDate) else str(self._base)
        return f"{self._hint} (relative to {shown})"

    def _show_choices(self, alternatives: tuple[FuzzyDate, ...]) -> None:
        """Buttons for the readings of an ambiguous date (mounted only while needed)."""
        shown = [button.name for button in self.query(".date-choices Button")]
        wanted = [d.edtf for d in alternatives]
        if shown == wanted:
            return
        self.query(".date-choices").remove()
        if alternatives:
            buttons = [
                Button(plain(d.display()), name=d.edtf, compact=True, classes="date-choice")
                for d in alternatives
            ]
            self.mount(Horizontal(*buttons, classes="date-choices"))

    @on(Button.Pressed, ".date-choice")
    def _chosen(self, event: Button.Pressed) -> None:
        event.stop()
        assert event.button.name is not None
        self.choose(FuzzyDate.parse(event.button.name))
