"""The Dashboard tab: is lead generation working? A period selector over a
grid of chart cards (funnel, sources, temperature mix, time in stage, SAL
service level, product feedback).

The numbers are computed by :func:`leaddesk.store.dashboard.compute_dashboard`
off the GUI thread; the tab recomputes when the period changes and when the
data changes, but only while it is visible (a change while hidden is
remembered and computed when the tab is shown).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.exc import DBAPIError

from PySide6.QtCore import QEvent, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from leaddesk.domain.clock import utcnow
from leaddesk.store.dashboard import Dashboard, Period, compute_dashboard
from leaddesk.store.database import describe_db_error

from leaddesk.ui.background import Progress, Task, run_in_background
from leaddesk.ui.charts import ChartCard
from leaddesk.ui.dashboard_charts import (
    show_feedback,
    show_funnel,
    show_sal,
    show_sources,
    show_stage_times,
    show_temperature,
)
from leaddesk.ui.workspace import Workspace

REFRESH_DELAY_MS = 300
"""Changes come in bursts (an import, a bulk move): compute once after."""


class DashboardView(QWidget):
    updated = Signal()
    """The charts show freshly computed numbers."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.board: Dashboard | None = None
        self.clock: Callable[[], datetime] = utcnow
        """Where the period ends: now (a test sets a fixed moment)."""
        self._task: Task | None = None
        self._again = False
        self._stale = True

        self.period = QComboBox()
        self.period.setAccessibleName(self.tr("Period"))
        for period, text in (
            (Period.LAST_30_DAYS, self.tr("Last 30 days")),
            (Period.LAST_90_DAYS, self.tr("Last 90 days")),
            (Period.LAST_365_DAYS, self.tr("Last 365 days")),
            (Period.ALL, self.tr("All time")),
        ):
            self.period.addItem(text, period.value)
        self.period.setCurrentIndex(1)
        self.period.currentIndexChanged.connect(lambda _: self.request_refresh(at_once=True))
        period_label = QLabel(self.tr("&Period:"))
        period_label.setBuddy(self.period)
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Dashboard status"))
        self.status.setStyleSheet("color: palette(placeholder-text);")
        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period)
        top.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        top.addWidget(self.status, 1)

        self.funnel = ChartCard(self.tr("Funnel"))
        self.sources = ChartCard(self.tr("Leads by source"))
        self.temperature = ChartCard(self.tr("Temperature mix"))
        self.stage_times = ChartCard(self.tr("Time in stage"))
        self.sal = ChartCard(self.tr("SAL service level"))
        self.feedback = ChartCard(self.tr("Product feedback"))
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(10)
        for index, card in enumerate(self.cards):
            card.message.connect(self.status.setText)
            grid.addWidget(card, index // 3, index % 3)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        for row in range(2):
            grid.setRowStretch(row, 1)
        scroll = QScrollArea()
        scroll.setWidget(grid_widget)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self._no_leads = self.tr(
            "No leads yet. Add or import leads, and the dashboard shows how they move "
            "through the funnel, where they come from and how warm they are."
        )
        self._quiet_period = self.tr(
            "Nothing happened in this period: no lead came in, moved on or gave feedback. "
            "Choose a longer period above."
        )
        self.empty = QLabel(self._no_leads)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setAccessibleName(self.tr("Empty dashboard"))
        self.empty.setStyleSheet("color: palette(placeholder-text);")
        self.pages = QStackedWidget()
        self.charts = scroll
        self.pages.addWidget(scroll)
        self.pages.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        self.setTabOrder(self.period, self.funnel.menu_button)
        for before, after in zip(self.cards, self.cards[1:], strict=False):
            self.setTabOrder(before.menu_button, after.menu_button)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        workspace.changed.connect(lambda _ids: self.request_refresh())

    @property
    def cards(self) -> list[ChartCard]:
        return [
            self.funnel,
            self.sources,
            self.temperature,
            self.stage_times,
            self.sal,
            self.feedback,
        ]

    def selected_period(self) -> Period:
        return Period(self.period.currentData())

    def set_period(self, period: Period) -> None:
        self.period.setCurrentIndex(self.period.findData(period.value))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The desktop switched between light and dark: redraw in its colours.
        if event.type() == QEvent.Type.PaletteChange and self.board is not None:
            self.show_dashboard(self.board)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def request_refresh(self, *, at_once: bool = False) -> None:
        """Recompute soon if the tab is on screen; otherwise when it shows."""
        self._stale = True
        if not self.isVisible():
            return
        if at_once:
            self.refresh()
        else:
            self._timer.start()

    def refresh(self) -> None:
        """Computes the numbers in the background, one computation at a
        time: a computation the new one makes pointless is cancelled."""
        self._timer.stop()
        if self._task is not None and self._task.running:
            self._again = True
            self._task.cancel()
            return
        self._stale = False
        period = self.selected_period()
        now = self.clock()
        database = self.workspace.database
        self.status.setText(self.tr("Computing…"))

        def work(progress: Progress) -> Dashboard:
            with database.read() as session, database.read() as history:
                return compute_dashboard(
                    session, period, now=now, progress=progress, concurrent=history
                )

        self._task = run_in_background(
            work,
            on_done=self._computed,
            on_error=self._failed,
            on_cancel=self._cancelled,
            parent=self,
        )
        self._task.progressed.connect(self._progressed)

    def _progressed(self, done: int, total: int, _message: str) -> None:
        self.status.setText(
            self.tr("Computing… %1 of %2").replace("%1", str(done)).replace("%2", str(total))
        )

    def _finished(self) -> bool:
        """After a computation: start the next one if a change came in."""
        if self._again:
            self._again = False
            self.refresh()
            return True
        return False

    def _cancelled(self) -> None:
        self._finished()

    def _computed(self, board: object) -> None:
        if self._finished() or not isinstance(board, Dashboard):
            return
        self.show_dashboard(board)

    def _failed(self, error: BaseException, _details: str) -> None:
        if self._finished():
            return
        if not isinstance(error, DBAPIError):
            raise error  # a bug, not something the user did: let it be seen
        where = self.workspace.database.display_name
        self.status.setText(
            self.tr("The dashboard could not be computed: %1").replace(
                "%1", describe_db_error(error, where)
            )
        )

    def show_dashboard(self, board: Dashboard) -> None:
        self.board = board
        if board.is_empty:
            self.empty.setText(self._no_leads)
            self.pages.setCurrentWidget(self.empty)
        else:
            show_funnel(self.funnel, board)
            show_sources(self.sources, board)
            show_temperature(self.temperature, board)
            show_stage_times(self.stage_times, board)
            show_sal(self.sal, board)
            show_feedback(self.feedback, board)
            if any(card.is_showing_chart() for card in self.cards):
                self.pages.setCurrentWidget(self.charts)
            else:
                # Six cards saying "nothing" say less than one sentence.
                self.empty.setText(self._quiet_period)
                self.pages.setCurrentWidget(self.empty)
        self.status.setText(
            self.tr("Updated at %1").replace("%1", QTime.currentTime().toString("HH:mm"))
        )
        self.updated.emit()
