"""Seeded mutation fuzzing over every reader (see tests/transfer/fuzzing.py):
each damaged file ends as a report or as one sentence, in bounded time and
memory, and the database holds exactly what the report says."""

from __future__ import annotations

import os
import random
import resource
import time
import traceback
from pathlib import Path

import pytest

from leaddesk.store.database import Database
from leaddesk.store.queries import LeadQuery, lead_ids
from leaddesk.transfer import sandbox
from leaddesk.transfer.errors import UnreadableFile
from leaddesk.transfer.pipeline import ImportJob, ImportOptions
from tests.transfer.fuzzing import SEEDS, mutant

RUNS = int(os.environ.get("LEADDESK_FUZZ_RUNS", "180"))
"""Mutants in all, shared among the seeds."""
WORST_SECONDS = 30.0


def _leads(database: Database) -> int:
    with database.read() as session:
        return len(lead_ids(session, LeadQuery()))


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_damaged_files_end_in_a_report_or_one_sentence(tmp_path: Path, kind: str) -> None:
    seed = SEEDS[kind](tmp_path).read_bytes()
    suffix = {"csv-semicolon-cp1252": "csv"}.get(kind, kind)
    database = Database.open(str(tmp_path / "leads.db"))
    rng = random.Random(f"leaddesk-{kind}")
    failures: list[str] = []
    worst = (0.0, "")
    for number in range(max(1, RUNS // len(SEEDS))):
        data, what = mutant(seed, suffix, rng)
        path = tmp_path / f"mutant-{number}.{suffix}"
        path.write_bytes(data)
        before = _leads(database)
        started = time.monotonic()
        try:
            report = ImportJob(path).run(database, ImportOptions(region="DE"))
        except UnreadableFile as refused:
            message = str(refused)
            if "\n" in message or not message.strip():
                failures.append(f"{path.name} ({what}): not one sentence: {message!r}")
            if _leads(database) != before:
                failures.append(f"{path.name} ({what}): refused, yet the database changed")
        except Exception:
            failures.append(f"{path.name} ({what}):\n{traceback.format_exc()}")
        else:
            accounted = report.created + report.merged + report.skipped_duplicates
            if accounted + report.rejected != report.rows:
                failures.append(f"{path.name} ({what}): rows do not add up: {report.counts()}")
            if _leads(database) != before + report.created:
                failures.append(f"{path.name} ({what}): the database differs from the report")
            path.unlink()  # keep the refused and failing ones to look at
        took = time.monotonic() - started
        worst = max(worst, (took, f"{path.name} ({what})"))
        if took > WORST_SECONDS:
            failures.append(f"{path.name} ({what}): took {took:.1f} s")
    database.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    assert peak < sandbox.MEMORY_BOUND, f"this process reached {peak / 2**20:.0f} MB"
    assert failures == [], "\n".join(failures)
    print(f"{kind}: worst {worst[0]:.2f} s for {worst[1]}")
