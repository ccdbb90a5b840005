"""Two sessions on one file, in any interleaving: no saved edit is ever lost.

A hypothesis state machine drives two `Database` sessions of the same file
(saving through the journal or by rewriting it, with or without the column
cache) through edits, inserts, deletes, undo and redo, folds, reloads and appends cut
short. Each save either lands or raises ConflictError; after every step a fresh open
of the file must hold exactly the saves that landed.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from store import database as database_module
from store import fileformat
from store.changes import Batch, Change, UndoHistory
from store.database import Database, ValidationError
from store.dates import key_of
from store.errors import ConflictError
from store.model import Event
from tests.conftest import SAMPLE

SESSIONS = st.sampled_from([0, 1])
TITLES = st.text(alphabet="abc xyz", min_size=1, max_size=8).map(str.strip).filter(bool)


class TwoSessions(RuleBasedStateMachine):
    """What landed, as {event id: title}, against what a fresh open reads."""

    def __init__(self) -> None:
        super().__init__()
        self.patches = pytest.MonkeyPatch()
        self.folder = Path(tempfile.mkdtemp(prefix="dateline-sessions-"))
        self.path = self.folder / "db.json"
        shutil.copyfile(SAMPLE, self.path)
        self.sessions: list[Database] = []
        self.histories = [UndoHistory(), UndoHistory()]
        self.landed: dict[str, str] = {}
        self.added = 0
        self.journal = False

    @initialize(journal=st.booleans(), cache=st.booleans())
    def open_two_sessions(self, journal: bool, cache: bool) -> None:
        self.journal = journal
        if journal:  # every file counts as large: saves append to the journal
            self.patches.setattr(database_module, "FOLD_BELOW", 0)
            self.patches.setattr(database_module, "JOURNAL_MAX", 10**9)
        if cache:  # and its columns are cached, as a large file's are
            self.patches.setattr(database_module, "CACHE_FROM", 0)
        self.sessions = [Database.open(self.path), Database.open(self.path)]
        self.landed = {e.id: e.title for e in self.sessions[0].events.values()}

    def teardown(self) -> None:
        self.patches.undo()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _save(self, session: int, batch: Batch, *, replay: bool = False) -> bool:
        """Commit in `session`; True when it landed (and what landed is noted). A
        conflict leaves that session holding the other's version; it reloads, as the
        app does. An undo or redo (`replay`) may also be refused as invalid once the
        other session's saves are taken in: a record changed since it was read, a
        reference to a record the other session deleted. A new batch never is."""
        try:
            self.sessions[session].commit(batch)
        except ConflictError:
            self.sessions[session].reload()
            return False
        except ValidationError:
            assert replay, "a batch planned from the session's own view was refused"
            return False
        for change in batch.changes:
            if change.table == "events":
                if change.after is None:
                    del self.landed[change.id]
                else:
                    self.landed[change.id] = change.after.title  # type: ignore[union-attr]
        return True

    def _new_batch(self, session: int, batch: Batch) -> None:
        if self._save(session, batch):
            self.histories[session].record(batch)

    @rule(session=SESSIONS, pick=st.integers(0, 10**6), title=TITLES)
    def edit_a_title(self, session: int, pick: int, title: str) -> None:
        events = self.sessions[session].events
        if not events:
            return
        before = list(events.values())[pick % len(events)]
        self._new_batch(session, Batch((Change(before, replace(before, title=title)),)))

    @rule(session=SESSIONS, title=TITLES)
    def add_an_event(self, session: int, title: str) -> None:
        self.added += 1
        event = Event(f"added-{self.added}", "2015-03", title)
        self._new_batch(session, Batch((Change(None, event),)))

    @rule(session=SESSIONS, pick=st.integers(0, 10**6))
    def delete_an_event(self, session: int, pick: int) -> None:
        db = self.sessions[session]
        if not db.events:
            return
        self._new_batch(session, db.plan_delete(list(db.events)[pick % len(db.events)]))

    @precondition(lambda self: any(history.done for history in self.histories))
    @rule(session=SESSIONS)
    def undo(self, session: int) -> None:
        history = self.histories[session]
        self._replay(session, history.next_undo(), history.undid)

    @precondition(lambda self: any(history.undone for history in self.histories))
    @rule(session=SESSIONS)
    def redo(self, session: int) -> None:
        history = self.histories[session]
        self._replay(session, history.next_redo(), history.redid)

    def _replay(self, session: int, batch: Batch | None, landed: Callable[[], None]) -> None:
        """Commit an undo or redo `batch`; `landed` moves it in the history if it did."""
        if batch is not None and self._save(session, batch, replay=True):
            landed()

    @rule(session=SESSIONS)
    def fold(self, session: int) -> None:
        self.sessions[session].fold()

    @rule(session=SESSIONS)
    def reload(self, session: int) -> None:
        self.sessions[session].reload()

    @rule(session=SESSIONS)
    def quit_and_open_again(self, session: int) -> None:
        self.sessions[session].fold()  # as the explorer does on quitting
        self.sessions[session] = Database.open(self.path, check=False)
        self.histories[session] = UndoHistory()  # a new session starts with none

    @precondition(lambda self: self.journal)
    @rule(session=SESSIONS, cut=st.integers(1, 60))
    def crash_in_mid_append(self, session: int, cut: int) -> None:
        """The session dies (or the disk fills) part way through its journal line: that
        save never landed, and the next save must not be glued to it."""
        torn = b'{"rev":999,"changes":[["events","torn",{"id":"torn","date":"2014"}]]}'
        with open(fileformat.journal_path(self.path), "ab") as journal:
            journal.write(torn[:cut])
        self.sessions[session] = Database.open(self.path, check=False)
        self.histories[session] = UndoHistory()

    @invariant()
    def a_fresh_open_holds_every_save_that_landed(self) -> None:
        if not self.sessions:
            return
        fresh = Database.open(self.path)
        assert {e.id: e.title for e in fresh.events.values()} == self.landed
        events = fresh.events
        by_date = sorted(events, key=lambda rid: (key_of(events[rid].date), events[rid].doc_id))
        assert list(fresh.index.event_order) == by_date


TwoSessions.TestCase.settings = settings(max_examples=50, stateful_step_count=15, deadline=None)
TestTwoSessions = TwoSessions.TestCase
