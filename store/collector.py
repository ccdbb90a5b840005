"""The garbage collector around bulk work: paused while building, frozen after.

CPython's collector walks every container object it tracks. Building hundreds of
thousands of small records triggers it again and again (1M events parse in 4-5 s
with it paused, 14-19 s without), and once they are built, every full collection
walks them again: tens of milliseconds at 10,000 events, seconds at a million,
holding the interpreter lock, so the UI freezes whichever thread triggered it.
What is loaded lives as long as the database, so it is frozen out of later
collections.

What is left is the UI's own churn: Textual's rendered strips hold caches that
refer back to them, so they die in cycles and only a full collection frees them.
Over the app's live objects that takes 20-40 ms here, one frame or two, and it
came in the middle of typing. `IdleCollections` moves full collections to pauses.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """No collection while the block builds objects (re-enabled after if it was on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def keep_what_is_built() -> None:
    """Move every object alive now out of future collections (see the module note)."""
    gc.freeze()


class IdleCollections:
    """Full collections at the same pace as CPython's, but only when input pauses.

    While started, CPython never starts a full collection by itself (only the
    young generations, a millisecond or two); `tick`, called a few times a
    second, runs the one CPython would have run, once no input came for `quiet`
    seconds, or after `longest_wait` seconds at the latest so that nonstop use
    cannot grow memory without bound.
    """

    NEVER = 1 << 30

    def __init__(
        self,
        quiet: float = 0.5,
        longest_wait: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.quiet = quiet
        self.longest_wait = longest_wait
        self.clock = clock
        self.collections = 0
        self._thresholds: tuple[int, int, int] | None = None
        self._counted_before = 0  # middle collections counted before `start`
        self._last_input = self._last_full = clock()

    def start(self) -> None:
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            young, middle, _ = self._thresholds
            gc.set_threshold(young, middle, self.NEVER)
            self._counted_before = gc.get_count()[2]

    def stop(self) -> None:
        """Give CPython its own schedule back."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def input_seen(self) -> None:
        self._last_input = self.clock()

    def tick(self) -> bool:
        """Collect if a full collection is due and input allows; whether it did."""
        if self._thresholds is None or not self._due():
            return False
        now = self.clock()
        if now - self._last_input < self.quiet and now - self._last_full < self.longest_wait:
            return False
        gc.collect()
        self._counted_before = 0
        self._last_full = self.clock()
        self.collections += 1
        return True

    def _due(self) -> bool:
        """CPython's own test: enough collections of the middle generation since the last,
        counting from `start`: the ones before it came from importing and building the
        UI, and a full collection then (80 ms) would fall in the middle of loading."""
        assert self._thresholds is not None
        counted = gc.get_count()[2]
        if counted < self._counted_before:  # someone else collected in full meanwhile
            self._counted_before = 0
        return counted - self._counted_before > self._thresholds[2]
