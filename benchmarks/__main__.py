"""``make bench``: runs every ``bench_*.py`` module in this folder (or those
named on the command line: ``python -m benchmarks search window``)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).parent
    names = sorted(p.stem.removeprefix("bench_") for p in here.glob("bench_*.py"))
    wanted = sys.argv[1:] or names
    unknown = [n for n in wanted if n not in names]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(names)}")
        return 2
    for name in wanted:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        module.run()
    return 0


sys.exit(main())
