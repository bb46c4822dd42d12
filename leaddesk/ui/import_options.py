"""The import wizard's options page: what to do with a row that repeats a
lead (merge, skip, create; for a file with a Lead ID column, update the
leads it names), and the region of phone numbers written without a
country code."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from leaddesk.store import settings
from leaddesk.transfer.columns import parse_lead_id
from leaddesk.transfer.duplicates import OnDuplicate
from leaddesk.transfer.fields import Field

from leaddesk.ui.import_state import PendingImport


class OptionsPage(QWizardPage):
    """What to do with duplicates, and the phone region."""

    def __init__(self, state: PendingImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(self.tr("Duplicates and phone numbers"))
        self.setSubTitle(
            self.tr("A row is a duplicate when it shares an email or a phone number with a lead, "
                    "or has a very similar name at the same company.")
        )  # fmt: skip
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Import"))
        self.choices = QButtonGroup(self)
        self.merge = QRadioButton(
            self.tr("&Merge into the existing lead (fill empty fields, keep both notes)")
        )
        self.skip = QRadioButton(self.tr("&Skip the duplicate row"))
        self.create_new = QRadioButton(self.tr("&Create a separate lead anyway"))
        self.update_leads = QRadioButton(
            self.tr("&Update the leads named in the Lead ID column with the file's values "
                    "(rows without an ID are merged or added)")
        )  # fmt: skip
        column = QVBoxLayout()
        for button, policy in (
            (self.merge, OnDuplicate.MERGE),
            (self.skip, OnDuplicate.SKIP),
            (self.create_new, OnDuplicate.CREATE),
            (self.update_leads, OnDuplicate.UPDATE),
        ):
            button.setAccessibleName(button.text().replace("&", ""))
            button.setProperty("policy", policy.value)
            self.choices.addButton(button)
            column.addWidget(button)
        self.merge.setChecked(True)
        self.region = QComboBox()
        self.region.setAccessibleName(self.tr("Phone region"))
        self.region.setMaximumWidth(self.fontMetrics().averageCharWidth() * 44)
        for name, code in _regions():
            self.region.addItem(f"{name} ({code})", code)
        form = QFormLayout()
        label = QLabel(self.tr("Numbers without a country code are from:"))
        label.setBuddy(self.region)
        form.addRow(label, self.region)
        heading = QLabel(self.tr("When a row repeats a lead:"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(column)
        layout.addSpacing(self.fontMetrics().height())
        layout.addLayout(form)
        layout.addStretch(1)

    def initializePage(self) -> None:
        code = self.state.region or self.state.workspace.read(settings.phone_region)
        index = self.region.findData(code)
        self.region.setCurrentIndex(max(index, 0))
        columns = self.state.require_job().mapping.columns
        ids = [c.index for c in columns if c.field is Field.LEAD_ID]
        self.update_leads.setVisible(bool(ids))
        if not ids:
            if self.update_leads.isChecked():
                self.merge.setChecked(True)
            return
        # The export of this very database, edited: updating is what its IDs are for.
        key = self.state.workspace.read(settings.database_key)
        samples = self.state.samples
        references = [parse_lead_id(v) for i in ids if i < len(samples) for v in samples[i]]
        if key and any(r is not None and r[1] == key for r in references):
            self.update_leads.setChecked(True)

    def validatePage(self) -> bool:
        checked = self.choices.checkedButton() or self.merge
        self.state.on_duplicate = OnDuplicate(str(checked.property("policy")))
        self.state.region = str(self.region.currentData())
        return True


def _regions() -> list[tuple[str, str]]:
    import phonenumbers

    found = []
    for code in sorted(phonenumbers.SUPPORTED_REGIONS):
        territory = QLocale.codeToTerritory(code)
        name = QLocale.territoryToString(territory) if territory.value else code
        found.append((name, code))
    return sorted(found, key=lambda pair: pair[0])
