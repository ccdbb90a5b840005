"""Writer processes for tests/test_crash.py and tests/test_store_concurrency.py.

Run as `python tests/store_worker.py crash|race DB`. The script imports the store
once, then for every line it reads on stdin forks fresh processes that open DB and
write to it, so a round costs a fork instead of a Python start-up. It answers each
line with one line on stdout.

crash: the line is `go`; a child opens DB, then commits to it in a loop until it is
    killed. The answer is the child's pid, sent once the child has opened DB (so a
    kill soon after lands among the saves); after the test has killed it, a second
    line `reaped STATUS` follows (the raw wait status).
race: the line is `same` or `different`; two children open DB, wait until both have
    loaded it, then save at the same moment: both edit `e1` (same), or A edits `e1`
    and B `e2`, each also adding a person. The answer is a JSON object with each
    child's result: {"revision", "incoming"} or {"conflict", "mine", "theirs"}.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store.changes import Change
from store.database import Database
from store.errors import ConflictError
from store.model import Event, Person

TALLY = "tally"


def tally_title(count: int) -> str:
    return f"{count} writes"


def crash_child(path: Path, ready: int) -> None:
    """Commit forever: each save adds event w<k> and sets the tally to k + 1 writes."""
    db = Database.open(path)
    os.write(ready, b"!")
    while True:
        count = sum(1 for rid in db.events if rid.startswith("w"))
        tally = db.documents[TALLY]
        db.commit(
            [
                Change(None, Event(f"w{count}", "2015-01-01", f"Write {count}", summary="x" * 300)),
                Change(tally, replace(tally, title=tally_title(count + 1))),
            ]
        )


def race_child(path: Path, name: str, same: bool, go: int, out: int) -> None:
    db = Database.open(path)
    os.write(out, b"loaded\n")
    os.read(go, 1)
    target = db.events["e1" if same or name == "a" else "e2"]
    changes = [
        Change(target, replace(target, title=f"by {name}")),
        Change(None, Person(f"p-{name}", f"Person {name}")),
    ]
    try:
        result = db.commit(changes)
        answer = {"revision": result.revision, "incoming": sorted(result.incoming)}
    except ConflictError as error:
        answer = {"conflict": error.record_id, "mine": error.mine, "theirs": error.theirs}
    os.write(out, json.dumps(answer).encode() + b"\n")


def fork(run: object, *args: object) -> int:
    """Run `run(*args)` in a child process that never returns here."""
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        run(*args)  # type: ignore[operator]
    except BaseException as error:  # reported, and the exit status says it failed
        print(f"worker child failed: {error!r}", file=sys.stderr, flush=True)
        code = 3
    finally:
        os._exit(code)
    return 0  # not reached


def race_round(path: Path, same: bool) -> dict[str, object]:
    pipes = {name: (os.pipe(), os.pipe()) for name in ("a", "b")}
    pids = {
        name: fork(race_child, path, name, same, go[0], out[1]) for name, (go, out) in pipes.items()
    }
    readers = {name: os.fdopen(out[0], "rb") for name, (_, out) in pipes.items()}
    for reader in readers.values():
        assert reader.readline() == b"loaded\n"
    for _, (go, _) in pipes.items():  # both start saving at the same moment
        os.write(go[1], b"!")
    answers = {name: json.loads(reader.readline() or b"null") for name, reader in readers.items()}
    for name, pid in pids.items():
        _, status = os.waitpid(pid, 0)
        answers[f"{name}_status"] = status
    for (go, out), reader in zip(pipes.values(), readers.values(), strict=True):
        reader.close()
        for fd in (go[0], go[1], out[1]):
            os.close(fd)
    return answers


def warm_up() -> None:
    """Save once to a scratch database, so that what the store imports on a first save
    (lazily, to start fast) is imported here, once, not in every forked child; else a
    child killed within 50 ms has hardly ever got as far as saving."""
    with tempfile.TemporaryDirectory() as folder:
        db = Database.create(Path(folder) / "warm.json", [Person("p", "P")])
        db.commit([Change(None, Person("q", "Q"))])


def main() -> None:
    mode, path = sys.argv[1], Path(sys.argv[2])
    warm_up()
    for line in sys.stdin:
        command = line.strip()
        if mode == "crash" and command == "go":
            ready, opened = os.pipe()
            pid = fork(crash_child, path, opened)
            os.close(opened)
            os.read(ready, 1)  # empty if the child died before opening DB
            os.close(ready)
            print(pid, flush=True)
            _, status = os.waitpid(pid, 0)
            print(f"reaped {status}", flush=True)
        elif mode == "race" and command in ("same", "different"):
            print(json.dumps(race_round(path, command == "same")), flush=True)
        else:
            print(f"unknown command {command!r}", flush=True)


if __name__ == "__main__":
    main()
