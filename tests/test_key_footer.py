"""The footer of key hints: one rebuild for a burst of binding changes, the same look."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets._footer import FooterKey

from tests.apptools import loaded, make_app, screen_text
from tui.app import DatelineApp
from tui.key_footer import KeyFooter


def footer_text(app: object) -> str:
    return screen_text(app).splitlines()[-1]  # type: ignore[arg-type]


async def test_the_footer_follows_focus_to_the_lanes_keys(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        assert "Open" in footer_text(app) and "Zoom out" not in footer_text(app)
        await pilot.press("4")  # the Lanes, with keys of their own
        await pilot.pause()
        assert "Zoom out" in footer_text(app)
        await pilot.press("1")
        await pilot.pause()
        assert "Open" in footer_text(app) and "Zoom out" not in footer_text(app)


def counted_rebuilds(footer: KeyFooter) -> list[int]:
    """A list that grows by one at each rebuild of `footer`."""
    rebuilds: list[int] = []
    recompose = footer.recompose

    async def counted() -> None:
        rebuilds.append(1)
        await recompose()

    footer.recompose = counted  # type: ignore[method-assign]
    return rebuilds


def toggle_read_only(app: DatelineApp) -> None:
    """A change of what the footer shows: the keys that change the database go or come."""
    assert app.db is not None
    app.db.read_only = not app.db.read_only


async def test_a_burst_of_binding_changes_rebuilds_the_footer_once(sample_path: Path) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        rebuilds = counted_rebuilds(app.screen.query_one(KeyFooter))
        toggle_read_only(app)
        for _ in range(3):
            app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert len(rebuilds) == 1 and "Add" not in footer_text(app)
        toggle_read_only(app)
        app.screen.refresh_bindings()  # a later change gets its own
        await pilot.pause()
        await pilot.pause()
        assert len(rebuilds) == 2 and "a Add" in footer_text(app)


async def test_a_change_that_shows_the_same_keys_rebuilds_nothing(sample_path: Path) -> None:
    """Focus moving between widgets with the same keys, the panes mounting: most changes
    of bindings leave the footer as it was (starting at 100k rebuilt it four times)."""
    app = make_app(sample_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        footer = app.screen.query_one(KeyFooter)
        rebuilds = counted_rebuilds(footer)
        keys = list(footer.query(FooterKey))
        app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert not rebuilds and list(footer.query(FooterKey)) == keys


async def test_keys_are_compact_from_the_start(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Created with the class, so that mounting them needs no style update (Textual's
    own keys get it from a watcher once mounted: the same look, a style update each)."""
    app = make_app(sample_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        restyled: list[FooterKey] = []
        update = FooterKey.update_node_styles

        def counted(self: FooterKey, *args: object, **kwargs: object) -> None:
            restyled.append(self)
            update(self, *args, **kwargs)

        monkeypatch.setattr(FooterKey, "update_node_styles", counted)
        footer = app.screen.query_one(KeyFooter)
        before = list(footer.query(FooterKey))
        toggle_read_only(app)
        app.screen.refresh_bindings()  # the footer is rebuilt: new keys
        await pilot.pause()
        await pilot.pause()
        keys = list(footer.query(FooterKey))
        assert not set(keys) & set(before)
        assert keys and all(key.has_class("-compact") for key in keys)
        assert not restyled


async def test_the_footer_offers_add_once_loaded_unless_read_only(sample_path: Path) -> None:
    """The keys that change the database depend on it: the footer is rebuilt on loading
    (it once kept the keys of the moment before, without Add, until the focus moved)."""
    app = make_app(sample_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.pause()
        assert "a Add" in footer_text(app)
    app = make_app(sample_path, read_only=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await loaded(pilot)
        await pilot.pause()
        assert "Add" not in footer_text(app) and "q Quit" in footer_text(app)


async def test_nothing_shows_through_beside_the_palette_key_when_narrow(
    sample_path: Path,
) -> None:
    """At 30 columns the keys run on under the docked `^p palette`, and one of their
    letters showed in the column Textual's compact footer left beside it."""
    app = make_app(sample_path)
    async with app.run_test(size=(30, 8)) as pilot:
        await loaded(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert footer.endswith("^p palette ") and len(footer) == 30, repr(footer)
