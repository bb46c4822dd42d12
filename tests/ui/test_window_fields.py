"""What an import brought can be seen: a column the file had and no lead
field took (Sector) shows in the detail pane, as a column the header can
sort, filter and hide, and is found by search; the table's layout is kept
by column, and the first start sizes columns to what they hold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QToolButton, QWidget

from leaddesk.domain.lead import Lead
from leaddesk.store import leads as store
from leaddesk.store.database import Database
from tests.transfer.conftest import write_csv
from tests.ui.conftest import activate, names, when_modal
from tests.ui.test_import_wizard import import_file

from leaddesk.ui.lead_table import COLUMN_INDEX
from leaddesk.ui.main_window import MainWindow

ROWS = [
    ["Name", "Company", "Email", "Phone", "Sector", "Rating"],
    ["Chloé Dubois", "Lumière SARL", "chloe@lumiere.fr", "+33 6 60 86 18 62", "Énergie", "4"],
    ["Marc Petit", "Acme", "marc@acme.fr", "+33 1 42 68 53 00", "Retail", "2"],
    ["Lena Roth", "Kobalt AG", "lena@kobalt.de", "+49 151 23456789", "", "5"],
]


@pytest.fixture
def window(qtbot: QtBot, db: Database, settings: QSettings) -> Iterator[MainWindow]:
    with db.session() as session:
        store.insert_leads(session, [Lead(first_name="Ana", company="Cobalt")], region="US")
    main = MainWindow(db, settings)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    activate(qtbot, main)
    yield main


def header_titles(window: MainWindow) -> dict[str, int]:
    model = window.leads.model
    return {model.column_title(i): i for i in range(model.columnCount())}


def click_header(qtbot: QtBot, window: MainWindow, section: int) -> None:
    header = window.leads.header
    header.setSectionHidden(section, False)
    window.leads.table.scrollTo(window.leads.model.index(0, section))
    QApplication.processEvents()
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    assert 0 < x < header.width()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_an_imported_column_is_seen_sorted_and_searched(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    import_file(qtbot, window, write_csv(tmp_path / "crm.csv", ROWS))
    wizard = QApplication.activeModalWidget()
    if wizard is not None:
        wizard.close()
    window.workspace.changed.emit(None)
    titles = header_titles(window)
    assert {"Sector", "Rating"} <= set(titles)
    header = window.leads.header
    # Brought by the import just made: shown at once.
    assert not header.isSectionHidden(titles["Sector"])
    # Sorted by a click on its header: Énergie, Retail, then who has none.
    click_header(qtbot, window, titles["Sector"])
    assert names(window)[:3] == ["Chloé Dubois", "Marc Petit", "Ana"]
    column = titles["Sector"]
    model = window.leads.model
    assert model.index(0, column).data() == "Énergie"
    # The detail pane shows it and edits it.
    table = window.leads.table
    rect = table.visualRect(model.index(names(window).index("Lena Roth"), 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    detail = window.leads.detail
    assert detail.fields_box.isVisible()
    sector = detail.custom["Sector"]
    assert isinstance(sector, QLineEdit) and sector.text() == ""
    assert detail.custom["Rating"].text() == "5"
    qtbot.mouseClick(sector, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(sector, "Logistik")
    qtbot.keyClick(sector, Qt.Key.Key_Return)
    lead = detail.lead
    assert lead is not None and lead.id is not None
    assert window.workspace.lead(lead.id).custom == {"Rating": "5", "Sector": "Logistik"}
    # Found by search, by what was just typed.
    window.search.setFocus()
    qtbot.keyClicks(window.search, "logist")
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert names(window) == ["Lena Roth"]


def test_the_columns_menu_lists_imported_fields_by_name(qtbot: QtBot, window: MainWindow) -> None:
    with window.database.session() as session:
        store.insert_leads(session, [Lead(first_name="Bo", custom={"Sector": "Retail"})])
    window.workspace.changed.emit(None)
    window.columns_menu.aboutToShow.emit()
    texts = [action.text() for action in window.columns_menu.actions()]
    assert texts[texts.index("Imported fields") + 1 :] == ["Sector"]
    for field in ("City", "Country", "Website", "Postal code", "Owner", "Address"):
        assert field in texts
    city = next(a for a in window.columns_menu.actions() if a.text() == "City")
    assert not city.isChecked()
    city.trigger()
    assert not window.leads.header.isSectionHidden(COLUMN_INDEX["city"])


def test_the_layout_is_kept_by_column_when_a_field_comes(
    qtbot: QtBot, window: MainWindow, settings: QSettings
) -> None:
    with window.database.session() as session:
        store.insert_leads(session, [Lead(first_name="Bo", custom={"Status": "Active"})])
    window.workspace.changed.emit(None)
    header = window.leads.header
    status = window.leads.model.section_of("custom:Status")
    assert status is not None
    header.setSectionHidden(status, False)
    header.resizeSection(status, 123)
    window.save_settings()
    # A field that sorts before Status arrives; Status keeps its width.
    with window.database.session() as session:
        store.insert_leads(session, [Lead(first_name="Cy", custom={"Rating": "3"})])
    again = MainWindow(window.database, QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    again.show()
    header = again.leads.header
    status = again.leads.model.section_of("custom:Status")
    rating = again.leads.model.section_of("custom:Rating")
    assert status is not None and rating is not None and rating < status
    assert not header.isSectionHidden(status) and header.sectionSize(status) == 123
    assert header.isSectionHidden(rating)


def test_at_first_start_columns_fit_what_they_hold(
    qtbot: QtBot, db: Database, settings: QSettings
) -> None:
    with db.session() as session:
        store.insert_leads(
            session,
            [Lead(first_name="Chloé", last_name="Dubois", phone="+33 6 60 86 18 62")],
            region="FR",
        )
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    activate(qtbot, window)
    header = window.leads.header
    table = window.leads.table
    phone = COLUMN_INDEX["phone"]
    shown = window.leads.model.index(0, phone).data()
    assert shown == "+33 6 60 86 18 62"
    assert header.sectionSize(phone) > table.fontMetrics().horizontalAdvance(shown) + 8
    # What a salesperson works by comes first: the follow-up before contacts.
    order = [header.logicalIndex(v) for v in range(header.count())]
    visible = [window.leads.model.column_key(s) for s in order if not header.isSectionHidden(s)]
    assert visible.index("follow_up") < visible.index("phone") < visible.index("email")


def test_qualification_is_in_view_without_scrolling_at_1366_by_768(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1366, 768)
    window.leads.select_row(0)
    detail = window.leads.detail
    qtbot.waitUntil(lambda: detail.lead is not None)
    QApplication.processEvents()
    viewport = detail.viewport().rect()
    for widget in (detail.stage, detail.follow_up, *detail.bant.details.values()):
        top_left = widget.mapTo(detail.viewport(), QPoint(0, 0))
        assert viewport.contains(top_left), widget.accessibleName()
        assert top_left.y() + widget.height() <= viewport.height(), widget.accessibleName()


def choose_from_menu(qtbot: QtBot, starts: str) -> list[str]:
    """Clicks the entry starting with ``starts`` of the next popup menu;
    returns the texts the menu offered."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMenu

    seen: list[str] = []

    def poll() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(20, poll)
            return
        seen.extend(action.text() for action in menu.actions())
        action = next(a for a in menu.actions() if a.text().startswith(starts))
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())

    QTimer.singleShot(0, poll)
    return seen


# The offscreen platform cannot raise a menu or give it the keyboard.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_the_header_filters_by_a_value_until_its_button_is_clicked(
    qtbot: QtBot, db: Database, settings: QSettings
) -> None:
    from leaddesk.ui.dialogs import ValueDialog

    with db.session() as session:
        store.insert_leads(
            session,
            [
                Lead(first_name="Ana", city="Paris", custom={"Sector": "Retail"}),
                Lead(first_name="Bo", city="Lyon", custom={"Sector": "Retail"}),
                Lead(first_name="Cy", city="Paris", custom={"Sector": "Energy"}),
            ],
        )
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    activate(qtbot, window)
    leads = window.leads
    header = leads.header
    offered: list[str] = []

    def filter_by(key: str, value: str) -> None:
        section = leads.model.section_of(key)
        assert section is not None
        header.setSectionHidden(section, False)
        header.moveSection(header.visualIndex(section), 1)
        title = leads.model.column_title(section)

        def answer(dialog: QWidget) -> None:
            assert isinstance(dialog, ValueDialog)
            offered[:] = [dialog.value.itemText(i) for i in range(dialog.value.count())]
            qtbot.keyClicks(dialog.value, value)
            qtbot.keyClick(dialog.value, Qt.Key.Key_Return)

        when_modal(qtbot, answer)
        choose_from_menu(qtbot, f"Filter by {title}")
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        header.customContextMenuRequested.emit(QPoint(x, 5))  # offscreen: no context event

    filter_by("city", "Paris")
    qtbot.waitUntil(lambda: names(window) == ["Ana", "Cy"])
    assert offered == ["Lyon", "Paris"]  # the values in use, to choose from
    # A custom field filters the same way (what is typed completes to a value
    # in use); each filter says
    # so in the bar.
    filter_by("custom:Sector", "retail")
    qtbot.waitUntil(lambda: names(window) == ["Ana"])
    assert offered == ["Energy", "Retail"]
    chips = [b for b in leads.filters.findChildren(QToolButton) if "✕" in b.text()]
    assert sorted(b.text() for b in chips) == ["City: Paris  ✕", "Sector: Retail  ✕"]
    city_chip = next(b for b in chips if b.text().startswith("City"))
    qtbot.mouseClick(city_chip, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: names(window) == ["Ana", "Bo"])


def test_every_field_a_lead_has_is_in_the_detail_pane(
    qtbot: QtBot, db: Database, settings: QSettings
) -> None:
    from leaddesk.store.conflict import EDITABLE

    lead = Lead(
        first_name="Chloé", last_name="Dubois", company="Lumière SARL", title="CEO",
        email="chloe@lumiere.fr", phone="+33 6 12 34 56 78", emails=["c@home.fr"],
        phones=["+33 1 42 68 53 00"], website="lumiere.fr", address="1 rue de la Paix",
        city="Paris", postal_code="75002", country="France", source="referral",
        owner="Sam", tags=["VIP"], competitor="Acme", consent_how="Fair",
        notes="Met at the fair.", custom={"Sector": "Energy"},
    )  # fmt: skip
    with db.session() as session:
        store.insert_leads(session, [lead], region="FR")
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.leads.select_row(0)
    detail = window.leads.detail
    shown = {
        "first_name": detail.first_name, "last_name": detail.last_name,
        "company": detail.company, "title": detail.job_title, "email": detail.email,
        "phone": detail.phone, "emails": detail.emails, "phones": detail.phones,
        "website": detail.website, "address": detail.address, "city": detail.city,
        "postal_code": detail.postal_code, "country": detail.country,
        "source": detail.source, "interest": detail.interest, "owner": detail.owner,
        "tags": detail.tags, "competitor": detail.competitor, "consent": detail.consent,
        "consent_at": detail.consent_at, "consent_how": detail.consent_how,
        "do_not_contact": detail.do_not_contact, "next_follow_up": detail.follow_up,
        "bant": detail.bant, "stage": detail.stage, "disqualified_reason": detail.stage_note,
        "notes": detail.notes, "custom": detail.custom["Sector"],
    }  # fmt: skip
    assert set(shown) == set(EDITABLE)  # a field added to leads needs its place here
    # Rows added to a shown form appear once the event loop has run.
    qtbot.waitUntil(lambda: all(widget.isVisibleTo(detail) for widget in shown.values()))
    texts = {name: w.text() for name, w in shown.items() if isinstance(w, QLineEdit)}
    assert texts["custom"] == "Energy" and texts["postal_code"] == "75002"
    assert texts["website"] == "lumiere.fr" and texts["phones"] == "+33 1 42 68 53 00"
