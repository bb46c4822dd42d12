"""The program PyInstaller freezes: the ``leaddesk`` command, made safe for a bundle.

Kept apart from ``leaddesk/__main__.py`` because both lines below only matter
in a frozen program.
"""

import multiprocessing
import os
import sys
from pathlib import Path

from leaddesk.cli import main

if __name__ == "__main__":
    # Import and demo-data workers are separate processes; a frozen program
    # must hand them their job here instead of starting the window again.
    multiprocessing.freeze_support()
    # A windowed Windows or macOS build has no console: printing (--version,
    # --help, error lines) would raise on a missing stream.
    if sys.stdout is None or sys.stderr is None:
        nowhere = Path(os.devnull).open("w")  # noqa: SIM115 - open until the process ends
        sys.stdout = sys.stdout or nowhere
        sys.stderr = sys.stderr or nowhere
    sys.exit(main())
