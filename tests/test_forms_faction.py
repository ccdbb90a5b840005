"""Nested rows: a faction's leaders and relations, a person's roles."""

from __future__ import annotations

from pathlib import Path

from store.errors import Location, RecordError
from store.model import Affiliation, Leader, Relation
from tests.apptools import type_text
from tests.test_forms_support import SIZE, box, form_app, form_of, open_sample, pick
from tui.form_fields import RowsField


def rows_of(app, name: str) -> RowsField:
    editor = box(app, name).editor
    assert isinstance(editor, RowsField)
    return editor


async def test_a_leader_added_with_tenure_and_a_relation_removed(sample_path: Path) -> None:
    db = open_sample(sample_path)
    app = form_app(db, "faction", "ttp", commit=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows_of(app, "leaders").query_one(".rows-add").focus()
        await pilot.press("enter")  # a new row; its person picker opens at once
        await pick(pilot, "khor")
        await pilot.press("tab")
        await type_text(pilot, "Dec 2014")
        rows_of(app, "relations").rows[0].query_one(".row-remove").focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        ttp = db.factions["ttp"]
        assert ttp.leaders[-1] == Leader("mohammad-omar-khorasani", "2014-12")
        assert len(ttp.leaders) == 4
        assert ttp.relations == (
            Relation(
                "allied with",
                "afghan-taliban",
                note="both groups view Mullah Omar as a unified spiritual guide; "
                "Fazlullah is fast losing support among the Afghan Taliban",
            ),
        )


async def test_a_bad_row_is_refused_beside_its_parts(sample_path: Path) -> None:
    app = form_app(open_sample(sample_path), "faction", preset={"name": "X"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows_of(app, "leaders").query_one(".rows-add").focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")  # no person chosen
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "soon")
        await pilot.press("enter")
        await pilot.pause()
        row = rows_of(app, "leaders").rows[0]
        assert row.box("person").has_class("-invalid")
        assert "Person is required" in str(row.box("person").error_label.content)
        assert "'soon' is not a date" in str(row.box("tenure").error_label.content)
        assert app.focused is row.box("person").editor
        assert app.submitted == []
        form_of(app).show_errors([RecordError("too long", Location(field="leaders[1].title"))])
        await pilot.pause()
        assert str(row.box("title").error_label.content) == "too long"


async def test_a_person_role_in_a_faction_is_added(sample_path: Path) -> None:
    app = form_app(open_sample(sample_path), "person", preset={"name": "Shahidullah Shahid"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert box(app, "id").editor.value == "shahidullah-shahid"
        rows_of(app, "affiliations").query_one(".rows-add").focus()
        await pilot.press("enter")
        await pick(pilot, "ttp")
        await pilot.press("tab", "tab")  # past the organisation
        await type_text(pilot, "aide")
        await pilot.press("tab")
        await type_text(pilot, "2013 to 2014")
        await pilot.press("enter")
        person = app.submitted[0].record
        assert person.affiliations == (Affiliation("ttp", "", "aide", "2013/2014"),)


async def test_a_role_needs_a_faction_or_an_organisation(sample_path: Path) -> None:
    app = form_app(open_sample(sample_path), "person", preset={"name": "Ali"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows_of(app, "affiliations").query_one(".rows-add").focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("tab", "tab")
        await type_text(pilot, "writer")
        await pilot.press("enter")
        await pilot.pause()
        row = rows_of(app, "affiliations").rows[0]
        assert "choose a faction or type an organisation" in str(
            row.box("faction").error_label.content
        )
        assert app.submitted == []
        await pilot.press("tab")  # from the faction (focused: it is wrong) to the organisation
        await type_text(pilot, "VICE")
        await pilot.press("enter")
        assert app.submitted[0].record.affiliations == (Affiliation("", "VICE", "writer"),)
