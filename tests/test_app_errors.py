"""A database the explorer cannot use gets a clear screen, and the file is left alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from store.changes import Change
from store.database import Database
from store.model import Event
from tests.apptools import loaded, make_app, screen_text, settle
from tests.conftest import SAMPLE
from tui.message_screen import MessageScreen


async def _open(path: Path, **kwargs: object) -> tuple[str, str]:
    """(screen text, the message screen's message or "") once the app has settled."""
    app = make_app(path, **kwargs)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        for _ in range(20):
            await settle(pilot)
            if app.db is not None or isinstance(app.screen, MessageScreen):
                break
        await pilot.pause(0.2)
        text = screen_text(app)
        message = app.screen.message if isinstance(app.screen, MessageScreen) else ""
        if message:
            await pilot.press("q")
        return text, message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"{not json", "not valid JSON"),
        (b'{"meta": {"1": {"schema_version": 99, "revision": 1}}}', "newer dateline"),
        (
            b'{\n"meta": {\n"1": {"schema_version":1,"revision":1}\n},\n"events": {\n'
            b'"1": {"id":"x","date":"2014-13","title":"t"}\n}\n}\n',
            "date",
        ),
    ],
    ids=["empty", "invalid-json", "newer-schema", "bad-date"],
)
async def test_unusable_files_get_a_message_and_are_never_written(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    text, message = await _open(path)
    assert "cannot open this database" in text
    assert expected in message
    assert message.startswith(str(path))  # the message names the file (wrapped on screen)
    assert path.read_bytes() == content


async def test_a_file_that_cannot_be_written_opens_read_only_with_a_notice(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_access = os.access

    def no_write(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        if mode & os.W_OK and str(path) == str(sample_path):
            return False
        return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", no_write)
    text, _ = await _open(sample_path)
    assert "read-only" in text
    assert "Opened read-only: the file is not writable" in " ".join(text.split())


async def test_read_only_flag_is_shown_in_the_status_line(sample_path: Path) -> None:
    text, _ = await _open(sample_path, read_only=True)
    assert "11 events · read-only" in text


async def test_a_problem_found_after_opening_makes_the_database_read_only(tmp_path: Path) -> None:
    """Events get their full check after the first screen; a bad one stops all saving."""
    path = tmp_path / "late.json"
    path.write_text(
        '{\n"meta": {\n"1": {"schema_version":1,"revision":1}\n},\n"events": {\n'
        '"1": {"id":"a","date":"2014-12-16","title":"Fine"},\n'
        '"2": {"id":"b","date":"2014-12-17","title":42}\n}\n}\n'
    )
    before = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        for _ in range(30):
            await settle(pilot)
            text = screen_text(app)
            if "read-only" in text:
                break
        assert app.db is not None and app.db.read_only
        assert "field 'title'" in text and "read-only" in text
        await pilot.press("a")
        assert path.read_bytes() == before


async def test_the_loaders_late_messages_after_quitting_are_ignored(sample_path: Path) -> None:
    """The loading thread cannot be stopped: a message of its arriving while the app
    shuts down (panes already gone) must not crash the exit (seen at 1M events)."""
    app = make_app(sample_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.db is not None
        db = app.db
    assert not app.is_running
    app.on_dateline_app_linked()
    app.on_dateline_app_verified()
    app.on_dateline_app_search_progress(app.SearchProgress(1, 2))
    await app.on_dateline_app_loaded(app.Loaded(db))
    app.on_dateline_app_panes_built(app.PanesBuilt({}, db.revision))


async def test_a_file_broken_by_someone_else_is_said_once_and_read_again_when_mended(
    sample_path: Path,
) -> None:
    """The explorer looks at the disk every second: a file another program left broken
    gave a new error notice every second, for as long as it stayed broken."""
    good = sample_path.read_bytes()
    app = make_app(sample_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await loaded(pilot)
        sample_path.write_text("[1, 2, 3]")
        await pilot.pause(3.5)
        said = [n.message for n in app._notifications if "Could not reload" in n.message]
        assert len(said) == 1 and "not a dateline database" in said[0]
        mended = Database.open(SAMPLE, read_only=True)
        sample_path.write_bytes(good)  # put back, then a save by another session
        other = Database.open(sample_path)
        other.commit([Change(None, Event("mended", "2016", "The file is mended"))])
        await pilot.pause(1.5)
        assert "mended" in app.db.events and len(app.db.events) == len(mended.events) + 1
