"""Two real processes saving to one file at the same moment, many times over.

tests/store_worker.py forks two writers per round; both load the file, then both
save at once. The lock file serialises them and the revision check makes the
second one merge (different records) or raise ConflictError (the same record).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.database import Database
from tests.store_helpers import make_db, small_world

WORKER = Path(__file__).with_name("store_worker.py")
ROUNDS = 20

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


@pytest.fixture
def racer(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    path = tmp_path / "race.json"
    worker = subprocess.Popen(
        [sys.executable, str(WORKER), "race", str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    yield path, worker
    assert worker.stdin is not None
    worker.stdin.close()
    worker.wait(10)


def _round(path: Path, worker: subprocess.Popen[str], mode: str) -> dict[str, dict]:
    if path.exists():
        path.unlink()
    make_db(path.parent, small_world(), name=path.name)
    assert worker.stdin is not None and worker.stdout is not None
    worker.stdin.write(mode + "\n")
    worker.stdin.flush()
    answer = json.loads(worker.stdout.readline())
    assert answer["a_status"] == 0 and answer["b_status"] == 0, answer
    return {"a": answer["a"], "b": answer["b"]}


def test_edits_of_different_records_by_two_processes_both_survive(
    racer: tuple[Path, subprocess.Popen[str]],
) -> None:
    path, worker = racer
    firsts: Counter[str] = Counter()
    for _ in range(ROUNDS):
        answers = _round(path, worker, "different")
        assert sorted(a["revision"] for a in answers.values()) == [1, 2], answers
        first, second = sorted(answers, key=lambda name: answers[name]["revision"])
        firsts[first] += 1
        assert answers[first]["incoming"] == []
        other_edit = "e1" if second == "b" else "e2"
        assert answers[second]["incoming"] == sorted([other_edit, f"p-{first}"]), answers
        final = Database.open(path)
        assert final.revision == 2
        assert final.events["e1"].title == "by a" and final.events["e2"].title == "by b"
        assert "p-a" in final and "p-b" in final
    print(f"\ntwo processes, different records: {ROUNDS} rounds, first to save {dict(firsts)}")


def test_edits_of_the_same_record_by_two_processes_conflict(
    racer: tuple[Path, subprocess.Popen[str]],
) -> None:
    path, worker = racer
    winners: Counter[str] = Counter()
    for _ in range(ROUNDS):
        answers = _round(path, worker, "same")
        saved = [name for name, answer in answers.items() if "revision" in answer]
        assert len(saved) == 1, answers  # never both: that would be a silent overwrite
        winner = saved[0]
        loser = "b" if winner == "a" else "a"
        winners[winner] += 1
        conflict = answers[loser]
        assert conflict["conflict"] == "e1"
        assert conflict["mine"]["title"] == f"by {loser}"
        assert conflict["theirs"]["title"] == f"by {winner}"
        final = Database.open(path)
        assert final.revision == 1
        assert final.events["e1"].title == f"by {winner}"
        assert f"p-{winner}" in final and f"p-{loser}" not in final  # nothing half-saved
    print(f"\ntwo processes, same record: {ROUNDS} rounds, winners {dict(winners)}")
