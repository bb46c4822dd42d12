"""The import wizard's options page: what to do with a row that repeats a
lead (merge, skip, create; for a file with a Lead ID column, update the
leads it names). The region of phone numbers written without a country
code is chosen on the preview page, where its effect shows."""

from __future__ import annotations

from contextlib import suppress

from PySide6.QtWidgets import (
    QButtonGroup,
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
from leaddesk.ui.workspace import StoreFailure


class OptionsPage(QWizardPage):
    """What to do with duplicates."""

    def __init__(self, state: PendingImport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(self.tr("Duplicates"))
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
        heading = QLabel(self.tr("When a row repeats a lead:"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(column)
        layout.addStretch(1)

    def initializePage(self) -> None:
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
        region = self.state.region
        # The next file most likely comes from where this one did; a
        # database that refuses says so when the import writes.
        with suppress(StoreFailure):
            self.state.workspace.write(lambda s: settings.remember_import_region(s, region))
        return True
