"""The wizard's values page, used as a person would: the file's sources
and stages listed with what each becomes (the ones to look at first), one
changed with the list in its row, and the import taking the choice."""

from __future__ import annotations

from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from leaddesk.domain.stages import Stage
from tests.transfer.conftest import write_csv
from tests.ui.test_import_wizard import go_to, next_page, start

from leaddesk.ui.import_values import BECOMES, CHOICE_ROLE, VALUE
from leaddesk.ui.import_wizard import PREVIEW, REPORT, VALUES
from leaddesk.ui.main_window import MainWindow

ROWS = [
    ["Email", "First Name", "Lifecycle Stage", "Original Source"],
    ["mia@example.com", "Mia", "Subscriber", "Empfehlung"],
    ["noah@example.com", "Noah", "Evangelist", "referral - Hans"],
    ["lea@example.com", "Léa", "Customer", "Offline Sources"],
    ["bo@example.com", "Bo", "Subscriber", "Empfehlung"],
]


def test_values_are_listed_and_a_choice_is_taken(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    wizard = start(qtbot, window, write_csv(tmp_path / "hubspot.csv", ROWS))
    go_to(qtbot, wizard, VALUES)
    page = wizard.values_page
    qtbot.waitUntil(page.isComplete)
    model = page.model
    qtmodeltester.check(model, force_py=True)
    rows = range(model.rowCount())
    listed = {model.index(r, VALUE).data(): model.index(r, BECOMES).data() for r in rows}
    kept = ", and the value kept as given"
    assert listed == {
        "Subscriber": "New lead" + kept, "Evangelist": "Customer" + kept, "Customer": "Customer",
        "Empfehlung": "Referral", "referral - Hans": "Referral" + kept,
        "Offline Sources": "Kept as given, as the source",
    }  # fmt: skip
    # What needs a look comes first: nothing LeadDesk knows by that name.
    assert model.index(0, VALUE).data() not in ("Customer", "Empfehlung")
    assert "6 values in the file" in page.summary.text()

    row = next(r for r in range(model.rowCount()) if model.index(r, VALUE).data() == "Subscriber")
    cell = page.table.visualRect(model.index(row, BECOMES))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    editor = next(e for e in page.table.findChildren(QComboBox) if e.isVisible())
    qtbot.keyClicks(editor, "Marketing")
    assert model.index(row, BECOMES).data(CHOICE_ROLE) == Stage.MQL.value

    next_page(qtbot, wizard)
    assert wizard.currentId() == PREVIEW
    go_to(qtbot, wizard, REPORT)
    report = wizard.state.report
    assert report is not None
    found = [window.workspace.lead(lead_id) for lead_id in report.leads_by_row.values()]
    leads = {lead.first_name: lead for lead in found}
    assert (leads["Mia"].stage, leads["Bo"].stage) == (Stage.MQL, Stage.MQL)
    assert leads["Mia"].custom["Lifecycle Stage"] == "Subscriber"
    assert (leads["Noah"].stage, leads["Noah"].source) == (Stage.CUSTOMER, "referral")
    assert leads["Léa"].source == "Offline Sources"
