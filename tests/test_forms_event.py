"""The event form, typed into as a person does: dates in words, links, errors, ids."""

from __future__ import annotations

from pathlib import Path

from store.model import Event, Link
from tests.apptools import type_text
from tests.test_forms_support import (
    SIZE,
    box,
    date_note,
    error_of,
    fill,
    form_app,
    form_of,
    open_sample,
    pick,
)
from tui.date_field import DateField
from tui.form_editors import LinksField
from tui.record_form import FormResult
from tui.record_picker import RecordPicker


async def test_karachi_attack_typed_with_the_ttp_picked_as_perpetrator(sample_path: Path) -> None:
    db = open_sample(sample_path)
    app = form_app(db, "event", commit=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "8 June 2014")
        assert date_note(app, "date") == "8 Jun 2014, day"
        await pilot.press("tab", "tab")  # past End
        await type_text(pilot, "Karachi airport attack")
        await pilot.press("tab", "tab", "tab")  # past place and summary, onto "+ Add faction…"
        await pilot.press("enter")
        assert isinstance(app.screen, RecordPicker)
        await pick(pilot, "ttp")
        assert not isinstance(app.screen, RecordPicker)
        await type_text(pilot, "perpetrator")  # the focus is on the new link's role
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.submitted) == 1
        event = app.submitted[0].record
        assert event == Event(
            "2014-06-08-karachi-airport-attack",
            "2014-06-08",
            "Karachi airport attack",
            factions=(Link("ttp", "perpetrator"),),
        )
        assert app.results == [FormResult(event)]
        assert db.get(event.id) == event


async def test_a_bad_date_is_shown_beside_the_field_and_nothing_is_posted(
    sample_path: Path,
) -> None:
    app = form_app(open_sample(sample_path), "event", preset={"title": "Something"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "32 June 2014")
        assert "not a date" in date_note(app, "date")
        await pilot.press("ctrl+s")
        assert "'32 June 2014' is not a date" in error_of(app, "date")
        assert app.focused is box(app, "date").editor.input
        await fill(pilot, "date", "next blursday")
        await pilot.press("enter")
        assert "not a relative date I know" in error_of(app, "date")
        assert app.submitted == []
        await fill(pilot, "date", "late 2013")
        assert date_note(app, "date") == "late 2013, range"
        await pilot.press("enter")
        assert app.submitted[0].record.date == "2013-09~/2013-12~"


async def test_an_ambiguous_date_asks_which_and_the_choice_fixes_it(sample_path: Path) -> None:
    app = form_app(open_sample(sample_path), "event", preset={"title": "Ambiguous"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "01/02/2014")
        assert "1 Feb 2014 or 2 Jan 2014" in date_note(app, "date")
        await pilot.press("enter")
        assert "ambiguous" in error_of(app, "date")
        assert app.submitted == []
        date = box(app, "date").editor
        assert isinstance(date, DateField)
        date.input.focus()
        await pilot.press("tab", "tab")  # the second reading: 2 January
        await pilot.press("enter")
        await pilot.pause()
        assert date.text == "2 Jan 2014"
        assert date_note(app, "date") == "2 Jan 2014, day"
        await pilot.press("ctrl+s")
        assert app.submitted[0].record.date == "2014-01-02"
        assert app.submitted[0].record.id == "2014-01-02-ambiguous"


async def test_an_end_before_the_start_is_refused_beside_the_end(sample_path: Path) -> None:
    preset = {"date": "2014-12-16", "title": "Backwards"}
    app = form_app(open_sample(sample_path), "event", preset=preset)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "2 Dec 2014")
        await pilot.press("enter")
        assert "before the start" in error_of(app, "end")
        assert error_of(app, "date") == ""
        assert app.submitted == []
        await fill(pilot, "end", "two days later")
        assert date_note(app, "end") == "18 Dec 2014, day"
        await pilot.press("enter")
        assert app.submitted[0].record.date == "2014-12-16/2014-12-18"


async def test_required_fields_left_empty_are_named_and_nothing_is_posted(
    sample_path: Path,
) -> None:
    app = form_app(open_sample(sample_path), "event")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert error_of(app, "date") == "Date is required"
        assert error_of(app, "title") == "Title is required"
        assert app.focused is box(app, "date").editor.input
        assert app.submitted == []


async def test_a_picked_record_deleted_meanwhile_is_refused(sample_path: Path) -> None:
    db = open_sample(sample_path)
    app = form_app(db, "event", preset={"date": "2014-06-08", "title": "Karachi"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        links = box(app, "factions").editor
        assert isinstance(links, LinksField)
        links.query_one(".links-add").focus()
        await pilot.press("enter")
        await pick(pilot, "al qaeda")
        db.commit(db.plan_delete("al-qaeda"))  # another session, or an undo, removed it
        await pilot.press("ctrl+s")
        assert error_of(app, "factions") == "refers to 'al-qaeda', which does not exist"
        assert app.submitted == []


async def test_an_edited_record_with_a_dangling_link_says_so(sample_path: Path) -> None:
    db = open_sample(sample_path)
    app = form_app(db, "quote", preset={"text": "words", "speaker": "nobody-at-all"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert error_of(app, "speaker") == "refers to 'nobody-at-all', which does not exist"
        assert app.submitted == []


async def test_the_id_follows_date_and_title_stays_unique_and_can_be_typed(
    sample_path: Path,
) -> None:
    preset = {"date": "2014-12-16", "title": "Peshawar school attack"}
    app = form_app(open_sample(sample_path), "event", preset=preset)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ids = box(app, "id").editor
        assert ids.value == "2014-12-16-peshawar-school-attack-2"  # the sample has the first
        await fill(pilot, "id", "ttp")
        await pilot.press("enter")
        assert "already used by the faction 'Tehrik-e-Taliban Pakistan'" in error_of(app, "id")
        await fill(pilot, "id", "Not An Id")
        await pilot.press("enter")
        assert "lowercase" in error_of(app, "id")
        await fill(pilot, "id", "again")
        box(app, "title").focus_editor()
        await pilot.press("end", "s")
        assert ids.value == "again", "a typed id is kept"
        await pilot.press("enter")
        assert app.submitted[0].record.id == "again"
        assert app.submitted[0].record.title == "Peshawar school attacks"


async def test_fatalities_and_tags_are_read_from_their_boxes(sample_path: Path) -> None:
    app = form_app(open_sample(sample_path), "event", preset={"date": "2014-06-08"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert box(app, "date").editor.text == "8 Jun 2014"
        await fill(pilot, "title", "Karachi")
        await fill(pilot, "tags", "a, b c,, ")
        await fill(pilot, "fatalities", "36")
        await pilot.press("enter")
        record = app.submitted[0].record
        assert record.tags == ("a", "b c")
        assert record.fatalities == 36


async def test_the_store_refusal_is_shown_beside_its_field_and_the_form_stays(
    sample_path: Path,
) -> None:
    from store.errors import Location, RecordError

    app = form_app(open_sample(sample_path), "event", preset={"date": "2014", "title": "x"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        form = form_of(app)
        assert form.waiting and len(app.submitted) == 1
        await pilot.press("ctrl+s")
        assert len(app.submitted) == 1, "no second submission while the app answers"
        form.show_errors([RecordError("too short", Location(record="2014-x", field="title"))])
        await pilot.pause()
        assert error_of(app, "title") == "too short"
        assert not form.waiting
        form.show_problem("another session changed this record")
        await pilot.pause()
        assert "another session" in str(form.query_one("#form-problem").content)
        await fill(pilot, "title", "y")
        await pilot.press("enter")
        assert len(app.submitted) == 2
        form.close_saved()
        await pilot.pause()
        assert app.results == [app.submitted[1]]
