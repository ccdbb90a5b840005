"""The garbage collector: full collections moved to pauses in input (`IdleCollections`)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.collector import IdleCollections
from tests.apptools import loaded, make_app


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def full_collections() -> Iterator[list[int]]:
    """Appends 1 each time a full (generation 2) collection starts."""
    seen: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            seen.append(1)

    gc.callbacks.append(watch)
    yield seen
    gc.callbacks.remove(watch)


def make_due(collections: IdleCollections) -> None:
    """As many middle-generation collections as make CPython want a full one."""
    for _ in range(100):
        if collections._due():
            return
        gc.collect(1)
    raise AssertionError("collections of generation 1 do not count towards a full one")


def test_start_stops_cpython_from_collecting_in_full_and_stop_gives_it_back() -> None:
    before = gc.get_threshold()
    collections = IdleCollections()
    collections.start()
    try:
        young, middle, full = gc.get_threshold()
        assert (young, middle) == before[:2] and full == IdleCollections.NEVER
    finally:
        collections.stop()
    assert gc.get_threshold() == before


def test_a_due_collection_waits_for_a_pause_in_input(full_collections: list[int]) -> None:
    clock = Clock()
    collections = IdleCollections(quiet=0.5, longest_wait=30, clock=clock)
    collections.start()
    try:
        gc.collect()
        assert not collections.tick()  # nothing due yet
        make_due(collections)
        collections.input_seen()
        clock.now += 0.2
        seen = len(full_collections)
        assert not collections.tick() and len(full_collections) == seen  # typing
        clock.now += 0.4
        assert collections.tick() and len(full_collections) == seen + 1  # a pause
        assert not collections.tick()  # and not again until due again
    finally:
        collections.stop()


def test_nonstop_input_still_gets_a_collection_after_the_longest_wait() -> None:
    clock = Clock()
    collections = IdleCollections(quiet=0.5, longest_wait=30, clock=clock)
    collections.start()
    try:
        gc.collect()
        make_due(collections)
        for _ in range(20):  # a key every 0.2 s for 4 s
            clock.now += 0.2
            collections.input_seen()
            assert not collections.tick()
        clock.now += 30
        collections.input_seen()
        assert collections.tick() and collections.collections == 1
    finally:
        collections.stop()


def test_what_was_counted_before_start_does_not_make_a_collection_due() -> None:
    """The explorer starts its collector after importing and building the UI; a full
    collection owed to that would land in the middle of loading the database."""
    gc.collect()
    threshold = gc.get_threshold()[2]
    for _ in range(threshold + 5):  # due by CPython's count
        gc.collect(1)
    collections = IdleCollections(quiet=0, clock=Clock())
    collections.start()
    try:
        assert not collections._due() and not collections.tick()
        make_due(collections)  # due once the middle collections since start add up
        assert collections.tick() and not collections._due()
    finally:
        collections.stop()


def test_ticking_without_start_does_nothing() -> None:
    collections = IdleCollections(quiet=0)
    for _ in range(20):
        gc.collect(1)
    assert not collections.tick() and collections.collections == 0


async def test_the_app_collects_in_pauses_and_restores_the_collector_on_exit(
    sample_path: Path,
) -> None:
    before = gc.get_threshold()
    app = make_app(sample_path)
    async with app.run_test() as pilot:
        await loaded(pilot)
        assert gc.get_threshold()[2] == IdleCollections.NEVER
        app.collections.quiet = 0.0
        make_due(app.collections)
        await pilot.pause(0.6)  # two checks at least
        assert app.collections.collections >= 1
        await pilot.press("j")
        assert app.collections.clock() - app.collections._last_input < 1
    assert gc.get_threshold() == before
