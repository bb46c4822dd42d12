"""Paints a kanban card: name and score, company, temperature badge, SAL
warning and next follow-up, with the do-not-contact mark. One delegate paints
every card of a column; there is no widget per lead."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from leaddesk.store.queries import LeadSummary

from leaddesk.ui.kanban_model import CARD_ROLE, FOLLOW_UP_OVERDUE_ROLE, SAL_OVERDUE_ROLE
from leaddesk.ui.lead_table import relative_day
from leaddesk.ui.palette import stage_color, temperature_colors, warning_color

_Index = QModelIndex | QPersistentModelIndex

MARGIN = 4
"""Space around a card, so neighbouring cards read as separate."""
PADDING = 8
STRIPE = 4
"""Width of the stage-coloured edge."""
DO_NOT_CONTACT = "⊘"
CACHED_LOOKS = 200
"""Card backgrounds and badges kept drawn (a few per stage and palette)."""


READABLE_NAME = "Maximilian Schmidt"
"""A long name as people's names go: a card is never narrower than the
width that shows it whole beside a score of 100."""


def card_height(metrics: QFontMetrics) -> int:
    line = metrics.height()
    return 2 * MARGIN + 2 * PADDING + 3 * line + 2 * (line // 3) + 2


def score_room(metrics: QFontMetrics, score: str = "100") -> int:
    """What the score takes at the end of the name line."""
    return metrics.horizontalAdvance(score) + metrics.height() // 2 + 4


def name_room(card_width: int, metrics: QFontMetrics, score: str) -> int:
    """The width the name has on a card ``card_width`` wide."""
    return card_width - 2 * MARGIN - 2 * PADDING - STRIPE - score_room(metrics, score)


def readable_card_width(font: QFont) -> int:
    """The narrowest card that shows :data:`READABLE_NAME` whole."""
    bold = QFont(font)
    bold.setBold(True)
    metrics = QFontMetrics(font)
    name = QFontMetrics(bold).horizontalAdvance(READABLE_NAME) + 2
    return name + 2 * MARGIN + 2 * PADDING + STRIPE + score_room(metrics)


class CardDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._boxes: dict[tuple[object, ...], QPixmap] = {}
        self._badges: dict[tuple[object, ...], QPixmap] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(option.rect.width() or 200, card_height(option.fontMetrics))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        card = index.data(CARD_ROLE)
        if not isinstance(card, LeadSummary):
            return  # a row whose page is not read yet paints empty
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        box = option.rect.adjusted(MARGIN, MARGIN // 2, -MARGIN, -MARGIN // 2)
        painter.save()
        painter.drawPixmap(box.topLeft(), self._box(option, box.size(), card, selected, focused))
        inner = box.adjusted(PADDING + STRIPE, PADDING - 2, -PADDING, -PADDING)
        metrics = option.fontMetrics
        line = metrics.height()
        gap = line // 3
        text_color = palette.color(QPalette.ColorRole.Text)
        muted = QColor(text_color)
        muted.setAlphaF(0.62)

        # Line 1: do-not-contact mark, name, score.
        top = QRect(inner.left(), inner.top(), inner.width(), line)
        score = str(card.score)
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(option.font)
        painter.setPen(muted)
        painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, score)
        name_rect = QRect(top)
        name_rect.setWidth(name_room(option.rect.width(), metrics, score))
        if card.do_not_contact:
            painter.setPen(warning_color())
            mark = DO_NOT_CONTACT + " "
            painter.drawText(name_rect, Qt.AlignmentFlag.AlignVCenter, mark)
            name_rect.setLeft(name_rect.left() + metrics.horizontalAdvance(mark))
        painter.setFont(bold)
        painter.setPen(text_color)
        bold_metrics = QFontMetrics(bold)
        name = bold_metrics.elidedText(
            card.display_name, Qt.TextElideMode.ElideRight, name_rect.width()
        )
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignVCenter, name)

        # Line 2: company.
        painter.setFont(option.font)
        painter.setPen(muted)
        second = top.translated(0, line + gap)
        company = card.company if card.company != card.display_name else ""
        painter.drawText(
            second,
            Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(company or "—", Qt.TextElideMode.ElideRight, second.width()),
        )

        # Line 3: badges on the left, next follow-up on the right.
        third = second.translated(0, line + gap)
        left = third.left()
        background, foreground = temperature_colors(card.temperature)
        left = self._badge(
            painter, metrics, third, left, card.temperature.label, background, foreground
        )
        if index.data(SAL_OVERDUE_ROLE):
            warn = warning_color()
            tint = QColor(warn)
            tint.setAlphaF(0.16)
            label = self.tr("SAL late")
            left = self._badge(painter, metrics, third, left + 4, label, tint, warn)
        if card.next_follow_up is not None:
            overdue = bool(index.data(FOLLOW_UP_OVERDUE_ROLE))
            painter.setPen(warning_color() if overdue else muted)
            if overdue:
                painter.setFont(bold)
            day = _day(card.next_follow_up, card_today(index))
            room = QRect(left + 6, third.top(), third.right() - left - 6, third.height())
            used = painter.fontMetrics()
            # A cut date reads wrong; on a very narrow card the tooltip has it.
            if used.horizontalAdvance(day) <= room.width():
                painter.drawText(
                    room, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, day
                )
        painter.restore()

    def _box(
        self,
        option: QStyleOptionViewItem,
        size: QSize,
        card: LeadSummary,
        selected: bool,
        focused: bool,
    ) -> QPixmap:
        """The card's rounded, stage-striped background. Antialiased curves
        are slow to draw, and every card of a column looks the same behind
        its text, so each look is drawn once."""
        palette = option.palette
        ratio = option.widget.devicePixelRatioF() if option.widget else 1.0
        key = (size.width(), size.height(), ratio, card.stage, selected, focused,
               palette.cacheKey())  # fmt: skip
        cached = self._boxes.get(key)
        if cached is not None:
            return cached
        pixmap = QPixmap(int(size.width() * ratio), int(size.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(1, 1, size.width() - 2, size.height() - 2)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        fill = palette.color(QPalette.ColorRole.Base)
        if selected:
            tint = QColor(highlight)
            tint.setAlphaF(0.18)
            painter.setBrush(fill)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(box, 6, 6)
            fill = tint
        border = QColor(highlight) if selected else palette.color(QPalette.ColorRole.Mid)
        if not selected:
            border.setAlphaF(0.55)
        painter.setBrush(fill)
        painter.setPen(QPen(border, 2 if selected or focused else 1))
        painter.drawRoundedRect(box, 6, 6)
        stripe = QRectF(box.left() + 1, box.top() + 1, STRIPE, box.height() - 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(stage_color(card.stage))
        painter.drawRoundedRect(stripe, 2, 2)
        painter.end()
        if len(self._boxes) > CACHED_LOOKS:
            self._boxes.clear()
        self._boxes[key] = pixmap
        return pixmap

    def _badge(
        self,
        painter: QPainter,
        metrics: QFontMetrics,
        line: QRect,
        left: int,
        text: str,
        background: QColor,
        foreground: QColor,
    ) -> int:
        """Draws a rounded badge from ``left``; returns where it ends."""
        height = metrics.height()
        width = metrics.horizontalAdvance(text) + height
        ratio = painter.device().devicePixelRatioF()
        key = (text, background.rgba(), foreground.rgba(), width, height, ratio)
        pixmap = self._badges.get(key)
        if pixmap is None:
            pixmap = QPixmap(int(width * ratio), int(height * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            badge = QPainter(pixmap)
            badge.setRenderHint(QPainter.RenderHint.Antialiasing)
            badge.setFont(painter.font())
            rect = QRectF(0, 0, width, height)
            badge.setPen(Qt.PenStyle.NoPen)
            badge.setBrush(background)
            badge.drawRoundedRect(rect, height / 2, height / 2)
            badge.setPen(foreground)
            badge.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            badge.end()
            if len(self._badges) > CACHED_LOOKS:
                self._badges.clear()
            self._badges[key] = pixmap
        top = line.center().y() - height // 2 + 1
        painter.drawPixmap(left, top, pixmap)
        return left + width


def _day(day: date, today: date) -> str:
    """ "Today", "Tomorrow", "12 Dec": short, a card is narrow."""
    if abs((day - today).days) <= 1:
        return relative_day(day, today)
    return day.strftime("%d %b" if day.year == today.year else "%d %b %Y")


def card_today(index: _Index) -> date:
    model = index.model()
    today = getattr(model, "today", None)
    return today if isinstance(today, date) else date.today()
