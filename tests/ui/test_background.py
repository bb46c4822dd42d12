"""Background work whose window is gone before it finishes: its result is
dropped quietly, in the window and on the console at exit."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QWidget
from shiboken6 import delete

from leaddesk.store.database import Database

from leaddesk.ui.background import Progress, run_in_background, wait_for_background

# The window is closed and the interpreter exits while work started from it
# still runs; it reports progress and finishes during the shutdown.
_QUIT_WHILE_WORKING = """
import sys, time
from leaddesk.app import start_window
from leaddesk.ui.background import run_in_background

window = start_window(sys.argv[1], sys.argv[2])

def work(progress):
    time.sleep(0.3)
    progress(1, 2, "half way")
    return "nobody is waiting for this"

run_in_background(work, on_done=print, parent=window)
run_in_background(work, on_done=print)
window.close()
window.close_databases()
print("closed", flush=True)
"""


def test_work_still_running_at_exit_prints_no_traceback(db: Database, tmp_path: Path) -> None:
    assert db.path is not None
    result = subprocess.run(
        [sys.executable, "-c", _QUIT_WHILE_WORKING, str(db.path), str(tmp_path / "s.ini")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "closed" in result.stdout
    assert "Traceback" not in result.stderr
    assert "Error calling Python override" not in result.stderr


def test_a_result_for_a_closed_window_is_dropped(qtbot: QtBot) -> None:
    owner = QWidget()
    release = threading.Event()
    received: list[object] = []

    def work(progress: Progress) -> str:
        release.wait(10)
        progress(1, 1, "done")
        return "result"

    task = run_in_background(
        work, on_done=received.append, on_error=lambda e, _: received.append(e), parent=owner
    )
    assert task.running
    delete(owner)  # the window closes while its work runs
    release.set()
    assert wait_for_background()
    qtbot.wait(50)  # the queued result, had it been sent on, would arrive now
    assert received == []


def test_a_result_for_an_open_window_arrives(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    received: list[object] = []
    task = run_in_background(lambda progress: 42, on_done=received.append, parent=owner)
    with qtbot.waitSignal(task.finished):
        pass
    assert received == [42]
    assert not task.running
