"""Editing in the explorer, end to end: add, link, undo, redo, delete, other sessions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from store.database import Database
from store.model import Faction, Link
from tests.apptools import loaded, make_app, screen_text, settle, type_text
from tests.test_forms_support import pick
from tui.choice_screen import ChoiceScreen
from tui.confirm_screen import ConfirmScreen
from tui.conflict_screen import ConflictScreen
from tui.record_form import RecordForm
from tui.record_picker import RecordPicker

KARACHI = "2014-06-08-karachi-airport-attack"


async def add_karachi(pilot) -> None:
    """a on the Timeline, then the form typed as a person does."""
    await pilot.press("1", "a")
    assert isinstance(pilot.app.screen, RecordForm)
    await type_text(pilot, "8 June 2014")
    await pilot.press("tab", "tab")
    await type_text(pilot, "Karachi airport attack")
    await pilot.press("tab", "tab", "tab", "enter")
    assert isinstance(pilot.app.screen, RecordPicker)
    await pick(pilot, "ttp")
    await type_text(pilot, "perpetrator")
    await pilot.press("enter")
    await settle(pilot)


async def test_the_karachi_attack_and_its_spokesman_from_the_keyboard(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        await add_karachi(pilot)
        assert not isinstance(app.screen, RecordForm)
        assert app.pane("timeline").list.selected_id == KARACHI
        on_disk = Database.open(sample_path)  # a second session sees it at once
        assert on_disk.events[KARACHI].factions == (Link("ttp", "perpetrator"),)

        # A quote of the spokesman about the selected event, dated relative to its source.
        await pilot.press("A")
        assert isinstance(app.screen, RecordForm)
        await type_text(pilot, "We carried out the attack")
        await pilot.press("tab", "enter")
        await pick(pilot, "khorasani")
        await pilot.press("tab", "enter")
        await pick(pilot, "massacred 134")
        await pilot.press("tab")
        await type_text(pilot, "last month")
        assert "Nov 2014, month" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, RecordForm)
        quote = next(
            q for q in Database.open(sample_path).quotes.values() if q.text.startswith("We carried")
        )
        assert quote.speaker == "mohammad-omar-khorasani"
        assert quote.about == (KARACHI,)
        assert quote.date == "2014-11"
        assert app.current_pane == "sources" and app.pane("sources").list.selected_id == quote.id

        # Undo the quote, then the event; redo both.
        await pilot.press("u")
        assert quote.id not in Database.open(sample_path)
        await pilot.press("u")
        assert KARACHI not in Database.open(sample_path)
        await pilot.press("ctrl+r", "ctrl+r")
        again = Database.open(sample_path)
        assert KARACHI in again and quote.id in again
        assert again.quotes[quote.id].about == (KARACHI,)


async def test_e_edits_the_selection(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        app.pane("timeline").list.select_id("2014-12-16-peshawar-school-attack")
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, RecordForm)
        await pilot.press("tab", "tab")  # date, end, onto the title
        await pilot.press("ctrl+a" if False else "end")
        await type_text(pilot, " (APS)")
        await pilot.press("enter")
        await settle(pilot)
        title = Database.open(sample_path).events["2014-12-16-peshawar-school-attack"].title
        assert title.endswith("in Peshawar (APS)")


async def test_a_in_sources_asks_what_to_add(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("3")
        app.pane("sources").list.select_id("ayesha-siddiqa")
        await pilot.press("a")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("1")  # a quote, spoken by the selected person
        assert isinstance(app.screen, RecordForm)
        assert "Ayesha Siddiqa" in screen_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, RecordForm)


async def test_delete_says_what_refers_to_it_and_undo_restores_everything(
    sample_path: Path,
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("2")
        app.pane("factions").list.select_id("mehsud-tribe")
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        text = screen_text(app)
        assert "Mehsud tribe" in text and "The Pakistani Taliban movement (TTP) is born" in text
        await pilot.press("n")
        assert "mehsud-tribe" in Database.open(sample_path)
        await pilot.press("d", "y")
        await settle(pilot)
        db = Database.open(sample_path)
        assert "mehsud-tribe" not in db
        assert all(link.id != "mehsud-tribe" for link in db.events["2007-ttp-founded"].factions)
        await pilot.press("u")
        db = Database.open(sample_path)
        assert "mehsud-tribe" in db
        assert Link("mehsud-tribe", "founding tribe") in db.events["2007-ttp-founded"].factions


async def test_a_big_save_says_so_before_it_starts_and_runs_once(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A faction's delete with thousands of events takes seconds on the UI thread: the
    status line says it is looking up what refers to it, then that it is saving
    (BIG_BATCH lowered to the sample's size); `y` pressed at once still answers the
    dialog, and an undo pressed twice meanwhile runs once."""
    from tui import edit_actions

    monkeypatch.setattr(edit_actions, "BIG_BATCH", 1)
    app = make_app(sample_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        said: list[str] = []

        def heard(message: str) -> None:
            said.append(message)

        app.status.watch(app.status, "message", heard, init=False)
        await pilot.press("2")
        app.pane("factions").list.select_id("mehsud-tribe")
        await pilot.press("d", "y")
        await settle(pilot)
        assert any(m.startswith("Looking up the ") and "“Mehsud tribe”" in m for m in said)
        assert any(m.startswith("Saving ") and "deleted faction 'Mehsud tribe'" in m for m in said)
        assert said[-1].startswith("Saved: deleted faction")
        assert "mehsud-tribe" not in Database.open(sample_path)
        shown: list[str] = []
        monkeypatch.setattr(app, "say", lambda message, **_: shown.append(message))
        app.action_undo()  # u, and u again before the next frame (Pilot waits between keys)
        app.action_undo()
        await settle(pilot)
        assert not shown  # the second did not try to restore what the first had restored
        assert not isinstance(app.screen, ConflictScreen)
        assert "mehsud-tribe" in Database.open(sample_path)
        assert said[-1] == "Undone: deleted faction 'Mehsud tribe'"
        assert len(app.undo_history.undone) == 1


async def test_quitting_before_a_big_save_starts_still_saves_it(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`y` then `q` typed ahead: the save waiting for its frame runs before the app
    goes (it was dropped, and the confirmed delete with it)."""
    from tui import edit_actions

    monkeypatch.setattr(edit_actions, "BIG_BATCH", 1)
    app = make_app(sample_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        plan = app.db.plan_delete("mehsud-tribe")
        frames: list[object] = []
        monkeypatch.setattr(app, "call_after_refresh", frames.append)  # no frame comes
        app._save_saying(plan, lambda: app.commit(plan))  # what `y` does
        assert frames and "mehsud-tribe" in Database.open(sample_path)  # waiting
        await pilot.press("q")  # before the next frame, as in a terminal when typed ahead
    assert "mehsud-tribe" not in Database.open(sample_path)


async def test_quitting_while_a_delete_is_looked_up_asks_nothing(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`d` then `q`: the look-up waiting for its frame is dropped, not run to open a
    dialog nobody will answer (it plans the delete: seconds at a million events)."""
    from tui import edit_actions

    monkeypatch.setattr(edit_actions, "BIG_BATCH", 1)
    app = make_app(sample_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("2")
        app.pane("factions").list.select_id("mehsud-tribe")
        monkeypatch.setattr(app, "call_after_refresh", lambda callback: None)  # no frame
        planned: list[str] = []
        monkeypatch.setattr(app.db, "plan_delete", planned.append)
        await pilot.press("d")
        assert app.status.message.startswith("Looking up the ")
        await pilot.press("q")
    assert planned == []


async def test_read_only_hides_the_editing_keys(sample_path: Path) -> None:
    app = make_app(sample_path, read_only=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        before = sample_path.read_bytes()
        await pilot.press("a", "e", "d", "u")
        assert not isinstance(app.screen, RecordForm | ConfirmScreen)
        assert sample_path.read_bytes() == before
        assert "Add" not in screen_text(app).splitlines()[-1]


async def test_an_idle_session_shows_what_another_session_saved(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await loaded(pilot)
        other = Database.open(sample_path)
        ttp = other.factions["ttp"]
        from store.changes import Change

        other.commit([Change(ttp, replace(ttp, name="Tehreek-i-Taliban Pakistan"))])
        for _ in range(30):
            await pilot.pause(0.1)
            if app.db.factions["ttp"].name.startswith("Tehreek"):
                break
        assert app.db.factions["ttp"].name == "Tehreek-i-Taliban Pakistan"
        await pilot.press("2")
        await pilot.pause(0.2)
        assert "Tehreek-i-Taliban Pakistan" in screen_text(app)


async def test_same_record_changed_elsewhere_shows_both_versions(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        app.pane("timeline").list.select_id("2002-us-invasion-of-afghanistan")
        await pilot.press("e")
        assert isinstance(app.screen, RecordForm)
        # Meanwhile another session changes the same event.
        other = Database.open(sample_path)
        event = other.events["2002-us-invasion-of-afghanistan"]
        from store.changes import Change

        other.commit([Change(event, replace(event, place="Kabul"))])
        await pilot.press("tab", "tab", "end")
        await type_text(pilot, " (theirs and mine)")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)  # both versions, and the user chooses
        text = screen_text(app)
        assert "Kabul" in text and "(theirs and mine)" in text
        assert Database.open(sample_path).events["2002-us-invasion-of-afghanistan"].place == "Kabul"
        await pilot.press("m")  # keep mine, knowingly
        await settle(pilot)
        assert not isinstance(app.screen, ConflictScreen | RecordForm)
        event = Database.open(sample_path).events["2002-us-invasion-of-afghanistan"]
        assert event.title.endswith("(theirs and mine)") and event.place == "Afghanistan"


async def test_keeping_theirs_closes_the_form_without_saving(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        app.pane("timeline").list.select_id("2002-us-invasion-of-afghanistan")
        await pilot.press("e")
        other = Database.open(sample_path)
        event = other.events["2002-us-invasion-of-afghanistan"]
        from store.changes import Change

        other.commit([Change(event, replace(event, place="Kabul"))])
        await pilot.press("tab", "tab", "end")
        await type_text(pilot, " (mine)")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert not isinstance(app.screen, ConflictScreen | RecordForm)
        event = Database.open(sample_path).events["2002-us-invasion-of-afghanistan"]
        assert event.place == "Kabul" and not event.title.endswith("(mine)")
        assert app.db.events["2002-us-invasion-of-afghanistan"].place == "Kabul"


async def test_pane_rows_the_loader_built_before_an_edit_are_not_shown(sample_path: Path) -> None:
    """The loader builds the Factions rows after the timeline shows; if an edit lands
    first, its (older) rows must not hide the edit."""
    from store.changes import Change
    from tui.rows import faction_rows, source_rows

    app = make_app(sample_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await loaded(pilot)
        db = app.db
        stale = {"factions": faction_rows(db), "sources": source_rows(db)}
        revision = db.revision
        db.commit([Change(None, Faction("jamaat-ul-ahrar", "Jamaat-ul-Ahrar", kind="armed group"))])
        app.post_message(app.PanesBuilt(stale, revision))
        await settle(pilot)
        await pilot.press("2")
        await pilot.pause(0.2)
        assert "Jamaat-ul-Ahrar" in screen_text(app)
