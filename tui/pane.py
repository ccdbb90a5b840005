"""A pane: a list of records and the detail of the one under the cursor.

The Timeline, Factions and Sources panes are the same widget with different
rows; the app gives each its rows and reacts to the messages they post.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Container, Vertical

from tui.detail_view import DetailView
from tui.details import doc_for
from tui.navigation import PANE_TITLES, PaneName
from tui.record_list import RecordList
from tui.rows import Rows


class Pane(Container):
    """A RecordList and its DetailView, side by side or stacked (see app.tcss)."""

    def __init__(self, pane: PaneName) -> None:
        super().__init__(id=pane, classes="pane")
        self.pane: PaneName = pane
        self.detail_stale = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="pane-left"):  # the Timeline's density strip goes above the list
            yield RecordList(empty_text="Loading…", id=f"{self.pane}-list")
        yield DetailView(id=f"{self.pane}-detail")

    @property
    def list(self) -> RecordList:
        return self.query_one(RecordList)

    @property
    def detail(self) -> DetailView:
        return self.query_one(DetailView)

    @property
    def title(self) -> str:
        return PANE_TITLES[self.pane]

    def set_rows(self, rows: Rows, select: str | None = None, empty_text: str = "") -> None:
        if empty_text:
            self.list.empty_text = empty_text
        self.list.set_rows(rows, select)
        self.show_detail()

    @property
    def shown(self) -> bool:
        """Whether this is the pane on screen (a hidden pane's detail waits until shown)."""
        return self.parent is not None and getattr(self.parent, "current", None) == self.id

    def show_detail(self, link: int | None = None, *, now: bool = False) -> None:
        """Draw the detail of the selected record, the cursor on link number `link`.

        A hidden pane only notes that its detail is out of date (`now` forces it).
        """
        db = getattr(self.app, "db", None)
        if db is None:
            return
        if not (now or self.shown):
            self.detail_stale = True
            return
        self.detail_stale = False
        self.detail.show(doc_for(db, self.list.selected_id), link)

    def on_record_list_highlighted(self, message: RecordList.Highlighted) -> None:
        self.show_detail()  # and the message goes on to the app (the density strip marks it)

    def on_record_list_opened(self, message: RecordList.Opened) -> None:
        message.stop()
        if self.detail.target is not None:
            self.detail.focus()
        else:
            self.app.notify(
                "Nothing to open here: this record links nowhere.", timeout=3, markup=False
            )

    def on_detail_view_leave_to_list(self, message: DetailView.LeaveToList) -> None:
        message.stop()
        self.list.focus()
