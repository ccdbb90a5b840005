"""Measure dateline against the targets of issue 8 and print a Markdown table.

    python bench/run.py [--sizes 10000,100000,1000000] [--repeat 5] [--skip-app]

Databases of each size are written once by `bench/make_db.py` and cached in
bench/data/ (git-ignored; rebuilt when make_db.py changes). Every measurement
that depends on start-up or memory runs in a fresh process, `--repeat` times
(`--large-repeat` times at 1M events and more); the table gives the median, the
worst run and the peak resident memory of the process (from `os.wait4`, so it
is that process's own high-water mark).

How each row is measured:

* first screen / fully loaded: `dateline DB` runs in a pseudo-terminal of
  120x40, as a user would start it. The clock runs from spawning the process
  until the screen output contains the tab bar ("Timeline", first frame) and
  then the status line "N events · file" (the Loaded handler has run and the
  timeline rows are drawn). The reference, a minimal Textual app, is started
  the same way in the same loop, so both see the same machine load.
* Database.open + index, TinyDB `.all()`, VisiData's CSV loader: in-process
  time from after the imports until every row is loaded (bench/workers.py).
* search, rows, keys, typing, commit: bench/workers.py, one process each.
* CLI: `dateline --help` and `dateline --db fixtures/peshawar.json search
  peshawar` as processes; `-X importtime` tells whether Textual was imported.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import make_db  # noqa: E402
from bench.minimal_app import MARKER as MINIMAL_MARKER  # noqa: E402
from bench.workers import TYPED  # noqa: E402

BENCH = ROOT / "bench"
SAMPLE = ROOT / "fixtures" / "peshawar.json"
PYTHON = sys.executable
DATELINE = str(Path(sys.executable).parent / "dateline")
SCREEN_COLUMNS, SCREEN_LINES = 120, 40
LARGE = 1_000_000
FIRST_FRAME_MARKER = "Timeline"  # the tab bar: on the very first frame, loaded or not


# ---------------------------------------------------------------------------
# Pure helpers (tested in tests/test_bench_tools.py)


def parse_sizes(text: str) -> list[int]:
    """ "10k,100000,1M" -> [10000, 100000, 1000000]."""
    sizes = []
    for item in text.split(","):
        item = item.strip().lower().replace("_", "")
        if not item:
            continue
        scale = {"k": 1_000, "m": 1_000_000}.get(item[-1], 1)
        number = item[:-1] if scale > 1 else item
        if not number.isdigit() or int(number) <= 0:
            raise ValueError(f"not a number of events: {item!r}")
        sizes.append(int(number) * scale)
    return sizes


def size_label(events: int | None) -> str:
    """10000 -> "10k", 1000000 -> "1M", None -> "sample"."""
    if events is None:
        return "sample"
    if events >= 1_000_000 and events % 1_000_000 == 0:
        return f"{events // 1_000_000}M"
    if events >= 1_000 and events % 1_000 == 0:
        return f"{events // 1_000}k"
    return str(events)


def format_seconds(value: float | None) -> str:
    """Seconds as people read them: "12 µs", "3.4 ms", "0.52 s", "14 s"."""
    if value is None:
        return "–"
    if value == float("inf"):
        return "never"
    if value < 0.001:
        return f"{value * 1e6:.0f} µs"
    if value < 0.1:
        return f"{value * 1e3:.1f} ms"
    if value < 10:
        return f"{value:.2f} s"
    return f"{value:.0f} s"


def format_mb(kilobytes: float | None) -> str:
    return "–" if kilobytes is None else f"{kilobytes / 1024:.0f} MB"


_ANSI = re.compile(
    rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|P[^\x1b]*\x1b\\|[0-?@-Z\\-_])"
)


def strip_ansi(data: bytes) -> bytes:
    """Terminal output without escape sequences: what is left is the drawn text."""
    return _ANSI.sub(b"", data)


class ScreenWatcher:
    """Notes when each marker first appears in a terminal's output stream.

    Only a tail of the output is kept: a marker may straddle two reads, or an
    escape sequence may be cut by one, so the tail is re-stripped on each feed.
    """

    TAIL = 1 << 18

    def __init__(self, markers: Sequence[str]) -> None:
        self.pending = [(m, m.encode()) for m in markers]
        self.found: dict[str, float] = {}
        self._tail = b""

    def feed(self, chunk: bytes, at: float) -> list[str]:
        self._tail = (self._tail + chunk)[-self.TAIL :]
        text = strip_ansi(self._tail)
        new = [name for name, raw in self.pending if name not in self.found and raw in text]
        for name in new:
            self.found[name] = at
        return new

    @property
    def done(self) -> bool:
        return len(self.found) == len(self.pending)


def imported_modules(importtime_stderr: str) -> set[str]:
    """Module names from `python -X importtime` output."""
    names = set()
    for line in importtime_stderr.splitlines():
        parts = line.split("|")
        if line.startswith("import time:") and len(parts) == 3 and parts[1].strip().isdigit():
            names.add(parts[2].strip())
    return names


@dataclass(frozen=True)
class Stat:
    """Median and worst of repeated timings (None when nothing was measured)."""

    median: float | None
    worst: float | None
    runs: int

    @classmethod
    def of(cls, values: Iterable[float | None]) -> Stat:
        got = [v for v in values if v is not None]
        if not got:
            return cls(None, None, 0)
        return cls(statistics.median(got), max(got), len(got))


@dataclass(frozen=True)
class Target:
    """What a row must reach: a time, and optionally a peak memory."""

    seconds: float | None = None
    peak_mb: float | None = None
    text: str = ""

    def describe(self) -> str:
        if self.text:
            return self.text
        parts = []
        if self.seconds is not None:
            parts.append(f"< {format_seconds(self.seconds)}")
        if self.peak_mb is not None:
            parts.append(f"peak < {self.peak_mb / 1024:.0f} GB")
        return ", ".join(parts) or "–"


@dataclass
class Row:
    """One line of the results table."""

    what: str
    size: int | None
    stat: Stat
    peak_kb: float | None = None
    cpu: Stat | None = None
    target: Target | None = None
    reference: str = ""
    ok_extra: bool = True  # a condition beyond time and memory (e.g. "no Textual import")
    note: str = ""

    def verdict(self) -> str:
        """ "pass", "FAIL" or "–" (no target, or nothing measured)."""
        if self.target is None:
            return "–"
        if self.stat.median is None:  # it never got there (see the note)
            return "FAIL"
        ok = self.ok_extra
        if self.target.seconds is not None:
            ok = ok and self.stat.median < self.target.seconds
        if self.target.peak_mb is not None and self.peak_kb is not None:
            ok = ok and self.peak_kb / 1024 < self.target.peak_mb
        return "pass" if ok else "FAIL"


def render_table(rows: Sequence[Row]) -> str:
    """The Markdown table of results."""
    head = "| row | size | median | max | CPU | peak memory | target | result | reference / note |"
    lines = [head, "|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        extra = "; ".join(x for x in (row.reference, row.note) if x)
        lines.append(
            "| "
            + " | ".join(
                [
                    row.what,
                    size_label(row.size),
                    format_seconds(row.stat.median),
                    format_seconds(row.stat.worst),
                    format_seconds(row.cpu.median if row.cpu else None),
                    format_mb(row.peak_kb),
                    row.target.describe() if row.target else "–",
                    row.verdict(),
                    extra.replace("|", "/"),
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def wall_and_cpu(timings: dict[str, list[float]]) -> tuple[Stat, Stat]:
    """Stats of a worker's {"wall": [...], "cpu": [...]} timings."""
    return Stat.of(timings["wall"]), Stat.of(timings["cpu"])


def search_target(events: int) -> Target:
    """Issue 8: under 16 ms up to 100k events, under 50 ms at 1M."""
    return Target(0.016 if events <= 100_000 else 0.050)


def loaded_target(events: int) -> Target | None:
    """Under 0.6 s at 100k (smaller must not be slower); 5 s and 1 GB at 1M."""
    if events <= 100_000:
        return Target(0.6)
    if events <= LARGE:
        return Target(5.0, 1024)
    return None


# ---------------------------------------------------------------------------
# Running processes


@dataclass
class ProcessRun:
    """One finished child: wall time, CPU time, peak memory, output."""

    wall: float
    cpu: float
    peak_kb: int
    returncode: int
    stdout: str = ""
    stderr: str = ""
    marks: dict[str, float] = field(default_factory=dict)
    timed_out: bool = False
    cpu_at: dict[str, float | None] = field(default_factory=dict)  # CPU used by each mark

    def result(self) -> dict[str, Any]:
        """The JSON object a worker printed last."""
        for line in reversed(self.stdout.splitlines()):
            if line.startswith("{"):
                return json.loads(line)  # type: ignore[no-any-return]
        raise RuntimeError(f"no result (exit {self.returncode}): {self.stderr[-2000:]}")


def _reap(pid: int, started: float) -> tuple[float, float, int, int]:
    """Wait for `pid`; (wall, cpu, peak kB, exit code) from its own rusage."""
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def run_process(
    command: Sequence[str], timeout: float, env: dict[str, str] | None = None
) -> ProcessRun:
    """Run to completion; stdout captured, stderr kept in a file (no pipe deadlock)."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=err, env=env, start_new_session=True
        )
        timer = threading.Timer(timeout, _kill_group, (proc.pid,))
        timer.start()
        try:
            out = proc.stdout.read() if proc.stdout else b""  # until the child exits
            wall, cpu, peak, code = _reap(proc.pid, started)
        finally:
            timer.cancel()
            if proc.stdout:
                proc.stdout.close()
        proc.returncode = code  # reaped by wait4: keep Popen from waiting again
        err.seek(0)
        return ProcessRun(
            wall,
            cpu,
            peak,
            code,
            out.decode(errors="replace"),
            err.read().decode(errors="replace"),
            timed_out=code == -signal.SIGKILL,
        )


def cpu_seconds(pid: int) -> float | None:
    """CPU time used so far by a running process (Linux /proc; 10 ms resolution)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def run_in_terminal(command: Sequence[str], markers: Sequence[str], timeout: float) -> ProcessRun:
    """Start `command` on a 120x40 pseudo-terminal; time when each marker is drawn.

    The process is killed once every marker has appeared (or at the timeout):
    its peak memory is then what it took to get there.
    """
    import fcntl
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SCREEN_LINES, SCREEN_COLUMNS, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", TEXTUAL_ANIMATIONS="none")
    watcher = ScreenWatcher(markers)
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    output = b""
    cpu_at: dict[str, float | None] = {}
    try:
        while not watcher.done:
            left = timeout - (time.perf_counter() - started)
            if left <= 0:
                break
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                break
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # the child closed the terminal (it exited)
                break
            if not chunk:
                break
            for marker in watcher.feed(chunk, time.perf_counter() - started):
                cpu_at[marker] = cpu_seconds(proc.pid)
            output = (output + chunk)[-(1 << 16) :]
    finally:
        _kill_group(proc.pid)
        wall, cpu, peak, code = _reap(proc.pid, started)
        proc.returncode = code
        os.close(master)
    text = strip_ansi(output).decode(errors="replace")
    return ProcessRun(
        wall,
        cpu,
        peak,
        code,
        stderr=text,
        marks=dict(watcher.found),
        timed_out=not watcher.done,
        cpu_at=cpu_at,
    )


def prepare_cache(path: Path, *, warm: bool) -> None:
    """Cold: remove the column cache of `path`. Warm: make it, as an earlier session
    of the explorer leaves it (columns, date order and the gathered links)."""
    if warm:
        code = (
            "import sys; from store.database import Database; "
            "db = Database.open(sys.argv[1], read_only=True); "
            "db.index.events_by; db.remember_links()"
        )
        subprocess.run([PYTHON, "-c", code, str(path)], check=True, cwd=ROOT)
    else:
        from store import column_cache

        column_cache.forget(path)


def worker(kind: str, path: Path, repeat: int, timeout: float) -> ProcessRun:
    command = [PYTHON, str(BENCH / "workers.py"), kind, str(path), "--repeat", str(repeat)]
    env = dict(os.environ, TEXTUAL_ANIMATIONS="none")
    return run_process([*command, "--spawned", repr(time.time())], timeout, env)


# ---------------------------------------------------------------------------
# Databases


def _generator_stamp() -> str:
    source = (BENCH / "make_db.py").read_bytes()
    return hashlib.sha256(source).hexdigest()[:16]


def ensure_database(events: int) -> tuple[Path, Path]:
    """The cached database and CSV of `events` events, written if missing or stale."""
    path, csv_path = make_db.default_path(events), make_db.default_csv_path(events)
    stamp_file = path.with_name(path.name + ".stamp")
    stamp = _generator_stamp()
    fresh = (
        path.exists()
        and csv_path.exists()
        and stamp_file.exists()
        and stamp_file.read_text() == stamp
    )
    if not fresh:
        _say(f"writing {path.name} and {csv_path.name}…")
        subprocess.run(
            [
                PYTHON,
                str(BENCH / "make_db.py"),
                str(events),
                "--out",
                str(path),
                "--csv",
                str(csv_path),
            ],
            check=True,
        )
        stamp_file.write_text(stamp)
    return path, csv_path


# ---------------------------------------------------------------------------
# The measurements


def _say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _peak(runs: Sequence[ProcessRun]) -> float | None:
    return max((r.peak_kb for r in runs), default=None)


def _describe_failures(runs: Sequence[ProcessRun]) -> str:
    """ "2 of 5 runs timed out: ..." (empty when every run went well)."""
    bad = [r for r in runs if r.timed_out or r.returncode not in (0, -signal.SIGKILL)]
    if not bad:
        return ""
    first = bad[0]
    what = "timed out" if first.timed_out else f"exit {first.returncode}"
    return f"{len(bad)} of {len(runs)} runs {what}: {first.stderr.strip()[-200:]}"


class Bench:
    """Runs every measurement and collects the rows of the table."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rows: list[Row] = []
        self.raw: dict[str, Any] = {}
        self._sample_typing: str | None = None
        self._loading_reference: dict[int, str] = {}  # by size, for the "fully loaded" row

    def repeat_for(self, events: int) -> int:
        return self.args.large_repeat if events >= LARGE else self.args.repeat

    def _worker(self, kind: str, events: int, path: Path, repeat: int) -> dict[str, Any] | None:
        """Run one worker; on failure add a FAIL row saying why and return None."""
        run = worker(kind, path, repeat, self.args.timeout)
        if run.returncode != 0:
            self.rows.append(Row(kind, events, Stat.of([]), note=_describe_failures([run])))
            return None
        result = run.result()
        result["peak_kb"] = run.peak_kb
        self.raw[f"{kind} {events}"] = result
        return result

    # -- command line ------------------------------------------------------

    def measure_cli(self) -> None:
        _say("CLI: --help and search on the sample")
        repeat = self.args.repeat
        bare = [run_process([PYTHON, "-c", "pass"], 60) for _ in range(repeat)]
        startup = f"`python -c pass`: {format_seconds(Stat.of(r.wall for r in bare).median)}"
        cases = {
            "`dateline --help`": ["--help"],
            "`dateline search peshawar`": ["--db", str(SAMPLE), "search", "peshawar"],
        }
        for label, argv in cases.items():
            runs = [run_process([DATELINE, *argv], 60) for _ in range(repeat)]
            imports = run_process([PYTHON, "-X", "importtime", "-m", "tui", *argv], 60)
            textual = any(
                m == "textual" or m.startswith("textual.") for m in imported_modules(imports.stderr)
            )
            self.raw[label] = [r.wall for r in runs]
            self.rows.append(
                Row(
                    label,
                    None,
                    Stat.of(r.wall for r in runs),
                    _peak(runs),
                    Stat.of(r.cpu for r in runs),
                    Target(0.080, text="< 80 ms, no Textual import"),
                    reference=f"Textual imported: {'yes' if textual else 'no'}; {startup}",
                    ok_extra=not textual and all(r.returncode == 0 for r in runs),
                    note=_describe_failures(runs),
                )
            )

    # -- start-up, in a terminal ---------------------------------------------

    def measure_terminal(self, events: int, path: Path) -> None:
        repeat = self.repeat_for(events)
        _say(f"{size_label(events)}: `dateline DB` in a terminal ×{repeat}, with the reference")
        loaded_marker = f" {events} events · "
        apps, warm_apps, minimal = [], [], []
        for _ in range(repeat):  # interleaved, so all see the same machine load
            minimal.append(
                run_in_terminal([PYTHON, str(BENCH / "minimal_app.py")], [MINIMAL_MARKER], 60)
            )
            prepare_cache(path, warm=False)
            apps.append(
                run_in_terminal(
                    [DATELINE, str(path)], [FIRST_FRAME_MARKER, loaded_marker], self.args.timeout
                )
            )
            prepare_cache(path, warm=True)
            warm_apps.append(
                run_in_terminal(
                    [DATELINE, str(path)], [FIRST_FRAME_MARKER, loaded_marker], self.args.timeout
                )
            )
        reference = Stat.of(r.marks.get(MINIMAL_MARKER) for r in minimal)
        reference_cpu = Stat.of(r.cpu_at.get(MINIMAL_MARKER) for r in minimal)
        self.raw[f"terminal {events}"] = {
            "app": [r.marks for r in apps],
            "app cpu at marks": [r.cpu_at for r in apps],
            "app cpu": [r.cpu for r in apps],
            "app peak_kb": [r.peak_kb for r in apps],
            "minimal": [r.marks for r in minimal],
        }
        self.rows.append(
            Row(
                "first screen (`dateline DB` in a terminal)",
                events,
                Stat.of(r.marks.get(FIRST_FRAME_MARKER) for r in apps),
                cpu=Stat.of(r.cpu_at.get(FIRST_FRAME_MARKER) for r in apps),
                target=Target(0.4),
                reference=f"minimal Textual app, same run: {format_seconds(reference.median)}"
                f" (CPU {format_seconds(reference_cpu.median)}; issue: 0.25 s)",
                note=_describe_failures(apps),
            )
        )
        for label, runs in (
            ("fully loaded and browsable, cold (every line parsed)", apps),
            ("fully loaded and browsable, warm (column cache)", warm_apps),
        ):
            self.rows.append(
                Row(
                    label,
                    events,
                    Stat.of(r.marks.get(loaded_marker) for r in runs),
                    _peak(runs),
                    Stat.of(r.cpu_at.get(loaded_marker) for r in runs),
                    loaded_target(events),
                    reference=self._loading_reference.get(events, ""),
                    note=_describe_failures(runs),
                )
            )

    # -- loading without the UI ----------------------------------------------

    def measure_loading(self, events: int, path: Path, csv_path: Path) -> None:
        repeat = self.repeat_for(events)
        _say(f"{size_label(events)}: Database.open + index, TinyDB, VisiData ×{repeat}")
        kinds = {"dateline": path, "dateline-warm": path, "tinydb": path}
        if self.args.visidata:
            kinds["visidata"] = csv_path
        runs: dict[str, list[ProcessRun]] = {kind: [] for kind in kinds}
        for _ in range(repeat):  # interleaved, so all three see the same machine load
            for kind, source in kinds.items():
                runs[kind].append(worker(kind, source, 1, self.args.timeout))
        results = {
            kind: [r.result() for r in kind_runs if r.returncode == 0]
            for kind, kind_runs in runs.items()
        }
        self.raw[f"loading {events}"] = results

        def stats(kind: str, part: str = "load") -> tuple[Stat, Stat]:
            return (
                Stat.of(res[part]["wall"][0] for res in results[kind]),
                Stat.of(res[part]["cpu"][0] for res in results[kind]),
            )

        peaks = {
            kind: _peak([r for r in kind_runs if r.returncode == 0])
            for kind, kind_runs in runs.items()
        }
        references = []
        for kind, name in (("visidata", "VisiData"), ("tinydb", "TinyDB")):
            if results.get(kind):
                wall = stats(kind)[0].median
                references.append(f"{name} {format_seconds(wall)} ({format_mb(peaks[kind])})")
        reference = "; ".join(references)
        self._loading_reference[events] = reference
        for kind, label in (
            ("dateline", "Database.open + date order (no UI), cold"),
            ("dateline-warm", "Database.open + date order (no UI), warm"),
        ):
            wall, cpu = stats(kind)
            split = ", ".join(
                f"{part} {format_seconds(stats(kind, part)[0].median)}"
                for part in ("open", "index")
                if results[kind]
            )
            self.rows.append(
                Row(
                    label,
                    events,
                    wall,
                    peaks[kind],
                    cpu,
                    reference=reference,
                    note="; ".join(x for x in (split, _describe_failures(runs[kind])) if x),
                )
            )
        names = {
            "tinydb": "plain TinyDB `.all()` of the events (reference)",
            "visidata": "VisiData loading the same rows as CSV (reference)",
        }
        for kind, name in names.items():
            if kind in runs:
                wall, cpu = stats(kind)
                self.rows.append(
                    Row(name, events, wall, peaks[kind], cpu, note=_describe_failures(runs[kind]))
                )

    # -- search, rows, keys, commit ------------------------------------------

    def measure_search(self, events: int, path: Path) -> None:
        _say(f"{size_label(events)}: search")
        result = self._worker("search", events, path, max(self.args.repeat, 5))
        if result is None:
            return
        for label, data in result.items():
            if not isinstance(data, dict):
                continue
            wall, cpu = wall_and_cpu(data)
            self.rows.append(
                Row(
                    f"search: {label} ({data['query']!r})",
                    events,
                    wall,
                    cpu=cpu,
                    target=search_target(events),
                    note=f"{data['all_hits']} matches, {data['hits']} returned",
                )
            )

    def measure_rows(self, events: int, path: Path) -> None:
        _say(f"{size_label(events)}: timeline rows")
        result = self._worker("rows", events, path, max(self.args.repeat, 5))
        if result is None:
            return
        for label in (
            "timeline rows built",
            "first jump (builds row_of map)",
            "jump to a date",
            "draw a page of rows",
            "detail of the busiest faction",
        ):
            if label not in result:  # from an older workers.py
                continue
            wall, cpu = wall_and_cpu(result[label])
            note = ""
            if label.startswith("detail"):
                note = f"{result['busiest faction events']} events; the cursor landing on it"
            self.rows.append(
                Row(f"rows only: {label}", events, wall, cpu=cpu, target=Target(0.016), note=note)
            )

    def measure_app(self, events: int, path: Path) -> None:
        _say(f"{size_label(events)}: headless app (load handler, keys, typing)")
        result = self._worker("app", events, path, max(self.args.repeat, 5))
        if result is None:
            return
        wall, cpu = wall_and_cpu(result["Loaded handler (UI blocked)"])
        self.rows.append(
            Row(
                "app: Loaded handler (UI frozen while it runs)",
                events,
                wall,
                cpu=cpu,
                note=f"headless: screen ready {format_seconds(result['screen ready (from spawn)'])}"
                f", rows set {format_seconds(result['rows set (from spawn)'])} after spawn",
            )
        )
        for label in (
            "first jump (builds row_of map)",
            "jump to a date",
            "cursor down",
            "page down",
            "bottom (G)",
            "top (g)",
        ):
            wall, cpu = wall_and_cpu(result[label])
            self.rows.append(Row(f"app key: {label}", events, wall, cpu=cpu, target=Target(0.016)))
        self.rows.append(
            Row(
                f"typing {TYPED!r} in search: longest UI stall",
                events,
                Stat.of([result["typing: longest UI stall"]]),
                target=Target(0.016, text="< 16 ms (one frame)"),
                reference=self._typing_reference(),
                note=f"{result['typing: UI stalls over 16 ms']} stalls over 16 ms",
            )
        )
        self.rows.append(
            Row(
                "typing: results on screen after the last key",
                events,
                Stat.of([result["typing: results after last key"]]),
                target=search_target(events),
            )
        )

    def _typing_reference(self) -> str:
        """The same typing on the 11-event sample: Textual's own share of the stalls."""
        if self._sample_typing is None:
            with tempfile.TemporaryDirectory() as folder:
                copy = Path(folder) / "peshawar.json"
                shutil.copyfile(SAMPLE, copy)
                run = worker("app", copy, 3, 120)
            stall = run.result()["typing: longest UI stall"] if run.returncode == 0 else None
            self._sample_typing = f"same typing on the sample: {format_seconds(stall)}"
        return self._sample_typing

    def measure_commit(self, events: int, path: Path) -> None:
        repeat = self.repeat_for(events)
        _say(f"{size_label(events)}: commit ×{repeat}")
        result = self._worker("commit", events, path, repeat)
        if result is None:
            return
        wall, cpu = wall_and_cpu(result["commit"])
        encode = Stat.of(result["encode"]["wall"]).median
        write = Stat.of(result["write_atomic"]["wall"]).median
        self.rows.append(
            Row(
                "an edit saved durably (`db.commit`)",
                events,
                wall,
                cpu=cpu,
                target=Target(0.1) if events <= 100_000 else None,
                reference="TinyDB rewriting 100k: ~1 s (issue)",
                note=f"of which encode {format_seconds(encode)}, write+fsync "
                f"{format_seconds(write)} ({result['bytes'] / 1e6:.0f} MB)",
            )
        )

    # -- all of it -----------------------------------------------------------

    def run(self) -> None:
        only = self.args.only

        def wanted(part: str) -> bool:
            return not only or part in only

        app = not self.args.skip_app
        if wanted("cli"):
            self.measure_cli()
        for events in self.args.sizes:
            path, csv_path = ensure_database(events)
            if wanted("loading"):
                self.measure_loading(events, path, csv_path)
            if app and wanted("terminal"):
                self.measure_terminal(events, path)
            if wanted("search"):
                self.measure_search(events, path)
            if wanted("rows"):
                self.measure_rows(events, path)
            if app and wanted("app"):
                self.measure_app(events, path)
            if wanted("commit"):
                self.measure_commit(events, path)


def machine() -> str:
    """Date, machine and load, for the head of RESULTS.md."""
    memory = ""
    with contextlib.suppress(OSError), open("/proc/meminfo") as info:
        kb = int(info.readline().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB memory"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}; {platform.machine()}, {os.cpu_count()} cores"
        f"{memory}; Python {platform.python_version()}; load average {load}"
    )


def code_state() -> tuple[str, str]:
    """(description, digest) of the code measured: git HEAD, local changes, sources hash.

    Several people work in this tree: if store/ or tui/ change during a run, the
    figures mix two versions, and the digests at start and end say so.
    """
    digest = hashlib.sha256()
    sources = [*sorted((ROOT / "store").rglob("*.py")), *sorted((ROOT / "tui").rglob("*.*"))]
    for source in sources:
        if source.suffix in (".py", ".tcss"):
            digest.update(source.relative_to(ROOT).as_posix().encode())
            digest.update(source.read_bytes())

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else "?"

    changed = len(git("status", "--porcelain", "--", "store", "tui").splitlines())
    short = digest.hexdigest()[:12]
    head = git("rev-parse", "--short", "HEAD")
    return f"git {head} + {changed} changed files in store/ and tui/ (sources {short})", short


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("10k,100k,1M"))
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement")
    parser.add_argument("--large-repeat", type=int, default=2, help="runs at 1M events and more")
    parser.add_argument("--skip-app", action="store_true", help="skip the Textual measurements")
    parser.add_argument("--no-visidata", dest="visidata", action="store_false")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per process")
    parser.add_argument("--json", type=Path, help="also save the raw figures here")
    parser.add_argument(
        "--only",
        type=lambda text: set(text.split(",")),
        default=set(),
        help="only these: cli,loading,terminal,search,rows,app,commit",
    )
    args = parser.parse_args(argv)
    if args.visidata:
        try:
            import visidata  # noqa: F401
        except ImportError:
            _say(
                "VisiData is not installed (pip install -e '.[bench]'"
                " --config-settings editable_mode=compat): skipping it"
            )
            args.visidata = False
    started, (code, digest) = machine(), code_state()
    bench = Bench(args)
    bench.run()
    ended, (code_after, digest_after) = machine(), code_state()
    print(f"Started {started}\nEnded   {ended}\nCode    {code}")
    if digest_after != digest:
        print(f"WARNING: store/ or tui/ changed during the run (now {code_after}): the")
        print("figures below mix two versions of the code. Run again on a quiet tree.")
    print()
    print(render_table(bench.rows))
    if args.json:
        args.json.write_text(json.dumps(bench.raw, indent=1, default=str))


if __name__ == "__main__":
    main()
