"""What goes wrong with a file a user hands to import: one exception whose
message is a single sentence to show as it is (on stderr or in the window)."""

from __future__ import annotations


class UnreadableFile(Exception):
    """The file cannot be imported; the message says why in one sentence."""


class ImportCancelled(Exception):
    """The user cancelled an import; nothing was written."""


class UnsupportedFormat(ValueError):
    """An export to a file type LeadDesk does not write."""
