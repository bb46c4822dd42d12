"""The dashboard's six charts, each drawn from a
:class:`~leaddesk.store.dashboard.Dashboard` onto a :class:`ChartCard`
together with the numbers behind it. How each figure is counted is written
in ``docs/dashboard.md``; the funnel's help button says it too."""

from __future__ import annotations

from math import floor

from PySide6.QtCharts import QBarCategoryAxis, QChart, QPercentBarSeries, QPieSeries, QValueAxis
from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from leaddesk.domain.bant import Temperature
from leaddesk.domain.stages import Stage
from leaddesk.store.dashboard import FUNNEL_SAMPLE, Bucket, Dashboard, FunnelStep, TemperatureMix

from leaddesk.ui.charts import ChartCard, ChartNumbers
from leaddesk.ui.dashboard_bars import BarRows, Bars, bar_set, fit_columns, show_rows
from leaddesk.ui.palette import stage_color, temperature_colors, warning_color

COLUMNS_AT_FULL_SIZE = 6
"""More columns than this get a smaller label font."""


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("Dashboard", text, disambiguation, n)


def number(value: int) -> str:
    return QLocale().toString(value)


def percent(share: float) -> str:
    """A share as a whole percentage, halves rounded up (12.5 % is 13 %), that
    never rounds a few to 0 % or nearly all to 100 %."""
    value = floor(share * 100 + 0.5)
    if 0 < share < 1:
        value = min(max(value, 1), 99)
    return f"{value}%"


def _accent() -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.Highlight)


FUNNEL_HELP = (
    "Each bar counts the leads that entered the stage during the period, each "
    "lead once. A lead created or imported straight into a stage entered that "
    "stage then, and never entered the stages before it: it counts in that "
    "stage only.\n\n"
    "→ is the conversion: of those same leads, the share that reached any later "
    "stage afterwards (by now). It is a share of the bar it is printed on, so it "
    "is never more than 100%. Where no lead entered a stage, there is no "
    "conversion and the chart says so. Leads in the trash are never counted."
)


def _funnel_label(step: FunnelStep) -> str:
    if step.moved_on is None:
        return step.stage.label
    if step.conversion is None:
        return tr("%1 (none entered)").replace("%1", step.stage.label)
    return f"{step.stage.label}  → {percent(step.conversion)}"


def _funnel_tip(step: FunnelStep) -> str:
    about = tr("about ") if step.estimated else ""
    name = step.stage.label
    if not step.entered:
        tip = tr("%1: no lead entered this stage in the period").replace("%1", name)
        if step.moved_on is not None:
            tip += tr(", so there is no conversion to show")
        return tip + "."
    tip = (
        tr("%1: %2%3 leads entered in the period")
        .replace("%1", name)
        .replace("%2", about)
        .replace("%3", number(step.entered))
    )
    if step.moved_on is not None and step.conversion is not None:
        tip += (
            tr("; %1%2 of them (%3) reached a later stage by now")
            .replace("%1", about)
            .replace("%2", number(step.moved_on))
            .replace("%3", percent(step.conversion))
        )
    tip += "."
    if step.estimated:
        tip += " " + tr("Estimated from %1 of the stage's entries.").replace(
            "%1", number(FUNNEL_SAMPLE)
        )
    return tip


def show_funnel(card: ChartCard, board: Dashboard) -> None:
    card.set_help(tr(FUNNEL_HELP))
    header = (
        tr("Stage"),
        tr("Entered in period"),
        tr("Reached a later stage"),
        tr("Conversion"),
        tr("Now"),
    )
    rows = tuple(
        (
            s.stage.label,
            s.entered,
            "" if s.moved_on is None else s.moved_on,
            "" if s.conversion is None else round(s.conversion, 4),
            s.now,
        )
        for s in board.funnel
    )
    numbers = ChartNumbers(header, rows)
    if not any(s.entered for s in board.funnel):
        card.show_empty(tr("No lead entered a stage in this period."), numbers)
        return
    steps = [s for s in board.funnel if s.stage is not Stage.DISQUALIFIED]
    bars = BarRows(
        labels=tuple(_funnel_label(s) for s in steps),
        sets=(Bars(tr("Entered"), tuple(float(s.entered) for s in steps), stage_color(Stage.MQL)),),
        tips=tuple(_funnel_tip(s) for s in steps),
    )
    lost = next(s for s in board.funnel if s.stage is Stage.DISQUALIFIED)
    caption = tr("Leads that entered each stage; → the share of them that reached a later stage.")
    caption += " " + tr("Disqualified: %1.").replace("%1", number(lost.entered))
    if any(s.estimated for s in board.funnel):
        caption += " " + tr("Large stages are estimated from a sample.")
    show_rows(card, bars, numbers, caption)


def show_sources(card: ChartCard, board: Dashboard) -> None:
    sources = board.sources
    header = (tr("Source"), tr("Leads"), tr("Hot"), tr("Customers"))
    rows = tuple((s.label or tr("(none)"), s.leads, s.hot, s.customers) for s in sources.sources)
    numbers = ChartNumbers(header, rows)
    if not sources.sources:
        card.show_empty(tr("No lead came in during this period."), numbers)
        return
    tips = tuple(
        tr("%1: %2 leads, %3 hot, %4 customers")
        .replace("%1", str(name))
        .replace("%2", number(leads))
        .replace("%3", number(hot))
        .replace("%4", number(customers))
        for name, leads, hot, customers in rows
    )

    def more(count: int) -> str:
        return tr("%n more source(s)", None, count)

    bars = BarRows(
        labels=tuple(str(r[0]) for r in rows),
        sets=(
            Bars(tr("Leads"), tuple(float(r[1]) for r in rows), _accent()),
            Bars(
                tr("Hot"), tuple(float(r[2]) for r in rows), temperature_colors(Temperature.HOT)[1]
            ),
            Bars(tr("Customers"), tuple(float(r[3]) for r in rows), stage_color(Stage.CUSTOMER)),
        ),
        tips=tips,
        more=more,
    )
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
    show_rows(card, bars, numbers, " · ".join(parts))


def bucket_label(bucket: Bucket, months: int, *, short: bool, years: int = 1) -> str:
    """A bucket's name: "March 2026", "Q1 2026", "2026", "2020–2024"; short
    on the axis ("Mar", or "Mar ’26" when the chart spans several calendar
    years; "Q1 ’26"; "2020–24")."""
    locale = QLocale()
    start = bucket.start
    if months == 1:
        if not short:
            return locale.toString(QDate(start), "MMMM yyyy")
        return locale.toString(QDate(start), "MMM" if years == 1 else "MMM ’yy")
    if months == 3:
        quarter = (start.month - 1) // 3 + 1
        return f"Q{quarter} ’{start.year % 100:02d}" if short else f"Q{quarter} {start.year}"
    if months == 12:
        return str(start.year)
    last = start.year + months // 12 - 1
    return f"{start.year}–{last % 100:02d}" if short else f"{start.year}–{last}"


def _span_name(months: int) -> str:
    return {1: tr("month"), 3: tr("quarter"), 12: tr("year")}.get(months, tr("years"))


def show_temperature(card: ChartCard, board: Dashboard) -> None:
    mix: TemperatureMix = board.temperature
    buckets = mix.buckets
    first = {1: tr("Month"), 3: tr("Quarter"), 12: tr("Year")}.get(mix.months, tr("Years"))
    full = [bucket_label(b, mix.months, short=False) for b in buckets]
    header = (first, tr("Hot"), tr("Warm"), tr("Cold"))
    rows = tuple((name, b.hot, b.warm, b.cold) for name, b in zip(full, buckets, strict=True))
    numbers = ChartNumbers(header, rows)
    if not mix.total:
        card.show_empty(tr("No lead came in during this period."), numbers)
        return
    years = len({b.start.year for b in buckets})
    labels = [bucket_label(b, mix.months, short=True, years=years) for b in buckets]
    series = QPercentBarSeries()
    for temperature in Temperature:
        color = temperature_colors(temperature)[1]
        values = tuple(float(b.count(temperature)) for b in buckets)
        series.append(bar_set(Bars(temperature.label, values, color)))
    chart = QChart()
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append(labels)
    if len(buckets) > COLUMNS_AT_FULL_SIZE:
        font = axis_x.labelsFont()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        axis_x.setLabelsFont(font)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    axis_y = QValueAxis()
    axis_y.setRange(0, 100)
    axis_y.setTickCount(5)
    axis_y.setLabelFormat("%.0f%%")
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    tips = [
        tr("%1: %2 leads came in: %3 hot, %4 warm, %5 cold")
        .replace("%1", name)
        .replace("%2", number(b.total))
        .replace("%3", number(b.hot))
        .replace("%4", number(b.warm))
        .replace("%5", number(b.cold))
        for name, b in zip(full, buckets, strict=True)
    ]
    span = full[0] if len(full) == 1 else f"{full[0]} – {full[-1]}"
    caption = " · ".join(f"{t.label} {percent(mix.count(t) / mix.total)}" for t in Temperature)
    caption += "  " + (
        tr("(by the %1 leads came in, %2)")
        .replace("%1", _span_name(mix.months))
        .replace("%2", span)
    )
    card.show_chart(chart, numbers, caption, tips=tips, fit=lambda c: fit_columns(c, labels))


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
    tips = tuple(
        tr("%1: no lead moved on from this stage in the period.").replace("%1", t.stage.label)
        if t.median_days is None
        else tr("%1: a median of %2 days, over %3 stays that ended in the period.")
        .replace("%1", t.stage.label)
        .replace("%2", f"{t.median_days:.1f}")
        .replace("%3", number(t.stays))
        for t in times
    )
    bars = BarRows(
        labels=tuple(
            t.stage.label if t.stays else tr("%1 (none)").replace("%1", t.stage.label)
            for t in times
        ),
        sets=(
            Bars(
                tr("Median days"),
                tuple(round(t.median_days or 0.0, 1) for t in times),
                stage_color(Stage.SAL),
            ),
        ),
        tips=tips,
    )
    measured = sum(t.stays for t in times)
    caption = tr("Median days before leads moved on, over %1 stays that ended in the period.")
    show_rows(card, bars, numbers, caption.replace("%1", number(measured)))


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

    def more(count: int) -> str:
        return tr("%n more tag(s)", None, count)

    bars = BarRows(
        labels=tuple(str(r[0]) for r in rows),
        sets=(Bars(tr("Feedback"), tuple(float(r[1]) for r in rows), stage_color(Stage.SQL)),),
        tips=tuple(
            tr("%1: %2 product feedback notes").replace("%1", str(r[0])).replace("%2", number(r[1]))
            for r in rows
        ),
        more=more,
    )
    total = sum(c.count for c in counts)
    caption = tr("%1 product feedback notes, by tag.").replace("%1", number(total))
    show_rows(card, bars, numbers, caption)
