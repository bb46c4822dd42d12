"""When a save does not go through: someone else saved the lead first (show
who changed what, keep theirs, mine, or merge field by field), or the
connection to the server was lost (keep the edit, try again).

:func:`recover_save` is what the detail pane calls after a failed save.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from leaddesk.domain.bant import Bant
from leaddesk.domain.lead import Lead
from leaddesk.store.conflict import FieldChange, Keep, default_choice, differences, merge

from leaddesk.ui.lifetime import run_modal
from leaddesk.ui.workspace import Workspace


def tr(text: str) -> str:
    return QCoreApplication.translate("ConflictDialog", text)


def field_label(name: str) -> str:
    labels = {
        "first_name": tr("First name"), "last_name": tr("Last name"), "company": tr("Company"),
        "title": tr("Job title"), "email": tr("Email"), "phone": tr("Phone"),
        "emails": tr("Other emails"), "phones": tr("Other phones"), "website": tr("Website"),
        "address": tr("Address"), "city": tr("City"), "postal_code": tr("Postal code"),
        "country": tr("Country"), "source": tr("Source"), "interest": tr("Interest"),
        "owner": tr("Owner"), "tags": tr("Tags"), "competitor": tr("Competitor"),
        "consent": tr("Consent"), "consent_at": tr("Consent given on"),
        "consent_how": tr("Consent given how"), "do_not_contact": tr("Do not contact"),
        "next_follow_up": tr("Next follow-up"), "bant": tr("BANT"), "stage": tr("Stage"),
        "disqualified_reason": tr("Reason for disqualifying"), "notes": tr("Notes"),
        "custom": tr("Other fields"),
    }  # fmt: skip
    return labels.get(name, name)


def shown(value: Any) -> str:
    """A field's value as one short line."""
    if value is None or value == "" or value == [] or value == {}:
        return tr("(empty)")
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if isinstance(value, Bant):
        parts = zip(
            "BANT", (value.budget, value.authority, value.need, value.timeframe), strict=True
        )
        return " ".join(f"{letter}:{answer.value}" for letter, answer in parts)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    text = str(getattr(value, "label", value))
    return text if len(text) <= 80 else text[:79] + "…"


class ConflictDialog(QDialog):
    """Someone saved the lead while this user was editing it."""

    def __init__(
        self, base: Lead, mine: Lead, theirs: Lead, changed_by: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.base, self.mine, self.theirs = base, mine, theirs
        self.setWindowTitle(self.tr("Lead changed by someone else"))
        self.setAccessibleName(self.tr("Lead changed by someone else"))
        layout = QVBoxLayout(self)
        who = changed_by or self.tr("Someone else")
        intro = QLabel(
            self.tr(
                "%1 saved %2 while you were editing it. Choose, for each field, which "
                "value to keep."
            )
            .replace("%1", who)
            .replace("%2", theirs.display_name)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.changes = differences(base, mine, theirs)
        self.groups: dict[str, QButtonGroup] = {}
        layout.addWidget(self._grid(who))
        buttons = QDialogButtonBox()
        self.keep_theirs = self._button(buttons, self.tr("Keep theirs"), Keep.THEIRS)
        self.keep_mine = self._button(buttons, self.tr("Keep mine"), Keep.MINE)
        self.merge_button = QPushButton(self.tr("Save merged"))
        self.merge_button.setAccessibleName(self.tr("Save merged"))
        self.merge_button.setDefault(True)
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(max(560, self.sizeHint().width()), min(520, self.sizeHint().height() + 40))

    def _grid(self, who: str) -> QScrollArea:
        body = QWidget()
        grid = QGridLayout(body)
        grid.setHorizontalSpacing(16)
        theirs = self.tr("Theirs (%1)").replace("%1", who)
        for column, title in enumerate((self.tr("Field"), self.tr("Yours"), theirs)):
            heading = QLabel(f"<b>{title}</b>")
            grid.addWidget(heading, 0, column)
        for row, change in enumerate(self.changes, start=1):
            grid.addWidget(QLabel(field_label(change.name)), row, 0)
            group = QButtonGroup(self)
            for column, (keep, value) in enumerate(
                ((Keep.MINE, change.mine), (Keep.THEIRS, change.theirs)), start=1
            ):
                choice = QRadioButton(shown(value).replace("&", "&&"))  # not a shortcut
                choice.setAccessibleName(
                    self.tr("%1: keep %2")
                    .replace("%1", field_label(change.name))
                    .replace("%2", self.tr("yours") if keep is Keep.MINE else self.tr("theirs"))
                )
                choice.setChecked(default_choice(change) is keep)
                group.addButton(choice, column)
                grid.addWidget(choice, row, column)
            self.groups[change.name] = group
        grid.setRowStretch(len(self.changes) + 1, 1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        return scroll

    def _button(self, box: QDialogButtonBox, text: str, keep: Keep) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text)
        box.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        button.clicked.connect(lambda: self._keep_all(keep))
        return button

    def _keep_all(self, keep: Keep) -> None:
        for group in self.groups.values():
            button = group.button(1 if keep is Keep.MINE else 2)
            if button is not None:
                button.setChecked(True)
        self.accept()

    def choices(self) -> dict[str, Keep]:
        return {
            name: Keep.MINE if group.checkedId() == 1 else Keep.THEIRS
            for name, group in self.groups.items()
        }

    def resolved(self) -> Lead:
        """The lead to save: theirs, with the fields chosen from mine."""
        return merge(self.base, self.mine, self.theirs, self.choices())

    def change_for(self, name: str) -> FieldChange | None:
        return next((c for c in self.changes if c.name == name), None)


def recover_save(
    parent: QWidget, workspace: Workspace, before: Lead, after: Lead, what: str
) -> bool:
    """After ``workspace.save_lead(before, after, what)`` failed: resolves a
    conflict with the user, or offers to try again after a lost connection.
    True once the edit is saved; False leaves it for the caller to keep in
    the form."""
    while (failure := workspace.last_failure) is not None:
        if failure.stale is not None:
            theirs = failure.stale.current
            dialog = ConflictDialog(before, after, theirs, failure.stale.changed_by, parent)
            if run_modal(dialog) != QDialog.DialogCode.Accepted:
                return True  # closed: their version stands, as the form shows
            before, after = theirs, dialog.resolved()
            if after == theirs:
                return True  # kept theirs: nothing left to save
        elif failure.lost_connection:
            answer = QMessageBox.warning(
                parent,
                tr("Connection lost"),
                tr(
                    "LeadDesk lost the connection to the database server, so your change "
                    "was not saved. It is kept in the form: try again once the server is "
                    "back."
                ),
                QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Retry,
            )
            if answer != QMessageBox.StandardButton.Retry:
                return False
        else:
            return False
        if workspace.save_lead(before, after, what):
            return True
    return False
