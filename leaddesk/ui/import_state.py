"""What the import wizard's pages share: the file being imported (its
:class:`ImportJob`, whose mapping the pages change), the options chosen
and, once done, the report."""

from __future__ import annotations

from dataclasses import dataclass, field

from leaddesk.transfer.duplicates import Choice, OnDuplicate
from leaddesk.transfer.pipeline import ImportJob
from leaddesk.transfer.presets import Preset
from leaddesk.transfer.preview import FilePreview
from leaddesk.transfer.report import ImportReport
from leaddesk.transfer.table import Row

from leaddesk.ui.workspace import Workspace


@dataclass
class PendingImport:
    workspace: Workspace
    job: ImportJob | None = None
    region: str = ""
    on_duplicate: OnDuplicate = OnDuplicate.MERGE
    choices: dict[int, Choice] = field(default_factory=dict)
    """Row → what the user chose for that possible duplicate (unchosen ones
    are kept apart)."""
    preview: FilePreview | None = None
    """The whole file as checked on the preview page."""
    preset: Preset = field(default_factory=dict)
    """Corrections remembered for these headers, offered on the mapping page."""
    report: ImportReport | None = None
    head: list[Row] = field(default_factory=list)
    """The file's first rows as they are (read with the job, off the GUI
    thread: a large workbook takes a second to open)."""
    samples: list[list[str]] = field(default_factory=list)
    """A few values of each column."""

    def set_job(self, job: ImportJob | None) -> None:
        """Replaces the job, closing the file of the one it replaces."""
        if self.job is not None and self.job is not job:
            self.job.close()
        self.job = job

    def require_job(self) -> ImportJob:
        assert self.job is not None, "the file page loads the job first"
        return self.job
