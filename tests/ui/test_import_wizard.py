"""The import wizard walked like a user, on files the tests write: a CSV
with a preamble and every kind of problem, a workbook with two sheets."""

from __future__ import annotations

import csv
import warnings
from collections.abc import Callable
from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
    QWizard,
)

from leaddesk.domain.lead import Lead
from leaddesk.store.database import Database
from leaddesk.store.imports import list_batches
from leaddesk.store.queries import LeadQuery, count_leads
from leaddesk.transfer.fields import Field
from tests.transfer.conftest import write_csv
from tests.ui.conftest import names

from leaddesk.ui.import_mapping import FIELD_ROLE
from leaddesk.ui.import_preview import MARKS_ROLE, PreviewModel
from leaddesk.ui.import_report import LEAD_ID_ROLE
from leaddesk.ui.import_wizard import (
    HEADER,
    MAPPING,
    OPTIONS,
    PREVIEW,
    REPORT,
    RUN,
    VALUES,
    ImportWizard,
)
from leaddesk.ui.main_window import MainWindow

HEADERS = ["First Name", "Last Name", "Company", "E-mail", "Phone", "Favourite colour", "Source"]


def messy_csv(folder: Path, name: str = "webform.csv") -> Path:
    """A preamble, a lead already in the database (Chloé), a bad email and
    phone, a bad phone, a row repeating the one before, a row without a
    name, company, email or phone (two cells filled: a single one under
    the table would be a footer line)."""
    rows = [
        ["Exported from WebForms Pro"],
        ["Date: 2026-05-01"],
        [],
        HEADERS,
        ["Chloé", "Dubois", "Lumière SARL", "chloe@lumiere.fr", "", "blue", "referral"],
        ["Marc", "Petit", "Acme", "marc@@acme", "555-0199", "red", "linkedin"],
        ["Lena", "Roth", "Kobalt AG", "lena@kobalt.de", "12", "green", "event"],
        ["Lena", "Roth", "Kobalt AG", "lena@kobalt.de", "+1 415 555 0100", "green", "event"],
        ["", "", "", "", "", "yellow", "web"],
    ]
    return write_csv(folder / name, rows)


def when_dialog(qtbot: QtBot, kind: type[QWidget], act: Callable[[QWidget], None]) -> list[QWidget]:
    """Runs ``act`` on the next modal dialog of ``kind`` (the wizard itself
    is modal, so the conftest helper would find it first)."""
    from PySide6.QtCore import QTimer

    seen: list[QWidget] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, poll)
            return
        seen.append(dialog)
        act(dialog)

    QTimer.singleShot(0, poll)
    return seen


def wizard_of(window: MainWindow) -> ImportWizard:
    shown = [w for w in window.findChildren(ImportWizard) if w.isVisible()]
    assert len(shown) == 1
    return shown[0]


def start(qtbot: QtBot, window: MainWindow, path: Path) -> ImportWizard:
    """File ▸ Import…, then the file typed into the file field."""
    window.import_action.trigger()
    wizard = wizard_of(window)
    qtbot.keyClicks(wizard.file_page.path, str(path))
    qtbot.keyClick(wizard.file_page.path, Qt.Key.Key_Return)
    qtbot.waitUntil(wizard.file_page.isComplete)
    return wizard


def next_page(qtbot: QtBot, wizard: ImportWizard) -> None:
    """Clicks Next (or Import), then waits for the page to be ready."""
    button = wizard.button(QWizard.WizardButton.NextButton)
    if not button.isVisible():
        button = wizard.button(QWizard.WizardButton.CommitButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    if wizard.currentId() < RUN:
        qtbot.waitUntil(lambda: wizard.currentPage().isComplete())


def go_to(qtbot: QtBot, wizard: ImportWizard, page: int) -> None:
    while wizard.currentId() < page and wizard.currentId() < RUN:
        next_page(qtbot, wizard)
    if page >= RUN:
        qtbot.waitUntil(lambda: wizard.currentId() == REPORT, timeout=20_000)


def import_file(qtbot: QtBot, window: MainWindow, path: Path) -> ImportWizard:
    """Imports ``path`` through the wizard with its proposed settings."""
    wizard = start(qtbot, window, path)
    go_to(qtbot, wizard, REPORT)
    return wizard


def test_csv_with_a_preamble_walked_to_the_report(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    wizard = start(qtbot, window, messy_csv(tmp_path))
    next_page(qtbot, wizard)
    assert wizard.currentId() == HEADER
    assert "Row 4 holds the column names" in wizard.header_page.summary.text()
    assert "2 rows above it" in wizard.header_page.summary.text()

    next_page(qtbot, wizard)
    page = wizard.mapping_page
    qtmodeltester.check(page.model, force_py=True)
    colour = HEADERS.index("Favourite colour")
    assert page.model.index(colour, 1).data(FIELD_ROLE) == Field.CUSTOM
    assert "Kept as custom field" in page.model.index(colour, 1).data()
    assert "blue" in page.model.index(colour, 2).data()
    combo = page.editor(colour)
    combo.setCurrentIndex(combo.findData(Field.NOTES.value))
    assert wizard.state.require_job().mapping.columns[colour].field is Field.NOTES

    next_page(qtbot, wizard)
    assert wizard.currentId() == VALUES  # the file has a Source column
    next_page(qtbot, wizard)
    assert wizard.currentId() == PREVIEW
    preview = wizard.preview_page.model
    qtmodeltester.check(preview, force_py=True)
    marks = {
        int(preview.index(r, 0).data()): preview.index(r, 0).data(MARKS_ROLE)
        for r in range(preview.rowCount())
    }
    assert marks[5] == ("duplicate_lead",)
    assert {"bad_email", "bad_phone", "needs_review"} <= set(marks[6])
    assert "bad_phone" in marks[7]
    assert marks[8] == ("duplicate_row",)
    assert marks[9] == ("rejected",)
    assert preview.index(3, 5).data() == (
        "Duplicate of row 7 “Lena Roth, Kobalt AG, lena@kobalt.de” (same email)"
    )

    next_page(qtbot, wizard)
    assert wizard.currentId() == OPTIONS
    assert wizard.options_page.merge.isChecked()
    go_to(qtbot, wizard, REPORT)

    report = wizard.report_page
    counts = {key: label.text() for key, label in report.counts.items()}
    assert counts == {"created": "2", "merged": "2", "skipped": "0", "needs_review": "2",
                      "rejected": "1"}  # fmt: skip
    qtmodeltester.check(report.model, force_py=True)
    rows = [report.model.index(r, 0).data() for r in range(report.model.rowCount())]
    assert rows == ["6", "6", "7", "9"]
    assert "Favourite colour" not in report.details.text()  # it went to the notes
    marc = window.workspace.lead(report.model.index(0, 0).data(LEAD_ID_ROLE))
    assert marc.email == "marc@@acme" and marc.notes == "red" and marc.needs_review


def test_problem_opens_its_lead_and_saves_as_csv(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    wizard = import_file(qtbot, window, messy_csv(tmp_path))
    page = wizard.report_page
    index = page.model.index(0, 0)
    page.problems.doubleClicked.emit(index)
    opened = [w for w in window.findChildren(QWidget) if w.windowTitle() == "Marc Petit"]
    assert opened and opened[0].isVisible()
    opened[0].close()

    target = tmp_path / "problems.csv"

    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile(str(target))
        dialog.accept()

    seen = when_dialog(qtbot, QFileDialog, answer)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert seen
    with target.open(encoding="utf-8-sig", newline="") as stream:
        saved = list(csv.reader(stream))
    assert saved[0] == ["Row", "Field", "Value", "Problem"]
    assert saved[1][:3] == ["6", "email", "marc@@acme"]
    assert saved[-1][0] == "9" and "not imported" in saved[-1][3]
    assert "Saved to" in page.saved.text()


def test_show_imported_leads_filters_the_table(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    wizard = import_file(qtbot, window, messy_csv(tmp_path))
    qtbot.mouseClick(wizard.report_page.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sorted(names(window)) == ["Lena Roth", "Marc Petit"])
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    from PySide6.QtWidgets import QPushButton

    show_all = window.findChild(QPushButton, "show-all-leads")
    assert show_all is not None
    qtbot.mouseClick(show_all, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(names(window)) == 6)


def test_cancel_halfway_leaves_the_database_as_it_was(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    people = [[f"Person{n}", "Test", f"p{n}@example.com", f"Firm {n % 50}"] for n in range(5_900)]
    path = write_csv(
        tmp_path / "big.csv", [["First name", "Last name", "Email", "Company"], *people]
    )
    wizard = start(qtbot, window, path)
    go_to(qtbot, wizard, OPTIONS)
    run = wizard.run_page
    with qtbot.waitSignal(run.bar.valueChanged, timeout=20_000):
        next_page(qtbot, wizard)
    assert "of 5,9" in run.rate.text()  # progress showed before the cancel
    qtbot.mouseClick(run.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "cancelled" in run.status.text(), timeout=20_000)
    assert wizard.currentId() == RUN
    database = window.workspace.database
    with database.read() as session:
        assert count_leads(session, LeadQuery()) == 4
        assert list_batches(session) == []
    assert run.again.isVisible()


def test_workbook_with_two_sheets_imports_the_chosen_sheet(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "2025"
    first.append(["Name", "Email"])
    first.append(["Old Contact", "old@example.com"])
    second = book.create_sheet("2026")
    second.append(["Leads of 2026"])
    second.append(["Name", "Email", "Phone"])
    second.append(["Nina Park", "nina@example.com", "+1 415 555 0101"])
    second.append(["Omar Said", "omar@example.com", "+1 415 555 0102"])
    path = tmp_path / "contacts.xlsx"
    book.save(path)

    wizard = start(qtbot, window, path)
    page = wizard.file_page
    assert page.sheet.isVisible()
    assert [page.sheet.itemText(i) for i in range(page.sheet.count())] == ["2025", "2026"]
    page.sheet.setCurrentText("2026")
    qtbot.waitUntil(lambda: wizard.state.job is not None and wizard.state.job.sheet_name == "2026")
    next_page(qtbot, wizard)
    assert "Row 2 holds the column names" in wizard.header_page.summary.text()
    go_to(qtbot, wizard, REPORT)
    assert wizard.report_page.counts["created"].text() == "2"
    assert wizard.report_page.subTitle() == "contacts.xlsx — 2026"
    qtbot.waitUntil(lambda: "Nina Park" in names(window) and "Omar Said" in names(window))
    assert "Old Contact" not in names(window)


def test_unreadable_file_is_one_sentence_on_the_file_page(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "leads.xlsx"
    path.write_bytes(b"%PDF-1.7 not a workbook")
    window.import_action.trigger()
    wizard = wizard_of(window)
    qtbot.keyClicks(wizard.file_page.path, str(path))
    qtbot.keyClick(wizard.file_page.path, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "PDF" in wizard.file_page.status.text())
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.reject()


def test_the_corrected_mapping_is_offered_for_the_same_headers(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    colour = HEADERS.index("Favourite colour")
    wizard = start(qtbot, window, messy_csv(tmp_path))
    go_to(qtbot, wizard, MAPPING)
    assert not wizard.mapping_page.preset_bar.isVisible()
    combo = wizard.mapping_page.editor(colour)
    combo.setCurrentIndex(combo.findData(Field.TAGS.value))
    go_to(qtbot, wizard, REPORT)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)

    again = start(qtbot, window, messy_csv(tmp_path, "webform-june.csv"))
    go_to(qtbot, again, MAPPING)
    page = again.mapping_page
    assert page.preset_bar.isVisible()
    assert page.editor(colour).currentData() == Field.CUSTOM.value
    qtbot.mouseClick(page.use_preset, Qt.MouseButton.LeftButton)
    assert page.editor(colour).currentData() == Field.TAGS.value
    assert not page.preset_bar.isVisible()
    again.reject()


def test_dropping_a_file_on_the_window_opens_the_wizard(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = messy_csv(tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    with warnings.catch_warnings():
        # PySide6 marks the QPoint constructor deprecated, yet it is the one
        # a drag enter event has; a real drop always begins with one.
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            QPoint(200, 200),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, event)
    wizard = wizard_of(window)
    assert wizard.file_page.path.text() == str(path)
    qtbot.waitUntil(wizard.file_page.isComplete)
    go_to(qtbot, wizard, REPORT)
    assert wizard.report_page.counts["created"].text() == "2"


def test_empty_state_button_starts_the_wizard(qtbot: QtBot, db: Database, settings: object) -> None:
    from PySide6.QtCore import QSettings

    assert isinstance(settings, QSettings)
    main = MainWindow(db, settings)
    qtbot.addWidget(main)
    main.show()
    assert main.empty.import_file.isEnabled()
    qtbot.mouseClick(main.empty.import_file, Qt.MouseButton.LeftButton)
    wizard = wizard_of(main)
    assert wizard.currentId() == 0
    wizard.reject()


def test_a_report_with_many_problems_lists_them_all_readably(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    typos = [[f"Person{n}", "Typo", f"person{n}@@example.com"] for n in range(1_500)]
    path = write_csv(tmp_path / "typos.csv", [["First name", "Last name", "Email"], *typos])
    wizard = import_file(qtbot, window, path)
    page = wizard.report_page
    assert page.model.rowCount() == 1_500
    last = page.model.index(1_499, 0)
    assert last.data() == "1501"
    # Columns are sized from the first rows only; the last row number
    # still shows whole.
    width = page.problems.fontMetrics().horizontalAdvance("1501")
    assert page.problems.columnWidth(0) > width
    # The lead table shows the new leads once the report is up.
    qtbot.waitUntil(lambda: window.leads.model.rowCount() == 1_504)


def _click_check(qtbot: QtBot, table: QTableView, row: int, column: int) -> None:
    """Clicks the check box drawn in a cell, where a user would."""
    index = table.model().index(row, column)
    table.scrollTo(index)
    option = QStyleOptionViewItem()
    option.rect = table.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = table.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, table
    )
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=box.center())


def test_possible_duplicates_are_shown_beside_their_lead_and_chosen_by_clicking(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    rows = [
        ["First Name", "Last Name", "Company", "E-mail", "Job title"],
        ["Jurgen", "Mueller", "Nordwind", "", ""],  # Jürgen Müller, Nordwind GmbH, written plainly
        ["Anna", "Ruiz", "Cobalt Labs Ltd", "", ""],  # a letter away from Ana Ruiz
        ["Christopher", "Dunn", "COBALT LABS", "", "CTO"],  # Chris Dunn's full first name
        ["Zoe", "Quinn", "Zeta", "zoe@@zeta", ""],
    ]
    wizard = start(qtbot, window, write_csv(tmp_path / "again.csv", rows))
    go_to(qtbot, wizard, PREVIEW)
    page = wizard.preview_page
    assert "All 4 rows checked" in page.summary.text()
    assert "2 possible duplicates for you to decide" in page.summary.text()
    button = page.kind_buttons["possible"]
    assert button.text() == "Possible duplicates: 2"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtmodeltester.check(page.model, force_py=True)
    model = page.model
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["3", "4"]
    says = model.index(0, 5).data()
    assert says.startswith("Possible duplicate of lead ") and "“Ana Ruiz, Cobalt Labs" in says
    assert not page.table.isColumnHidden(PreviewModel.MERGE_COLUMN)
    _click_check(qtbot, page.table, 1, PreviewModel.MERGE_COLUMN)  # Christopher is Chris
    unticked, ticked = Qt.CheckState.Unchecked, Qt.CheckState.Checked
    states = [model.index(r, 6).data(Qt.ItemDataRole.CheckStateRole) for r in range(2)]
    assert states == [unticked, ticked]
    qtbot.mouseClick(page.kind_buttons["duplicates"], Qt.MouseButton.LeftButton)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["2"]
    assert page.table.isColumnHidden(PreviewModel.MERGE_COLUMN)

    go_to(qtbot, wizard, REPORT)
    report = wizard.report_page
    assert report.counts["created"].text() == "2" and report.counts["merged"].text() == "1"
    assert report.tabs.tabText(report.tabs.indexOf(report.possible)) == "P&ossible duplicates (2)"
    qtmodeltester.check(report.possible_model, force_py=True)
    done = [report.possible_model.index(r, 4).data() for r in range(2)]
    assert done == ["Kept both", "Merged"]
    bar = report.tabs.tabBar()
    tab = bar.tabRect(report.tabs.indexOf(report.outcomes))
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=tab.center())
    assert report.tabs.currentWidget() is report.outcomes
    qtmodeltester.check(report.outcomes_model, force_py=True)
    outcomes = report.outcomes_model
    lines = [
        tuple(outcomes.index(r, c).data() for c in (0, 1, 3)) for r in range(outcomes.rowCount())
    ]
    ids = {lead.last_name: lead.id or 0 for lead in window.workspace.read(_people)}
    jurgen, chris = ids["Müller"], ids["Dunn"]
    assert lines[0] == (
        "2",
        f"Skipped: repeats lead {jurgen}",
        "same name and company; adds nothing new",
    )
    assert lines[2] == ("4", f"Merged into lead {chris}", "similar name, same company")
    assert lines[1][1].startswith("Created lead ") and lines[3][1].startswith("Created lead ")
    # Double-clicking a row opens the lead it went into.
    index = outcomes.index(2, 1)
    rect = report.outcomes.visualRect(index)
    # A real double click starts with a click (QTest sends only the second).
    qtbot.mouseClick(report.outcomes.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(report.outcomes.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    opened = [w for w in window.findChildren(QWidget) if w.windowTitle() == "Chris Dunn"]
    assert opened and opened[0].isVisible()
    opened[0].close()
    chris_lead = window.workspace.lead(chris)
    assert (chris_lead.first_name, chris_lead.title) == ("Chris", "CTO")


def _people(session: Session) -> list[Lead]:
    from leaddesk.store.queries import lead_ids
    from leaddesk.store.reading import get_leads

    return list(get_leads(session, lead_ids(session, LeadQuery())).values())


def test_an_encoding_that_was_a_guess_is_named_and_can_be_changed(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "kontakte.csv"
    path.write_bytes(
        "Name,Email\nJan Iksiński,jan@x.pl\nZofia Wójcik,zofia@x.pl\n".encode("cp1250")
    )
    wizard = start(qtbot, window, path)
    page = wizard.file_page
    assert page.encoding.isVisible()
    assert "read as Western European (Windows-1252)" in page.status.text()
    assert page.encoding.currentText() == "Found from the file: Western European (Windows-1252)"
    # Choose the file's real encoding with the keyboard: typing in a combo
    # box picks the first entry starting with what was typed.
    page.encoding.setFocus()
    qtbot.keyClicks(page.encoding, "Central")
    assert page.encoding.currentText() == "Central European (Windows-1250)"
    qtbot.waitUntil(lambda: "read as" not in page.status.text() and page.isComplete())
    job = wizard.state.require_job()
    assert job.encoding is not None and job.encoding.codec == "cp1250"
    go_to(qtbot, wizard, MAPPING)
    assert "Iksiński" in wizard.mapping_page.model.index(0, 2).data()
    go_to(qtbot, wizard, REPORT)
    assert wizard.report_page.counts["created"].text() == "2"
    qtbot.waitUntil(lambda: "Jan Iksiński" in names(window))


def test_a_file_without_a_header_row_says_so(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    rows = [["Anna Schmidt", "anna@beta.de", "+49 89 1234567"],
            ["Tom Weber", "tom@gamma.de", "+49 89 7654321"]]  # fmt: skip
    wizard = start(qtbot, window, write_csv(tmp_path / "adressen.csv", rows))
    assert "has no header row" in wizard.file_page.status.text()
    assert wizard.file_page.encoding.isVisible()
    next_page(qtbot, wizard)
    assert "no header row: every row is a lead" in wizard.header_page.summary.text()
    next_page(qtbot, wizard)
    model = wizard.mapping_page.model
    email = model.index(1, 1)
    assert email.data(FIELD_ROLE) == Field.EMAIL
    assert model.data(email, Qt.ItemDataRole.ToolTipRole) == "Guessed from the values."


def test_a_typed_path_is_read_without_pressing_enter(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = messy_csv(tmp_path)
    window.import_action.trigger()
    wizard = wizard_of(window)
    button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.mouseClick(wizard.file_page.path, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(wizard.file_page.path, str(path)[:-4])  # a pause mid-name: not a file
    qtbot.wait(600)
    assert not button.isEnabled() and wizard.file_page.status.text() == ""
    qtbot.keyClicks(wizard.file_page.path, ".csv")  # then the user reaches for Next
    qtbot.waitUntil(button.isEnabled)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == HEADER
    wizard.reject()
