"""The search box's thread: one thread, the newest query only, errors handed on."""

from __future__ import annotations

import threading
from collections.abc import Callable

from tui.latest_search import LatestSearch


def wait_idle(searcher: LatestSearch[str]) -> None:
    for _ in range(500):
        if not searcher.busy:
            return
        threading.Event().wait(0.01)
    raise AssertionError("the search thread never went idle")


def test_a_newer_query_stops_the_older_and_only_the_newest_is_delivered() -> None:
    started = threading.Event()
    release = threading.Event()
    stopped_early: list[str] = []
    delivered: list[tuple[str, str]] = []

    def search(query: str, superseded: Callable[[], bool]) -> str:
        if query == "slow":
            started.set()
            release.wait(5)
            if superseded():
                stopped_early.append(query)
                return "stale"
        return query.upper()

    searcher = LatestSearch(search, lambda q, r: delivered.append((q, r)), lambda e: None)
    searcher.submit("slow")
    assert started.wait(5)
    searcher.submit("p")
    searcher.submit("pe")  # replaces "p" before it began
    release.set()
    wait_idle(searcher)
    searcher.close()
    assert stopped_early == ["slow"]
    assert delivered == [("pe", "PE")]


def test_one_thread_serves_every_query() -> None:
    threads: set[int] = set()
    delivered: list[str] = []

    def search(query: str, superseded: Callable[[], bool]) -> str:
        threads.add(threading.get_ident())
        return query

    searcher = LatestSearch(search, lambda q, r: delivered.append(r), lambda e: None)
    for query in ("a", "b", "c"):
        searcher.submit(query)
        wait_idle(searcher)
    searcher.close()
    assert delivered == ["a", "b", "c"]
    assert len(threads) == 1 and threading.get_ident() not in threads


def test_an_error_is_handed_on_and_the_thread_keeps_serving() -> None:
    errors: list[BaseException] = []
    delivered: list[str] = []

    def search(query: str, superseded: Callable[[], bool]) -> str:
        if query == "boom":
            raise ValueError("bad query")
        return query

    searcher = LatestSearch(search, lambda q, r: delivered.append(r), errors.append)
    searcher.submit("boom")
    wait_idle(searcher)
    searcher.submit("fine")
    wait_idle(searcher)
    searcher.close()
    assert [str(error) for error in errors] == ["bad query"]
    assert delivered == ["fine"]


def test_close_ends_the_thread() -> None:
    searcher = LatestSearch(lambda q, s: q, lambda q, r: None, lambda e: None)
    searcher.close()
    searcher._thread.join(5)
    assert not searcher._thread.is_alive()
