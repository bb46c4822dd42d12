"""The row of filter buttons above the lead table: stage, temperature,
source, tag, needs review, follow-up, the trash, and a button for each
filter by a field's value (chosen from the table), which removes it."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMenu, QToolButton, QWidget

from leaddesk.domain.bant import Temperature
from leaddesk.domain.sources import source_label
from leaddesk.domain.stages import Stage
from leaddesk.store.queries import FieldValue, FollowUp, LeadQuery


class ChoiceButton(QToolButton):
    """A button with a menu of checkable choices; its text names the choice."""

    changed = Signal()

    def __init__(
        self, label: str, *, exclusive: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.label = label
        self.exclusive = exclusive
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(self.toolButtonStyle().ToolButtonTextOnly)
        self.setAutoRaise(False)
        self.setCheckable(False)
        self.setAccessibleName(label)
        self._menu = QMenu(self)
        self.setMenu(self._menu)
        self._choices: list[tuple[str, QAction]] = []
        self._update_text()

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        """(value, label) pairs; keeps what was selected when still offered."""
        selected = set(self.selected())
        self._menu.clear()
        self._choices = []
        for value, label in choices:
            action = self._menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(value in selected)
            action.toggled.connect(lambda checked, a=action: self._toggled(a, checked))
            self._choices.append((value, action))
        self._update_text()

    def _toggled(self, action: QAction, checked: bool) -> None:
        if self.exclusive and checked:
            for _, other in self._choices:
                if other is not action and other.isChecked():
                    other.blockSignals(True)
                    other.setChecked(False)
                    other.blockSignals(False)
        self._update_text()
        self.changed.emit()

    def selected(self) -> list[str]:
        return [value for value, action in self._choices if action.isChecked()]

    def select(self, values: list[str]) -> None:
        for value, action in self._choices:
            action.blockSignals(True)
            action.setChecked(value in values)
            action.blockSignals(False)
        self._update_text()
        self.changed.emit()

    def _update_text(self) -> None:
        labels = [action.text() for _, action in self._choices if action.isChecked()]
        if not labels:
            self.setText(self.label)
        elif len(labels) <= 2:
            self.setText(f"{self.label}: {', '.join(labels)}")
        else:
            self.setText(
                self.tr("%1: %2 selected").replace("%1", self.label).replace("%2", str(len(labels)))
            )
        font = self.font()
        font.setBold(bool(labels))
        self.setFont(font)


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stage = ChoiceButton(self.tr("Stage"))
        self.stage.set_choices([(s.value, s.label) for s in Stage])
        self.temperature = ChoiceButton(self.tr("Temperature"))
        self.temperature.set_choices([(t.value, t.label) for t in Temperature])
        self.source = ChoiceButton(self.tr("Source"))
        self.tag = ChoiceButton(self.tr("Tag"))
        self.owner = ChoiceButton(self.tr("Owner"))
        self.follow_up = ChoiceButton(self.tr("Follow-up"), exclusive=True)
        self.follow_up.set_choices(
            [
                (FollowUp.OVERDUE.value, self.tr("Overdue")),
                (FollowUp.TODAY.value, self.tr("Due today")),
                (FollowUp.DUE.value, self.tr("Due or overdue")),
                (FollowUp.THIS_WEEK.value, self.tr("This week")),
                (FollowUp.NONE.value, self.tr("None set")),
            ]
        )
        self.review = QToolButton()
        self.review.setText(self.tr("Needs review"))
        self.review.setCheckable(True)
        self.review.setAccessibleName(self.tr("Needs review"))
        self.trash = QToolButton()
        self.trash.setText(self.tr("Trash"))
        self.trash.setCheckable(True)
        self.trash.setToolTip(self.tr("Show deleted leads, to restore them"))
        self.trash.setAccessibleName(self.tr("Trash"))
        self.clear = QToolButton()
        self.clear.setText(self.tr("Clear filters"))
        self.clear.setAutoRaise(True)
        self.clear.clicked.connect(self.reset)
        for button in (
            self.stage,
            self.temperature,
            self.source,
            self.tag,
            self.owner,
            self.follow_up,
        ):
            layout.addWidget(button)
            button.changed.connect(self._changed)
        for toggle in (self.review, self.trash):
            layout.addWidget(toggle)
            toggle.toggled.connect(self._changed)
            toggle.toggled.connect(lambda on, t=toggle: self._embolden(t, on))
        self._fields: list[tuple[FieldValue, QToolButton]] = []
        self._layout = layout
        layout.addWidget(self.clear)
        layout.addStretch(1)
        self.clear.setVisible(False)

    def add_field(self, value: FieldValue, title: str) -> None:
        """Keeps only the leads whose field ``title`` has ``value``, with a
        button that says so and removes the filter."""
        if any(known == value for known, _ in self._fields):
            return
        shown = value.value or self.tr("(empty)")
        button = QToolButton()
        button.setText(f"{title}: {shown}  ✕")
        button.setToolTip(self.tr("Show every %1 again").replace("%1", title))
        button.setAccessibleName(
            self.tr("Remove the filter %1 is %2").replace("%1", title).replace("%2", shown)
        )
        self._embolden(button, True)
        button.clicked.connect(lambda: self.remove_field(value))
        self._layout.insertWidget(self._layout.indexOf(self.clear), button)
        self._fields.append((value, button))
        self._changed()

    def remove_field(self, value: FieldValue) -> None:
        for known, button in list(self._fields):
            if known == value:
                self._fields.remove((known, button))
                button.deleteLater()
        self._changed()

    def field_filters(self) -> list[FieldValue]:
        return [value for value, _ in self._fields]

    @staticmethod
    def _embolden(toggle: QToolButton, on: bool) -> None:
        """A switched-on filter reads bold, like a chosen menu filter."""
        font = toggle.font()
        font.setBold(on)
        toggle.setFont(font)

    def set_options(self, sources: list[str], tags: list[str], owners: list[str]) -> None:
        self.source.set_choices([(s, source_label(s)) for s in sources])
        self.tag.set_choices([(t, t) for t in tags])
        self.owner.set_choices([(o, o) for o in owners])
        self.owner.setVisible(bool(owners))

    def _changed(self) -> None:
        self.clear.setVisible(self.apply(LeadQuery()).is_filtered() or self.trash.isChecked())
        self.changed.emit()

    def reset(self) -> None:
        for button in (
            self.stage,
            self.temperature,
            self.source,
            self.tag,
            self.owner,
            self.follow_up,
        ):
            button.blockSignals(True)
            button.select([])
            button.blockSignals(False)
        for toggle in (self.review, self.trash):
            toggle.blockSignals(True)
            toggle.setChecked(False)
            toggle.blockSignals(False)
            self._embolden(toggle, False)
        for _, chip in self._fields:
            chip.deleteLater()
        self._fields = []
        self._changed()

    def apply(self, query: LeadQuery) -> LeadQuery:
        """``query`` with this bar's filters (its search and sort kept)."""
        follow = self.follow_up.selected()
        return replace(
            query,
            stages=tuple(Stage(s) for s in self.stage.selected()),
            temperatures=tuple(Temperature(t) for t in self.temperature.selected()),
            sources=tuple(self.source.selected()),
            tags=tuple(self.tag.selected()),
            owners=tuple(self.owner.selected()),
            needs_review=True if self.review.isChecked() else None,
            follow_up=FollowUp(follow[0]) if follow else None,
            trash=self.trash.isChecked(),
            fields=tuple(self.field_filters()),
        )
