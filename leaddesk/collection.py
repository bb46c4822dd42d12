"""Pausing Python's cyclic garbage collection around long work.

An import makes next to no cyclic garbage but keeps many objects alive
(the duplicate index, the rows in flight): the collector's passes over
them cost seconds of a large import and find nothing, and in a window a
full pass holds the GIL for 100-200 ms. Pauses nest and may come from any
thread; collection resumes when the last one ends, if it was on when the
first began. The window's own collector (leaddesk.ui.collector) also
skips its turns while a pause lasts.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_paused = 0
_resume = False
"""Whether automatic collection was on when the first pause began."""
_lock = threading.Lock()


@contextmanager
def collection_paused() -> Iterator[None]:
    """No collection while the block runs."""
    global _paused, _resume
    with _lock:
        if not _paused:
            _resume = gc.isenabled()
        _paused += 1
        gc.disable()
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _resume and not _paused:
                gc.enable()


def is_paused() -> bool:
    return _paused > 0
