"""Chart cards: a titled frame around a QtCharts view, themed from the
application palette (light or dark), with a menu to save the chart as PNG,
copy its numbers or export them as CSV, and a help button saying how the
figures are counted. The dashboard is a grid of these.

QtCharts shortens a label that does not fit to "..." and gives no way to
read it back; the view shows a tooltip for the category under the pointer
(its full name and numbers), and for any other shortened text the full
text, so nothing shortened is lost."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCharts import QAbstractBarSeries, QChart, QChartView, QHorizontalBarSeries
from PySide6.QtCore import QEvent, QMargins, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QHelpEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGraphicsTextItem,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from leaddesk.transfer.celltext import to_csv

from leaddesk.ui.palette import icon

Cell = str | int | float


@dataclass(frozen=True, slots=True)
class ChartNumbers:
    """The numbers behind a chart, as a small table."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def as_text(self) -> str:
        """Tab-separated lines: pasted into a spreadsheet, each number lands
        in its own cell."""
        lines = ["\t".join(self.header)]
        lines += ["\t".join(_cell(value) for value in row) for row in self.rows]
        return "\n".join(lines) + "\n"

    def write_csv(self, path: Path) -> None:
        # UTF-8 with a BOM, as the exporter writes, so spreadsheet programs
        # read accents in source and tag names.
        with path.open("w", encoding="utf-8-sig", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(self.header)
            writer.writerows([_cell(value) for value in row] for row in self.rows)


def _cell(value: Cell) -> str:
    if isinstance(value, str):
        # Source and tag names are typed by users: never let a spreadsheet
        # run one as a formula (as the lead exporter does).
        return to_csv(value)
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1 else f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def text_color() -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.Text)


def theme_chart(chart: QChart) -> None:
    """Colours of the chart's frame, labels and grid from the application
    palette; series colours are set by whoever builds the series."""
    palette = QGuiApplication.palette()
    text = palette.color(QPalette.ColorRole.Text)
    grid = QColor(palette.color(QPalette.ColorRole.Text))
    grid.setAlpha(40)
    chart.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
    chart.setBackgroundRoundness(0)
    chart.setPlotAreaBackgroundVisible(False)
    chart.setTitleBrush(text)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(2, 2, 2, 2))
    chart.layout().setContentsMargins(0, 0, 0, 0)
    legend = chart.legend()
    legend.setLabelColor(text)
    legend.setAlignment(Qt.AlignmentFlag.AlignBottom)
    for axis in chart.axes():
        axis.setLabelsColor(text)
        axis.setTitleBrush(text)
        axis.setGridLineColor(grid)
        axis.setLinePenColor(grid)
        axis.setShadesVisible(False)


ELLIPSIS = "..."
"""What QtCharts puts in place of the end of a label that does not fit."""


def shortened(text: str) -> bool:
    return text.endswith(ELLIPSIS) or text.endswith("…")


class ChartView(QChartView):
    """A chart view that asks for little room and takes what the grid gives
    (QChartView's own size hint would make a grid of six taller than the
    window), fits its chart to its size, and shows tooltips.

    ``tips`` holds one tooltip per category of the chart's first bar series,
    in the order of its category axis; ``fit`` is called after every resize
    with the chart laid out, to adapt it (rows shown, label angle, axis
    range)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tips: Sequence[str] = ()
        self.fit: Callable[[], None] | None = None

    def sizeHint(self) -> QSize:
        height = self.fontMetrics().height()
        return QSize(height * 20, height * 12)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.fit is not None:
            self.fit()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def tip_at(self, position: QPoint) -> str:
        """The tooltip at a point of the viewport: the category under it,
        else the full text of a shortened label under it."""
        chart = self.chart()
        if chart is None:
            return ""
        point = self.mapToScene(position)
        bars = [s for s in chart.series() if isinstance(s, QAbstractBarSeries)]
        plot = chart.plotArea()
        if bars and self.tips:
            value = chart.mapToValue(point, bars[0])
            across = isinstance(bars[0], QHorizontalBarSeries)
            # Over the bars or their labels (left of the plot for rows,
            # under it for columns), not over the legend or the other axis.
            inside = (
                plot.top() <= point.y() <= plot.bottom() and point.x() <= plot.right()
                if across
                else plot.left() <= point.x() <= plot.right() and point.y() >= plot.top()
            )
            index = round(value.y() if across else value.x())
            legend = chart.legend()
            over_legend = legend.isVisible() and legend.sceneBoundingRect().contains(point)
            if inside and not over_legend and 0 <= index < len(self.tips):
                return self.tips[index]
        for item in self.scene().items(point):
            if isinstance(item, QGraphicsTextItem) and item.isVisible():
                text = item.toPlainText()
                if shortened(text):
                    return full_text(chart, text)
        return ""


def full_text(chart: QChart, text: str) -> str:
    """The text that QtCharts shortened to ``text``: the chart's title, a
    legend entry, or an axis title (category labels have ``tips``)."""
    start = text.removesuffix(ELLIPSIS).removesuffix("…")
    candidates = [chart.title()]
    candidates += [marker.label() for marker in chart.legend().markers()]
    candidates += [axis.titleText() for axis in chart.axes()]
    return next((c for c in candidates if c.startswith(start) and c != text), "")


class ChartCard(QFrame):
    """One chart with its title, a one-line caption, and the save / copy /
    export menu; or a sentence when there is nothing to chart."""

    message = Signal(str)
    """A sentence for the user: where a file went, or why it could not."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chart-card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(title)
        self.numbers = ChartNumbers((), ())
        self.title = QLabel(title)
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setAccessibleName(self.tr("%1 summary").replace("%1", title))
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.menu_button = QToolButton()
        self.menu_button.setText("⋯")
        self.menu_button.setAutoRaise(True)
        self.menu_button.setToolTip(self.tr("Save, copy or export this chart"))
        self.menu_button.setAccessibleName(self.tr("%1 menu").replace("%1", title))
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        menu = QMenu(self.menu_button)
        self.save_action = menu.addAction(
            icon("document-export"), self.tr("Save chart as PNG…"), self.ask_save_png
        )
        self.copy_action = menu.addAction(self.tr("Copy numbers"), self.copy_numbers)
        self.csv_action = menu.addAction(
            icon("document-export"), self.tr("Export numbers as CSV…"), self.ask_export_csv
        )
        self.menu_button.setMenu(menu)
        self.help_button = QToolButton()
        self.help_button.setText("?")
        self.help_button.setAutoRaise(True)
        self.help_button.setAccessibleName(self.tr("How “%1” is counted").replace("%1", title))
        self.help_button.clicked.connect(self.show_help)
        self.help_button.hide()

        self.view = ChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setAccessibleName(self.tr("%1 chart").replace("%1", title))
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setAccessibleName(self.tr("%1: nothing to show").replace("%1", title))
        self.empty.setStyleSheet("color: palette(placeholder-text);")
        self.pages = QStackedWidget()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.empty)

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.help_button)
        header.addWidget(self.menu_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 8)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.caption)
        layout.addWidget(self.pages, 1)
        self.setMinimumHeight(self.fontMetrics().height() * 12)

    @property
    def chart_name(self) -> str:
        return self.title.text()

    def set_help(self, text: str) -> None:
        """How the chart's figures are counted: the help button's tooltip,
        shown in full when it is clicked."""
        self.help_button.setToolTip(text)
        self.help_button.setVisible(bool(text))

    def show_help(self) -> None:
        below = self.help_button.mapToGlobal(self.help_button.rect().bottomLeft())
        QToolTip.showText(below, self.help_button.toolTip(), self.help_button)

    def show_chart(
        self,
        chart: QChart,
        numbers: ChartNumbers,
        caption: str = "",
        *,
        tips: Sequence[str] = (),
        fit: Callable[[QChart], None] | None = None,
    ) -> None:
        """Shows ``chart``; ``tips`` and ``fit`` as for :class:`ChartView`
        (``fit`` gets the chart, laid out at the view's size, now and after
        every resize)."""
        theme_chart(chart)
        old = self.view.chart()
        self.view.fit = None
        self.view.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()
        self.view.tips = tips
        if fit is not None:
            self.view.fit = lambda: fit(chart)
            fit(chart)
        self.numbers = numbers
        self.caption.setText(caption)
        self.caption.setVisible(bool(caption))
        self.pages.setCurrentWidget(self.view)
        self._enable(True)

    def show_empty(self, sentence: str, numbers: ChartNumbers | None = None) -> None:
        self.view.fit = None
        self.view.tips = ()
        self.empty.setText(sentence)
        self.numbers = numbers or ChartNumbers((), ())
        self.caption.hide()
        self.pages.setCurrentWidget(self.empty)
        self._enable(False)

    def _enable(self, charted: bool) -> None:
        self.save_action.setEnabled(charted)
        has_rows = bool(self.numbers.rows)
        self.copy_action.setEnabled(has_rows)
        self.csv_action.setEnabled(has_rows)

    def is_showing_chart(self) -> bool:
        return self.pages.currentWidget() is self.view

    # Save, copy, export.

    def _ask_path(self, title: str, suffix: str, filter_text: str) -> Path | None:
        name = self.chart_name.casefold().replace(" ", "-") + suffix
        chosen, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), filter_text)
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix else path.with_suffix(suffix)

    def ask_save_png(self) -> None:
        path = self._ask_path(self.tr("Save chart"), ".png", self.tr("PNG images (*.png)"))
        if path is not None:
            self.save_png(path)

    def ask_export_csv(self) -> None:
        path = self._ask_path(self.tr("Export numbers"), ".csv", self.tr("CSV files (*.csv)"))
        if path is not None:
            self.export_csv(path)

    def save_png(self, path: Path) -> bool:
        """Writes the chart as it is on screen; says so, or why not."""
        saved = self.view.grab().save(str(path), "PNG")
        if saved:
            self.message.emit(self.tr("Saved the chart to %1.").replace("%1", str(path)))
        else:
            self.message.emit(
                self.tr(
                    "The chart could not be saved to %1: choose a folder you can write to."
                ).replace("%1", str(path))
            )
        return saved

    def export_csv(self, path: Path) -> bool:
        try:
            self.numbers.write_csv(path)
        except OSError as error:
            self.message.emit(
                self.tr("The numbers could not be written to %1: %2.")
                .replace("%1", str(path))
                .replace("%2", error.strerror or str(error))
            )
            return False
        self.message.emit(self.tr("Exported the numbers to %1.").replace("%1", str(path)))
        return True

    def copy_numbers(self) -> None:
        QGuiApplication.clipboard().setText(self.numbers.as_text())
        self.message.emit(self.tr("Copied the numbers of “%1”.").replace("%1", self.chart_name))
