"""How the window reads on a dark palette, and what a user sees when
something unexpected breaks: a dialog with folded details and a log file."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox, QTextEdit, QWidget

from leaddesk.domain.bant import Temperature
from leaddesk.store.database import Database
from tests.ui.conftest import names, when_modal

from leaddesk.ui import errors
from leaddesk.ui.main_window import MainWindow
from leaddesk.ui.palette import badge_colors, good_color, temperature_colors, warning_color


def luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(one: QColor, other: QColor) -> float:
    """The WCAG contrast ratio: 4.5 is enough for small text."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in (
        (QPalette.ColorRole.Window, "#2d2d30"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#28282c"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#37373a"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
        (QPalette.ColorRole.Highlight, "#2a82da"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
    ):
        palette.setColor(role, QColor(color))
    return palette


@pytest.fixture(params=["light", "dark"])
def palette(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    before = qapp.palette()
    if request.param == "dark":
        qapp.setPalette(dark_palette())
    yield str(request.param)
    qapp.setPalette(before)


def test_badges_and_warnings_are_readable(palette: str, qapp: QApplication) -> None:
    base = qapp.palette().color(QPalette.ColorRole.Base)
    for temperature in Temperature:
        background, text = temperature_colors(temperature)
        assert contrast(background, text) >= 4.5, (palette, temperature)
    for kind in ("warning", "muted"):
        background, text = badge_colors(kind)
        assert contrast(background, text) >= 4.5, (palette, kind)
    assert contrast(warning_color(), base) >= 3.0
    assert contrast(good_color(), base) >= 3.0


def test_the_pane_follows_a_dark_palette(
    palette: str, qtbot: QtBot, people: Database, settings: QSettings
) -> None:
    window = MainWindow(people, settings)
    qtbot.addWidget(window)
    window.show()
    window.leads.select_row(names(window).index("Chris Dunn"))
    detail = window.leads.detail
    assert detail.review_badge.isVisible()
    background, text = badge_colors()
    assert background.name() in detail.review_badge.styleSheet()
    assert text.name() in detail.review_badge.styleSheet()
    cold_background, _ = temperature_colors(Temperature.COLD)
    assert cold_background.name() in detail.bant.badge.styleSheet()
    assert warning_color().name() in detail.email_check.styleSheet()


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "leaddesk.log"
    monkeypatch.setattr(errors, "log_file", lambda: path)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    yield path
    for handler in list(errors.log.handlers):
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path:
            errors.log.removeHandler(handler)
            handler.close()


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_shows_folded_details_and_is_logged(
    window: MainWindow, qtbot: QtBot, log_folder: Path
) -> None:
    errors.install_error_handler()
    shown: dict[str, object] = {}

    def look(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        shown["text"] = box.text()
        shown["details"] = box.detailedText()
        folded = [edit for edit in box.findChildren(QTextEdit) if edit.isVisible()]
        shown["folded"] = not folded
        box.accept()

    def broken() -> None:
        raise RuntimeError("the printer caught fire")

    seen = when_modal(qtbot, look)
    QTimer.singleShot(0, broken)  # raised inside Qt's event loop, as a slot would
    qtbot.waitUntil(lambda: bool(seen) and "text" in shown)
    assert str(shown["text"]).startswith("Something went wrong: the printer caught fire")
    assert str(log_folder) in str(shown["text"])
    assert "Traceback" in str(shown["details"]) and "broken" in str(shown["details"])
    assert shown["folded"]
    logged = log_folder.read_text(encoding="utf-8")
    assert "RuntimeError: the printer caught fire" in logged
    assert window.isVisible()  # the window carries on


def test_a_refused_action_message_can_be_dismissed(window: MainWindow, qtbot: QtBot) -> None:
    """The message bar only appears when something was refused."""
    assert not window.message.isVisible()
    window.show_error("The database is locked by another program.")
    assert window.message.isVisible()
    close = [w for w in window.message.findChildren(QWidget) if w.accessibleName() == "Dismiss"]
    assert close
    qtbot.mouseClick(close[0], Qt.MouseButton.LeftButton)
    assert not window.message.isVisible()
