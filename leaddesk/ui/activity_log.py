"""A lead's activity log (newest first) and the dialog that logs one."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import cast

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from leaddesk.domain.clock import to_local, to_utc
from leaddesk.domain.lead import Activity, ActivityKind, Lead

from leaddesk.ui.palette import badge_style

CALL_OUTCOMES = (
    "Connected",
    "Interested",
    "Call back later",
    "No answer",
    "Left voicemail",
    "Not interested",
    "Wrong number",
)


def describe(activity: Activity) -> str:
    when = to_local(activity.occurred_at).strftime("%d %b %Y %H:%M")
    kind = QCoreApplication.translate("ActivityDialog", activity.kind.label)
    parts = [f"{kind} · {when}"]
    if activity.outcome:
        parts[0] += f" · {activity.outcome}"
    if activity.duration_seconds:
        minutes, seconds = divmod(activity.duration_seconds, 60)
        parts[0] += f" · {minutes}:{seconds:02d}"
    if activity.tags:
        parts[0] += " · " + ", ".join(f"#{t}" for t in activity.tags)
    if activity.text:
        parts.append(activity.text)
    return "\n".join(parts)


class ActivityLog(QWidget):
    log_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Activity log"))
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.list.setMinimumHeight(self.fontMetrics().height() * 8)
        self.add = QPushButton(self.tr("Log activity…"))
        self.add.setAccessibleName(self.tr("Log activity"))
        self.add.clicked.connect(self.log_requested)
        layout.addWidget(self.list)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def show_activities(self, activities: list[Activity]) -> None:
        self.list.clear()
        if not activities:
            item = QListWidgetItem(self.tr("Nothing logged yet."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
        for activity in activities:
            self.list.addItem(QListWidgetItem(describe(activity)))


class ActivityDialog(QDialog):
    """Log a call, email, meeting, message, note or product feedback."""

    def __init__(self, lead: Lead, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lead = lead
        self.setWindowTitle(self.tr("Log activity — %1").replace("%1", lead.display_name))
        self.setObjectName("activity-dialog")
        form = QFormLayout()
        self.kind = QComboBox()
        for kind in ActivityKind:
            self.kind.addItem(self.tr(kind.label), kind.value)
        self.when = QDateTimeEdit(QDateTime.currentDateTime())
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("d MMM yyyy HH:mm")
        self.outcome = QComboBox()
        self.outcome.setEditable(True)
        self.outcome.addItems(["", *(self.tr(o) for o in CALL_OUTCOMES)])
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(self.tr("What was said, what was agreed"))
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("pricing, onboarding… (comma-separated)"))
        self.follow = QCheckBox(self.tr("Set next follow-up"))
        self.follow_date = QDateEdit(QDate.currentDate().addDays(7))
        self.follow_date.setCalendarPopup(True)
        self.follow_date.setDisplayFormat("d MMM yyyy")
        self.follow_date.setEnabled(False)
        self.follow.toggled.connect(self.follow_date.setEnabled)
        follow_row = QHBoxLayout()
        follow_row.addWidget(self.follow)
        follow_row.addWidget(self.follow_date)
        follow_row.addStretch(1)
        for label, widget in (
            (self.tr("Kind"), self.kind),
            (self.tr("When"), self.when),
            (self.tr("Outcome"), self.outcome),
            (self.tr("Notes"), self.text),
            (self.tr("Feedback tags"), self.tags),
        ):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        form.addRow("", follow_row)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(badge_style())
        self.warning.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.selected_kind()
        self.tags.setEnabled(kind is ActivityKind.FEEDBACK)
        self.outcome.setEnabled(
            kind in (ActivityKind.CALL, ActivityKind.MEETING, ActivityKind.EMAIL)
        )
        self.warning.setVisible(self.lead.do_not_contact and kind.contacts_lead)
        self.warning.setText(
            self.tr("%1 is marked do not contact.").replace("%1", self.lead.display_name)
        )

    def selected_kind(self) -> ActivityKind:
        return ActivityKind(self.kind.currentData())

    def activity(self) -> Activity:
        tags = tuple(t.strip() for t in self.tags.text().split(",") if t.strip())
        kind = self.selected_kind()
        return Activity(
            kind=kind,
            occurred_at=to_utc(cast(datetime, self.when.dateTime().toPython())).replace(
                microsecond=0
            ),
            text=self.text.toPlainText().strip(),
            outcome=self.outcome.currentText().strip() if self.outcome.isEnabled() else "",
            tags=tags if kind is ActivityKind.FEEDBACK else (),
        )

    def follow_up(self) -> date | bool:
        """The new follow-up date, or False to leave it as it is."""
        if not self.follow.isChecked():
            return False
        return cast(date, self.follow_date.date().toPython())

    def accept(self) -> None:
        if self.lead.do_not_contact and self.selected_kind().contacts_lead:
            answer = QMessageBox.warning(
                self,
                self.tr("Do not contact"),
                self.tr("%1 asked not to be contacted. Log this contact anyway?").replace(
                    "%1", self.lead.display_name
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().accept()


def tomorrow(days: int = 1) -> date:
    return (datetime.now() + timedelta(days=days)).date()
