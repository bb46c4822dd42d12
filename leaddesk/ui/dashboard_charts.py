"""The dashboard's six charts, each drawn from a
:class:`~leaddesk.store.dashboard.Dashboard` onto a :class:`ChartCard`
together with the numbers behind it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QPercentBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from leaddesk.domain.bant import Temperature
from leaddesk.domain.stages import Stage
from leaddesk.store.dashboard import Dashboard

from leaddesk.ui.charts import ChartCard, ChartNumbers, category_labels, text_color
from leaddesk.ui.palette import stage_color, temperature_colors, warning_color

TOP_SOURCES = 8
TOP_TAGS = 10
MONTHS_AT_FULL_SIZE = 6
MONTHS_ACROSS = 12
"""More months than this get upright labels: a bar is then narrower than
a month's name with its year."""
LABEL_CHARACTERS = 22


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("Dashboard", text, disambiguation, n)


def number(value: int) -> str:
    return QLocale().toString(value)


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _accent() -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.Highlight)


Bars = tuple[str, Sequence[float], QColor]
"""A bar set: its name, one value per category, its colour."""


def _bar_set(name: str, values: Sequence[float], color: QColor) -> QBarSet:
    bars = QBarSet(name)
    bars.append(list(values))
    bars.setColor(color)
    bars.setBorderColor(color)
    bars.setLabelColor(text_color())
    return bars


def _horizontal_bars(categories: Sequence[str], sets: Sequence[Bars]) -> QChart:
    """Bars across, first category at the top, each labelled with its value."""
    series = QHorizontalBarSeries()
    # QtCharts draws the first category at the bottom: give it everything
    # reversed.
    for name, values, color in sets:
        series.append(_bar_set(name, list(values)[::-1], color))
    # One value per bar reads well; with several bars per category the
    # labels collide, and the axis and legend tell the story.
    series.setLabelsVisible(len(sets) == 1)
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsFormat("@value")
    chart = QChart()
    chart.addSeries(series)
    axis_y = QBarCategoryAxis()
    axis_y.append(category_labels(categories, LABEL_CHARACTERS)[::-1])
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    axis_x = QValueAxis()
    top = max((max(values, default=0) for _, values, _ in sets), default=0)
    # Room to the right for the value printed after the longest bar.
    axis_x.setRange(0, max(top * 1.2, 1.0))
    axis_x.setTickCount(5)
    axis_x.applyNiceNumbers()
    axis_x.setLabelFormat("%.0f")
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    chart.legend().setVisible(len(sets) > 1)
    return chart


def show_funnel(card: ChartCard, board: Dashboard) -> None:
    steps = [s for s in board.funnel if s.stage is not Stage.DISQUALIFIED]
    header = (tr("Stage"), tr("Entered in period"), tr("Conversion from previous"), tr("Now"))
    rows = tuple(
        (s.stage.label, s.entered, "" if s.conversion is None else round(s.conversion, 4), s.now)
        for s in board.funnel
    )
    numbers = ChartNumbers(header, rows)
    if not any(s.entered for s in board.funnel):
        card.show_empty(tr("No lead entered a stage in this period."), numbers)
        return
    labels = [
        s.stage.label if s.conversion is None else f"{s.stage.label}  {percent(s.conversion)}"
        for s in steps
    ]
    bars = (tr("Entered"), [s.entered for s in steps], stage_color(Stage.MQL))
    lost = next(s for s in board.funnel if s.stage is Stage.DISQUALIFIED)
    caption = tr("Leads entering each stage; % is the conversion from the stage above.")
    caption += " " + tr("Disqualified: %1.").replace("%1", number(lost.entered))
    card.show_chart(_horizontal_bars(labels, [bars]), numbers, caption)


def show_sources(card: ChartCard, board: Dashboard) -> None:
    sources = board.sources
    header = (tr("Source"), tr("Leads"), tr("Hot"), tr("Customers"))
    rows = tuple((s.label or tr("(none)"), s.leads, s.hot, s.customers) for s in sources.sources)
    numbers = ChartNumbers(header, rows)
    if not sources.sources:
        card.show_empty(tr("No lead came in during this period."), numbers)
        return
    shown = rows[:TOP_SOURCES]
    sets: list[Bars] = [
        (tr("Leads"), [r[1] for r in shown], _accent()),
        (tr("Hot"), [r[2] for r in shown], temperature_colors(Temperature.HOT)[1]),
        (tr("Customers"), [r[3] for r in shown], stage_color(Stage.CUSTOMER)),
    ]
    total = sources.inbound + sources.outbound + sources.unknown
    parts = [
        f"{name} {number(count)} ({percent(count / total)})"
        for name, count in (
            (tr("Inbound"), sources.inbound),
            (tr("Outbound"), sources.outbound),
            (tr("Unknown"), sources.unknown),
        )
        if count
    ]
    chart = _horizontal_bars([r[0] for r in shown], sets)
    caption = " · ".join(parts)
    if len(rows) > len(shown):
        more = len(rows) - len(shown)
        caption += " · " + tr("%1 smaller sources not shown").replace("%1", str(more))
    card.show_chart(chart, numbers, caption)


def month_labels(months: Sequence[date]) -> list[str]:
    """Short month names, the years being in the caption; past a year the
    names would repeat (and a category axis keeps one of equal labels), so
    they carry the year."""
    form = "MMM yy" if len(months) > MONTHS_ACROSS else "MMM"
    return [QLocale().toString(QDate(month), form) for month in months]


def show_temperature(card: ChartCard, board: Dashboard) -> None:
    mix = board.temperature
    header = (tr("Month"), tr("Hot"), tr("Warm"), tr("Cold"))
    rows = tuple((m.month.isoformat()[:7], m.hot, m.warm, m.cold) for m in mix.months)
    numbers = ChartNumbers(header, rows)
    if not mix.total:
        card.show_empty(tr("No lead came in during this period."), numbers)
        return
    series = QPercentBarSeries()
    for temperature in Temperature:
        color = temperature_colors(temperature)[1]
        series.append(
            _bar_set(temperature.label, [m.count(temperature) for m in mix.months], color)
        )
    chart = QChart()
    chart.addSeries(series)
    locale = QLocale()
    axis_x = QBarCategoryAxis()
    axis_x.append(month_labels([m.month for m in mix.months]))
    if len(mix.months) > MONTHS_AT_FULL_SIZE:
        font = axis_x.labelsFont()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        axis_x.setLabelsFont(font)
    if len(mix.months) > MONTHS_ACROSS:
        axis_x.setLabelsAngle(-90)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    axis_y = QValueAxis()
    axis_y.setRange(0, 100)
    axis_y.setTickCount(5)
    axis_y.setLabelFormat("%.0f%%")
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    first, last = (
        locale.toString(QDate(m.month), "MMM yyyy") for m in (mix.months[0], mix.months[-1])
    )
    span = first if first == last else f"{first} – {last}"
    caption = " · ".join(f"{t.label} {percent(mix.count(t) / mix.total)}" for t in Temperature)
    caption += "  " + tr("(by the month leads came in, %1)").replace("%1", span)
    card.show_chart(chart, numbers, caption)


def show_stage_times(card: ChartCard, board: Dashboard) -> None:
    times = board.stage_times
    header = (tr("Stage"), tr("Median days"), tr("Stays measured"))
    rows = tuple(
        (t.stage.label, "" if t.median_days is None else round(t.median_days, 2), t.stays)
        for t in times
    )
    numbers = ChartNumbers(header, rows)
    if not any(t.stays for t in times):
        card.show_empty(tr("No lead moved on from a stage in this period."), numbers)
        return
    values = [round(t.median_days or 0.0, 1) for t in times]
    bars = (tr("Median days"), values, stage_color(Stage.SAL))
    chart = _horizontal_bars([t.stage.label for t in times], [bars])
    measured = sum(t.stays for t in times)
    caption = tr("Median days before leads moved on, over %1 stays that ended in the period.")
    card.show_chart(chart, numbers, caption.replace("%1", number(measured)))


def show_sal(card: ChartCard, board: Dashboard) -> None:
    sal = board.sal
    parts = (
        (tr("In time"), sal.in_time, stage_color(Stage.CUSTOMER)),
        (tr("Late"), sal.late, temperature_colors(Temperature.WARM)[1]),
        (tr("Still waiting"), sal.waiting, warning_color()),
    )
    rows = (*((name, count) for name, count, _ in parts), (tr("Not yet due"), sal.pending))
    numbers = ChartNumbers((tr("MQLs"), tr("Count")), rows)
    limit = tr("%n day(s)", None, sal.days)
    if sal.share is None:
        card.show_empty(
            tr("No MQL came due for a decision in this period (limit: %1).").replace("%1", limit),
            numbers,
        )
        return
    series = QPieSeries()
    series.setHoleSize(0.5)
    for name, count, color in parts:
        if count:
            piece = series.append(f"{name}: {number(count)}", count)
            piece.setColor(color)
            piece.setBorderColor(QGuiApplication.palette().color(QPalette.ColorRole.Base))
    chart = QChart()
    chart.addSeries(series)
    chart.setTitle(
        tr("%1 handled within %2").replace("%1", percent(sal.share)).replace("%2", limit)
    )
    font = chart.titleFont()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    caption = tr("MQLs accepted or rejected by sales within the limit, of %1 due.").replace(
        "%1", number(sal.due)
    )
    card.show_chart(chart, numbers, caption)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)


def show_feedback(card: ChartCard, board: Dashboard) -> None:
    counts = board.feedback
    rows = tuple((c.tag or tr("(no tag)"), c.count) for c in counts)
    numbers = ChartNumbers((tr("Tag"), tr("Feedback")), rows)
    if not counts:
        card.show_empty(tr("No product feedback was logged in this period."), numbers)
        return
    shown = rows[:TOP_TAGS]
    bars = (tr("Feedback"), [r[1] for r in shown], stage_color(Stage.SQL))
    chart = _horizontal_bars([str(r[0]) for r in shown], [bars])
    total = sum(c.count for c in counts)
    caption = tr("%1 product feedback notes, by tag.").replace("%1", number(total))
    card.show_chart(chart, numbers, caption)
