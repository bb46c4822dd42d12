"""The mouse wheel scrolls; it never changes a value.

Qt hands the wheel to whatever field is under the pointer: a combo box
steps to its next item, a spin box or date field to its next number or
day, a slider moves. Rolled down the detail pane to read further, the
wheel changed the lead's Interest, its "Opted in on" date and, with one
notch over the Stage box, moved it from MQL to SAL and recorded the move
in its history. Those fields are also Qt.WheelFocus by default: the first
notch gave them keyboard focus, taking it from the field being typed in.

Qt's own remedy elsewhere ("the wheel only when the field has focus")
does not help here: after a click into a field the pointer is still over
it, so the next roll, meant to scroll on, would change that field. So in
LeadDesk the wheel never changes a field's value, focused or not. Values
change by clicking, choosing from the list, typing or the arrow keys.

One filter, installed on the application when it starts (:func:`install`;
the window tests install it too), covers every such field in every window
and dialog, those built later included:

- each one gets Qt.StrongFocus when it is polished, before it is first
  shown: a click or Tab focuses it, the wheel does not;
- a wheel event over one (or over the text box inside an editable combo
  or a spin box) is taken from it and sent to the nearest scroll area
  around it, then to the next one out while the nearer one is at its end,
  so the page scrolls as if the field were not there. Without a scroll
  area around it nothing happens.

Scroll bars are sliders too; they keep the wheel. An open combo list or
calendar is a window of its own and scrolls as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QScrollBar,
    QWidget,
)

_WHEEL = QEvent.Type.Wheel
_POLISH = QEvent.Type.Polish
_VALUES = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def value_field(widget: QObject) -> QWidget | None:
    """The combo box, spin box, date/time field or slider that ``widget``
    is, or whose text box it is; None for anything else."""
    if isinstance(widget, _VALUES) and not isinstance(widget, QScrollBar):
        return widget
    if isinstance(widget, QLineEdit):
        parent = widget.parentWidget()
        if isinstance(parent, QComboBox | QAbstractSpinBox):
            return parent
    return None


class WheelGuard(QObject):
    """The application's event filter; see the module's docstring."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == _WHEEL:
            field = value_field(watched)
            if field is None:
                return False
            assert isinstance(event, QWheelEvent)
            scroll_instead(field, event)
            # Accepted: Qt must not also pass the original on to the parents.
            event.accept()
            return True
        if (
            kind == _POLISH
            and isinstance(watched, _VALUES)
            and watched.focusPolicy() == Qt.FocusPolicy.WheelFocus
        ):
            watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return False


def scroll_instead(field: QWidget, event: QWheelEvent) -> bool:
    """Sends ``event`` (which arrived at ``field``) to the scroll areas
    around ``field``, nearest first, until one scrolls; True if one did."""
    ancestor = field.parentWidget()
    while ancestor is not None:
        if isinstance(ancestor, QAbstractScrollArea):
            viewport = ancestor.viewport()
            if viewport.isAncestorOf(field):
                position = field.mapTo(viewport, event.position())
                forwarded = QWheelEvent(
                    position,
                    event.globalPosition(),
                    event.pixelDelta(),
                    event.angleDelta(),
                    event.buttons(),
                    event.modifiers(),
                    event.phase(),
                    event.inverted(),
                    event.source(),
                    event.pointingDevice(),
                )
                forwarded.setAccepted(False)
                QCoreApplication.sendEvent(viewport, forwarded)
                if forwarded.isAccepted():
                    return True
        if ancestor.isWindow():
            break
        ancestor = ancestor.parentWidget()
    return False


def install(app: QCoreApplication) -> WheelGuard:
    """Installs the guard on the application (once) and returns it."""
    existing = app.findChild(WheelGuard)
    if isinstance(existing, WheelGuard):
        return existing
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    return guard
