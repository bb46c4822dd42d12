"""The page that runs the import off the GUI thread: a progress bar with
rows per second and time left, and a Cancel that rolls the whole import
back (one import is one transaction, so the database stays as it was)."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from leaddesk.store.database import DatabaseError
from leaddesk.transfer.errors import ImportCancelled, UnreadableFile
from leaddesk.transfer.pipeline import ImportOptions
from leaddesk.transfer.presets import save_preset
from leaddesk.transfer.report import ImportReport

from leaddesk.ui.background import Progress, Task, run_in_background
from leaddesk.ui.import_history import RevertImport
from leaddesk.ui.import_state import PendingImport
from leaddesk.ui.palette import warning_color
from leaddesk.ui.workspace import StoreFailure


def rate_text(done: int, total: int, seconds: float) -> str:
    """ "12,000 of 100,000 rows · 8,300 rows a second · about 11 s left"."""
    from PySide6.QtCore import QCoreApplication

    def tr(text: str) -> str:
        return QCoreApplication.translate("ImportRun", text)

    text = tr("%1 of %2 rows").replace("%1", f"{done:,}").replace("%2", f"{total:,}")
    if done and seconds > 0.2:
        rate = done / seconds
        text += " · " + tr("%1 rows a second").replace("%1", f"{rate:,.0f}")
        left = max(0.0, (total - done) / rate)
        if left >= 60:
            text += " · " + tr("about %1 min left").replace("%1", f"{left / 60:.0f}")
        else:
            text += " · " + tr("about %1 s left").replace("%1", f"{left:.0f}")
    return text


class ImportPage(QWizardPage):
    imported = Signal(object)
    """The :class:`ImportReport` of a finished import."""
    stopped = Signal()
    """The import was cancelled or failed; nothing was written."""

    def __init__(self, state: PendingImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.task: Task | None = None
        self._done = False
        self._started = 0.0
        self.setTitle(self.tr("Importing"))
        self.file = QLabel()
        self.bar = QProgressBar()
        self.bar.setAccessibleName(self.tr("Import progress"))
        self.rate = QLabel()
        self.rate.setAccessibleName(self.tr("Rows imported"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Import status"))
        self.cancel_button = QPushButton(self.tr("&Cancel import"))
        self.cancel_button.setAccessibleName(self.tr("Cancel import"))
        self.cancel_button.clicked.connect(self.cancel)
        self.again = QPushButton(self.tr("&Start again"))
        self.again.setAccessibleName(self.tr("Start the import again"))
        self.again.clicked.connect(self.start)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.again)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.file)
        layout.addWidget(self.bar)
        layout.addWidget(self.rate)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)

    @property
    def running(self) -> bool:
        return self.task is not None and self.task.running

    def initializePage(self) -> None:
        self.start()

    def isComplete(self) -> bool:
        return self._done

    def start(self) -> None:
        if self.running:
            return
        job = self.state.require_job()
        database = self.state.workspace.database
        options = ImportOptions(
            on_duplicate=self.state.on_duplicate,
            choices=dict(self.state.choices),
            region=self.state.region or None,
        )
        self._done = False
        self.completeChanged.emit()
        self.file.setText(self.tr("Importing %1…").replace("%1", job.path.name))
        self.bar.setRange(0, 0)
        self.rate.setText("")
        self.status.setText("")
        self.status.setStyleSheet("")
        self.cancel_button.setEnabled(True)
        self.again.hide()
        self._started = time.monotonic()

        def work(progress: Progress) -> ImportReport:
            # The run pauses cycle collection itself (leaddesk.collection).
            return job.run(
                database,
                options,
                progress=lambda done, total: progress(done, total),
                cancelled=lambda: progress.cancelled,
            )

        self.task = run_in_background(
            work, on_done=self._finished, on_error=self._failed, on_cancel=self._cancelled,
            parent=self,
        )  # fmt: skip
        self.task.progressed.connect(self._progressed)

    def cancel(self) -> None:
        if self.task is not None and self.running:
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling…"))
            self.task.cancel()

    def _progressed(self, done: int, total: int, _message: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.rate.setText(rate_text(done, total, time.monotonic() - self._started))

    def _finished(self, report: object) -> None:
        assert isinstance(report, ImportReport)
        self.state.report = report
        self._done = True
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.cancel_button.setEnabled(False)
        job = self.state.require_job()
        workspace = self.state.workspace
        try:
            workspace.write(lambda s: save_preset(s, job.headers, job.mapping))
        except StoreFailure as failure:
            workspace.failed.emit(str(failure))
        if report.batch is not None:
            workspace.undo_stack.push(RevertImport(workspace, report.batch, report.file))
        self.completeChanged.emit()
        self.imported.emit(report)
        # The views refresh on a later turn of the event loop, once the
        # report is painted: the report and a table, kanban and filters
        # reading thousands of new leads would freeze the window as one.
        QTimer.singleShot(0, workspace, lambda: workspace.changed.emit(None))

    def _stopped(self, text: str, *, problem: bool) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.rate.setText("")
        self.status.setText(text)
        if problem:
            self.status.setStyleSheet(f"color: {warning_color().name()};")
        self.cancel_button.setEnabled(False)
        self.again.show()
        self.stopped.emit()

    def _cancelled(self) -> None:
        self._stopped(self.tr("Import cancelled; nothing was changed."), problem=False)

    def _failed(self, error: BaseException, _details: str) -> None:
        if isinstance(error, ImportCancelled):
            self._cancelled()
            return
        if not isinstance(error, UnreadableFile | DatabaseError | OSError):
            raise error
        text = self.tr("The import failed and nothing was changed: %1").replace("%1", str(error))
        self._stopped(text, problem=True)
