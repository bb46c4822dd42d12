"""Bar charts of the dashboard that fit the room they get.

Rows across (funnel, sources, time in stage, feedback): QtCharts gives a
category label the height of its row less 8 pixels and replaces a label
that is taller by "...", so eight sources on a 1280×800 screen were eight
"...". Only the rows that fit are drawn; with more, the last one adds up
the rest ("3 more sources"), and the numbers behind the chart keep them
all. The value axis reaches past the longest bar far enough for its value
to be printed after it.

Columns (temperature by month, quarter or year): labels stand upright when
they are wider than a column.

Both are fitted again whenever the chart is resized.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from math import floor

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import QGraphicsTextItem

from leaddesk.ui.charts import ChartCard, ChartNumbers, text_color

LABEL_CHARACTERS = 22
"""Longest category label drawn in full; longer names are cut (the tooltip
has them whole), so one long source name cannot squeeze every bar."""
LABEL_PADDING = 4.0
"""QtCharts' padding above and below an axis label (ChartAxisElement)."""
TEXT_MARGIN = 0.5
"""QtCharts' document margin around a label's text (ChartPresenter)."""
VALUE_GAP = 8.0
"""Pixels between a bar's end and the value printed after it, with room."""
TIPS_LISTED = 12
"""Rows added up that the tooltip of their row lists."""
PRECISION = 12
"""Significant digits of the values printed on bars: QtCharts' default (6)
prints a million as 1e+06."""


@dataclass(frozen=True, slots=True)
class Bars:
    """A bar set: its name, one value per category, its colour."""

    name: str
    values: tuple[float, ...]
    color: QColor


@dataclass(frozen=True, slots=True)
class BarRows:
    """A chart of rows across, the first at the top."""

    labels: tuple[str, ...]
    sets: tuple[Bars, ...]
    tips: tuple[str, ...]
    """The tooltip of each row: its full name and its numbers."""
    more: Callable[[int], str] | None = None
    """The label of the row that adds up the rows that do not fit, given
    how many it adds up (its tooltip lists theirs); None: rows are never
    added up (the funnel's stages), and a row that does not fit has its
    label shortened, with its tooltip."""


def label_height(font: QFont) -> float:
    """The height QtCharts measures for a one-line label in ``font``."""
    item = QGraphicsTextItem()
    item.setFont(font)
    item.document().setDocumentMargin(TEXT_MARGIN)
    item.setPlainText("Xg")
    return item.boundingRect().height()


def rows_that_fit(chart: QChart, font: QFont) -> int:
    """How many rows of labels in ``font`` the laid-out chart can show:
    QtCharts gives each of n rows the plot's height over n + 1, less the
    padding above and below."""
    room = chart.plotArea().height()
    return max(1, floor(room / (label_height(font) + 2 * LABEL_PADDING)) - 1)


def axis_labels(labels: Sequence[str]) -> list[str]:
    """Labels for a category axis: cut to :data:`LABEL_CHARACTERS`, as text
    (QtCharts reads labels as HTML), and distinct (a category axis keeps
    one of equal labels, which would shift every bar after it)."""
    seen: set[str] = set()
    result = []
    for label in labels:
        text = label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"
        text = html.escape(text, quote=False)
        while text in seen:
            text += "\u200b"  # a zero-width space: looks the same, differs
        seen.add(text)
        result.append(text)
    return result


def bar_set(bars: Bars) -> QBarSet:
    result = QBarSet(bars.name)
    result.append(list(bars.values))
    result.setColor(bars.color)
    result.setBorderColor(bars.color)
    result.setLabelColor(text_color())
    return result


def _fitted(rows: BarRows, count: int) -> BarRows:
    """The first ``count`` rows, the last of them adding up any rest."""
    if len(rows.labels) <= count or rows.more is None:
        return rows
    keep = max(count - 1, 0)
    rest = rows.tips[keep:]
    tip = "\n".join(rest[:TIPS_LISTED])
    if len(rest) > TIPS_LISTED:
        tip += "\n…"
    label = rows.more(len(rest))
    return BarRows(
        labels=(*rows.labels[:keep], label),
        sets=tuple(replace(s, values=(*s.values[:keep], sum(s.values[keep:]))) for s in rows.sets),
        tips=(*rows.tips[:keep], tip),
    )


def _rows_chart(rows: BarRows) -> QChart:
    """Bars across, first row at the top, each labelled with its value when
    there is one bar per row."""
    series = QHorizontalBarSeries()
    # QtCharts draws the first category at the bottom: give it everything
    # reversed.
    for bars in rows.sets:
        series.append(bar_set(replace(bars, values=bars.values[::-1])))
    # One value per bar reads well; with several bars per row the labels
    # collide, and the axis and legend tell the story.
    series.setLabelsVisible(len(rows.sets) == 1)
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsFormat("@value")
    series.setLabelsPrecision(PRECISION)
    chart = QChart()
    chart.addSeries(series)
    axis_y = QBarCategoryAxis()
    axis_y.append(axis_labels(rows.labels)[::-1])
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    axis_x = QValueAxis()
    axis_x.setTickCount(5)
    axis_x.setLabelFormat("%.0f")
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    chart.legend().setVisible(len(rows.sets) > 1)
    return chart


def value_label(value: float) -> str:
    """A bar's value as QtCharts prints it ("@value")."""
    return f"{value:.{PRECISION}g}"


def fit_value_axis(chart: QChart, rows: BarRows) -> None:
    """A value axis from 0 past the longest bar, by the width of the value
    printed after it when values are printed."""
    (axis,) = chart.axes(Qt.Orientation.Horizontal)
    assert isinstance(axis, QValueAxis)
    top = max((max(s.values, default=0.0) for s in rows.sets), default=0.0)
    room = chart.plotArea().width()
    needed = 0.0
    if len(rows.sets) == 1 and rows.sets[0].values:
        series = chart.series()[0]
        assert isinstance(series, QAbstractBarSeries)
        font = series.barSets()[0].labelFont()
        widest = max(rows.sets[0].values, key=lambda v: len(value_label(v)))
        needed = QFontMetricsF(font).horizontalAdvance(value_label(widest)) + VALUE_GAP
    # The longest bar takes what the plot has left after its value.
    share = (room - needed) / room if room > needed * 2 else 0.5
    axis.setRange(0, max(top / share, 1.0))
    axis.applyNiceNumbers()


def show_rows(card: ChartCard, rows: BarRows, numbers: ChartNumbers, caption: str) -> None:
    """Draws ``rows`` on ``card``, as many as fit, and again on resize."""
    shown = [len(rows.labels)]

    def fit(chart: QChart) -> None:
        (axis,) = chart.axes(Qt.Orientation.Vertical)
        count = len(rows.labels)
        if rows.more is not None:
            count = min(count, rows_that_fit(chart, axis.labelsFont()))
        if count != shown[0]:
            shown[0] = count
            draw()
            return
        fit_value_axis(chart, _fitted(rows, count))

    def draw() -> None:
        fitted = _fitted(rows, shown[0])
        chart = _rows_chart(fitted)
        card.show_chart(chart, numbers, caption, tips=fitted.tips[::-1], fit=fit)

    draw()


def fit_columns(chart: QChart, labels: Sequence[str]) -> None:
    """Column labels across when they fit a column, else upright."""
    axes = [a for a in chart.axes(Qt.Orientation.Horizontal) if isinstance(a, QBarCategoryAxis)]
    if not axes or not labels:
        return
    (axis,) = axes
    metrics = QFontMetricsF(axis.labelsFont())
    widest = max(metrics.horizontalAdvance(label) for label in labels)
    column = chart.plotArea().width() / len(labels)
    angle = 0 if widest + 2 * LABEL_PADDING + 2 <= column else -90
    if axis.labelsAngle() != angle:
        axis.setLabelsAngle(angle)
