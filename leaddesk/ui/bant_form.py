"""The BANT form: four criteria, each yes / no / unknown with a detail, and
the temperature badge that names what is missing as you click."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from leaddesk.domain.bant import Answer, Bant, Criterion, Temperature

from leaddesk.ui.palette import temperature_colors


class TemperatureBadge(QLabel):
    """ "Warm — Authority and Timeframe unknown" on the temperature's colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Temperature"))
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_bant(Bant())

    def show_bant(self, bant: Bant) -> None:
        self.show_temperature(bant.temperature, bant.describe())

    def show_temperature(self, temperature: Temperature, text: str) -> None:
        background, foreground = temperature_colors(temperature)
        self.setText(text)
        self.setStyleSheet(
            f"QLabel {{ background: {background.name()}; color: {foreground.name()};"
            " border-radius: 8px; padding: 3px 10px; font-weight: 600; }"
        )


_ANSWER_LABELS = {Answer.YES: "Yes", Answer.NO: "No", Answer.UNKNOWN: "?"}


class BantForm(QWidget):
    changed = Signal(object)
    """The edited :class:`Bant`, after each click or finished detail."""

    def __init__(self, parent: QWidget | None = None, *, details: bool = True) -> None:
        super().__init__(parent)
        self._bant = Bant()
        self.badge = TemperatureBadge()
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.badge, 0, 0, 1, 3)
        self.groups: dict[Criterion, QButtonGroup] = {}
        self.details: dict[Criterion, QLineEdit] = {}
        self.buttons: dict[tuple[Criterion, Answer], QToolButton] = {}
        for row, criterion in enumerate(Criterion, start=1):
            label = QLabel(f"{row}. {self.tr(criterion.label)}")
            layout.addWidget(label, row, 0)
            group = QButtonGroup(self)
            group.setExclusive(True)
            buttons = QHBoxLayout()
            buttons.setSpacing(2)
            for answer in (Answer.YES, Answer.NO, Answer.UNKNOWN):
                button = QToolButton()
                button.setText(self.tr(_ANSWER_LABELS[answer]))
                button.setCheckable(True)
                button.setMinimumWidth(button.fontMetrics().horizontalAdvance("Yes") + 16)
                spoken = (
                    self.tr("%1: %2")
                    .replace("%1", self.tr(criterion.label))
                    .replace("%2", self.tr(answer.value))
                )
                button.setAccessibleName(spoken)
                button.setToolTip(spoken)
                group.addButton(button)
                buttons.addWidget(button)
                self.buttons[(criterion, answer)] = button
                button.clicked.connect(lambda _=False, c=criterion, a=answer: self._answer(c, a))
            layout.addLayout(buttons, row, 1)
            self.groups[criterion] = group
            if details:
                detail = QLineEdit()
                detail.setPlaceholderText(self.tr(criterion.detail_hint.capitalize()))
                detail.setAccessibleName(
                    self.tr("%1 detail").replace("%1", self.tr(criterion.label))
                )
                detail.editingFinished.connect(lambda c=criterion: self._detail(c))
                layout.addWidget(detail, row, 2)
                self.details[criterion] = detail
        layout.setColumnStretch(2, 1)
        # The chosen answer must stand out on every palette; a pressed
        # tool button is nearly invisible in many dark themes.
        self.setStyleSheet(
            "QToolButton:checked { background: palette(highlight);"
            " color: palette(highlighted-text); border: 1px solid palette(highlight);"
            " border-radius: 3px; font-weight: 600; }"
        )
        self.set_bant(Bant())

    @property
    def bant(self) -> Bant:
        return self._bant

    def set_bant(self, bant: Bant, *, keep_typing: bool = True) -> None:
        """Shows ``bant`` without emitting ``changed``; a detail being typed
        is left as it is unless ``keep_typing`` is False (another lead)."""
        self._bant = bant
        for criterion in Criterion:
            self.buttons[(criterion, bant.answer(criterion))].setChecked(True)
            detail = self.details.get(criterion)
            if detail is not None and not (keep_typing and detail.hasFocus()):
                detail.setText(bant.detail(criterion))
        self.badge.show_bant(bant)

    def as_typed(self) -> Bant:
        """The answers with each detail as its field reads now, one still
        being typed included (call mode saves without leaving the field)."""
        bant = self._bant
        for criterion, detail in self.details.items():
            if detail.isModified():
                bant = bant.with_detail(criterion, detail.text().strip())
        return bant

    def cycle(self, criterion: Criterion) -> None:
        """unknown → yes → no → unknown, as keys 1–4 do in call mode."""
        self._answer(criterion, self._bant.answer(criterion).cycled())

    def _answer(self, criterion: Criterion, answer: Answer) -> None:
        if self._bant.answer(criterion) is answer:
            return
        self.set_bant(self._bant.with_answer(criterion, answer))
        self.changed.emit(self._bant)

    def _detail(self, criterion: Criterion) -> None:
        text = self.details[criterion].text().strip()
        if text != self._bant.detail(criterion):
            self._bant = self._bant.with_detail(criterion, text)
            self.changed.emit(self._bant)
