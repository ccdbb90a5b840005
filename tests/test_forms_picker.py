"""The record picker: fuzzy matching, and records created on the spot from a form."""

from __future__ import annotations

from pathlib import Path

from store.model import Faction, Link
from tests.apptools import screen_text, type_text
from tests.test_forms_support import SIZE, box, form_app, form_of, open_sample, pick
from tui.form_editors import LinksField
from tui.record_form import RecordForm
from tui.record_picker import RecordPicker, best_matches, entries_of

EVENT = {"date": "2014-06-08", "title": "Karachi"}


def test_every_word_must_match_a_name_or_alias_best_first(sample_path: Path) -> None:
    db = open_sample(sample_path)
    factions_and_people = entries_of([*db.factions.values(), *db.people.values()])
    assert best_matches(factions_and_people, "ttp")[0].id == "ttp"
    assert [r.id for r in best_matches(factions_and_people, "MEHSUD")][:3] == [
        "mehsud-tribe",  # the name starts with the word
        "baitullah-mehsud",
        "hakimullah-mehsud",
    ]
    assert [r.id for r in best_matches(factions_and_people, "fazlulláh radio")] == [
        "mullah-fazlullah"
    ]
    assert best_matches(factions_and_people, "ttp nobody") == []
    everything = best_matches(entries_of(db.factions.values()), "")
    assert [r.name for r in everything] == sorted((r.name for r in everything), key=str.lower)


async def open_add_faction(pilot) -> None:
    links = box(pilot.app, "factions").editor
    assert isinstance(links, LinksField)
    links.query_one(".links-add").focus()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, RecordPicker)


async def test_a_faction_created_from_the_picker_comes_back_staged(sample_path: Path) -> None:
    db = open_sample(sample_path)
    app = form_app(db, "event", preset=EVENT, commit=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_add_faction(pilot)
        await type_text(pilot, "Jund")
        assert "Create new faction “Jund”" in screen_text(app)
        await pilot.press("enter")  # nothing matches: the create row is the one chosen
        await pilot.pause()
        nested = app.screen
        assert isinstance(nested, RecordForm) and nested.kind == "faction"
        assert box(app, "name").editor.value == "Jund"
        assert box(app, "id").editor.value == "jund"
        await pilot.press("ctrl+s")  # the nested form stages; it does not save
        await pilot.pause()
        assert form_of(app).kind == "event"
        assert "jund" not in db
        assert "Jund (faction)" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        result = app.submitted[0]
        assert result.staged == (Faction("jund", "Jund"),)
        assert result.record.factions == (Link("jund"),)
        assert db.get("jund") == Faction("jund", "Jund"), "saved with the event, first"
        assert db.get("2014-06-08-karachi") == result.record
        assert result.batch().label == "added event 'Karachi' and 1 new record"


async def test_a_created_record_no_longer_linked_is_not_saved(sample_path: Path) -> None:
    app = form_app(open_sample(sample_path), "event", preset=EVENT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_add_faction(pilot)
        await type_text(pilot, "Jund")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("tab", "enter")  # from the role to its ✕
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert app.submitted[0].staged == ()
        assert app.submitted[0].record.factions == ()


async def test_escape_in_the_picker_links_nothing(sample_path: Path) -> None:
    app = form_app(open_sample(sample_path), "event", preset=EVENT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_add_faction(pilot)
        await type_text(pilot, "tt")
        await pilot.press("escape")
        await pilot.pause()
        assert form_of(app) is app.screen
        assert box(app, "factions").model_value() == ()
        await pilot.press("escape")  # nothing changed: the form closes at once
        await pilot.pause()
        assert app.results == [None]


async def test_names_with_markup_are_shown_as_typed(sample_path: Path) -> None:
    db = open_sample(sample_path)
    from store.changes import Change

    db.commit([Change(None, Faction("odd", "[bold]Odd[/] [sic] [@click=app.quit]x[/]"))])
    app = form_app(db, "event", preset=EVENT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_add_faction(pilot)
        await pick(pilot, "sic")
        text = screen_text(app)
        assert "[bold]Odd[/] [sic] [@click=app.quit]x[/]" in text
