"""Leaving a form: at once when nothing changed, after a question when something did."""

from __future__ import annotations

from pathlib import Path

from tests.apptools import type_text
from tests.test_forms_support import SIZE, FormHarness, box, form_app, open_sample
from tui.confirm_screen import ConfirmScreen
from tui.record_form import RecordForm


async def test_escape_on_untouched_forms_closes_at_once(sample_path: Path) -> None:
    db = open_sample(sample_path)
    for kind, record_id, preset in (
        ("event", None, None),
        ("quote", None, {"about": ["ttp"], "document": "vice-2014-12-17-peshawar-school-massacre"}),
        ("faction", "ttp", None),
        ("person", "baitullah-mehsud", None),
    ):
        app = form_app(db, kind, record_id, preset=preset)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert app.results == [None], (kind, record_id)


async def test_escape_on_a_changed_form_asks_before_discarding(sample_path: Path) -> None:
    app = form_app(open_sample(sample_path), "event")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "2014")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        assert box(app, "date").editor.text == "2014"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.results == [None]
        assert app.submitted == []


async def test_the_question_answers_no_unless_asked_yes(sample_path: Path) -> None:
    db = open_sample(sample_path)
    cases = ((["enter"], False), (["escape"], False), (["y"], True), (["tab", "enter"], True))
    for keys, answer in cases:
        app = FormHarness(db, ConfirmScreen("Delete 'TTP'?", "3 events refer to it."))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
            assert app.results == [answer], keys
