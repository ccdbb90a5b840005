"""The benchmark tools: bench/make_db.py writes valid, realistic databases, and the
pure helpers of bench/run.py parse, format and judge correctly. No timings are
asserted here: the figures live in bench/RESULTS.md."""

from __future__ import annotations

import csv
import os
import sys
from collections import Counter
from pathlib import Path

import orjson
import pytest

from bench import make_db, run, workers
from store import fileformat
from store.database import Database
from store.dates import FuzzyDate, Precision
from store.errors import Location
from store.model import from_dict, to_dict

EVENTS = 500


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 500-event database and its CSV, written once for this module."""
    folder = tmp_path_factory.mktemp("bench")
    path, csv_path = folder / "small.json", folder / "small.csv"
    make_db.write(EVENTS, path, csv_path=csv_path)
    return path, csv_path


@pytest.fixture(scope="module")
def small_db(small: tuple[Path, Path]) -> Database:
    return Database.open(small[0], read_only=True)


# ---------------------------------------------------------------------------
# make_db


def test_database_opens_without_warnings_and_has_the_planned_counts(small_db: Database) -> None:
    counts = make_db.counts_for(EVENTS)
    assert small_db.warnings == []  # every reference points at a record that exists
    assert {table: len(records) for table, records in small_db.tables.items()} == {
        "events": EVENTS,
        "factions": counts.factions,
        "people": counts.people,
        "quotes": counts.quotes,
        "documents": counts.documents,
    }
    assert small_db.index.event_order  # and the index builds


def test_counts_follow_the_proportions_within_their_bounds() -> None:
    assert make_db.counts_for(100) == make_db.Counts(100, 20, 10, 5, 5)  # minimums
    assert make_db.counts_for(100_000) == make_db.Counts(100_000, 500, 1_000, 5_000, 2_000)
    assert make_db.counts_for(10_000_000) == make_db.Counts(
        10_000_000, 5_000, 10_000, 50_000, 20_000
    )


def test_dates_mix_precisions_like_real_conflict_data(small_db: Database) -> None:
    kinds: Counter[str] = Counter()
    years = []
    for event in small_db.events.values():
        date = FuzzyDate.parse(event.date)
        kinds["interval" if date.interval else date.precision.name] += 1
        if date.lower is not None:
            years.append(date.lower.year)
    assert 0.6 < kinds[Precision.DAY.name] / EVENTS < 0.8
    assert 0.12 < kinds[Precision.MONTH.name] / EVENTS < 0.28
    assert 0.04 < kinds[Precision.YEAR.name] / EVENTS < 0.16
    assert min(years) >= make_db.FIRST_YEAR
    assert max(years) <= make_db.LAST_YEAR


def test_events_have_the_planned_shape(small: tuple[Path, Path], small_db: Database) -> None:
    events = list(small_db.events.values())
    assert all(1 <= len(event.factions) <= 3 for event in events)
    assert all(len(event.tags) <= 3 for event in events)
    assert all(link.role for event in events for link in event.factions)
    titles = sum(len(event.title) for event in events) / EVENTS
    summaries = sum(len(event.summary) for event in events) / EVENTS
    assert 50 < titles < 70
    assert 260 < summaries < 340
    lines = [row for row in fileformat.read_rows(small[0]) if row[0] == "events"]
    sizes = [len(orjson.dumps(raw)) for _, _, raw, _ in lines]
    assert 500 < sum(sizes) / len(sizes) < 650  # "~550-byte events"


def test_factions_have_aliases_leaders_and_relations(small_db: Database) -> None:
    factions = list(small_db.factions.values())
    assert all(faction.aliases for faction in factions)
    assert sum(len(faction.relations) for faction in factions) > 0
    assert any(faction.leaders for faction in factions) or len(factions) < 30
    assert any(person.affiliations for person in small_db.people.values())


def test_the_file_is_one_record_per_line_with_sequential_doc_ids(small: tuple[Path, Path]) -> None:
    rows = list(fileformat.read_rows(small[0]))  # streams: it would raise LayoutRestart if not
    assert all(line > 0 for *_, line in rows)
    by_table: dict[str, list[int]] = {}
    for table, doc_id, _, _ in rows:
        by_table.setdefault(table, []).append(doc_id)
    for table, doc_ids in by_table.items():
        assert doc_ids == list(range(1, len(doc_ids) + 1)), table


def test_event_objects_are_what_to_dict_writes(small: tuple[Path, Path]) -> None:
    """make_db builds event dicts directly for speed: they must be canonical."""
    for table, doc_id, raw, line in fileformat.read_rows(small[0]):
        if table == "events":
            record = from_dict(table, raw, Location("small.json", line), doc_id)
            assert to_dict(record) == raw


def test_the_same_seed_writes_the_same_bytes() -> None:
    assert make_db.build(60, seed=3) == make_db.build(60, seed=3)
    assert make_db.build(60, seed=3) != make_db.build(60, seed=4)


def test_csv_holds_the_same_events(small: tuple[Path, Path], small_db: Database) -> None:
    with open(small[1], newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == EVENTS
    first = next(event for event in small_db.events.values() if event.doc_id == 1)
    assert rows[0]["date"] == first.date
    assert rows[0]["title"] == first.title
    assert rows[0]["summary"] == first.summary
    assert rows[0]["factions"] == "; ".join(
        small_db.factions[link.id].name for link in first.factions
    )
    assert rows[0]["tags"] == ";".join(first.tags)


def test_search_words_have_known_frequencies(small_db: Database) -> None:
    """The rare word is planted once per RARE_EVERY events; the no-match word never."""
    draw = make_db._Draw(make_db.DEFAULT_SEED, 10)
    factions = list(small_db.factions.values())
    refs = make_db._EventRefs(
        draw.pool(factions, range(1, len(factions) + 1)),
        list(small_db.people.values()),
        list(small_db.documents.values()),
    )
    planted = make_db.make_event(draw, make_db.RARE_EVERY, refs)
    assert make_db.RARE_WORD in planted["summary"]
    assert small_db.index.search(make_db.NO_MATCH_WORD) == []
    assert len(small_db.index.search("police", limit=10**6)) > EVENTS // 20


# ---------------------------------------------------------------------------
# run.py helpers


def test_parse_sizes_reads_plain_and_suffixed_numbers() -> None:
    assert run.parse_sizes("10000,100k, 1M") == [10_000, 100_000, 1_000_000]
    assert run.parse_sizes("1_000") == [1_000]
    with pytest.raises(ValueError):
        run.parse_sizes("ten")
    with pytest.raises(ValueError):
        run.parse_sizes("0")


def test_labels_and_units() -> None:
    assert [run.size_label(n) for n in (None, 500, 10_000, 1_000_000, 1_500)] == [
        "sample",
        "500",
        "10k",
        "1M",
        "1500",
    ]
    assert run.format_seconds(None) == "–"
    assert run.format_seconds(0.000012) == "12 µs"
    assert run.format_seconds(0.0034) == "3.4 ms"
    assert run.format_seconds(0.52) == "0.52 s"
    assert run.format_seconds(14.2) == "14 s"
    assert run.format_seconds(float("inf")) == "never"
    assert run.format_mb(2048) == "2 MB"
    assert run.format_mb(None) == "–"


def test_stat_ignores_missing_runs() -> None:
    assert run.Stat.of([0.3, None, 0.1, 0.2]) == run.Stat(0.2, 0.3, 3)
    assert run.Stat.of([None]) == run.Stat(None, None, 0)


def test_verdicts_check_time_memory_and_extra_conditions() -> None:
    fast = run.Stat.of([0.01])
    slow = run.Stat.of([0.5])
    assert run.Row("x", 10, fast, target=run.Target(0.016)).verdict() == "pass"
    assert run.Row("x", 10, slow, target=run.Target(0.016)).verdict() == "FAIL"
    assert run.Row("x", 10, slow).verdict() == "–"
    assert run.Row("x", 10, run.Stat.of([]), target=run.Target(1)).verdict() == "FAIL"
    heavy = run.Row("x", 10, fast, peak_kb=2 * 1024 * 1024, target=run.Target(5, 1024))
    assert heavy.verdict() == "FAIL"
    assert run.Row("x", 10, fast, target=run.Target(1), ok_extra=False).verdict() == "FAIL"


def test_targets_follow_the_issue() -> None:
    assert run.search_target(100_000).seconds == 0.016
    assert run.search_target(1_000_000).seconds == 0.050
    assert run.loaded_target(10_000) == run.Target(0.6)
    assert run.loaded_target(1_000_000) == run.Target(5.0, 1024)


def test_render_table_has_one_line_per_row_and_escapes_pipes() -> None:
    rows = [
        run.Row("a", 10_000, run.Stat.of([0.002]), target=run.Target(0.016)),
        run.Row("b", None, run.Stat.of([1.0]), note="x | y"),
    ]
    lines = run.render_table(rows).splitlines()
    assert len(lines) == 4
    assert lines[2].startswith("| a | 10k | 2.0 ms |") and "| pass |" in lines[2]
    assert "x / y" in lines[3]
    assert all(line.count("|") == lines[0].count("|") for line in lines)


def test_screen_watcher_finds_markers_split_by_reads_and_escapes() -> None:
    watcher = run.ScreenWatcher(["Timeline", " 10 events · "])
    assert watcher.feed(b"\x1b[?1049h\x1b[1;1H 1 Time", 0.1) == []
    assert watcher.feed(b"line \x1b[38;2;1;2;3m", 0.2) == ["Timeline"]
    assert watcher.feed(b" 10 \x1b[0m", 0.3) == []
    assert not watcher.done
    assert watcher.feed(b"events \xc2\xb7 db.json", 0.4) == [" 10 events · "]
    assert watcher.found == {"Timeline": 0.2, " 10 events · ": 0.4}
    assert watcher.done


def test_strip_ansi_keeps_only_text() -> None:
    assert run.strip_ansi(b"\x1b[1;31mred\x1b[0m \x1b]52;c;eA==\x07done\x1b7") == b"red done"


def test_imported_modules_reads_importtime_output() -> None:
    stderr = (
        "import time: self [us] | cumulative | imported package\n"
        "import time:       100 |        100 |   textual.app\n"
        "import time:        50 |         50 | click\n"
        "unrelated line\n"
    )
    assert run.imported_modules(stderr) == {"textual.app", "click"}


def test_run_process_reports_output_and_peak_memory() -> None:
    result = run.run_process([sys.executable, "-c", "print('{\"answer\": 42}')"], timeout=60)
    assert result.returncode == 0
    assert result.result() == {"answer": 42}
    assert result.peak_kb > 1000
    assert result.cpu > 0


def test_run_in_terminal_times_what_is_drawn() -> None:
    script = (
        "import sys, time; sys.stdout.write('\\x1b[1mready\\x1b[0m'); sys.stdout.flush(); "
        "time.sleep(30)"
    )
    result = run.run_in_terminal([sys.executable, "-c", script], ["ready"], timeout=20)
    assert set(result.marks) == {"ready"}
    assert set(result.cpu_at) == {"ready"}  # the CPU the child had used by then
    assert not result.timed_out  # stopped once the marker showed, not after 30 s
    assert result.wall < 20


def test_code_state_names_the_sources_measured() -> None:
    description, digest = run.code_state()
    assert digest in description
    assert description.startswith("git ")


def test_cpu_seconds_reads_a_running_process() -> None:
    used = run.cpu_seconds(os.getpid())
    assert used is not None and used > 0
    assert run.cpu_seconds(2**22 + 1) is None  # beyond pid_max: no such process


def test_workers_load_the_small_database(small: tuple[Path, Path]) -> None:
    result = workers.load_dateline(small[0])
    assert result["events"] == EVENTS
    assert result["warnings"] == 0
    assert set(result["load"]) == {"wall", "cpu"}
