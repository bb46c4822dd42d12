"""The Dashboard tab on a real database: the charts show the store's
numbers, follow the period and the data, save and export, and say so when
there is nothing to show."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCharts import QAbstractBarSeries, QBarCategoryAxis, QPieSeries
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from leaddesk.domain.bant import Answer, Bant
from leaddesk.domain.clock import utcnow
from leaddesk.domain.lead import Activity, ActivityKind, Lead
from leaddesk.domain.stages import Stage
from leaddesk.store.dashboard import Period
from leaddesk.store.database import Database
from leaddesk.store.leads import add_activity, insert_leads, move_stage
from tests.ui.conftest import when_modal

from leaddesk.ui.charts import ChartCard
from leaddesk.ui.dashboard import DashboardView
from leaddesk.ui.main_window import MainWindow
from leaddesk.ui.workspace import Workspace

HOT = Bant(*[Answer.YES] * 4)


@pytest.fixture
def funnel_db(db: Database) -> Database:
    """Five recent leads (two became MQL, one of them SAL the next day),
    two old ones, and product feedback."""
    now = utcnow()
    with db.session() as session:
        recent = insert_leads(
            session,
            [
                Lead(first_name="Ana", source="referral", bant=HOT),
                Lead(first_name="Ben", source="referral"),
                Lead(first_name="Cleo", source="referral"),
                Lead(first_name="Dan", source="cold_call"),
                Lead(first_name="Eve", source="cold_call"),
            ],
            now=now - timedelta(days=10),
            region="US",
        )
        insert_leads(
            session,
            [Lead(first_name="Old", source="event"), Lead(first_name="Older", source="event")],
            now=now - timedelta(days=200),
            region="US",
        )
        move_stage(session, recent[:2], Stage.MQL, now=now - timedelta(days=8))
        move_stage(session, recent[:1], Stage.SAL, now=now - timedelta(days=7))
        for tag in ("Pricing", "Pricing", "Support"):
            activity = Activity(ActivityKind.FEEDBACK, now - timedelta(days=2), "Hm", tags=(tag,))
            add_activity(session, recent[0], activity, now=now)
    return db


def open_dashboard(qtbot: QtBot, database: Database) -> DashboardView:
    view = DashboardView(Workspace(database))
    qtbot.addWidget(view)
    view.resize(1440, 860)
    with qtbot.waitSignal(view.updated, timeout=10_000):
        view.show()
    return view


@pytest.fixture
def dashboard(qtbot: QtBot, funnel_db: Database) -> Iterator[DashboardView]:
    yield open_dashboard(qtbot, funnel_db)


def bars(card: ChartCard) -> dict[str, dict[str, float]]:
    """What a bar chart draws: per bar set, the value of each category."""
    chart = card.view.chart()
    (series,) = chart.series()
    assert isinstance(series, QAbstractBarSeries)
    (axis,) = [a for a in series.attachedAxes() if isinstance(a, QBarCategoryAxis)]
    categories = axis.categories()
    return {
        bar_set.label(): {categories[i]: bar_set.at(i) for i in range(bar_set.count())}
        for bar_set in series.barSets()
    }


def test_the_charts_show_the_numbers_of_the_period(dashboard: DashboardView) -> None:
    assert all(card.is_showing_chart() for card in dashboard.cards)
    funnel = bars(dashboard.funnel)["Entered"]
    assert funnel == {"New": 5, "MQL  40%": 2, "SAL  50%": 1, "SQL  0%": 0, "Customer": 0}
    sources = bars(dashboard.sources)
    assert sources["Leads"] == {"Referral": 3, "Cold call": 2}
    assert sources["Hot"] == {"Referral": 1, "Cold call": 0}
    assert "Inbound 3 (60%)" in dashboard.sources.caption.text()
    assert "Outbound 2 (40%)" in dashboard.sources.caption.text()
    assert bars(dashboard.feedback)["Feedback"] == {"Pricing": 2, "Support": 1}
    assert bars(dashboard.stage_times)["Median days"]["New"] == pytest.approx(2.0)
    (pie,) = dashboard.sal.view.chart().series()
    assert isinstance(pie, QPieSeries)
    # Ana was accepted a day after becoming MQL; Ben waits since 8 days.
    assert {s.label(): s.value() for s in pie.slices()} == {"In time: 1": 1, "Still waiting: 1": 1}
    assert dashboard.sal.view.chart().title() == "50% handled within 2 days"


def test_changing_the_period_computes_again(qtbot: QtBot, dashboard: DashboardView) -> None:
    assert dashboard.selected_period() is Period.LAST_90_DAYS
    with qtbot.waitSignal(dashboard.updated, timeout=10_000):
        dashboard.set_period(Period.ALL)
    assert bars(dashboard.sources)["Leads"] == {"Referral": 3, "Cold call": 2, "Event": 2}
    assert bars(dashboard.funnel)["Entered"]["New"] == 7
    with qtbot.waitSignal(dashboard.updated, timeout=10_000):
        qtbot.keyClicks(dashboard.period, "L")  # back to a "Last …" period
    assert dashboard.selected_period() is not Period.ALL


def test_a_new_period_during_a_computation_shows_the_new_period(
    qtbot: QtBot, dashboard: DashboardView
) -> None:
    dashboard.refresh()
    with qtbot.waitSignal(dashboard.updated, timeout=10_000):
        dashboard.set_period(Period.ALL)  # cancels the computation under way
    assert dashboard.board is not None
    assert dashboard.board.period is Period.ALL
    assert bars(dashboard.funnel)["Entered"]["New"] == 7


def test_the_tab_follows_changes_only_while_visible(qtbot: QtBot, dashboard: DashboardView) -> None:
    with qtbot.waitSignal(dashboard.updated, timeout=10_000):
        dashboard.workspace.create_lead(Lead(first_name="Fay", source="cold_call"))
    assert bars(dashboard.sources)["Leads"]["Cold call"] == 3
    dashboard.hide()
    with qtbot.assertNotEmitted(dashboard.updated, wait=600):
        dashboard.workspace.create_lead(Lead(first_name="Gus", source="cold_call"))
    with qtbot.waitSignal(dashboard.updated, timeout=10_000):
        dashboard.show()
    assert bars(dashboard.sources)["Leads"]["Cold call"] == 4


def test_a_chart_saves_as_png(dashboard: DashboardView, tmp_path: Path) -> None:
    path = tmp_path / "funnel.png"
    assert dashboard.funnel.save_png(path)
    image = QImage(str(path))
    assert not image.isNull()
    assert image.width() > 200
    assert str(path) in dashboard.status.text()


def test_the_numbers_export_as_csv_through_the_menu(
    qtbot: QtBot, dashboard: DashboardView, tmp_path: Path
) -> None:
    path = tmp_path / "sources"

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile(str(path))
        dialog.accept()

    seen = when_modal(qtbot, choose)
    dashboard.sources.csv_action.trigger()
    assert seen
    with path.with_suffix(".csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows == [
        ["Source", "Leads", "Hot", "Customers"],
        ["Referral", "3", "1", "0"],
        ["Cold call", "2", "0", "0"],
    ]


def test_exported_names_never_run_as_formulas(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        insert_leads(session, [Lead(first_name="Mal", source='=HYPERLINK("http://x")')])
    view = open_dashboard(qtbot, db)
    assert view.sources.export_csv(tmp_path / "sources.csv")
    with (tmp_path / "sources.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[1] == ['\'=HYPERLINK("http://x")', "1", "0", "0"]


def test_numbers_are_copied_for_a_spreadsheet(dashboard: DashboardView) -> None:
    dashboard.feedback.copy_action.trigger()
    text = QGuiApplication.clipboard().text()
    assert text.splitlines() == ["Tag\tFeedback", "Pricing\t2", "Support\t1"]


def test_a_file_that_cannot_be_written_is_one_sentence(
    dashboard: DashboardView, tmp_path: Path
) -> None:
    assert not dashboard.funnel.export_csv(tmp_path)  # a folder, not a file
    assert dashboard.status.text().startswith("The numbers could not be written to")


def test_an_empty_database_says_so_instead_of_empty_axes(qtbot: QtBot, db: Database) -> None:
    view = open_dashboard(qtbot, db)
    assert view.pages.currentWidget() is view.empty
    assert view.empty.text().startswith("No leads yet.")


def test_a_chart_without_data_in_the_period_says_so(qtbot: QtBot, db: Database) -> None:
    now = utcnow()
    with db.session() as session:
        (old,) = insert_leads(session, [Lead(first_name="Old")], now=now - timedelta(days=300))
        add_activity(session, old, Activity(ActivityKind.FEEDBACK, now, tags=("Speed",)))
    view = open_dashboard(qtbot, db)
    assert view.pages.currentWidget() is view.charts
    assert view.feedback.is_showing_chart()
    assert not view.sources.is_showing_chart()
    assert view.sources.empty.text() == "No lead came in during this period."
    assert not view.sources.csv_action.isEnabled()


def test_a_quiet_period_is_one_sentence_with_a_way_out(qtbot: QtBot, db: Database) -> None:
    with db.session() as session:
        insert_leads(session, [Lead(first_name="Old")], now=utcnow() - timedelta(days=300))
    view = open_dashboard(qtbot, db)
    assert view.pages.currentWidget() is view.empty
    assert "Choose a longer period" in view.empty.text()
    with qtbot.waitSignal(view.updated, timeout=10_000):
        view.set_period(Period.ALL)
    assert view.pages.currentWidget() is view.charts


def test_charts_follow_a_dark_palette(qtbot: QtBot, funnel_db: Database) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    dark = QPalette(before)
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#2a2a2a"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    view = open_dashboard(qtbot, funnel_db)
    try:
        with qtbot.waitSignal(view.updated, timeout=10_000):
            app.setPalette(dark)  # the desktop switches to its dark theme
        chart = view.funnel.view.chart()
        assert chart.backgroundBrush().color() == QColor("#1e1e1e")
        (axis,) = chart.axes(Qt.Orientation.Vertical)
        assert axis.labelsColor() == QColor("#eeeeee")
    finally:
        app.setPalette(before)


def test_the_main_window_has_the_dashboard_tab(window: MainWindow, qtbot: QtBot) -> None:
    with qtbot.waitSignal(window.dashboard.updated, timeout=10_000):
        window.tabs.setCurrentWidget(window.dashboard)
    assert window.tabs.tabText(window.tabs.indexOf(window.dashboard)) == "Dashboard"
    assert bars(window.dashboard.funnel)["Entered"]["New"] == 4
