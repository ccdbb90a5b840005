"""The quick path (`tui.entry`): plain `dateline [PATH]`, `search` and `quote` without
click, doing and printing what the click commands do."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import ROOT
from tui import cli_app, entry, launch
from tui.cli import cli
from tui.cli_browse import quote, search
from tui.entry import OpenRequest, QuickRequest, quick_request, run


@pytest.fixture
def db(sample_path: Path) -> str:
    return str(sample_path)


def quick(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    """Run `dateline ARGS` through the entry point in-process: (exit code, stdout, stderr)."""
    assert quick_request(args) is not None, "this command line would go to click"
    monkeypatch.setattr(sys, "argv", ["dateline", *args])
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit) as stop:
        entry.main()
    out, err = capsys.readouterr()
    return stop.value.code or 0, out, err


def through_click(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(cli, args, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["search", "mehsud", "killed"],
        ["search", "--limit", "2", "peshawar"],
        ["search", "taliban", "--limit=3", "--json"],
        ["search", "mehsud", "zebra"],
        ["quote", "army", "feel", "pain"],
        ["quote", "--markdown", "bajwa"],
        ["quote", "zebra"],
    ],
)
def test_the_quick_path_prints_what_click_prints(
    db: str, args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = quick(["--db", db, *args], capsys, monkeypatch)
    assert answer == through_click(["--db", db, *args])
    assert answer[1] or answer[0] == 1  # something was printed, or nothing was found


def test_an_unreadable_database_gets_the_same_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"{")
    for args in (["search", "x"], ["quote", "x"]):
        code, out, err = quick([f"--db={bad}", *args], capsys, monkeypatch)
        assert (code, out) == (2, "")
        assert (
            err.startswith(f"dateline: {bad}") and err == through_click([f"--db={bad}", *args])[2]
        )


@pytest.mark.parametrize(
    "args",
    [
        ["search"],  # click says WORDS are required
        ["search", "-h"],
        ["search", "--help"],
        ["search", "--", "-x"],
        ["search", "--limit", "many", "x"],
        ["search", "--limit", "-1", "x"],
        ["search", "--limit"],
        ["search", "--markdown", "x"],  # quote's flag, not search's
        ["quote", "--json", "x"],
        ["list", "x"],
        ["--db"],
        ["--db", "x.json", "--verbose", "search", "x"],
    ],
)
def test_other_read_lines_go_to_click(args: list[str]) -> None:
    assert quick_request(args) is None


ARGUMENT = st.sampled_from(
    ["mehsud", "x y", "--json", "--markdown", "--limit", "--limit=4", "7", "-", "--", "-h", "é"]
)


@given(st.sampled_from(["search", "quote"]), st.lists(ARGUMENT, max_size=6))
def test_a_quick_request_is_what_click_would_parse(command: str, args: list[str]) -> None:
    request = quick_request(["--db", "a.json", command, *args])
    if request is None:
        return
    parsed = (search if command == "search" else quote).make_context(command, list(args)).params
    flag = parsed["as_json"] if command == "search" else parsed["markdown"]
    assert request == QuickRequest(command, "a.json", parsed["words"], parsed["limit"], flag)


CHILD = """
import sys
{prepare}
from tui.entry import main
for args in {lines!r}:
    sys.argv = ["dateline", *args]
    try:
        main()
    except SystemExit as stop:
        assert not stop.code, stop.code
print(sorted(m for m in sys.modules if m.split(".")[0] in {packages!r}))
"""


def in_a_real_process(
    lines: list[list[str]], packages: tuple[str, ...], prepare: str = "", *, terminal: bool = False
) -> str:
    """Run `dateline LINE` for each line in a fresh interpreter; its output, the list of
    `packages` modules it imported last. With `terminal`, its input is a terminal."""
    code = CHILD.format(prepare=prepare, lines=lines, packages=packages)
    keyboard, terminal_side = pty.openpty() if terminal else (None, None)
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=not terminal,
            stdin=terminal_side,
            stdout=subprocess.PIPE if terminal else None,
            stderr=subprocess.PIPE if terminal else None,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
    finally:
        for fd in (keyboard, terminal_side):
            if fd is not None:
                os.close(fd)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_search_and_quote_never_import_click_in_a_real_process(db: str) -> None:
    lines = [["--db", db, "search", "mehsud"], ["--db", db, "quote", "army", "--markdown"]]
    out = in_a_real_process(lines, ("click", "textual"))
    assert out.rstrip().endswith("[]") and "Mehsud" in out


def test_the_explorer_starts_without_click_in_a_real_process(sample_path: Path) -> None:
    """Up to the app's first frame: `run` is stopped where the app would start."""
    stop_at_run = (
        "import textual.app\n"
        "textual.app.App.run = lambda self, **options: print('RUN', type(self).__name__)"
    )
    line = [str(sample_path), "--read-only"]
    out = in_a_real_process([line], ("click",), stop_at_run, terminal=True)
    assert out.split() == ["RUN", "DatelineApp", "[]"]


@pytest.mark.parametrize(
    ("args", "advice"),
    [
        ([], "`dateline list`, `search` or `export`"),
        (["ingest", "article.txt"], "--yes saves every complete candidate"),
    ],
)
def test_without_a_terminal_the_app_refuses_at_once(
    sample_path: Path, args: list[str], advice: str
) -> None:
    """From a script or an editor's command (input not a terminal), Textual waited for
    keys that never came, spinning at full CPU until killed."""
    article = sample_path.parent / "article.txt"
    article.write_text('On 3 May 2015 the army said: "We took the town," a spokesman said.\n')
    args = [str(article) if arg == "article.txt" else arg for arg in args]
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(sample_path), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=30,  # the old behaviour: no answer at all
    )
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr and advice in done.stderr


# -- dateline [PATH] ---------------------------------------------------------------------


OPEN_LINES = [
    [],
    ["x.json"],
    ["--db", "x.json"],
    ["--db=x.json", "y.json"],
    ["x.json", "--read-only"],
    ["--read-only", "--no-mouse", "x.json"],
    ["--db", "a.json", "--no-mouse"],
]


@pytest.mark.parametrize("args", OPEN_LINES)
def test_plain_open_lines_start_the_explorer_as_click_does(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[object, ...]] = []

    def explorer(explicit: str | None, **options: object) -> None:
        calls.append((explicit, sorted(options.items())))

    monkeypatch.setattr(launch, "explorer", explorer)
    monkeypatch.setattr(cli_app, "explorer", explorer)
    request = quick_request(args)
    assert isinstance(request, OpenRequest)
    assert run(request) == 0
    CliRunner().invoke(cli, args, catch_exceptions=False)
    quick, clicked = calls
    assert quick[0] == clicked[0]  # the same database
    assert dict(quick[1]).items() <= dict(clicked[1]).items()  # click also passes theme=None


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["open", "x.json"],
        ["x.json", "--theme", "ansi-dark"],
        ["x.json", "y.json"],
        ["list"],
        ["check", "x.json"],
        ["x.json", "--"],
    ],
)
def test_other_open_lines_go_to_click(args: list[str]) -> None:
    assert quick_request(args) is None


def test_a_missing_file_is_the_same_error_either_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "nothing.json")
    request = quick_request([missing])
    assert request is not None
    with pytest.raises(SystemExit) as stop:
        run(request)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "no database here" in err
    assert err == CliRunner().invoke(cli, [missing]).stderr


def test_the_first_run_where_the_data_folder_cannot_be_made_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`dateline` with no database yet and a data folder that cannot be made: it was a
    traceback (FileNotFoundError from mkdir), before any screen."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.delenv("DATELINE_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    monkeypatch.setattr(launch, "require_terminal", lambda instead: None)
    with pytest.raises(SystemExit) as stopped:
        launch.explorer(None)
    assert stopped.value.code == 2
    assert "cannot create the database" in capsys.readouterr().err
