"""Call mode: a compact panel for qualifying a lead during a phone call.

Everything works from the keyboard, and the panel's keys work from every
field without changing the text being typed (see panel_keys): Ctrl+1–4
cycle Budget, Authority, Need and Timeframe, Ctrl+D and Ctrl+W set the next
follow-up to tomorrow or in a week, Ctrl+Enter saves everything as one
call activity. Where no text is typed (the BANT buttons, the outcome list,
the date field) the keys 1–4, D and W alone do the same, and Enter saves;
in the note Enter starts a new line. Escape leaves without saving, asking
first when something was typed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from html import escape
from itertools import pairwise

from PySide6.QtCore import QDate, QElapsedTimer, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from leaddesk.domain.bant import Answer, Criterion
from leaddesk.domain.clock import utcnow
from leaddesk.domain.contact import format_international
from leaddesk.domain.lead import Activity, ActivityKind, Lead

from leaddesk.ui.activity_log import CALL_OUTCOMES, describe
from leaddesk.ui.bant_form import BantForm
from leaddesk.ui.lead_detail import date_of, optional_date
from leaddesk.ui.lifetime import run_modal
from leaddesk.ui.palette import badge_style
from leaddesk.ui.panel_keys import PanelKeys
from leaddesk.ui.workspace import Workspace

NOTE_LINES = 4
"""Lines of the note shown at once: a call summary, not a title."""


class CallDialog(QDialog):
    def __init__(
        self,
        workspace: Workspace,
        lead: Lead,
        recent: list[Activity],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.lead = lead
        self._saved = False
        self.setObjectName("call-mode")
        self.setWindowTitle(self.tr("Call — %1").replace("%1", lead.display_name))
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        role = " · ".join(p for p in (lead.title, lead.company) if p)
        who = QLabel(f"<b>{escape(lead.display_name)}</b><br>{escape(role)}")
        who.setTextFormat(Qt.TextFormat.RichText)
        top.addWidget(who, 1)
        self.timer_label = QLabel("00:00")
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.8)
        big.setBold(True)
        self.timer_label.setFont(big)
        self.timer_label.setAccessibleName(self.tr("Call duration"))
        top.addWidget(self.timer_label)
        layout.addLayout(top)

        phone = format_international(lead.phone_e164) if lead.phone_e164 else lead.phone
        self.phone = QLabel(phone or self.tr("No phone number"))
        self.phone.setFont(big)
        self.phone.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.phone)
        if lead.do_not_contact:
            warning = QLabel(self.tr("Marked do not contact."))
            warning.setStyleSheet(badge_style())
            warning.setAccessibleName(warning.text())
            layout.addWidget(warning, 0, Qt.AlignmentFlag.AlignLeft)

        history = QLabel(
            "\n\n".join(describe(a) for a in recent[:3]) or self.tr("No earlier activity.")
        )
        history.setWordWrap(True)
        history.setAccessibleName(self.tr("Last activities"))
        layout.addWidget(history)

        # With their details: the budget amount, who decides, the pain, the
        # date are said during the call.
        self.bant = BantForm()
        self.bant.set_bant(lead.bant)
        layout.addWidget(self.bant)

        form = QFormLayout()
        self.outcome = QComboBox()
        self.outcome.setEditable(True)
        self.outcome.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.outcome.addItems([self.tr(o) for o in CALL_OUTCOMES])
        # None chosen: the first Down picks the first outcome, not the second.
        self.outcome.setCurrentIndex(-1)
        self.outcome.setAccessibleName(self.tr("Outcome"))
        form.addRow(self.tr("&Outcome"), self.outcome)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setPlaceholderText(self.tr("What was said, what was agreed"))
        self.note.setFixedHeight(
            self.note.fontMetrics().lineSpacing() * NOTE_LINES
            + int(self.note.document().documentMargin() * 2)
            + self.note.frameWidth() * 2
        )
        form.addRow(self.tr("&Note"), self.note)
        follow = QHBoxLayout()
        self.follow_up = optional_date()
        self.follow_up.setAccessibleName(self.tr("Next follow-up"))
        if lead.next_follow_up:
            self.follow_up.setDate(QDate(lead.next_follow_up))
        follow.addWidget(self.follow_up, 1)
        self.day = QPushButton(self.tr("+1 day (Ctrl+D)"))
        self.week = QPushButton(self.tr("+1 week (Ctrl+W)"))
        self.day.clicked.connect(lambda: self.follow_up_in(1))
        self.week.clicked.connect(lambda: self.follow_up_in(7))
        for shortcut in (self.day, self.week):
            shortcut.setAutoDefault(False)  # Enter saves the call, always
            follow.addWidget(shortcut)
        # A row of several widgets: its label needs its buddy said, or the
        # "&" shows instead of the underline.
        follow_label = QLabel(self.tr("Next &follow-up"))
        follow_label.setBuddy(self.follow_up)
        form.addRow(follow_label, follow)
        layout.addLayout(form)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        if save is not None:
            save.setText(self.tr("Save call"))
            save.setToolTip(self.tr("Save the call (Ctrl+Enter; Enter outside the note)"))
            save.setDefault(True)
            save.setAutoDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # Enter in the outcome saves too (the combo box would keep it).
        outcome_line = self.outcome.lineEdit()
        if outcome_line is not None:
            outcome_line.returnPressed.connect(self.accept)
        layout.addWidget(buttons)
        hint = QLabel(
            self.tr(
                "Keys: Ctrl+1–4 toggle B/A/N/T · Ctrl+D tomorrow · Ctrl+W next week · "
                "Ctrl+Enter saves (Enter in the note starts a new line) · Esc cancels · "
                "on the buttons and the date, 1–4, D and W alone"
            )
        )
        # Grey text is hard to read during a call; a smaller italic line
        # sets the hint apart well enough.
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        small.setItalic(True)
        hint.setFont(small)
        hint.setWordWrap(True)
        layout.addWidget(hint)

        self.clock = QElapsedTimer()
        self.clock.start()
        self.ticker = QTimer(self)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start(1000)
        # The toggles are one Tab stop (keys 1–4 work them), so Tab goes
        # straight on to the outcome and the note; the details come after
        # the follow-up. Start on the stop.
        first = self.bant.buttons[(Criterion.BUDGET, Answer.YES)]
        for button in self.bant.buttons.values():
            if button is not first:
                button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        chain = [first, self.outcome, self.note, self.follow_up, self.day, self.week]
        chain += list(self.bant.details.values())
        for before, after in pairwise(chain):
            self.setTabOrder(before, after)
        self.keys = self._keys()
        first.setFocus()

    def _keys(self) -> PanelKeys:
        keys = PanelKeys(self)
        for number, criterion in enumerate(Criterion, start=1):
            digit = Qt.Key(Qt.Key.Key_0.value + number)

            def cycle(c: Criterion = criterion) -> None:
                self.bant.cycle(c)

            keys.add(self.tr(criterion.label), [f"Ctrl+{number}"], cycle)
            keys.add_plain(digit, cycle)
        for key, days in ((Qt.Key.Key_D, 1), (Qt.Key.Key_W, 7)):

            def follow(d: int = days) -> None:
                self.follow_up_in(d)

            keys.add(self.tr("Follow up in %n day(s)", "", days), [f"Ctrl+{key.name[4:]}"], follow)
            keys.add_plain(key, follow)
        keys.add(self.tr("Save call"), ["Ctrl+Return", "Ctrl+Enter"], self.accept)
        keys.watch()
        return keys

    def _tick(self) -> None:
        seconds = self.clock.elapsed() // 1000
        self.timer_label.setText(f"{seconds // 60:02d}:{seconds % 60:02d}")

    def follow_up_in(self, days: int) -> None:
        self.follow_up.setDate(QDate.currentDate().addDays(days))

    def next_follow_up(self) -> date | None:
        return date_of(self.follow_up)

    def _unsave(self) -> None:
        self._saved = False

    def _contact_anyway(self) -> bool:
        """Asks before logging a call with a lead who asked not to be
        contacted; No (the default) keeps the panel open, nothing saved."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Do not contact"),
            self.tr("%1 asked not to be contacted. Log this call anyway?").replace(
                "%1", self.lead.display_name
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return run_modal(box) == QMessageBox.StandardButton.Yes

    def _typed(self) -> bool:
        """Whether leaving now would lose something the user typed or chose."""
        return bool(
            self.note.toPlainText().strip()
            or self.outcome.currentText().strip()
            or self.bant.as_typed() != self.lead.bant
            or self.next_follow_up() != self.lead.next_follow_up
        )

    def reject(self) -> None:
        """Escape or Cancel: leaves without saving, after asking when that
        would lose what was typed (a call summary is not typed twice)."""
        if self._typed():
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("Leave call mode"),
                self.tr("Leave without saving the call with %1? What you typed is lost.").replace(
                    "%1", self.lead.display_name
                ),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                self,
            )
            box.setObjectName("leave-call")
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            if run_modal(box) != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def accept(self) -> None:
        """Saves BANT changes, the call and the follow-up as one undo step."""
        if self._saved:  # Enter reaches both the field and the dialog
            return
        self._saved = True
        if self.lead.do_not_contact and not self._contact_anyway():
            # The same Enter still reaches the dialog's default button; it
            # must not ask again. Saving is possible once it has passed.
            QTimer.singleShot(0, self._unsave)
            return
        self.ticker.stop()
        lead = self.lead
        bant = self.bant.as_typed()
        stack = self.workspace.undo_stack
        stack.beginMacro(self.tr("log call with %1").replace("%1", lead.display_name))
        try:
            if bant != lead.bant:
                after = replace(lead, bant=bant)
                self.workspace.save_lead(
                    lead, after, self.tr("qualify %1").replace("%1", lead.display_name)
                )
            follow_up = self.next_follow_up()
            call = Activity(
                kind=ActivityKind.CALL,
                occurred_at=utcnow() - timedelta(milliseconds=self.clock.elapsed()),
                text=self.note.toPlainText().strip(),
                outcome=self.outcome.currentText().strip(),
                duration_seconds=int(self.clock.elapsed() // 1000),
            )
            changed = follow_up != lead.next_follow_up
            self.workspace.add_activity(lead.id or 0, call, follow_up if changed else False)
        finally:
            stack.endMacro()
        super().accept()
