"""Undo and redo: any sequence of adds, edits and deletes, undone, gives back the database.

A hypothesis state machine makes changes through Database.commit and records them
in an UndoHistory, as the explorer does; at any point, undoing everything must
bring back records equal to the original ones (and the file on disk with them),
and redoing everything must bring back the last state.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from store.changes import Batch, Change, UndoHistory
from store.database import Database
from store.model import Event, Link, to_dict
from tests.conftest import SAMPLE

DATES = ["2002", "2014-06", "2014-12-16", "2008/2009", "2013-11~", "2014-06/.."]


def snapshot(db: Database) -> dict[str, dict[str, object]]:
    return {
        table: {rid: to_dict(record) for rid, record in db.tables[table].items()}
        for table in db.tables
    }


class UndoMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp())
        self.path = self.folder / "undo.json"
        shutil.copyfile(SAMPLE, self.path)
        self.db = Database.open(self.path)
        self.history = UndoHistory()
        self.original = snapshot(self.db)
        self.counter = 0

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _commit(self, batch: Batch) -> None:
        self.db.commit(batch)
        self.history.record(batch)

    @rule(date=st.sampled_from(DATES), with_ttp=st.booleans())
    def add_event(self, date: str, with_ttp: bool) -> None:
        self.counter += 1
        # Only while the TTP exists: a link to a deleted faction is rightly refused.
        links = (Link("ttp", "perpetrator"),) if with_ttp and "ttp" in self.db.factions else ()
        event = Event(f"added-{self.counter}", date, f"Added {self.counter}", factions=links)
        self._commit(Batch((Change(None, event),)))

    @precondition(lambda self: bool(self.db.events))
    @rule(data=st.data(), date=st.sampled_from(DATES))
    def edit_event(self, data: st.DataObject, date: str) -> None:
        event_id = data.draw(st.sampled_from(sorted(self.db.events)))
        event = self.db.events[event_id]
        self.counter += 1
        self._commit(
            Batch((Change(event, replace(event, date=date, title=f"Edited {self.counter}")),))
        )

    @rule(data=st.data())
    def delete_something(self, data: st.DataObject) -> None:
        choices = sorted(self.db.events) + sorted(self.db.factions) + sorted(self.db.people)
        victim = data.draw(st.sampled_from(choices))
        self._commit(self.db.plan_delete(victim))

    @precondition(lambda self: bool(self.history.done))
    @rule()
    def undo_one(self) -> None:
        batch = self.history.next_undo()
        assert batch is not None
        self.db.commit(batch)
        self.history.undid()

    @precondition(lambda self: bool(self.history.undone))
    @rule()
    def redo_one(self) -> None:
        batch = self.history.next_redo()
        assert batch is not None
        self.db.commit(batch)
        self.history.redid()

    @invariant()
    def undoing_everything_gives_back_the_original(self) -> None:
        if len(self.history.done) % 4:
            return  # checked every few steps: undo-all then redo-all is the costly part
        before = snapshot(self.db)
        steps = 0
        while (batch := self.history.next_undo()) is not None:
            self.db.commit(batch)
            self.history.undid()
            steps += 1
        assert snapshot(self.db) == self.original
        assert snapshot(Database.open(self.path)) == self.original  # and so is the file
        for _ in range(steps):
            batch = self.history.next_redo()
            assert batch is not None
            self.db.commit(batch)
            self.history.redid()
        assert snapshot(self.db) == before


UndoMachine.TestCase.settings = settings(max_examples=25, stateful_step_count=12, deadline=None)
TestUndo = UndoMachine.TestCase
