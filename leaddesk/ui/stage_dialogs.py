"""What the window asks before a stage move, by the domain's rules:
confirmation for SQL without Budget and Authority, a reason for
Disqualified. Shared by the detail pane, bulk actions and the kanban."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from leaddesk.domain.bant import Bant
from leaddesk.domain.stages import Stage, check_move

from leaddesk.ui.lifetime import run_modal

COMMON_REASONS = (
    "No budget",
    "Not the decision maker",
    "No need",
    "Went with a competitor",
    "Unreachable",
    "Not a fit",
)


class ReasonDialog(QDialog):
    """Asks why leads are disqualified; the reason is required."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Disqualify"))
        self.setObjectName("reason-dialog")
        layout = QVBoxLayout(self)
        text = (
            self.tr("Why is this lead disqualified?")
            if count == 1
            else (self.tr("Why are these %1 leads disqualified?").replace("%1", f"{count:,}"))
        )
        layout.addWidget(QLabel(text))
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems([self.tr(r) for r in COMMON_REASONS])
        self.reason.setCurrentText("")
        self.reason.setAccessibleName(self.tr("Reason"))
        line = self.reason.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Reason (required)"))
        layout.addWidget(self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.reason.currentTextChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(bool(self.reason.currentText().strip()))

    def text(self) -> str:
        return self.reason.currentText().strip()


@dataclass(frozen=True)
class Decision:
    go: bool
    reason: str = ""


def ask_before_move(
    parent: QWidget, bants: list[Bant], current: Stage | None, target: Stage
) -> Decision:
    """Asks what the rules require for moving leads with these BANT answers
    to ``target``; ``go`` is False when the user declined."""
    checks = [check_move(bant, current or Stage.NEW, target) for bant in bants]
    questions = [c.confirmation for c in checks if c.confirmation]
    if questions:
        text = questions[0]
        if len(bants) > 1:
            text = parent.tr(
                "%1 of these leads lack a confirmed Budget or Authority. "
                "Move them to Sales qualified anyway?"
            ).replace("%1", f"{len(questions):,}")
        box = QMessageBox(
            QMessageBox.Icon.Question, parent.tr("Sales qualified?"), text, parent=parent
        )
        box.setObjectName("confirm-sql")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if run_modal(box) != QMessageBox.StandardButton.Yes:
            return Decision(False)
    if any(c.needs_reason for c in checks):
        dialog = ReasonDialog(len(bants), parent)
        if run_modal(dialog) != QDialog.DialogCode.Accepted:
            return Decision(False)
        return Decision(True, dialog.text())
    return Decision(True)
