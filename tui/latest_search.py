"""One long-lived thread that runs only the newest search.

A worker per keystroke looks simple, but starting a thread waits for that thread
to take the interpreter lock, and while the previous search is still scanning
(it stops at its next check) every keystroke paid for a new thread: measured at
10,000 events, 12-50 ms of frozen UI per key. Here the thread is started once,
a new query replaces any query not yet begun, and a search under way learns from
`superseded` that a newer one is waiting, so it stops early and its result is
dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

Result = TypeVar("Result")

Search = Callable[[str, Callable[[], bool]], Result]
"""search(query, superseded) -> result; `superseded()` says a newer query is waiting."""


class LatestSearch(Generic[Result]):
    """Runs `search` in one daemon thread for the latest `submit`ted query only,
    and hands each result that is still wanted to `deliver` (from that thread);
    an exception goes to `failed`, so that a bug is not lost in a silent thread."""

    def __init__(
        self,
        search: Search[Result],
        deliver: Callable[[str, Result], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        self._search = search
        self._deliver = deliver
        self._failed = failed
        self._wake = threading.Condition()
        self._pending: str | None = None
        self._generation = 0
        self._running = False
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name="dateline-search", daemon=True)
        self._thread.start()

    @property
    def busy(self) -> bool:
        """Whether a query is waiting or being answered (tests wait for this to clear)."""
        with self._wake:
            return self._pending is not None or self._running

    def submit(self, query: str) -> None:
        """Answer `query` next; any older query not yet answered is dropped."""
        with self._wake:
            self._pending = query
            self._generation += 1
            self._wake.notify()

    def close(self) -> None:
        """Stop the thread after the search under way (its result is dropped)."""
        with self._wake:
            self._closed = True
            self._generation += 1
            self._wake.notify()

    def _serve(self) -> None:
        while True:
            with self._wake:
                while self._pending is None and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                query, generation = self._pending, self._generation
                self._pending = None
                self._running = True
            try:
                self._answer(query, generation)
            finally:
                with self._wake:
                    self._running = False

    def _answer(self, query: str, generation: int) -> None:
        try:
            result = self._search(query, lambda: self._generation != generation)
            if self._generation == generation:
                self._deliver(query, result)
        except Exception as error:  # handed on to the UI, not swallowed
            self._failed(error)
