"""The quote form: a speaker and a source picked by name, a date relative to the source."""

from __future__ import annotations

from pathlib import Path

from store.model import Quote
from tests.apptools import type_text
from tests.test_forms_support import SIZE, date_note, error_of, fill, form_app, open_sample, pick

VICE = "vice-2014-12-17-peshawar-school-massacre"
KARACHI = "2014-06-08-karachi-airport-attack"


async def test_that_afternoon_is_read_against_the_source_published_date(
    sample_path: Path,
) -> None:
    db = open_sample(sample_path)
    app = form_app(db, "quote", preset={"about": ["2014-12-16-peshawar-school-attack"]})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "We did it")
        await pilot.press("tab", "enter")  # the speaker: Enter opens the picker
        await pick(pilot, "khor")
        await fill(pilot, "date", "that afternoon")
        assert "needs a reference date" in date_note(app, "date")
        await pilot.press("enter")
        assert "needs a reference date" in error_of(app, "date")
        await pilot.press("shift+tab", "enter")  # back to the source, choose it
        await pick(pilot, "vice")
        assert date_note(app, "date") == "17 Dec 2014, day"
        await pilot.press("ctrl+s")
        assert app.submitted[0].record == Quote(
            "khorasani-we-did-it",
            "We did it",
            "mohammad-omar-khorasani",
            date="2014-12-17",
            document=VICE,
            about=("2014-12-16-peshawar-school-attack",),
        )


async def test_an_event_and_its_spokesman_quote_are_saved_and_linked(sample_path: Path) -> None:
    """The issue's goal, without the explorer: an event, then a quote about it."""
    db = open_sample(sample_path)
    preset = {"date": "2014-06-08", "title": "Karachi airport attack", "factions": ["ttp"]}
    app = form_app(db, "event", preset=preset, commit=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert KARACHI in db.events
    preset = {"about": [KARACHI], "document": VICE, "speaker": "mohammad-omar-khorasani"}
    app = form_app(db, "quote", preset=preset, commit=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "We did it")
        await fill(pilot, "date", "last month")
        assert date_note(app, "date") == "Nov 2014, month"
        await pilot.press("enter")
        await pilot.pause()
        quote = app.results[0].record
        assert db.quotes[quote.id].date == "2014-11"
        assert (quote.id, "about") in db.index.referring(KARACHI)
