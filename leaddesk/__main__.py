"""Allows ``python -m leaddesk``."""

import sys

from leaddesk.cli import main

# Guarded: import worker processes are spawned and import the main module.
if __name__ == "__main__":
    sys.exit(main())
