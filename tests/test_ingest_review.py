"""The review screen, driven as a person would: accept, reject, edit, save or leave."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from store.database import Database
from store.ingest import extract, resolve_against
from tests.apptools import loaded, make_app, screen_text, settle, type_text
from tui.app import DatelineApp
from tui.review_screen import ConfirmBox, FieldsForm, ReviewScreen

ARTICLES = Path(__file__).parent / "articles"
DAM = (ARTICLES / "dam-evictions.txt").read_text(encoding="utf-8")


def review_app(path: Path, text: str = DAM, **kwargs: object) -> DatelineApp:
    result = extract(text)

    def push(app: DatelineApp) -> None:
        assert app.db is not None
        app.push_screen(ReviewScreen(resolve_against(result, app.db)))

    return make_app(path, on_loaded=push, **kwargs)


async def review_screen(pilot) -> ReviewScreen:  # type: ignore[no-untyped-def]
    await loaded(pilot)
    for _ in range(20):
        await settle(pilot)
        if isinstance(pilot.app.screen, ReviewScreen):
            break
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "db.json"
    Database.create(path)
    return path


async def test_accept_reject_edit_then_save(tmp_path: Path) -> None:
    path = empty_db(tmp_path)
    app = review_app(path)
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await review_screen(pilot)
        kinds = [item.kind for item in screen.items[:5]]
        assert kinds == ["event", "event", "quote", "quote", "event"]
        assert "Farmers from twelve villages marched" in screen_text(app)
        await pilot.press("a", "r", "a", "x")  # each moves on to the next candidate
        assert [item.status for item in screen.items[:4]] == [
            "accepted",
            "rejected",
            "accepted",
            "rejected",
        ]
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FieldsForm)
        await type_text(pilot, "aug 2006")  # replaces the selected "2007"
        await settle(pilot)
        assert "Aug 2006, month" in str(form.query_one("#note-date", Static).render())
        await pilot.press("tab")
        await type_text(pilot, "WAPDA buys land")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.items[4].status == "accepted"
        assert Database.open(path).revision == 0  # nothing written before confirming
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmBox)
        assert "2 events" in screen_text(app) and "1 quote" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ReviewScreen)
        assert "WAPDA buys land" in screen_text(app)  # the timeline was refreshed
    db = Database.open(path)
    assert db.revision == 1
    assert sorted((e.date, e.title) for e in db.events.values()) == [
        ("2006-08", "WAPDA buys land"),
        ("2014-08-28", "Farmers from twelve villages marched on the district office"),
    ]
    assert [q.text for q in db.quotes.values()] == ["We will not leave the land of our fathers"]
    assert [p.name for p in db.people.values()] == ["Gul Bano"]
    assert [f.name for f in db.factions.values()] == ["Water and Power Development Authority"]
    (document,) = db.documents.values()
    assert document.title == "Villagers vow to resist eviction from the Indus valley"


async def test_edit_a_quote_speaker_and_the_document(tmp_path: Path) -> None:
    path = empty_db(tmp_path)
    app = review_app(path)
    async with app.run_test(size=(110, 36)) as pilot:
        screen = await review_screen(pilot)
        await pilot.press("j", "j", "e")  # the first quote
        await settle(pilot)
        await pilot.press("tab")
        await type_text(pilot, "Bano Gul")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.items[2].speaker == "Bano Gul"
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("tab")
        await type_text(pilot, "Dawn")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.document.outlet == "Dawn"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    db = Database.open(path)
    (quote,) = db.quotes.values()
    assert db.people[quote.speaker].name == "Bano Gul"
    assert next(iter(db.documents.values())).outlet == "Dawn"


async def test_escape_writes_nothing(tmp_path: Path) -> None:
    path = empty_db(tmp_path)
    app = review_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await review_screen(pilot)
        await pilot.press("escape")  # nothing accepted: leaves at once
        await settle(pilot)
        assert not isinstance(app.screen, ReviewScreen)
    assert Database.open(path).revision == 0

    app = review_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await review_screen(pilot)
        await pilot.press("A")
        assert all(item.status == "accepted" for item in screen.items)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmBox)
        assert "will not be saved" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("escape", "y")
        await settle(pilot)
        assert not isinstance(app.screen, ReviewScreen)
    db = Database.open(path)
    assert db.revision == 0 and len(db) == 0


async def test_accept_all_and_save_then_again_adds_nothing(tmp_path: Path) -> None:
    path = empty_db(tmp_path)
    for _ in range(2):
        app = review_app(path)
        async with app.run_test(size=(100, 30)) as pilot:
            await review_screen(pilot)
            await pilot.press("A", "ctrl+s")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert not isinstance(app.screen, ReviewScreen)
    db = Database.open(path)
    assert db.revision == 1
    assert (len(db.quotes), len(db.events), len(db.documents)) == (9, 9, 1)


async def test_already_saved_candidates_are_marked(tmp_path: Path) -> None:
    path = empty_db(tmp_path)
    db = Database.open(path)
    from store.ingest.plan import build_plan

    result = resolve_against(extract(DAM), db)
    db.commit(build_plan(db, result.document, result.candidates(), result.registry).batch)
    app = review_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await review_screen(pilot)
        assert all(item.existing for item in screen.items)
        assert "18 already saved" in screen_text(app)


async def test_a_read_only_database_is_not_written(tmp_path: Path) -> None:
    path = empty_db(tmp_path)
    app = review_app(path, read_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await review_screen(pilot)
        await pilot.press("A", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    assert Database.open(path).revision == 0


async def test_quoted_markup_and_escapes_are_shown_as_text(tmp_path: Path) -> None:
    hostile = (
        "Markup test\n\nDecember 17, 2014\n\n"
        '"[bold]Bold[/] [@click=app.quit]quit[/] [/] \x1b[2J esc \u202eevil," '
        "said Ali Khan, a commander of [red]units[/red].\n\n"
        "In 2009 [b]the group[/b] formed."
    )
    path = empty_db(tmp_path)
    app = review_app(path, text=hostile)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await review_screen(pilot)
        text = screen_text(app)
        assert "[@click=app.quit]quit[/]" in text
        assert "[b]the group[/b]" in text or "[bold]Bold[/]" in text
        for widget in app.screen.walk_children():
            if not hasattr(widget, "render_line") or not widget.size.height:
                continue
            for y in range(widget.size.height):
                line = widget.render_line(y).text
                assert "\x1b" not in line and "\u202e" not in line
        await pilot.press("e")
        await settle(pilot)
        assert "[@click=app.quit]" in app.screen.query_one("#field-text", Input).value
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen  # still running: nothing in the data was obeyed
