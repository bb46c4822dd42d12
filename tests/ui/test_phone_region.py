"""Phone numbers in the window: a stored number is never checked against
another country than its own, the default region is a visible setting
(Preferences, the first start), and the import wizard's region is chosen
before its preview."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QLocale, QPoint, QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QWidget

from leaddesk.domain.lead import Lead
from leaddesk.store import leads as store
from leaddesk.store import settings as db_settings
from leaddesk.store.database import Database
from leaddesk.transfer.preview import Mark
from tests.transfer.conftest import all_leads, write_csv
from tests.ui.conftest import activate, names, when_modal
from tests.ui.test_import_wizard import go_to, next_page, start

from leaddesk.ui.import_wizard import MAPPING, OPTIONS, PREVIEW, REPORT
from leaddesk.ui.main_window import MainWindow
from leaddesk.ui.preferences.dialog import PreferencesDialog
from leaddesk.ui.preferences.first_start import RegionQuestion, choose_region

HAMBURG = "0049 (40) 289-3308"


@pytest.fixture
def mixed(db: Database) -> Database:
    """A database whose default region is the United States, with a lead
    imported from a German file (its email mistyped) and a US one."""
    with db.session() as session:
        db_settings.put(session, db_settings.PHONE_REGION, "US")
        store.insert_leads(
            session,
            [
                Lead(
                    first_name="Jonas",
                    last_name="Brandt",
                    email="jonas(at)brandt.de",
                    phone=HAMBURG,
                )
            ],
            region="DE",
        )
        store.insert_leads(
            session, [Lead(first_name="Ana", last_name="Ruiz", phone="(415) 555-2671")], region="US"
        )
    return db


@pytest.fixture
def window(qtbot: QtBot, mixed: Database, settings: QSettings) -> Iterator[MainWindow]:
    main = MainWindow(mixed, settings)
    qtbot.addWidget(main)
    activate(qtbot, main)
    yield main


def click_row(qtbot: QtBot, window: MainWindow, name: str) -> Lead:
    table = window.leads.table
    rect = table.visualRect(window.leads.model.index(names(window).index(name), 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    lead = window.leads.detail.lead
    assert lead is not None and lead.first_name == name.split()[0]
    return lead


def retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Clicks into a field, selects what is there and types over it."""
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(4, edit.height() // 2))
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_fixing_the_email_of_a_lead_under_review_leaves_its_phone(
    qtbot: QtBot, window: MainWindow
) -> None:
    lead = click_row(qtbot, window, "Jonas Brandt")
    detail = window.leads.detail
    assert detail.review_badge.isVisible()
    # Its German number is shown as what it is, not as a bad US number.
    assert detail.phone.text() == HAMBURG
    assert "+49402893308" in detail.phone_check.text()
    assert "⚠" not in detail.phone_check.text()
    retype(qtbot, detail.email, "jonas@brandt.de")
    assert lead.id is not None
    saved = window.workspace.lead(lead.id)
    assert saved.email == "jonas@brandt.de"
    assert (saved.phone, saved.phone_e164) == (HAMBURG, "+49402893308")
    assert not saved.needs_review
    assert not detail.review_badge.isVisible()
    assert "+49402893308" in detail.phone_check.text()


def open_preferences(qtbot: QtBot, window: MainWindow) -> PreferencesDialog:
    QTest.keySequence(window, QKeySequence("Ctrl+,"))
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PreferencesDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, PreferencesDialog)
    return dialog


def press(qtbot: QtBot, dialog: QWidget, which: QDialogButtonBox.StandardButton) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    button = box.button(which)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose_page(qtbot: QtBot, dialog: PreferencesDialog, name: str) -> None:
    row = [page.NAME for page in dialog.pages].index(name)
    rect = dialog.list.visualItemRect(dialog.list.item(row))
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.stack.currentWidget() is dialog.page(name)


def test_the_region_in_preferences_reads_new_numbers_only(
    qtbot: QtBot, window: MainWindow, mixed: Database
) -> None:
    dialog = open_preferences(qtbot, window)
    choose_page(qtbot, dialog, "phone")
    region = dialog.page("phone").region  # type: ignore[attr-defined]
    assert region.currentData() == "US"
    shared = dialog.page("phone").findChild(QWidget, "database-settings")
    assert shared is not None and shared.isVisible()
    region.setFocus()
    qtbot.keyClicks(region, "France")
    assert region.currentData() == "FR"
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    with mixed.read() as session:
        assert db_settings.phone_region(session) == "FR"
    # Ana's number, typed as a US number, is still one; a number typed
    # now is read as French.
    lead = click_row(qtbot, window, "Ana Ruiz")
    detail = window.leads.detail
    assert "+14155552671" in detail.phone_check.text()
    retype(qtbot, detail.phones, "06 12 34 56 78")
    assert detail.phones_check.text() == "✓ +33612345678"
    assert lead.id is not None
    saved = window.workspace.lead(lead.id)
    assert saved.phone_e164 == "+14155552671"
    assert saved.phones == ["06 12 34 56 78"] and not saved.needs_review
    jonas = click_row(qtbot, window, "Jonas Brandt")
    assert "+49402893308" in detail.phone_check.text()
    assert jonas.phone_e164 == "+49402893308"


def test_preferences_keep_the_service_level_and_your_name_where_they_belong(
    qtbot: QtBot, window: MainWindow, mixed: Database, settings: QSettings
) -> None:
    dialog = open_preferences(qtbot, window)
    choose_page(qtbot, dialog, "qualification")
    days = dialog.page("qualification").sal_days  # type: ignore[attr-defined]
    days.setFocus()
    qtbot.keyClick(days, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(days, "5")
    choose_page(qtbot, dialog, "you")
    you = dialog.page("you")
    assert you.findChild(QWidget, "personal-settings") is not None
    assert you.findChild(QWidget, "database-settings") is None
    qtbot.keyClicks(you.your_name, "Sam Rivera")  # type: ignore[attr-defined]
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Ok)
    with mixed.read() as session:
        assert db_settings.sal_days(session) == 5
        assert db_settings.get(session, "you/name") is None
    assert settings.value("you/name") == "Sam Rivera"

    # Whoever adds a lead now owns it.
    def fill(new: QWidget) -> None:
        edit = new.findChild(QLineEdit)
        assert edit is not None
        qtbot.keyClicks(edit, "Zoe")
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    when_modal(qtbot, fill)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    zoe = window.leads.detail.lead
    assert zoe is not None and zoe.first_name == "Zoe" and zoe.owner == "Sam Rivera"
    assert window.database.user == "Sam Rivera"


def test_cancel_changes_nothing(qtbot: QtBot, window: MainWindow, mixed: Database) -> None:
    dialog = open_preferences(qtbot, window)
    region = dialog.page("phone").region  # type: ignore[attr-defined]
    region.setFocus()
    qtbot.keyClicks(region, "Spain")
    press(qtbot, dialog, QDialogButtonBox.StandardButton.Cancel)
    with mixed.read() as session:
        assert db_settings.phone_region(session) == "US"


def test_the_first_start_takes_the_locales_country(db: Database, qtbot: QtBot) -> None:
    assert (
        choose_region(db, locale=QLocale(QLocale.Language.German, QLocale.Country.Austria)) is None
    )
    with db.read() as session:
        assert db_settings.phone_region(session) == "AT"


def test_a_first_start_on_a_machine_without_a_country_asks(
    db: Database, qtbot: QtBot, settings: QSettings
) -> None:
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    activate(qtbot, window)
    question = choose_region(db, window, locale=QLocale.c())
    assert isinstance(question, RegionQuestion)
    qtbot.waitUntil(question.isVisible)
    question.region.setFocus()
    qtbot.keyClicks(question.region, "Spain")
    press(qtbot, question, QDialogButtonBox.StandardButton.Ok)
    with db.read() as session:
        assert db_settings.get(session, db_settings.PHONE_REGION) == "ES"
    # Asked once: the next start knows.
    assert choose_region(db, window, locale=QLocale.c()) is None


def test_the_wizard_reads_the_preview_with_the_region_chosen_above_it(
    qtbot: QtBot, window: MainWindow, mixed: Database, tmp_path: Path
) -> None:
    rows = [["Name", "Email", "Phone"], ["Lena Roth", "lena@kobalt.de", "040 2893309"]]
    wizard = start(qtbot, window, write_csv(tmp_path / "kunden.csv", rows))
    go_to(qtbot, wizard, PREVIEW)
    page = wizard.preview_page
    assert page.region.currentData() == "US"
    assert Mark.BAD_PHONE in page.model.items[0].marks
    page.region.setFocus()
    qtbot.keyClicks(page.region, "Germany")
    qtbot.waitUntil(lambda: page.isComplete() and not page.model.items[0].marks)
    # Back to the columns and forward again: still Germany, read again.
    qtbot.mouseClick(wizard.button(wizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == MAPPING
    next_page(qtbot, wizard)
    assert wizard.currentId() == PREVIEW
    assert page.region.currentData() == "DE" and not page.model.items[0].marks
    next_page(qtbot, wizard)
    assert wizard.currentId() == OPTIONS
    go_to(qtbot, wizard, REPORT)
    (lena,) = [lead for lead in all_leads(mixed) if lead.first_name == "Lena"]
    assert lena.phone_e164 == "+49402893309" and not lena.needs_review
    wizard.close()
    # The next import starts from Germany too; the database's default stays.
    again = start(qtbot, window, write_csv(tmp_path / "more.csv", rows))
    go_to(qtbot, again, PREVIEW)
    assert again.preview_page.region.currentData() == "DE"
    with mixed.read() as session:
        assert db_settings.phone_region(session) == "US"
