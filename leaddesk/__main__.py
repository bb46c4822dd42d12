"""Allows ``python -m leaddesk``."""

import sys

from leaddesk.cli import main

sys.exit(main())
