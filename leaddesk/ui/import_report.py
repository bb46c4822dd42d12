"""The import wizard's last page: what the import did (created, merged,
skipped, needs review, rejected), then in tabs the problems with their
row numbers, every row with the lead it went into (created, merged into,
skipped because of), and the possible duplicates with what was chosen
(double-click any of them to open its lead); "Save problems as CSV…" and
"Show imported leads"."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from leaddesk.transfer.celltext import to_csv
from leaddesk.transfer.convert import Problem
from leaddesk.transfer.duplicates import Reason
from leaddesk.transfer.matching import lead_labels
from leaddesk.transfer.report import (
    CREATED,
    MERGED,
    REJECTED,
    ImportReport,
    Outcome,
    PossibleDuplicate,
)

from leaddesk.ui.import_state import PendingImport
from leaddesk.ui.list_model import AnyIndex, ListTableModel
from leaddesk.ui.palette import warning_color

LEAD_ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""The lead a problem's row became (None for a rejected row)."""

SIZED_ROWS = 50
"""Rows measured to size the problem columns. Qt measures up to 1,000 rows
a column by default, each cell asking the model for several roles: with
thousands of problems that froze the window for over 100 ms as the report
appeared, for columns capped at a few dozen characters anyway."""


def save_problems(path: Path, problems: list[Problem]) -> None:
    """The problems as a CSV a spreadsheet opens (UTF-8 with a BOM, no cell
    a spreadsheet would evaluate)."""
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Row", "Field", "Value", "Problem"])
        for p in problems:
            writer.writerow([p.row, p.field, to_csv(p.value), to_csv(p.message)])


class ProblemsModel(ListTableModel[Problem]):
    HEADERS = ("Row", "Field", "Value", "Problem")
    CONTEXT = "ImportReport"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.leads: dict[int, int] = {}

    def set_report(self, report: ImportReport) -> None:
        self.beginResetModel()
        self.items = report.problems
        self.leads = report.leads_by_row
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        problem = self.items[index.row()]
        if role == LEAD_ID_ROLE:
            return self.leads.get(problem.row)
        if role == Qt.ItemDataRole.DisplayRole:
            field = problem.field.replace("_", " ")
            return (str(problem.row), field, problem.value, problem.message)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            if problem.row in self.leads:
                return QCoreApplication.translate("ImportReport", "Double-click to open the lead.")
            return problem.message
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportReport", text)


def what_happened(outcome: Outcome) -> str:
    """ "Merged into lead 12" and the like, for one row."""
    if outcome.action == REJECTED:
        return _tr("Rejected")
    if outcome.action == CREATED:
        return _tr("Created lead %1").replace("%1", str(outcome.lead))
    if outcome.action == MERGED:
        return _tr("Merged into lead %1").replace("%1", str(outcome.lead))
    return _tr("Skipped: repeats lead %1").replace("%1", str(outcome.lead))


def because(outcome: Outcome) -> str:
    """Why, in a user's words: "same email as row 3; adds nothing new"."""
    parts = []
    if outcome.matched_by:
        how = _tr(Reason(outcome.matched_by).text)
        if outcome.of_row is not None:
            how = _tr("%1 as row %2").replace("%1", how).replace("%2", str(outcome.of_row))
        parts.append(how)
    if outcome.also:
        also = ", ".join(str(lead) for lead in outcome.also)
        parts.append(_tr("also repeats lead %1").replace("%1", also))
    if outcome.because:
        parts.append(_tr(outcome.because))
    return "; ".join(parts)


class OutcomesModel(ListTableModel[Outcome]):
    """Every row of the file with the lead it went into. The leads' names
    are read from the database a page at a time, as rows are shown (a
    report of 100,000 rows holds only their ids)."""

    HEADERS = ("Row", "What happened", "Lead", "Because")
    CONTEXT = "ImportReport"
    PAGE = 200
    KEPT = 5_000
    """Names kept at most, the most recently read."""

    def __init__(
        self, names: Callable[[list[int]], dict[int, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.names = names
        self._known: dict[int, str] = {}

    def set_items(self, items: list[Outcome]) -> None:
        self._known = {}
        super().set_items(items)

    def _name(self, row: int) -> str:
        lead = self.items[row].lead
        if lead is None:
            return ""
        if lead not in self._known:
            page = self.items[max(0, row - self.PAGE // 4) : row + self.PAGE]
            wanted = [o.lead for o in page if o.lead is not None and o.lead not in self._known]
            if len(self._known) > self.KEPT:
                self._known = {}
            self._known.update(dict.fromkeys(wanted, ""))
            self._known.update(self.names(wanted))
        return self._known.get(lead, "")

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        outcome = self.items[index.row()]
        if role == LEAD_ID_ROLE:
            return outcome.lead
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return str(outcome.row)
            if column == 1:
                return what_happened(outcome)
            if column == 2:
                return self._name(index.row())
            return because(outcome)
        if role == Qt.ItemDataRole.ToolTipRole and outcome.lead is not None:
            return _tr("Double-click to open the lead.")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class PossibleModel(ListTableModel[PossibleDuplicate]):
    """The possible duplicates, each beside the lead it may repeat."""

    HEADERS = ("Row", "Row's lead", "May repeat", "Why", "Done")
    CONTEXT = "ImportReport"

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        flagged = self.items[index.row()]
        if role == LEAD_ID_ROLE:
            return flagged.lead
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return str(flagged.row)
            if column == 1:
                return flagged.label
            if column == 2:
                where = _tr("lead %1").replace("%1", str(flagged.lead))
                return f"{where}: {flagged.lead_label}"
            if column == 3:
                return _tr(Reason(flagged.why).text)
            return _tr("Merged") if flagged.choice == "merge" else _tr("Kept both")
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tr("Double-click to open the lead it may repeat.")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ReportPage(QWizardPage):
    open_lead = Signal(int)
    show_batch = Signal(int)

    def __init__(self, state: PendingImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(self.tr("Import finished"))
        self.counts: dict[str, QLabel] = {}
        grid = QGridLayout()
        big = self.font()
        big.setPointSizeF(big.pointSizeF() * 1.6)
        big.setBold(True)
        for column, (key, label) in enumerate(
            (
                ("created", self.tr("created")),
                ("merged", self.tr("merged")),
                ("skipped", self.tr("duplicates skipped")),
                ("needs_review", self.tr("need review")),
                ("rejected", self.tr("rejected")),
            )
        ):
            number = QLabel("0")
            number.setFont(big)
            number.setAccessibleName(label)
            number.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            caption = QLabel(label)
            caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            grid.addWidget(number, 0, column)
            grid.addWidget(caption, 1, column)
            self.counts[key] = number
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAccessibleName(self.tr("Import details"))
        self.model = ProblemsModel(self)
        self.problems = QTableView()
        self.problems.setObjectName("problems-table")
        self.problems.setAccessibleName(self.tr("Problems"))
        self.problems.setModel(self.model)
        self.problems.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems.setWordWrap(False)
        self.problems.verticalHeader().setVisible(False)
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.problems.horizontalHeader().setResizeContentsPrecision(SIZED_ROWS)
        self.problems.activated.connect(self._activated)
        self.problems.doubleClicked.connect(self._activated)
        self.outcomes_model = OutcomesModel(self._lead_names, self)
        self.outcomes = self._table("outcomes-table", self.tr("Rows and leads"))
        self.outcomes.setModel(self.outcomes_model)
        self.possible_model = PossibleModel(self)
        self.possible = self._table("possible-table", self.tr("Possible duplicates"))
        self.possible.setModel(self.possible_model)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.problems, self.tr("&Problems"))
        self.tabs.addTab(self.outcomes, self.tr("&Rows and leads"))
        self.tabs.addTab(self.possible, self.tr("P&ossible duplicates"))
        self.save_button = QPushButton(self.tr("Save problems as &CSV…"))
        self.save_button.setAccessibleName(self.tr("Save problems as CSV"))
        self.save_button.clicked.connect(self._save)
        self.show_button = QPushButton(self.tr("Show &imported leads"))
        self.show_button.setAccessibleName(self.tr("Show imported leads"))
        self.show_button.clicked.connect(self._show)
        self.saved = QLabel()
        self.saved.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.saved, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.details)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    def _lead_names(self, ids: list[int]) -> dict[int, str]:
        try:
            return self.state.workspace.read(lambda session: lead_labels(session, ids))
        except DBAPIError:
            return {}  # the names stay blank; each row still says its lead's number

    def _table(self, name: str, accessible: str) -> QTableView:
        table = QTableView()
        table.setObjectName(name)
        table.setAccessibleName(accessible)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setResizeContentsPrecision(SIZED_ROWS)
        table.activated.connect(self._activated)
        table.doubleClicked.connect(self._activated)
        return table

    def initializePage(self) -> None:
        report = self.state.report
        assert report is not None
        self.setSubTitle(report.file + (f" — {report.sheet}" if report.sheet else ""))
        values = {
            "created": report.created,
            "merged": report.merged,
            "skipped": report.skipped_duplicates,
            "needs_review": report.needs_review,
            "rejected": report.rejected,
        }
        for key, value in values.items():
            self.counts[key].setText(f"{value:,}")
        attention = {"needs_review": report.needs_review, "rejected": report.rejected}
        for key, value in attention.items():
            color = warning_color().name() if value else self.palette().text().color().name()
            self.counts[key].setStyleSheet(f"color: {color};")
        lines = [self.tr("%1 rows read.").replace("%1", f"{report.rows:,}")]
        if report.custom_columns:
            lines.append(
                self.tr("Kept as custom fields: %1.").replace(
                    "%1", ", ".join(report.custom_columns)
                )
            )
        if report.skipped_lines:
            lines.append(
                self.tr("Rows skipped as not leads (title, notes, totals): %1.").replace(
                    "%1", ", ".join(str(n) for n in report.skipped_lines[:20])
                )
            )
        if report.possible:
            lines.append(
                self.tr("%Ln possible duplicate(s): see their tab.", "", len(report.possible))
            )
        lines.append(self.tr("Double-click a row to open its lead."))
        self.details.setText(" ".join(lines[:-1]) + "\n" + lines[-1])
        self.model.set_report(report)
        self.outcomes_model.set_items(report.outcomes)
        self.possible_model.set_items(report.possible)
        problems, possible = self.tabs.indexOf(self.problems), self.tabs.indexOf(self.possible)
        self.tabs.setTabText(
            problems, self.tr("&Problems (%1)").replace("%1", f"{len(report.problems):,}")
        )
        self.tabs.setTabText(
            possible,
            self.tr("P&ossible duplicates (%1)").replace("%1", f"{len(report.possible):,}"),
        )
        self.tabs.setTabEnabled(problems, bool(report.problems))
        self.tabs.setTabEnabled(possible, bool(report.possible))
        first = problems if report.problems else possible if report.possible else None
        self.tabs.setCurrentIndex(first if first is not None else self.tabs.indexOf(self.outcomes))
        for table in (self.outcomes, self.possible):
            table.resizeColumnsToContents()
            limit = self.fontMetrics().averageCharWidth() * 40
            for column in range(table.model().columnCount() - 1):
                table.setColumnWidth(column, min(table.columnWidth(column), limit) + 12)
        self.save_button.setEnabled(bool(report.problems))
        self.show_button.setEnabled(report.created > 0)
        self.problems.resizeColumnsToContents()
        limit = self.fontMetrics().averageCharWidth() * 32
        for column in range(3):
            self.problems.setColumnWidth(column, min(self.problems.columnWidth(column), limit) + 12)
        if report.problems:
            # Only the first rows were measured: the last row number is the longest.
            last = max(problem.row for problem in report.problems)
            wide = self.problems.fontMetrics().horizontalAdvance(f"{last}") + 24
            self.problems.setColumnWidth(0, max(self.problems.columnWidth(0), wide))

    def _activated(self, index: QModelIndex) -> None:
        lead_id = index.data(LEAD_ID_ROLE)
        if isinstance(lead_id, int):
            self.open_lead.emit(lead_id)

    def _show(self) -> None:
        report = self.state.report
        if report is not None and report.batch is not None:
            self.show_batch.emit(report.batch)

    def _save(self) -> None:
        report = self.state.report
        if report is None:
            return
        suggested = str(Path.home() / f"{Path(report.file).stem} problems.csv")
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save problems"), suggested, self.tr("CSV files (*.csv)")
        )
        if not chosen:
            return
        path = Path(chosen)
        try:
            save_problems(path, report.problems)
        except OSError as error:
            self.saved.setText(
                self.tr("%1 cannot be written (%2).")
                .replace("%1", path.name)
                .replace("%2", error.strerror or str(error))
            )
            self.saved.setStyleSheet(f"color: {warning_color().name()};")
            return
        self.saved.setStyleSheet("")
        self.saved.setText(self.tr("Saved to %1.").replace("%1", str(path)))
