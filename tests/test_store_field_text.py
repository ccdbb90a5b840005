"""Fields from typed text (`dateline add`/`edit --FIELD VALUE`): anything a person may
type gives a record or a RecordError naming the record and field, never a crash."""

from __future__ import annotations

from dataclasses import fields

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.database import Database
from store.errors import RecordError
from store.field_text import set_field
from store.model import LARGEST, TABLES, Event, table_of
from tests.conftest import SAMPLE

SAMPLE_DB = Database.open(SAMPLE, read_only=True)
RECORDS = [next(iter(SAMPLE_DB.tables[table].values())) for table in TABLES]
FIELDS = [
    (record, field.name)
    for record in RECORDS
    for field in fields(record)
    if field.name not in ("id", "doc_id")
] + [(next(iter(SAMPLE_DB.events.values())), "end")]

typed = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789²³¹½:,/-.~?% ", max_size=12),
    st.sampled_from(["TTP", "ttp:perpetrator", "fights:ttp:2014:note", "june 2014", "², ³"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIELDS), st.lists(typed, max_size=3))
def test_any_typed_value_sets_the_field_or_is_refused_naming_it(
    target: tuple[object, str], values: list[str]
) -> None:
    record, field = target
    try:
        changed = set_field(SAMPLE_DB, record, field, values)  # type: ignore[arg-type]
    except RecordError as error:
        assert error.location.field == field and error.location.record == record.id  # type: ignore[attr-defined]
        return
    assert table_of(changed) == table_of(record) and changed.id == record.id  # type: ignore[attr-defined]
    if field == "end":
        assert isinstance(changed, Event)


def test_superscript_digits_are_not_a_number_of_fatalities() -> None:
    event = next(iter(SAMPLE_DB.events.values()))
    with pytest.raises(RecordError, match="not a whole number"):
        set_field(SAMPLE_DB, event, "fatalities", ["²"])
    assert set_field(SAMPLE_DB, event, "fatalities", ["12"]).fatalities == 12  # type: ignore[attr-defined]
    assert set_field(SAMPLE_DB, event, "fatalities", ["١٢"]).fatalities == 12  # type: ignore[attr-defined]


def test_a_count_too_large_to_save_is_refused_as_the_field() -> None:
    """99999999999999999999999999 passed every check and failed the save in the
    encoder ("Integer exceeds 64-bit range", naming no field)."""
    event = next(iter(SAMPLE_DB.events.values()))
    too_large = set_field(SAMPLE_DB, event, "fatalities", [str(LARGEST + 1)])
    problems = SAMPLE_DB.check_record(too_large, new=False)
    assert [p.location.field for p in problems] == ["fatalities"]  # type: ignore[attr-defined]
    assert "from 0 to" in str(problems[0])
    largest = set_field(SAMPLE_DB, event, "fatalities", [str(LARGEST)])
    assert SAMPLE_DB.check_record(largest, new=False) == []
