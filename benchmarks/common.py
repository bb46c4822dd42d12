"""Shared parts of the benchmarks: cached demo databases and the report.

Every figure is printed next to its reference, measured in the same run,
and the target from docs/design.md, so a reader sees the ratio and
whether the target is met.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"
SIZES = {"1m": 1_000_000, "100k": 100_000}


SCREEN = (1920, 1080)


def qt_environment() -> dict[str, str]:
    """The environment of a probe that opens a window: Qt offscreen, on a
    screen of :data:`SCREEN`. Qt's offscreen screen is 800×800 unless it is
    told otherwise, and a window fits itself to its screen at a first start:
    a probe that asked for 1440×860 measured an 800-pixel window, whose
    kanban showed five of its six columns."""
    DATA.mkdir(exist_ok=True)
    config = DATA / "offscreen-screen.json"
    width, height = SCREEN
    screen = {"name": "bench", "x": 0, "y": 0, "width": width, "height": height,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip
    config.write_text(json.dumps({"screens": [screen]}))
    environment = dict(os.environ)
    environment["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    return environment


def demo_database(size: str) -> Path:
    """A demo database of the given size, built once and kept in
    ``benchmarks/data`` (not committed). ``LEADDESK_BENCH_SMALL=1`` divides
    sizes by 100 to try the harness quickly."""
    count = SIZES[size]
    if os.environ.get("LEADDESK_BENCH_SMALL"):
        count //= 100
        size += "-small"
    DATA.mkdir(exist_ok=True)
    path = DATA / f"demo-{size}.db"
    if path.exists():
        return path
    from leaddesk.store.database import Database
    from leaddesk.store.demo import load_demo

    partial = path.with_suffix(".partial")
    for leftover in DATA.glob(partial.name + "*"):
        leftover.unlink()
    print(f"  building {path.name} ({count:,} demo leads, once)...", flush=True)
    database = Database.open(str(partial))
    started = time.perf_counter()
    load_demo(database, count, seed=1)
    with database.engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
    partial.rename(path)
    return path


def timed(action: Callable[[], object]) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def milliseconds(samples: list[float]) -> tuple[float, float]:
    """Median and worst of samples in seconds, as milliseconds."""
    return statistics.median(samples) * 1000, max(samples) * 1000


_PEAK_OF_ONE_COMMAND = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, capture_output=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def peak_rss_mb(command: list[str]) -> float:
    """Peak resident memory of one command, in MB. Measured from a fresh
    process whose only child is the command: the benchmark's own
    RUSAGE_CHILDREN holds the largest of every child it ever ran (the
    window probes among them)."""
    probe = subprocess.run(
        [sys.executable, "-c", _PEAK_OF_ONE_COMMAND, *command],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return float(probe.stdout.strip())


@dataclass
class Line:
    work: str
    measured: str
    reference: str
    ratio: str
    target: str
    met: bool | None


class Report:
    def __init__(self, title: str) -> None:
        self.title = title
        self.lines: list[Line] = []

    def add(
        self,
        work: str,
        measured: str,
        reference: str = "",
        ratio: float | None = None,
        target: str = "",
        met: bool | None = None,
    ) -> None:
        ratio_text = f"{ratio:.2f}×" if ratio is not None else ""
        self.lines.append(Line(work, measured, reference, ratio_text, target, met))
        mark = {True: "ok", False: "MISSED", None: ""}[met]
        print(f"  {work:<44} {measured:>18} {reference:>18} {ratio_text:>7}  {target} {mark}")

    def header(self) -> None:
        print(f"\n== {self.title}")
        print(f"  {'work':<44} {'measured':>18} {'reference':>18} {'ratio':>7}  target")
