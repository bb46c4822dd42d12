"""Small dialogs: a new lead, a value for many leads at once."""

from __future__ import annotations

from datetime import date
from typing import cast

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from leaddesk.domain.lead import Lead
from leaddesk.domain.sources import SOURCE_KEYS, source_label


class NewLeadDialog(QDialog):
    """The few fields that identify a lead; the rest is edited in the pane."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New lead"))
        self.setObjectName("new-lead")
        form = QFormLayout()
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.company = QLineEdit()
        self.email = QLineEdit()
        self.phone = QLineEdit()
        self.source = QComboBox()
        self.source.addItem("", "")
        for key in SOURCE_KEYS:
            self.source.addItem(self.tr(source_label(key)), key)
        for label, widget in (
            (self.tr("First name"), self.first_name),
            (self.tr("Last name"), self.last_name),
            (self.tr("Company"), self.company),
            (self.tr("Email"), self.email),
            (self.tr("Phone"), self.phone),
            (self.tr("Source"), self.source),
        ):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        self.hint = QLabel(self.tr("Give at least a name, a company, an email or a phone number."))
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        for edit in (self.first_name, self.last_name, self.company, self.email, self.phone):
            edit.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(self.lead().has_identity())

    def lead(self) -> Lead:
        return Lead(
            first_name=self.first_name.text().strip(),
            last_name=self.last_name.text().strip(),
            company=self.company.text().strip(),
            email=self.email.text().strip(),
            phone=self.phone.text().strip(),
            source=str(self.source.currentData() or ""),
        )


class ValueDialog(QDialog):
    """Asks for one text value (a tag, an owner) for the selected leads."""

    def __init__(
        self, title: str, label: str, choices: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("value-dialog")
        self.value = QComboBox()
        self.value.setEditable(True)
        self.value.addItems(choices)
        self.value.setCurrentText("")
        self.value.setAccessibleName(label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(label))
        layout.addWidget(self.value)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.value.currentText().strip()


class DateDialog(QDialog):
    """Asks for the next follow-up date of the selected leads."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("date-dialog")
        self.date = QDateEdit(QDate.currentDate().addDays(1))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        self.date.setAccessibleName(title)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.date)
        layout.addWidget(buttons)

    def value(self) -> date:
        return cast(date, self.date.date().toPython())
