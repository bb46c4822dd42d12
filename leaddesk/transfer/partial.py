"""Files written beside their destination and renamed into place once
complete, so a failed or cancelled write leaves no half-written file.

They are created with the user's normal permissions (0666 less the umask:
0644 usually), as any file a program saves for the user; ``tempfile``
would make them private (0600), which the rename would keep.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def partial_beside(path: Path) -> Path:
    """A new, empty, hidden file in the folder of ``path``."""
    for _ in range(100):
        candidate = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
        try:
            handle = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(handle)
        return candidate
    raise FileExistsError(f"no free name for a file beside {path}")
