"""Colours that follow the system's light or dark palette, and icons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette

from leaddesk.domain.bant import Temperature
from leaddesk.domain.stages import Stage

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
APP_ICON = ICONS / "leaddesk.svg"


def is_dark() -> bool:
    palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


_TEMPERATURE = {
    # (light background, light text, dark background, dark text)
    Temperature.HOT: ("#fde2dd", "#a3290f", "#5c1e12", "#ffb4a3"),
    Temperature.WARM: ("#fff0c9", "#8a5a00", "#4d3a0a", "#ffd782"),
    Temperature.COLD: ("#dce9f7", "#22558c", "#1d3450", "#a9cdf5"),
}
_STAGE = {
    Stage.NEW: "#6b7785",
    Stage.MQL: "#2f7fc1",
    Stage.SAL: "#7a5cc2",
    Stage.SQL: "#d2791d",
    Stage.CUSTOMER: "#2e9a57",
    Stage.DISQUALIFIED: "#9a4a4a",
}


def temperature_colors(temperature: Temperature) -> tuple[QColor, QColor]:
    """Badge background and text colour for the current palette."""
    light_bg, light_fg, dark_bg, dark_fg = _TEMPERATURE[temperature]
    if is_dark():
        return QColor(dark_bg), QColor(dark_fg)
    return QColor(light_bg), QColor(light_fg)


def stage_color(stage: Stage) -> QColor:
    color = QColor(_STAGE[stage])
    return color.lighter(135) if is_dark() else color


def warning_color() -> QColor:
    return QColor("#ff8a65") if is_dark() else QColor("#c0392b")


def good_color() -> QColor:
    """Text that confirms a value is fine, readable on either palette."""
    return QColor("#81c784") if is_dark() else QColor("#2e7d32")


_BADGES = {
    # (light background, light text, dark background, dark text)
    "warning": ("#fbe3df", "#8e2415", "#5c1e12", "#ffb4a3"),
    "muted": ("#e4e6ea", "#3a4250", "#3a3f47", "#dfe3ea"),
}


def badge_colors(kind: str = "warning") -> tuple[QColor, QColor]:
    """Background and text of a badge: "warning" (do not contact, SAL
    overdue, needs review) or "muted" (in the trash)."""
    light_bg, light_fg, dark_bg, dark_fg = _BADGES[kind]
    if is_dark():
        return QColor(dark_bg), QColor(dark_fg)
    return QColor(light_bg), QColor(light_fg)


def badge_style(kind: str = "warning") -> str:
    """A style sheet for a small rounded label in the badge colours."""
    background, text = badge_colors(kind)
    return (
        f"QLabel {{ background: {background.name()}; color: {text.name()}; border-radius: 8px;"
        " padding: 2px 8px; font-weight: 600; }"
    )


def icon(name: str) -> QIcon:
    """A theme icon when the desktop has one, else LeadDesk's own SVG."""
    fallback = ICONS / f"{name}.svg"
    own = QIcon(str(fallback)) if fallback.exists() else QIcon()
    return QIcon.fromTheme(name, own)
