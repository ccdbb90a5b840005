"""Merging: records that match (same stable id, or same date and title) are merged,
never duplicated; factions and documents are found by name; one write per import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store.database import Database
from store.errors import Location
from store.model import Event, Faction, Link, to_dict
from store.transfer.importer import ImportRefused, plan_import, write_import
from store.transfer.merge import DocumentDraft, EventDraft, Merger, abbreviations, name_forms
from tests.store_helpers import count_writes, document, event, faction, make_db, small_world

HERE = Location("in.csv", 2)


def merger(db: Database | None = None) -> Merger:
    return Merger(db, "in.csv", "test")


def test_a_stable_id_merges_filling_what_the_database_lacks(tmp_path: Path) -> None:
    db = make_db(
        tmp_path, [faction("f1", "Alpha Front"), event("acled:x1", "2014", "Kept", tags=("a",))]
    )
    m = merger(db)
    m.add_event(
        EventDraft(
            "2015",
            "Other title",
            "acled:x1",
            "New summary",
            factions=[("Alpha Front", "", "")],
            tags=["b"],
        ),
        HERE,
    )
    plan = m.finish()
    assert plan.merged == 1 and plan.added_text() == "nothing" and plan.updated == 1
    [change] = plan.changes
    merged = change.after
    assert isinstance(merged, Event)
    assert (merged.date, merged.title, merged.summary) == ("2014", "Kept", "New summary")
    assert merged.tags == ("a", "b") and merged.factions == (Link("f1"),)


def test_same_date_and_title_merge_within_a_file_and_with_the_database(tmp_path: Path) -> None:
    db = make_db(tmp_path, [event("old", "2014-06", "Offensive begins")])
    m = merger(db)
    m.add_event(EventDraft("2014-06", "offensive BEGINS", summary="x"), HERE)
    m.add_event(EventDraft("2016", "Twice"), HERE)
    m.add_event(EventDraft("2016", "Twice", place="here"), HERE)
    plan = m.finish()
    assert plan.merged == 2
    new = [r for r in plan.new_records if isinstance(r, Event)]
    assert [(e.id, e.place) for e in new] == [("2016-twice", "here")]
    assert plan.changes[-1].after.summary == "x"  # type: ignore[union-attr]


def test_different_stable_ids_are_never_merged_even_with_equal_titles() -> None:
    m = merger()
    m.add_event(EventDraft("2020-03-21", "Armed clash: A vs B", "acled:afg1"), HERE)
    m.add_event(EventDraft("2020-03-21", "Armed clash: A vs B", "acled:afg2"), HERE)
    assert [e.id for e in m.finish().new_records] == ["acled:afg1", "acled:afg2"]


def test_an_id_of_another_kind_is_a_rejected_row(tmp_path: Path) -> None:
    db = make_db(tmp_path, [faction("ttp", "TTP")])
    m = merger(db)
    assert not m.add_event(EventDraft("2014", "X", "ttp"), HERE)
    assert [str(r) for r in m.finish().rejections] == [
        "in.csv:2: id: 'ttp' is already the id of a faction"
    ]


def test_a_rejected_row_leaves_no_orphan_faction_or_document() -> None:
    m = merger()
    draft = EventDraft(
        "2014-13", "Bad", factions=[("Orphan", "", "")], documents=[DocumentDraft("Doc")]
    )
    assert not m.add_event(draft, HERE)
    plan = m.finish()
    assert plan.new_records == [] and plan.rejected_rows == 1


def test_generated_ids_never_collide(tmp_path: Path) -> None:
    db = make_db(tmp_path, [document("2014-attack", "Some document")])
    m = merger(db)
    m.add_event(EventDraft("2014", "Attack"), HERE)
    m.faction("Attack 2014")
    m.add_event(EventDraft("2014~", "Attack"), HERE)
    ids = [r.id for r in m.finish().new_records]
    assert sorted(ids) == ["2014-attack-2", "2014-attack-3", "attack-2014"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("TTP: Tehreek-i-Taliban Pakistan", "ttp"),
        ("Tehrik-i-Taliban Pakistan (TTP)", "ttp"),
        ("tehrik-e-taliban PAKISTAN", "ttp"),
        ("Pakistani Taliban", "ttp"),
        ("Fazlulláh Front", "fazlullah-front"),
        ("NATO: North Atlantic Treaty Organization", "nato-north-atlantic-treaty-organization"),
    ],
)
def test_factions_are_found_by_folded_name_alias_or_abbreviation(
    tmp_path: Path, name: str, expected: str
) -> None:
    db = make_db(
        tmp_path,
        [
            faction("ttp", "Tehrik-e-Taliban Pakistan", aliases=("TTP", "Pakistani Taliban")),
            faction("fazlullah-front", "Fazlullah Front"),
        ],
    )
    m = merger(db)
    m.add_event(EventDraft("2014", "Clash", factions=[(name, "", "")]), HERE)
    [new_event] = [r for r in m.finish().new_records if isinstance(r, Event)]
    assert new_event.factions == (Link(expected),)


def test_new_factions_of_one_import_meet_by_their_long_name() -> None:
    m = merger()
    first = m.faction("KNU/KNLA: Karen National Union/Karen National Liberation Army")
    assert m.faction("Karen National Union/Karen National Liberation Army") == first
    assert m.faction("PDF: People's Defence Force") != m.faction("PDF: Popular Defence Forces")


def test_name_forms_and_abbreviations() -> None:
    assert name_forms("TTP: Tehreek-i-Taliban Pakistan") == [
        "ttp: tehreek-i-taliban pakistan",
        "tehreek-i-taliban pakistan",
    ]
    assert abbreviations("Islamic State of Iraq and the Levant (ISIL)") == ["isil"]
    assert abbreviations("Military Forces of Afghanistan (2014-)") == []
    assert abbreviations("Civilians (Afghanistan)") == []


def test_documents_are_found_by_url_or_by_title_and_outlet(tmp_path: Path) -> None:
    db = make_db(
        tmp_path,
        [
            document("vice", "Why the Taliban", outlet="VICE News", url="https://vice.example/a"),
            document("dawn-report", "Report", outlet="Dawn"),
        ],
    )
    m = merger(db)
    assert m.document(DocumentDraft("Other caption", url="https://vice.example/a")) == "vice"
    assert m.document(DocumentDraft("report", "DAWN")) == "dawn-report"
    m.document(DocumentDraft("Report", "The News"))
    m.document(DocumentDraft("https://www.example.org/page", url="https://www.example.org/page"))
    assert [r.id for r in m.finish().new_records] == ["report", "example-org-page"]


def test_an_import_is_one_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = make_db(tmp_path, small_world())
    source = tmp_path / "in.json"
    source.write_text(
        json.dumps(
            {
                "events": [
                    {"start_date": {"year": n}, "text": {"headline": f"E{n}"}}
                    for n in range(1900, 2000)
                ]
            }
        )
    )
    written = count_writes(monkeypatch)
    plan = plan_import(source, db)
    write_import(plan, db)
    assert written == [db.path] and len(Database.open(db.path).events) == 102


def test_rejected_rows_stop_the_write_unless_partial(tmp_path: Path) -> None:
    db = make_db(tmp_path, small_world())
    before = db.path.read_bytes()
    source = tmp_path / "in.json"
    source.write_text(
        '{"events": [{"start_date": {"year": 2001}, "text": {"headline": "ok"}}, {"text": {}}]}'
    )
    plan = plan_import(source, db)
    with pytest.raises(ImportRefused):
        write_import(plan, db)
    assert db.path.read_bytes() == before
    write_import(plan, db, partial=True)
    assert "2001-ok" in Database.open(db.path).events


def test_a_dateline_export_rejects_dangling_references_and_what_leans_on_them(
    tmp_path: Path,
) -> None:
    export = {
        "dateline": 1,
        "factions": [
            {"id": "f9", "name": "Nine", "relations": [{"kind": "fights", "target": "ghost"}]}
        ],
        "events": [
            {"id": "e9", "date": "2014", "title": "Uses f9", "factions": [{"id": "f9"}]},
            {"id": "e10", "date": "2014", "title": "Fine"},
            {"id": "e11", "date": "20144", "title": "Bad date"},
        ],
    }
    source = tmp_path / "export.json"
    source.write_text(json.dumps(export))
    plan = plan_import(source, None)
    assert [r.id for r in plan.new_records] == ["e10"]
    reasons = sorted(str(r).split(str(tmp_path))[-1] for r in plan.rejections)
    assert any("[f9]: relations: refers to 'ghost'" in r for r in reasons)
    assert any("[e9]: factions: refers to 'f9'" in r for r in reasons)
    assert any("[e11]: date:" in r for r in reasons)
    assert plan.rejected_rows == 3


def test_a_dateline_database_file_imports_into_another(tmp_path: Path) -> None:
    other = make_db(tmp_path, small_world(), name="other.json")
    mine = make_db(tmp_path, [faction("f1", "Alpha Front", summary="mine")], name="mine.json")
    plan = plan_import(other.path, mine)
    assert plan.format_name == "dateline" and plan.merged == 1
    write_import(plan, mine)
    reopened = Database.open(mine.path)
    assert to_dict(reopened.factions["f1"])["summary"] == "mine"
    assert set(reopened.events) == {"e1", "e2"} and isinstance(reopened.get("f2"), Faction)
