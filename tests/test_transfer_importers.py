"""Each importer on small hand-made files: dates at their real precision, factions,
documents, eras, containers, and a located reason for every rejected row."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from store.database import Database
from store.model import Document, Event, Faction, Quote, Record
from store.transfer.gate import GateError
from store.transfer.importer import plan_import, write_import
from store.transfer.options import ImportOptions
from store.transfer.plan import ImportPlan
from tests.conftest import SAMPLE


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def of(plan: ImportPlan, kind: type) -> list[Any]:
    return [record for record in plan.new_records if isinstance(record, kind)]


def by_title(plan: ImportPlan) -> dict[str, Event]:
    return {event.title: event for event in of(plan, Event)}


def problems(plan: ImportPlan) -> list[str]:
    """Each rejection as "file:line: field: reason", the folder left out."""
    folder = str(Path(plan.source).parent) + "/"
    return [str(rejection).replace(folder, "") for rejection in plan.rejections]


# -- TimelineJS --------------------------------------------------------------------------


def slide(year: Any, headline: str, **extra: Any) -> dict[str, Any]:
    return {
        "start_date": {"year": year, **extra.pop("start", {})},
        "text": {"headline": headline},
        **extra,
    }


def timelinejs(tmp_path: Path, *slides: dict[str, Any], **top: Any) -> Path:
    return write(tmp_path, "t.json", json.dumps({"events": list(slides), **top}))


def test_timelinejs_dates_keep_their_precision(tmp_path: Path) -> None:
    path = timelinejs(
        tmp_path,
        slide("2002", "Year only"),
        slide(2014, "Month", start={"month": "6", "day": ""}),
        slide("2014", "Day", start={"month": 12, "day": "16"}),
        slide("0602", "Early", end_date={"year": "629"}),
        slide("2008", "Range", end_date={"year": "2009", "month": "", "day": ""}),
        slide("1943", "Mixed", start={"month": "7"}, end_date={"year": "1946"}),
    )
    dates = {title: e.date for title, e in by_title(plan_import(path, None)).items()}
    assert dates == {
        "Year only": "2002",
        "Month": "2014-06",
        "Day": "2014-12-16",
        "Early": "0602/0629",
        "Range": "2008/2009",
        "Mixed": "1943-07/1946",
    }


def test_timelinejs_display_dates_restore_what_the_fields_cannot_hold(tmp_path: Path) -> None:
    path = timelinejs(
        tmp_path,
        slide("2002", "About", display_date="c. 2002"),
        slide("1990", "Decade", end_date={"year": "1999"}, display_date="1990s"),
        slide("2014", "Open", start={"month": "6"}, display_date="Jun 2014 –"),
        slide("1978", "Liar", display_date="Summer 1985"),
        slide("1978", "Prose", start={"month": "6"}, display_date="1978"),
    )
    dates = {title: e.date for title, e in by_title(plan_import(path, None)).items()}
    assert dates == {
        "About": "2002~",
        "Decade": "199X",
        "Open": "2014-06/..",
        "Liar": "1978",
        "Prose": "1978-06",
    }


def test_timelinejs_groups_media_eras_title_and_quotes(tmp_path: Path) -> None:
    quote = {
        "start_date": {"year": "2014", "month": "12", "day": "17"},
        "media": {
            "url": "<blockquote>We want them to <b>feel</b> pain</blockquote>",
            "credit": "Khorasani",
        },
        "text": {"headline": "", "text": ""},
        "unique_id": "khorasani-pain",
    }
    path = timelinejs(
        tmp_path,
        slide(
            "2014",
            "Attack <i>on</i> a school<br/>in Peshawar",
            group="TTP",
            media={
                "url": "https://example.org/a",
                "caption": "The report",
                "credit": "<a href='x'>VICE</a>",
            },
            text={"headline": "Attack", "text": "<p>First &amp; foremost</p><p>Second</p>"},
        ),
        quote,
        title={"text": {"headline": "Pakistan <b>2014</b>"}},
        eras=[
            {"start_date": {"year": 2008}, "end_date": {"year": 2009}, "text": {"headline": "Swat"}}
        ],
    )
    plan = plan_import(path, None)
    assert plan.title == "Pakistan 2014" and plan.rows_read == 3
    attack = by_title(plan)["Attack"]
    assert attack.summary == "First & foremost\n\nSecond"
    assert [f.name for f in of(plan, Faction)] == ["TTP"]
    assert attack.factions[0].id == "ttp"
    [document] = of(plan, Document)
    assert (document.title, document.outlet, document.url) == (
        "The report",
        "VICE",
        "https://example.org/a",
    )
    assert by_title(plan)["Swat"].tags == ("era",) and by_title(plan)["Swat"].date == "2008/2009"
    [said] = of(plan, Quote)
    assert (said.id, said.text, said.date) == (
        "khorasani-pain",
        "We want them to feel pain",
        "2014-12-17",
    )


def test_a_faction_made_from_a_name_never_takes_an_id_a_later_slide_carries(
    tmp_path: Path,
) -> None:
    """The group "E1" of the first slide would have made the faction `e1`, and the second
    slide, whose unique_id is `e1`, was refused as "already the id of a faction" (found
    by the TimelineJS round-trip property). The file is read again with its ids kept
    free of names."""
    path = timelinejs(
        tmp_path,
        slide("2014", "First", group="E1"),
        slide("2015", "Second", unique_id="e1"),
        slide("2016", "Third", group="E1"),
    )
    plan = plan_import(path, None)
    assert plan.rejections == []
    assert {r.id: type(r) for r in plan.new_records} == {
        "e1-2": Faction,
        "2014-first": Event,
        "e1": Event,
        "2016-third": Event,
    }
    events = {r.id: r for r in plan.new_records if isinstance(r, Event)}
    assert [link.id for link in events["2014-first"].factions] == ["e1-2"]
    assert [link.id for link in events["2016-third"].factions] == ["e1-2"]
    assert [record.id for _, record in plan.previews] == ["2014-first", "e1", "2016-third"]


def test_an_event_whose_id_is_its_groups_slug_is_not_merged_into_that_faction(
    tmp_path: Path,
) -> None:
    """The slide `e1` of the group "E1": the faction took `e1` first and the event was
    merged into it (AttributeError: 'Event' object has no attribute 'name')."""
    path = timelinejs(tmp_path, slide("2014", "Clash", unique_id="e1", group="E1"))
    plan = plan_import(path, None)
    assert [(type(r), r.id) for r in plan.new_records] == [(Event, "e1"), (Faction, "e1-2")]
    assert plan.rows_read == 1


def test_timelinejs_groups_can_be_tags(tmp_path: Path) -> None:
    path = timelinejs(tmp_path, slide("2014", "A", group="Politics"))
    plan = plan_import(path, None, ImportOptions(groups="tag"))
    assert by_title(plan)["A"].tags == ("Politics",) and not of(plan, Faction)


def test_timelinejs_bad_slides_are_rejected_with_their_field(tmp_path: Path) -> None:
    path = timelinejs(
        tmp_path,
        slide("-44", "Caesar"),
        slide("2014", "Bad month", start={"month": "13"}),
        slide("", "No year"),
        slide("2014", "Backwards", end_date={"year": "2013"}),
        {"text": {"headline": "No date"}},
        "not an object",
        slide("2014", "Good"),
    )
    plan = plan_import(path, None)
    assert plan.rows_read == 7 and plan.rejected_rows == 6 and list(by_title(plan)) == ["Good"]
    text = "\n".join(problems(plan))
    assert "t.json [events[1]]: start_date: '-044' is not a date" in text or "events[1]" in text
    assert "[events[2]]: start_date: '2014-13' is not a date: month 13 does not exist" in text
    assert "[events[3]]: start_date.year: is required" in text
    assert "[events[4]]: end_date:" in text and "before the start" in text
    assert "[events[6]]: a slide must be an object" in text


def test_timelinejs_needs_an_events_list(tmp_path: Path) -> None:
    path = write(tmp_path, "t.json", '{"title": {}}')
    with pytest.raises(GateError, match="no list of 'events'"):
        plan_import(path, None, ImportOptions(format="timelinejs"))


def test_the_timelinejs_spreadsheet_template(tmp_path: Path) -> None:
    header = (
        "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,"
        "Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n"
    )
    rows = (
        ",,,,,,,,,My title,Intro,,,,,title,,\n"
        "2002,,,,,,,,,Invasion,<p>Text</p>,https://e.org/x,AP,Photo,,,US,\n"
        "2008,,,,2009,,,,,Swat era,,,,,,era,,\n"
        "1815,12,10,,1852,11,27,,,Ada,,,,,,,,\n"
        "abc,,,,,,,,,Broken,,,,,,,,\n"
    )
    plan = plan_import(write(tmp_path, "sheet.csv", header + rows), None)
    assert plan.format_name == "timelinejs-csv" and plan.title == "My title"
    events = by_title(plan)
    assert events["Invasion"].date == "2002" and events["Invasion"].summary == "Text"
    assert events["Swat era"].tags == ("era",) and events["Ada"].date == "1815-12-10/1852-11-27"
    assert problems(plan) == ["sheet.csv:6: start_date: year 'abc' is not a whole number"]


# -- Timeline XML ------------------------------------------------------------------------

TIMELINE = """<?xml version="1.0" encoding="utf-8"?>
<timeline>
  <version>2.5.0</version>
  <timetype>gregoriantime</timetype>
  <eras>
    <era><name>Surge</name><start>2009-12-01 00:00:00</start><end>2011-07-01 00:00:00</end>
    <color>1,2,3</color></era>
  </eras>
  <categories>
    <category><name>Attacks</name><color>255,0,0</color></category>
  </categories>
  <events>
    <event>
      <start>2014-12-16 10:00:00</start><end>2014-12-16 18:00:00</end>
      <text>School attack</text><fuzzy>False</fuzzy><category>Attacks</category>
      <description>Gunmen enter a school.</description>
      <hyperlink>https://news.example/a;https://news.example/b</hyperlink>
    </event>
    <event>
      <start>2014-06-15 00:00:00</start><end>2014-12-01 00:00:00</end>
      <text>Offensive</text><fuzzy>True</fuzzy>
    </event>
    <event>
      <start>2013-11-01 00:00:00</start><end>2013-11-01 00:00:00</end>
      <text>Leader emerges</text><fuzzy_start>True</fuzzy_start><ends_today>True</ends_today>
    </event>
    <event><start>2015-01-01 00:00:00</start><end>2015-03-01 00:00:00</end>
      <text>[7]Campaign</text></event>
    <event><start>2015-01-05 00:00:00</start><end>2015-01-05 00:00:00</end>
      <text>(7)First raid</text></event>
    <event><start>2015-02-30 00:00:00</start><end>2015-02-30 00:00:00</end>
      <text>No such day</text></event>
    <event><start>2016-01-01 00:00:00</start><end>2015-01-01 00:00:00</end>
      <text> (bracketed) backwards</text></event>
  </events>
  <view></view>
</timeline>
"""


def test_timeline_xml(tmp_path: Path) -> None:
    plan = plan_import(write(tmp_path, "war.timeline", TIMELINE), None)
    events = by_title(plan)
    assert plan.format_name == "timeline" and plan.rows_read == 8
    school = events["School attack"]
    assert school.date == "2014-12-16" and school.tags == ("Attacks",)
    assert school.summary == "Gunmen enter a school."
    assert [d.url for d in of(plan, Document)] == [
        "https://news.example/a",
        "https://news.example/b",
    ]
    assert events["Offensive"].date == "2014-06-15~/2014-12-01~"
    assert events["Leader emerges"].date == "2013-11-01~/.."
    assert events["Campaign"].tags == ("container",) and events["First raid"].tags == ("Campaign",)
    assert events["Surge"].tags == ("era",) and events["Surge"].date == "2009-12-01/2011-07-01"
    assert problems(plan) == [
        "war.timeline:31: start: '2015-02-30' is not a date: February 2015 has only 28 days",
        "war.timeline:31: end: '2015-02-30' is not a date: February 2015 has only 28 days",
        "war.timeline:33: end: '2016-01-01/2015-01-01' is not a valid interval: the end "
        "(1 Jan 2015) is before the start (1 Jan 2016)",
    ]


def test_timeline_categories_can_be_factions(tmp_path: Path) -> None:
    plan = plan_import(
        write(tmp_path, "war.timeline", TIMELINE), None, ImportOptions(groups="faction")
    )
    assert [f.name for f in of(plan, Faction)] == ["Attacks"]


def test_timeline_other_calendars_are_refused(tmp_path: Path) -> None:
    text = TIMELINE.replace("gregoriantime", "pharaonictime")
    with pytest.raises(GateError, match="line 4: uses the 'pharaonictime' calendar"):
        plan_import(write(tmp_path, "p.timeline", text), None)


# -- ACLED ---------------------------------------------------------------------------------

ACLED = (
    "data_id,event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,admin1,location,country,source,notes,fatalities\n"
    "1,PAK100,16 December 2014,2014,1,Violence against civilians,Attack,"
    "TTP: Tehreek-i-Taliban Pakistan,,2,"
    "Civilians (Pakistan),Students (Pakistan); Teachers (Pakistan),7,"
    "Khyber Pakhtunkhwa,Peshawar,Pakistan,"
    '"Dawn; BBC News","On 16 December 2014, gunmen attacked a school.",145\n'
    "2,PAK101,2014-12-20,2014,2,Battles,Armed clash,Military Forces of Pakistan (2013-2018),,1,"
    "TTP: Tehreek-i-Taliban Pakistan,,2,Khyber Pakhtunkhwa,Tirah,Pakistan,Dawn,Clashes.,3\n"
    "3,PAK102,03 January 2015,2015,3,Protests,Peaceful protest,Protesters (Pakistan),,6,,,,"
    "Punjab,Lahore,"
    "Pakistan,Dawn,Protest.,0\n"
    "4,PAK103,31 February 2015,2015,1,Battles,Armed clash,X,,2,,,,,,,Dawn,,0\n"
    "5,PAK104,1 March 2015,2015,4,Battles,Armed clash,X,,2,,,,,,,Dawn,,-3\n"
)


def test_acled_rows(tmp_path: Path) -> None:
    plan = plan_import(write(tmp_path, "acled.csv", ACLED), None)
    events = {event.id: event for event in of(plan, Event)}
    assert list(events) == ["acled:pak100", "acled:pak101", "acled:pak102"]
    school = events["acled:pak100"]
    assert school.date == "2014-12-16" and school.fatalities == 145
    assert (
        school.title == "Attack: TTP: Tehreek-i-Taliban Pakistan vs Civilians (Pakistan), Peshawar"
    )
    assert school.place == "Peshawar, Khyber Pakhtunkhwa, Pakistan"
    assert school.summary == "On 16 December 2014, gunmen attacked a school."
    assert school.tags == ("violence against civilians", "attack")
    assert [(link.id, link.role) for link in school.factions] == [
        ("ttp-tehreek-i-taliban-pakistan", "actor 1"),
        ("civilians-pakistan", "actor 2"),
        ("students-pakistan", "associated with actor 2"),
        ("teachers-pakistan", "associated with actor 2"),
    ]
    assert school.documents == ("dawn", "bbc-news")
    assert events["acled:pak101"].date == "2014-12-20~"  # within a week: about that day
    assert events["acled:pak102"].date == "2015-01"  # within a month: the month only
    factions = {f.id: f for f in of(plan, Faction)}
    assert factions["ttp-tehreek-i-taliban-pakistan"].kind == "armed group"
    assert factions["military-forces-of-pakistan-2013-2018"].kind == "state military"
    assert len(factions) == 6, "the TTP of rows 1 and 2 is one faction"
    assert problems(plan) == [
        "acled.csv:5: event_date: '2015-02-31' is not a date: February 2015 has only 28 days",
        "acled.csv:6: time_precision: '4' is not 1, 2 or 3",
        "acled.csv:6: fatalities: -3 is below 0",
    ]


def test_acled_actors_merge_with_existing_factions_by_alias(tmp_path: Path) -> None:
    db = Database.open(SAMPLE, read_only=True)
    plan = plan_import(write(tmp_path, "acled.csv", ACLED), db, ImportOptions(format="acled"))
    school = next(e for e in of(plan, Event) if e.id == "acled:pak100")
    assert school.factions[0].id == "ttp", "'TTP: …' found the sample's faction by its alias"
    assert "ttp" not in {f.id for f in of(plan, Faction)}


def test_acled_without_its_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(GateError, match="no 'event_date', 'actor1' column"):
        plan_import(write(tmp_path, "a.csv", "x,y\n1,2\n"), None, ImportOptions(format="acled"))


# -- GTD -------------------------------------------------------------------------------------

GTD = (
    "sep=;\n"
    "eventid;iyear;imonth;iday;country_txt;provstate;city;summary;attacktype1_txt;gname;gname2;nkill;scite1;scite2;scite3\n"
    "201412160001;2014;12;16;Pakistan;Khyber Pakhtunkhwa;Peshawar;"
    '"12/16/2014: Assailants attacked a school. Many died.";'
    "Armed Assault;Tehrik-i-Taliban Pakistan (TTP);Unknown;145;"
    '"""Gunmen storm school,"" Dawn, December 16, 2014.";N/A;\n'
    "200700000001;2007;0;0;Pakistan;;Unknown;;Bombing/Explosion;Unknown;;-99;;;\n"
    "201306000002;2013;6;0;Pakistan;;Quetta;Something happened;Unknown;Lashkar;;N/A;SOHR; Dawn;;\n"
    "201300000003;2013;0;5;Pakistan;;;x;;;;;;;\n"
    "201300000004;0;1;1;Pakistan;;;x;;;;;;;\n"
    "201300000005;2013;1;1;Pakistan;;;x;;;;many;;;\n"
)


def test_gtd_rows(tmp_path: Path) -> None:
    plan = plan_import(write(tmp_path, "gtd.csv", GTD), None)
    assert plan.format_name == "gtd"
    events = {e.id: e for e in of(plan, Event)}
    school = events["gtd:201412160001"]
    assert school.date == "2014-12-16" and school.title == "Assailants attacked a school."
    assert school.place == "Peshawar, Khyber Pakhtunkhwa, Pakistan" and school.fatalities == 145
    assert [link.id for link in school.factions] == ["tehrik-i-taliban-pakistan-ttp"]
    assert school.tags == ("armed assault",)
    [dawn_article] = [d for d in of(plan, Document) if d.id in school.documents]
    assert (dawn_article.title, dawn_article.outlet, dawn_article.published) == (
        "Gunmen storm school",
        "Dawn",
        "2014-12-16",
    )
    unknown = events["gtd:200700000001"]
    assert unknown.date == "2007" and unknown.fatalities is None and unknown.factions == ()
    assert unknown.title == "Bombing/Explosion in Pakistan"
    assert events["gtd:201306000002"].date == "2013-06"
    assert [
        d.title for d in of(plan, Document) if d.id in events["gtd:201306000002"].documents
    ] == [
        "SOHR",
        "Dawn",
    ]
    found = problems(plan)
    assert found[0] == "gtd.csv:6: iyear/imonth/iday: a day (5) is given without a month"
    assert found[1].startswith("gtd.csv:7: ") and "year 0 does not exist" in found[1]
    assert found[2] == "gtd.csv:8: nkill: nkill 'many' is not a whole number"
    assert len(found) == 3


def test_gtd_with_commas_and_year_month_day_columns(tmp_path: Path) -> None:
    text = "eventid,year,month,day,summary,gname\n201001010001,2010,1,0,Something.,Al-Qaida\n"
    plan = plan_import(write(tmp_path, "g.csv", text), None)
    [event] = of(plan, Event)
    assert (event.id, event.date) == ("gtd:201001010001", "2010-01")


# -- generic CSV -------------------------------------------------------------------------------

GENERIC = (
    "When,What,Who,Where,Source\n"
    "2014-06,Offensive begins,Pakistani military,North Waziristan,Dawn\n"
    "16 December 2014,School attack,TTP; Jamaat-ul-Ahrar,Peshawar,\n"
    "01/02/2014,Ambiguous,,,\n"
    "soon,Bad date,,,\n"
    "'=1+1,Escaped formula,,,\n"
)
MAPPING = (
    ("date", "When"),
    ("title", "what"),
    ("faction", "Who"),
    ("place", "Where"),
    ("source", "Source"),
)


def test_generic_csv_through_a_mapping(tmp_path: Path) -> None:
    plan = plan_import(write(tmp_path, "g.csv", GENERIC), None, ImportOptions(mapping=MAPPING))
    events = by_title(plan)
    assert events["Offensive begins"].date == "2014-06"
    assert events["Offensive begins"].place == "North Waziristan"
    assert [link.id for link in events["School attack"].factions] == ["ttp", "jamaat-ul-ahrar"]
    assert problems(plan)[0].startswith("g.csv:4: When: '01/02/2014' is ambiguous")
    assert problems(plan)[1].startswith("g.csv:5: When: 'soon' is not a date")
    assert problems(plan)[2].startswith("g.csv:6: When: '=1+1' is not a date")
    assert [line for line, _ in plan.previews] == [2, 3]


def test_generic_csv_day_order(tmp_path: Path) -> None:
    plan = plan_import(
        write(tmp_path, "g.csv", GENERIC), None, ImportOptions(mapping=MAPPING, order="DMY")
    )
    assert by_title(plan)["Ambiguous"].date == "2014-02-01"


@pytest.mark.parametrize(
    ("mapping", "expected"),
    [
        ((), "no known layout: say which column holds what with --map"),
        ((("title", "What"),), "the mapping needs date"),
        ((("date", "When"), ("title", "Nope")), "has no column 'Nope'"),
    ],
)
def test_generic_csv_mapping_problems(tmp_path: Path, mapping: tuple, expected: str) -> None:
    with pytest.raises(GateError, match=expected):
        plan_import(write(tmp_path, "g.csv", GENERIC), None, ImportOptions(mapping=mapping))


def test_the_format_can_be_forced(tmp_path: Path) -> None:
    path = write(tmp_path, "acled.csv", ACLED)
    plan = plan_import(
        path,
        None,
        ImportOptions(format="csv", mapping=(("date", "event_date"), ("title", "notes"))),
    )
    assert plan.format_name == "csv" and len(of(plan, Event)) >= 3


# -- writing -----------------------------------------------------------------------------------


def test_a_new_database_gets_the_file_title(tmp_path: Path) -> None:
    plan = plan_import(
        timelinejs(tmp_path, slide("2002", "A"), title={"text": {"headline": "T"}}), None
    )
    written = write_import(plan, None, tmp_path / "new.json")
    assert written.created and Database.open(tmp_path / "new.json").title == "T"
    plan = plan_import(write(tmp_path, "acled.csv", ACLED), None)
    written = write_import(plan, None, tmp_path / "other.json", partial=True)
    assert written.db.title == "acled"


def records_of(db: Database) -> dict[str, Record]:
    return {record.id: record for record in db.all_records()}
