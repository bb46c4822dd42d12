"""The Dashboard tab on a real database: the charts show the store's
numbers (read back from the chart widgets: bar sets, axis categories and
the texts QtCharts draws), follow the period and the data, fit the window
at the sizes people use, save and export, and say so when there is nothing
to show."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QPoint, QRectF, QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QHelpEvent, QImage, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QGraphicsTextItem,
    QToolTip,
    QWidget,
)

from leaddesk.domain.bant import Answer, Bant
from leaddesk.domain.clock import utcnow
from leaddesk.domain.lead import Activity, ActivityKind, Lead
from leaddesk.domain.stages import Stage
from leaddesk.store.dashboard import (
    BySource,
    Dashboard,
    FunnelStep,
    Period,
    SalServiceLevel,
    TemperatureMix,
)
from leaddesk.store.database import Database
from leaddesk.store.leads import add_activity, insert_leads, move_stage
from tests.conftest import NOW
from tests.store.test_dashboard import TEN_YEARS, build_book
from tests.ui.conftest import activate, when_modal

from leaddesk.ui.background import wait_for_background
from leaddesk.ui.charts import ChartCard
from leaddesk.ui.dashboard import DashboardView
from leaddesk.ui.dashboard_charts import show_funnel
from leaddesk.ui.main_window import MainWindow
from leaddesk.ui.workspace import Workspace

HOT = Bant(*[Answer.YES] * 4)

# Showing a tooltip raises its window, which the offscreen platform cannot.
pytestmark = pytest.mark.qt_log_ignore("does not support raise")


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


@pytest.fixture(scope="module")
def book_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store tests' book (:func:`build_book`), on a SQLite file built
    once; each test gets a copy."""
    folder = tmp_path_factory.mktemp("book")
    path = folder / "book.db"
    database = Database.open(str(path))
    build_book(database, folder)
    with database.engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def book(book_file: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "book.db"
    shutil.copy(book_file, path)
    database = Database.open(str(path))
    yield database
    database.close()


def open_dashboard(
    qtbot: QtBot, database: Database, *, clock: bool = False, period: Period | None = None
) -> DashboardView:
    view = DashboardView(Workspace(database))
    qtbot.addWidget(view)
    if clock:
        view.clock = lambda: NOW
    if period is not None:
        view.set_period(period)
    view.resize(1440, 860)
    with qtbot.waitSignal(view.updated, timeout=10_000):
        view.show()
    return view


@pytest.fixture
def dashboard(qtbot: QtBot, funnel_db: Database) -> Iterator[DashboardView]:
    yield open_dashboard(qtbot, funnel_db)


def bars(card: ChartCard) -> dict[str, dict[str, float]]:
    """What a bar chart draws: per bar set, the value of each category, in
    the order they are seen (rows from the top, columns from the left)."""
    chart = card.view.chart()
    (series,) = chart.series()
    assert isinstance(series, QAbstractBarSeries)
    (axis,) = [a for a in series.attachedAxes() if isinstance(a, QBarCategoryAxis)]
    categories = axis.categories()
    order = range(len(categories))
    if isinstance(series, QHorizontalBarSeries):
        order = order[::-1]  # QtCharts draws the first category at the bottom
    return {
        bar_set.label(): {categories[i]: bar_set.at(i) for i in order}
        for bar_set in series.barSets()
    }


def drawn(card: ChartCard) -> list[QGraphicsTextItem]:
    """Every text QtCharts draws on the card's chart, as drawn (shortened
    labels end in "...")."""
    return [
        item
        for item in card.view.scene().items()
        if isinstance(item, QGraphicsTextItem) and item.isVisible() and item.toPlainText()
    ]


def tooltip_at(card: ChartCard, item: QGraphicsTextItem) -> str:
    """The tooltip a person gets resting the pointer on a drawn text."""
    view = card.view
    point = view.mapFromScene(item.sceneBoundingRect().center())
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_the_charts_show_the_numbers_of_the_period(dashboard: DashboardView) -> None:
    assert all(card.is_showing_chart() for card in dashboard.cards)
    funnel = bars(dashboard.funnel)["Entered"]
    # Two of the five new leads went on (40 %); one of the two MQLs (50 %);
    # the SAL has not moved on yet; nobody entered SQL: no conversion.
    assert funnel == {
        "New  → 40%": 5, "MQL  → 50%": 2, "SAL  → 0%": 1, "SQL (none entered)": 0, "Customer": 0,
    }  # fmt: skip
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


def test_the_book_figures_on_every_chart(qtbot: QtBot, book: Database) -> None:
    view = open_dashboard(qtbot, book, clock=True, period=Period.LAST_30_DAYS)
    assert bars(view.funnel) == {
        "Entered": {
            "New  → 64%": 11, "MQL  → 57%": 7, "SAL  → 25%": 4, "SQL  → 20%": 5, "Customer": 1,
        }
    }  # fmt: skip
    assert "Disqualified: 1." in view.funnel.caption.text()
    assert bars(view.sources) == {
        "Leads": {"Referral": 10, "Cold call": 4, "Website form": 1},
        "Hot": {"Referral": 2, "Cold call": 0, "Website form": 0},
        "Customers": {"Referral": 0, "Cold call": 1, "Website form": 0},
    }
    assert view.sources.caption.text() == "Inbound 11 (73%) · Outbound 4 (27%)"
    temperature = bars(view.temperature)
    assert temperature == {
        "Hot": {"May": 2, "Jun": 0}, "Warm": {"May": 3, "Jun": 0}, "Cold": {"May": 6, "Jun": 4},
    }  # fmt: skip
    assert view.temperature.caption.text() == (
        "Hot 13% · Warm 20% · Cold 67%  (by the month leads came in, May 2026 – June 2026)"
    )
    assert bars(view.stage_times) == {
        "Median days": {"New": 5.0, "MQL": 5.0, "SAL": 5.0, "SQL": 10.5}
    }
    (pie,) = view.sal.view.chart().series()
    assert isinstance(pie, QPieSeries)
    assert {s.label(): s.value() for s in pie.slices()} == {
        "In time: 1": 1, "Late: 4": 4, "Still waiting: 3": 3,
    }  # fmt: skip
    assert view.sal.view.chart().title() == "13% handled within 2 days"
    assert bars(view.feedback) == {"Feedback": {"Pricing": 2, "Support": 1}}
    # No figure anywhere shows the reverted fair import.
    assert "Event" not in str(bars(view.sources))

    with qtbot.waitSignal(view.updated, timeout=10_000):
        view.set_period(Period.ALL)
    years = bars(view.temperature)
    assert list(years["Cold"]) == [str(y) for y in range(2016, 2027)]
    assert {y: years["Cold"][str(y)] for y in TEN_YEARS} == {y: y - 2015 for y in TEN_YEARS}
    assert (years["Hot"]["2026"], years["Warm"]["2026"], years["Cold"]["2026"]) == (2, 3, 10)
    assert view.temperature.caption.text().endswith("(by the year leads came in, 2016 – 2026)")
    assert bars(view.funnel)["Entered"]["New  → 11%"] == 66  # the 55 old leads never moved


def test_undefined_conversions_are_said_not_printed(qtbot: QtBot, db: Database) -> None:
    with db.session() as session:
        insert_leads(
            session,
            [Lead(first_name=f"Sam {i}", stage=Stage.SQL) for i in range(3)],
            now=NOW - timedelta(days=3),
        )
    view = open_dashboard(qtbot, db, clock=True)
    assert list(bars(view.funnel)["Entered"]) == [
        "New (none entered)", "MQL (none entered)", "SAL (none entered)", "SQL  → 0%", "Customer",
    ]  # fmt: skip
    mql = next(i for i in drawn(view.funnel) if i.toPlainText().startswith("MQL"))
    assert tooltip_at(view.funnel, mql) == (
        "MQL: no lead entered this stage in the period, so there is no conversion to show."
    )


def test_the_funnel_says_how_it_counts(qtbot: QtBot, dashboard: DashboardView) -> None:
    button = dashboard.funnel.help_button
    assert button.isVisible()
    assert "never more than 100%" in button.toolTip()
    assert "imported straight into a stage" in button.toolTip()
    QToolTip.hideText()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert QToolTip.isVisible()
    assert QToolTip.text() == button.toolTip()


def in_window(
    qtbot: QtBot, database: Database, settings: QSettings, size: tuple[int, int]
) -> MainWindow:
    window = MainWindow(database, settings)
    qtbot.addWidget(window)
    window.resize(*size)
    activate(qtbot, window)
    wait_for_background()
    window.dashboard.clock = lambda: NOW
    with qtbot.waitSignal(window.dashboard.updated, timeout=10_000):
        window.tabs.setCurrentWidget(window.dashboard)
    return window


def test_labels_read_at_the_sizes_people_use(
    qtbot: QtBot, book: Database, settings: QSettings
) -> None:
    window = in_window(qtbot, book, settings, (1280, 800))
    view = window.dashboard
    for period in (Period.LAST_30_DAYS, Period.ALL):
        if period is not view.selected_period():
            with qtbot.waitSignal(view.updated, timeout=10_000):
                view.set_period(period)
        for size in ((1280, 800), (1366, 768), (1600, 1000)):
            window.resize(*size)
            qtbot.waitUntil(lambda: window.size().toTuple() == size)  # noqa: B023
            labels_read(view, f"{period} at {size}")


def labels_read(view: DashboardView, where: str) -> None:
    # Every source is named in full (none shortened to "...").
    sources = {i.toPlainText() for i in drawn(view.sources)}
    assert {"Referral", "Cold call", "Website form"} <= sources, where
    assert not any(t.endswith("...") for t in sources), where
    for card in view.cards:
        if not card.is_showing_chart():
            continue
        for item in drawn(card):
            text = item.toPlainText()
            if text.endswith("..."):
                # Shortened by QtCharts: the tooltip has it whole.
                tip = tooltip_at(card, item)
                assert tip.startswith(text.removesuffix("...")), (where, card.chart_name, text)
                assert len(tip) > len(text) - 3
        # Each value printed after a bar stays inside the plot.
        plot = card.view.chart().plotArea()
        for item in drawn(card):
            box = item.sceneBoundingRect()
            if plot.contains(box.center()):
                assert box.right() <= plot.right() + 1, (where, card.chart_name, item.toPlainText())


def test_the_funnel_axis_fits_its_longest_bar(
    qtbot: QtBot, book: Database, settings: QSettings
) -> None:
    window = in_window(qtbot, book, settings, (1280, 800))
    chart = window.dashboard.funnel.view.chart()
    (axis,) = chart.axes(Qt.Orientation.Horizontal)
    assert isinstance(axis, QValueAxis)
    longest = max(bars(window.dashboard.funnel)["Entered"].values())
    assert longest <= axis.max() <= longest * 2
    plot: QRectF = chart.plotArea()
    (label,) = [i for i in drawn(window.dashboard.funnel) if i.toPlainText() == "11"]
    assert plot.left() < label.sceneBoundingRect().left()
    assert label.sceneBoundingRect().right() <= plot.right() + 1


def test_a_million_leads_fit_the_funnel_printed_in_full(qtbot: QtBot) -> None:
    steps = [(Stage.NEW, 1_234_567, 654_321), (Stage.MQL, 654_321, 300_000)]
    steps += [(Stage.SAL, 300_000, 100_000), (Stage.SQL, 100_000, 9_999)]
    funnel = [FunnelStep(stage, 0, entered, moved) for stage, entered, moved in steps]
    funnel += [FunnelStep(Stage.CUSTOMER, 0, 9_999, None)]
    funnel += [FunnelStep(Stage.DISQUALIFIED, 0, 5, None)]
    board = Dashboard(
        period=Period.ALL,
        now=NOW,
        live_leads=1_234_567,
        funnel=tuple(funnel),
        sources=BySource((), 0, 0, 0),
        temperature=TemperatureMix((), 1, 0, 0, 0),
        stage_times=(),
        sal=SalServiceLevel(2, 0, 0, 0, 0),
        feedback=(),
    )
    card = ChartCard("Funnel")
    qtbot.addWidget(card)
    card.resize(400, 280)  # a card of the grid at 1280x800
    card.show()
    qtbot.waitExposed(card)
    show_funnel(card, board)
    chart = card.view.chart()
    (label,) = [i for i in drawn(card) if i.toPlainText() == "1234567"]  # not 1.23457e+06
    assert chart.plotArea().left() < label.sceneBoundingRect().left()
    assert label.sceneBoundingRect().right() <= chart.plotArea().right() + 1
    (axis,) = chart.axes(Qt.Orientation.Horizontal)
    assert isinstance(axis, QValueAxis)
    assert 1_234_567 < axis.max() <= 2 * 1_234_567


def test_every_category_has_a_tooltip_with_its_numbers(qtbot: QtBot, book: Database) -> None:
    view = open_dashboard(qtbot, book, clock=True, period=Period.LAST_30_DAYS)
    referral = next(i for i in drawn(view.sources) if i.toPlainText() == "Referral")
    assert tooltip_at(view.sources, referral) == "Referral: 10 leads, 2 hot, 0 customers"
    new = next(i for i in drawn(view.funnel) if i.toPlainText().startswith("New"))
    assert tooltip_at(view.funnel, new) == (
        "New: 11 leads entered in the period; 7 of them (64%) reached a later stage by now."
    )
    may = next(i for i in drawn(view.temperature) if i.toPlainText() == "May")
    assert tooltip_at(view.temperature, may) == "May 2026: 11 leads came in: 2 hot, 3 warm, 6 cold"


def test_sources_that_do_not_fit_are_added_up(qtbot: QtBot, db: Database) -> None:
    names = ["website_form", "referral", "linkedin", "event", "cold_call", "survey", "other"]
    with db.session() as session:
        for count, source in enumerate(names, start=1):
            people = [Lead(first_name=f"{source} {i}", source=source) for i in range(count)]
            insert_leads(session, people, now=NOW - timedelta(days=2))
    view = open_dashboard(qtbot, db, clock=True)
    view.resize(1280, 560)  # a short window: not every source fits
    leads = bars(view.sources)["Leads"]
    assert 1 < len(leads) < len(names)
    (rest,) = [name for name in leads if "more source" in name]
    shown = len(leads) - 1
    assert rest == f"{len(names) - shown} more sources"
    assert sum(leads.values()) == sum(range(1, len(names) + 1))
    assert not any(i.toPlainText().endswith("...") for i in drawn(view.sources))
    assert len(view.sources.numbers.rows) == len(names)  # the numbers keep them all
    view.resize(1440, 1400)  # room again: every source has its row
    assert len(bars(view.sources)["Leads"]) == len(names)


def test_changing_the_period_computes_again(qtbot: QtBot, dashboard: DashboardView) -> None:
    assert dashboard.selected_period() is Period.LAST_90_DAYS
    with qtbot.waitSignal(dashboard.updated, timeout=10_000):
        dashboard.set_period(Period.ALL)
    assert bars(dashboard.sources)["Leads"] == {"Referral": 3, "Cold call": 2, "Event": 2}
    assert bars(dashboard.funnel)["Entered"]["New  → 29%"] == 7
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
    assert bars(dashboard.funnel)["Entered"]["New  → 29%"] == 7


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


def test_the_funnel_numbers_name_the_cohort(dashboard: DashboardView) -> None:
    dashboard.funnel.copy_action.trigger()
    assert QGuiApplication.clipboard().text().splitlines() == [
        "Stage\tEntered in period\tReached a later stage\tConversion\tNow",
        "New\t5\t2\t0.4\t5",
        "MQL\t2\t1\t0.5\t1",
        "SAL\t1\t0\t0\t1",
        "SQL\t0\t0\t\t0",
        "Customer\t0\t\t\t0",
        "Disqualified\t0\t\t\t0",
    ]


def test_exported_names_never_run_as_formulas(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        insert_leads(session, [Lead(first_name="Mal", source='=HYPERLINK("http://x")')])
    view = open_dashboard(qtbot, db)
    assert view.sources.export_csv(tmp_path / "sources.csv")
    with (tmp_path / "sources.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[1] == ['\'=HYPERLINK("http://x")', "1", "0", "0"]


def test_names_are_drawn_as_typed(qtbot: QtBot, db: Database) -> None:
    with db.session() as session:
        insert_leads(session, [Lead(first_name="Mal", source="<b>Fair</b> & co")])
    view = open_dashboard(qtbot, db)
    assert "<b>Fair</b> & co" in {i.toPlainText() for i in drawn(view.sources)}


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
    assert bars(window.dashboard.funnel)["Entered"]["New  → 0%"] == 4


def test_a_point_outside_every_label_has_no_tooltip(dashboard: DashboardView) -> None:
    view = dashboard.funnel.view
    assert view.tip_at(QPoint(view.width() - 2, 2)) == ""
