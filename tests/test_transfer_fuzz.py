"""Property tests: whatever bytes arrive as CSV or JSON, the importer never crashes
and never leaves a partial database: either the import is complete and valid, or
the database file is byte for byte what it was."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.database import Database
from tests.store_helpers import make_db, small_world
from tui.cli import cli

FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
HEADERS = [
    [
        "event_id_cnty",
        "event_date",
        "time_precision",
        "event_type",
        "actor1",
        "actor2",
        "notes",
        "source",
        "fatalities",
    ],
    ["eventid", "iyear", "imonth", "iday", "summary", "gname", "nkill", "scite1"],
    ["Year", "Month", "Day", "End Year", "Headline", "Text", "Group", "Type", "Display Date"],
    ["When", "What", "Who"],
]
CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["0", "2014", "13", "-99", "21 March 2020", "2020-02-30", "=1+1", "N/A", "1", "2", "3"]
    ),
    st.integers(-5, 3000).map(str),
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-10, 3000)
    | st.floats(allow_nan=False)
    | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "year",
                    "month",
                    "day",
                    "headline",
                    "text",
                    "start_date",
                    "end_date",
                    "media",
                    "url",
                    "group",
                    "display_date",
                    "unique_id",
                    "x",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


def import_and_check(folder: Path, name: str, data: bytes, *extra: str) -> None:
    db = make_db(folder, small_world())
    before = db.path.read_bytes()
    source = folder / name
    source.write_bytes(data)
    result = CliRunner().invoke(cli, ["import", str(source), "--db", str(db.path), "--yes", *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code != 0 or "Nothing new" in result.output:
        assert db.path.read_bytes() == before, result.output
    else:
        reopened = Database.open(db.path)
        assert reopened.warnings == [] and len(reopened) >= len(db)


@FUZZ
@given(
    header=st.sampled_from(HEADERS),
    rows=st.lists(st.lists(CELLS, min_size=0, max_size=10), max_size=6),
    delimiter=st.sampled_from([",", ";"]),
    junk=st.binary(max_size=8),
)
def test_random_csv_never_crashes_or_half_writes(
    tmp_path: Path, header: list[str], rows: list[list[str]], delimiter: str, junk: bytes
) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8") + junk
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    mapping = ["--map", "date=When,title=What,faction=Who"] if header[0] == "When" else []
    import_and_check(folder, "in.csv", data, *mapping)


@FUZZ
@given(events=st.lists(JSON_VALUES, max_size=5), eras=JSON_VALUES, top=st.booleans())
def test_random_timelinejs_json_never_crashes_or_half_writes(
    tmp_path: Path, events: list[object], eras: object, top: bool
) -> None:
    document = {"events": events, "eras": eras} if top else events
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    import_and_check(folder, "in.json", json.dumps(document).encode())


@FUZZ
@given(data=st.binary(max_size=200))
def test_random_bytes_never_crash(tmp_path: Path, data: bytes) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    import_and_check(folder, "in.dat", data)
