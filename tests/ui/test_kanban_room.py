"""The kanban reads at the sizes laptops have: no column header is cut,
no card cuts a name of ordinary length. With less room than six readable
columns the disqualified column folds (and opens again with the room);
narrower still, the board scrolls sideways. A fold the user chooses stays."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel

from leaddesk.domain.bant import Answer, Bant
from leaddesk.domain.lead import Lead
from leaddesk.domain.stages import Stage
from leaddesk.store.database import Database
from leaddesk.store.leads import insert_leads
from tests.ui.conftest import activate, resize_window

from leaddesk.ui.background import wait_for_background
from leaddesk.ui.kanban_card import READABLE_NAME, name_room
from leaddesk.ui.kanban_column import StageColumn
from leaddesk.ui.main_window import KANBAN_TAB, MainWindow

NAMES = [READABLE_NAME, "Samantha Williams", "Sören Karlsson", "Katharina Weber"]


@pytest.fixture
def board(qtbot: QtBot, db: Database, settings: QSettings) -> Iterator[MainWindow]:
    people = []
    for stage in Stage:
        for number, name in enumerate(NAMES):
            first, last = name.split(" ", 1)
            people += [
                Lead(first_name=first, last_name=last, company=f"Oakridge Manufacturing {number}",
                     stage=stage, bant=Bant(Answer.YES, budget_detail=f"{12_500 + k} EUR"))
                for k in range(1_200 if (number, stage) == (0, Stage.NEW) else 1)
            ]  # fmt: skip
    with db.session() as session:
        insert_leads(session, people, region="US")
    main = MainWindow(db, settings)
    qtbot.addWidget(main)
    yield main
    wait_for_background()


def open_kanban(qtbot: QtBot, window: MainWindow, width: int, height: int) -> None:
    activate(qtbot, window)
    resize(qtbot, window, width, height)
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(KANBAN_TAB).center())
    qtbot.waitUntil(lambda: window.kanban.columns[Stage.NEW].model.rowCount() > 0)
    wait_for_background()  # the budget totals
    qtbot.waitUntil(lambda: "Budget" in window.kanban.columns[Stage.NEW].budget_label.text())
    laid_out(qtbot, window)


def resize(qtbot: QtBot, window: MainWindow, width: int, height: int) -> None:
    resize_window(qtbot, window, width, height)
    laid_out(qtbot, window)


def laid_out(qtbot: QtBot, window: MainWindow) -> None:
    """Until the board has the window's width (a tab shown the first time
    is laid out a moment later)."""
    area = window.kanban.board_area
    if area.isVisible():
        qtbot.waitUntil(lambda: area.viewport().width() > window.width() - 40)
    qtbot.wait(20)


def cut_texts(column: StageColumn) -> list[str]:
    """What the column cuts: a header label narrower than its text, a
    card whose name has less room than it needs."""
    cut = [
        label.text()
        for label in (column.title, column.budget_label)
        if isinstance(label, QLabel) and label.width() < label.sizeHint().width()
    ]
    bold = QFont(column.view.font())
    bold.setBold(True)
    names = QFontMetrics(bold)
    metrics = column.view.fontMetrics()
    model = column.model
    for row in range(min(model.rowCount(), 8)):
        card = model.card(row)
        assert card is not None
        width = column.view.visualRect(model.index(row)).width()
        if names.horizontalAdvance(card.display_name) > name_room(width, metrics, str(card.score)):
            cut.append(card.display_name)
    return cut


@pytest.mark.parametrize("size", [(1600, 1000), (1366, 768), (1280, 800), (1024, 700)])
def test_headers_and_names_read_whole(
    board: MainWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    open_kanban(qtbot, board, *size)
    columns = board.kanban.columns
    assert "1,203 leads" in columns[Stage.NEW].budget_label.text()  # as counts are written
    for column in columns.values():
        if not column.collapsed:
            assert cut_texts(column) == [], (size, column.stage)
    folded = columns[Stage.DISQUALIFIED].collapsed
    assert folded == (size[0] < 1366), size
    area = board.kanban.board_area
    scrolls = area.horizontalScrollBar().maximum() > 0
    assert scrolls == (size[0] < 1200), size


def test_the_fold_follows_the_room_until_the_user_chooses(board: MainWindow, qtbot: QtBot) -> None:
    open_kanban(qtbot, board, 1280, 800)
    disqualified = board.kanban.columns[Stage.DISQUALIFIED]
    assert disqualified.collapsed and disqualified.vertical_title.isVisible()
    resize(qtbot, board, 1600, 1000)
    assert not disqualified.collapsed
    resize(qtbot, board, 1280, 800)
    assert disqualified.collapsed
    # Opened by hand: it stays open, at a width that reads; the board scrolls.
    qtbot.mouseClick(disqualified.collapse, Qt.MouseButton.LeftButton)
    assert not disqualified.collapsed
    qtbot.wait(20)
    assert cut_texts(disqualified) == []
    assert board.kanban.board_area.horizontalScrollBar().maximum() > 0
    resize(qtbot, board, 1100, 800)
    assert not disqualified.collapsed
