"""Nothing outlives the program: killed with SIGKILL in the middle of an
import or a demo build, no process of it is left, and the build's folder
beside the database is gone at the next open."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from leaddesk.store import leftovers
from leaddesk.store.database import Database

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

MARK = "LEADDESK_TEST_MARK"


def processes_marked(mark: str) -> list[int]:
    """Processes whose environment holds ``LEADDESK_TEST_MARK=mark``: a
    process started by the test and everything it started in turn."""
    wanted = f"{MARK}={mark}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environment = (entry / "environ").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if wanted in environment and state != "Z":  # a zombie is gone, but not yet reaped
            found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """Whether process ``pid`` has not yet ended: a killed process whose
    memory is already gone has an unreadable environment (so it is no
    longer found as marked) but may still hold its files for a moment."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def wait_until_gone(mark: str, seconds: float, known: Iterable[int] = ()) -> list[int]:
    """The marked processes (and the ``known`` ones, found marked earlier)
    still running after up to ``seconds``."""
    deadline = time.monotonic() + seconds
    known = set(known)
    while True:
        alive = sorted(set(processes_marked(mark)) | {p for p in known if _running(p)})
        if not alive or time.monotonic() >= deadline:
            return alive
        time.sleep(0.05)


def _people(path: Path, count: int) -> Path:
    lines = ["First name,Last name,Company,Email"]
    lines += [f"Person{i},Family{i},Firm {i},person{i}@example.com" for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _start(args: list[str], mark: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, MARK: mark},
    )


def _read_until(process: subprocess.Popen[str], text: str) -> None:
    assert process.stderr is not None
    seen = ""
    while text not in seen:
        char = process.stderr.read(1)
        assert char, seen
        seen += char


def _killed(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    process.stderr.close()


def test_no_process_of_an_import_outlives_it_killed(tmp_path: Path) -> None:
    db = tmp_path / "leads.db"
    Database.open(str(db)).close()
    source = _people(tmp_path / "people.csv", 14_000)
    mark = f"import-{time.monotonic_ns()}"
    process = _start(["-m", "leaddesk", "import", str(source), "--db", str(db)], mark)
    try:
        _read_until(process, " of ")  # its workers are converting rows now
        assert len(processes_marked(mark)) >= 3
    finally:
        _killed(process)
    # Workers watch their parent: on Linux the kernel tells them at once.
    assert wait_until_gone(mark, 5.0) == []
    Database.open(str(db)).close()  # and the file is as it was: it opens


_DEMO = """
import sys
from leaddesk.store import demo
from leaddesk.store.database import Database

demo.NEW_FILE_MIN, demo.CHUNK = 2_000, 500  # a build in parts of 1,000 leads
database = Database.open(sys.argv[1])
demo.load_demo(database, 40_000, progress=lambda done, total: print(done, "of", file=sys.stderr))
"""


def test_a_killed_demo_build_leaves_no_process_and_its_folder_goes_at_the_next_open(
    tmp_path: Path,
) -> None:
    db = tmp_path / "leads.db"
    Database.open(str(db)).close()
    mark = f"demo-{time.monotonic_ns()}"
    process = _start(["-c", _DEMO, str(db)], mark)
    try:
        _read_until(process, " of")
        (folder,) = tmp_path.glob(".leads.db.demo-*")
        started = processes_marked(mark)
    finally:
        _killed(process)
    # Its workers had the folder's lock open: they must have ended.
    assert wait_until_gone(mark, 5.0, started) == []
    assert folder.exists()  # what a killed build leaves
    # The kernel lets go of a killed process's file lock a moment after the
    # process is gone; the next start of a user comes later than that.
    deadline = time.monotonic() + 5.0
    while not leftovers.abandoned(folder) and time.monotonic() < deadline:
        time.sleep(0.05)
    Database.open(str(db)).close()
    assert not folder.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leads.db"]


def test_a_running_builds_folder_is_left_alone(tmp_path: Path) -> None:

    db = tmp_path / "leads.db"
    Database.open(str(db)).close()
    folder = tmp_path / ".leads.db.demo-running"
    folder.mkdir()
    owner = leftovers.hold(folder)
    try:
        Database.open(str(db)).close()
        assert folder.exists()
    finally:
        owner.close()
    Database.open(str(db)).close()
    assert not folder.exists()


_DEMO_STUCK = """
import sys, time
from leaddesk.cli import main
from leaddesk.store import demo, demo_build

def stuck(part):
    print("part started", file=sys.stderr, flush=True)
    time.sleep(3600)

demo_build.write_part = stuck  # workers are forked: they have it too
demo.NEW_FILE_MIN, demo.CHUNK = 2_000, 500
sys.exit(main(["demo", "--db", sys.argv[1], "--count", "40000"]))
"""


def test_a_ctrl_c_ends_a_demo_build_without_waiting_for_its_workers(tmp_path: Path) -> None:
    # The build waited for the parts being written (4-14 s measured on two
    # busy cores); a part that never ends shows the wait.
    db = tmp_path / "leads.db"
    Database.open(str(db)).close()
    mark = f"demo-stuck-{time.monotonic_ns()}"
    process = _start(["-c", _DEMO_STUCK, str(db)], mark)
    try:
        _read_until(process, "part started")
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            _killed(process)
    assert process.returncode == 130
    assert err.endswith("leaddesk: interrupted; nothing was changed.\n"), err
    assert wait_until_gone(mark, 5.0) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leads.db"]
