"""The lead detail pane: every field of a lead, qualification first (stage,
next follow-up, BANT: what a salesperson works by, in view without
scrolling), then contact fields with live validation, the lead's other
details, the fields an import kept by name, notes and the activity log.
Every change is saved at once as an undoable edit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from typing import cast

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from leaddesk.domain.bant import Answer, Bant
from leaddesk.domain.clock import to_local, utcnow
from leaddesk.domain.contact import check_email, check_phone, format_international
from leaddesk.domain.lead import Lead, StageChange
from leaddesk.domain.scoring import enrichment_label
from leaddesk.domain.sources import SOURCE_KEYS, Interest, normalize_source, source_label
from leaddesk.domain.stages import Stage, sal_overdue
from leaddesk.store import leads as store
from leaddesk.store import settings
from leaddesk.store.queries import custom_field_names

from leaddesk.ui.activity_log import ActivityDialog, ActivityLog
from leaddesk.ui.bant_form import BantForm
from leaddesk.ui.lifetime import run_modal
from leaddesk.ui.palette import badge_style, good_color, warning_color
from leaddesk.ui.stage_dialogs import ask_before_move
from leaddesk.ui.workspace import Workspace

NO_DATE = QDate(2000, 1, 1)


class NotesEdit(QPlainTextEdit):
    editing_finished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editing_finished.emit()


def optional_date(parent: QWidget | None = None) -> QDateEdit:
    """A date field that can be empty: its lowest date reads "Not set"."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(QCoreApplication.translate("LeadDetail", "Not set"))
    edit.setDate(NO_DATE)
    return edit


def date_of(edit: QDateEdit) -> date | None:
    return None if edit.date() == NO_DATE else cast(date, edit.date().toPython())


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class LeadDetail(QScrollArea):
    """Shows one lead; edits go through the workspace."""

    call_requested = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.lead: Lead | None = None
        self.region = "US"
        self._loading = False
        self._typing_kept = False
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.body = body
        self.setWidget(body)
        layout = QVBoxLayout(body)
        self._build_header(layout)
        self._build_qualification(layout)
        self._build_contact(layout)
        self._build_details(layout)
        self._build_fields(layout)
        self._build_notes(layout)
        self._build_activity(layout)
        layout.addStretch(1)
        self.empty = QLabel(self.tr("Select a lead to see and edit it here."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        layout.insertWidget(0, self.empty)
        self._fit_width()
        # In a lead's own window (a dialog) Enter in a field must only
        # finish the edit, not press the first button (call mode).
        for button in body.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.workspace.changed.connect(self._changed)
        self.show_lead(None)

    # Building the form, in tab order.

    def _line(self, form: QFormLayout, label: str, what: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(label)
        edit.editingFinished.connect(lambda: self._finished(edit, what))
        form.addRow(label, edit)
        return edit

    def _build_header(self, layout: QVBoxLayout) -> None:
        self.header = QWidget()
        header = QVBoxLayout(self.header)
        header.setContentsMargins(0, 0, 0, 4)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName(self.tr("Warnings"))
        color = warning_color().name()
        self.banner.setStyleSheet(
            f"QLabel {{ border: none; border-left: 4px solid {color}; padding: 2px 8px; }}"
        )
        # Badges say at a glance what needs care; the banner says why.
        badges = QHBoxLayout()
        badges.setSpacing(6)
        self.trash_badge = self._badge(self.tr("In the trash"), "muted")
        self.dnc_badge = self._badge(self.tr("Do not contact"))
        self.review_badge = self._badge(self.tr("Needs review"))
        self.sal_badge = self._badge("")
        for badge in (self.trash_badge, self.dnc_badge, self.review_badge, self.sal_badge):
            badges.addWidget(badge)
        self.restore = QPushButton(self.tr("Restore from trash"))
        self.restore.clicked.connect(self._restore)
        badges.addWidget(self.restore)
        badges.addStretch(1)
        row = QHBoxLayout()
        self.call = QPushButton(self.tr("Call mode"))
        self.call.setToolTip(self.tr("Qualify and log a call from the keyboard (Ctrl+L)"))
        self.call.clicked.connect(self.call_requested)
        row.addWidget(self.subtitle, 1)
        row.addWidget(self.call)
        for widget in (self.title,):
            header.addWidget(widget)
        header.addLayout(row)
        header.addWidget(self.facts)
        header.addLayout(badges)
        header.addWidget(self.banner)
        layout.addWidget(self.header)

    def _fit_width(self) -> None:
        """Never narrower than the form: a clipped field is worse than a
        narrower table. Checked again as a lead's warnings change the form."""
        scroll_bar = self.verticalScrollBar().sizeHint().width()
        needed = self.body.minimumSizeHint().width() + scroll_bar + 4
        if needed > self.minimumWidth():
            self.setMinimumWidth(needed)

    def _badge(self, text: str, kind: str = "warning") -> QLabel:
        badge = QLabel(text)
        badge.setStyleSheet(badge_style(kind))
        badge.setAccessibleName(text)
        badge.hide()
        return badge

    def _build_contact(self, layout: QVBoxLayout) -> None:
        box = QGroupBox(self.tr("Contact"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.first_name = self._line(form, self.tr("First name"), self.tr("first name"))
        self.last_name = self._line(form, self.tr("Last name"), self.tr("last name"))
        self.company = self._line(form, self.tr("Company"), self.tr("company"))
        self.job_title = self._line(form, self.tr("Title"), self.tr("title"))
        self.email = self._line(form, self.tr("Email"), self.tr("email"))
        self.email_check = QLabel()
        form.addRow("", self.email_check)
        self.emails = self._line(form, self.tr("Other emails"), self.tr("other emails"))
        self.emails.setPlaceholderText(self.tr("comma-separated"))
        self.emails_check = QLabel()
        self.emails_check.setWordWrap(True)
        form.addRow("", self.emails_check)
        self.phone = self._line(form, self.tr("Phone"), self.tr("phone"))
        self.phone_check = QLabel()
        form.addRow("", self.phone_check)
        self.phones = self._line(form, self.tr("Other phones"), self.tr("other phones"))
        self.phones.setPlaceholderText(self.tr("comma-separated"))
        self.phones_check = QLabel()
        self.phones_check.setWordWrap(True)
        form.addRow("", self.phones_check)
        self.website = self._line(form, self.tr("Website"), self.tr("website"))
        self.address = self._line(form, self.tr("Address"), self.tr("address"))
        self.city = self._line(form, self.tr("City"), self.tr("city"))
        self.postal_code = self._line(form, self.tr("Postal code"), self.tr("postal code"))
        self.country = self._line(form, self.tr("Country"), self.tr("country"))
        self.email.textChanged.connect(self._check_email)
        self.phone.textChanged.connect(self._check_phone)
        self.emails.textChanged.connect(self._check_emails)
        self.phones.textChanged.connect(self._check_phones)
        layout.addWidget(box)

    def _build_qualification(self, layout: QVBoxLayout) -> None:
        box = QGroupBox(self.tr("Qualification"))
        outer = QVBoxLayout(box)
        form = QFormLayout()
        outer.addLayout(form)
        self.stage = QComboBox()
        self.stage.setAccessibleName(self.tr("Stage"))
        for stage in Stage:
            self.stage.addItem(self.tr(stage.long_label), stage.value)
        self.stage.activated.connect(self._stage_chosen)
        form.addRow(self.tr("Stage"), self.stage)
        self.stage_note = QLabel()
        self.stage_note.setWordWrap(True)
        form.addRow("", self.stage_note)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.follow_up = optional_date()
        self.follow_up.setAccessibleName(self.tr("Next follow-up"))
        self.follow_up.editingFinished.connect(lambda: self._commit(self.tr("next follow-up")))
        row.addWidget(self.follow_up, 1)
        for label, days in ((self.tr("+1 day"), 1), (self.tr("+1 week"), 7)):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, d=days: self._follow_up_in(d))
            row.addWidget(button)
        clear = QPushButton(self.tr("Clear"))
        clear.clicked.connect(lambda: self._set_follow_up(None))
        row.addWidget(clear)
        form.addRow(self.tr("Next follow-up"), row)
        self.bant = BantForm()
        self.bant.changed.connect(lambda _: self._commit(self.tr("BANT")))
        outer.addWidget(self.bant)
        self.history = QListWidget()
        self.history.setAccessibleName(self.tr("Stage history"))
        self.history.setMaximumHeight(self.fontMetrics().height() * 7)
        outer.addWidget(QLabel(self.tr("Stage history")))
        outer.addWidget(self.history)
        layout.addWidget(box)

    def _build_details(self, layout: QVBoxLayout) -> None:
        box = QGroupBox(self.tr("Source, owner and consent"))
        form2 = QFormLayout(box)
        form2.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.source = QComboBox()
        self.source.setEditable(True)
        self.source.setAccessibleName(self.tr("Source"))
        for key in SOURCE_KEYS:
            self.source.addItem(self.tr(source_label(key)), key)
        self.source.activated.connect(lambda _: self._commit(self.tr("source")))
        line = self.source.lineEdit()
        if line is not None:
            line.editingFinished.connect(lambda: self._commit(self.tr("source")))
        form2.addRow(self.tr("Source"), self.source)
        self.interest = QComboBox()
        self.interest.setAccessibleName(self.tr("Interest"))
        self.interest.addItem(self.tr("As the source says"), "")
        self.interest.addItem(self.tr("Inbound"), Interest.INBOUND.value)
        self.interest.addItem(self.tr("Outbound"), Interest.OUTBOUND.value)
        self.interest.activated.connect(lambda _: self._commit(self.tr("interest")))
        form2.addRow(self.tr("Interest"), self.interest)
        self.owner = self._line(form2, self.tr("Owner"), self.tr("owner"))
        self.tags = self._line(form2, self.tr("Tags"), self.tr("tags"))
        self.tags.setPlaceholderText(self.tr("comma-separated"))
        self.competitor = self._line(form2, self.tr("Competitor"), self.tr("competitor"))
        self.consent = QComboBox()
        self.consent.setAccessibleName(self.tr("Opted in"))
        for answer, label in ((Answer.UNKNOWN, "Unknown"), (Answer.YES, "Yes"), (Answer.NO, "No")):
            self.consent.addItem(self.tr(label), answer.value)
        self.consent.activated.connect(lambda _: self._commit(self.tr("consent")))
        form2.addRow(self.tr("Opted in"), self.consent)
        self.consent_at = optional_date()
        self.consent_at.setAccessibleName(self.tr("Opted in on"))
        self.consent_at.editingFinished.connect(lambda: self._commit(self.tr("consent date")))
        form2.addRow(self.tr("Opted in on"), self.consent_at)
        self.consent_how = self._line(form2, self.tr("How"), self.tr("consent"))
        self.consent_how.setPlaceholderText(self.tr("web form, on a call, business card…"))
        self.do_not_contact = QCheckBox(self.tr("Do not contact"))
        self.do_not_contact.toggled.connect(lambda _: self._commit(self.tr("do not contact")))
        form2.addRow("", self.do_not_contact)
        layout.addWidget(box)

    def _build_fields(self, layout: QVBoxLayout) -> None:
        """The fields an import kept by name (Sector, Rating…): a row for
        each field any lead has, so one can be filled in where it is empty."""
        self.fields_box = QGroupBox(self.tr("Imported fields"))
        self.fields_form = QFormLayout(self.fields_box)
        self.fields_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.custom: dict[str, QLineEdit] = {}
        layout.addWidget(self.fields_box)

    def _build_notes(self, layout: QVBoxLayout) -> None:
        box = QGroupBox(self.tr("Notes"))
        column = QVBoxLayout(box)
        self.notes = NotesEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setMinimumHeight(self.fontMetrics().height() * 5)
        self.notes.editing_finished.connect(lambda: self._commit(self.tr("notes")))
        column.addWidget(self.notes)
        layout.addWidget(box)

    def _build_activity(self, layout: QVBoxLayout) -> None:
        box = QGroupBox(self.tr("Activity"))
        inner = QVBoxLayout(box)
        self.activity = ActivityLog()
        self.activity.log_requested.connect(self.log_activity)
        inner.addWidget(self.activity)
        layout.addWidget(box)

    # Showing a lead.

    def show_lead(self, lead_id: int | None) -> None:
        # Typing not yet finished is kept through a refresh of the same
        # lead, never carried over to another one.
        self._typing_kept = self.lead is not None and self.lead.id == lead_id
        if not self._typing_kept:
            # Another lead starts at its name: a pane left scrolled down
            # would show someone's notes without saying whose they are.
            self.verticalScrollBar().setValue(0)
        if lead_id is None:
            self.lead = None
        else:
            try:
                self.lead, history, activities, self.region, names = self.workspace.read(
                    lambda s: (
                        store.get_lead(s, lead_id),
                        store.stage_history(s, lead_id),
                        store.activities(s, lead_id, limit=200),
                        settings.phone_region(s),
                        custom_field_names(s),
                    )
                )
            except store.LeadNotFound:
                self.lead = None
        editing = self.lead is not None
        self.empty.setVisible(not editing)
        for widget in self.body.findChildren(QGroupBox):
            widget.setVisible(editing)
        self.header.setVisible(editing)
        if self.lead is None:
            return
        self._show_fields(sorted({*names, *self.lead.custom}))
        self._loading = True
        try:
            self._fill(self.lead)
            self._fill_history(history)
            self.activity.show_activities(activities)
        finally:
            self._loading = False
        self._fit_width()

    def _finished(self, edit: QLineEdit, what: str) -> None:
        edit.setModified(False)
        self._commit(what)

    def _set_text(self, edit: QLineEdit, text: str) -> None:
        # Typing not yet finished survives a refresh; anything else (an
        # undo, a change from elsewhere) shows the stored value.
        if not (self._typing_kept and edit.hasFocus() and edit.isModified()):
            edit.setText(text)

    def _fill(self, lead: Lead) -> None:
        for edit, value in (
            (self.first_name, lead.first_name),
            (self.last_name, lead.last_name),
            (self.company, lead.company),
            (self.job_title, lead.title),
            (self.email, lead.email),
            (self.emails, ", ".join(lead.emails)),
            (self.phone, lead.phone),
            (self.phones, ", ".join(lead.phones)),
            (self.website, lead.website),
            (self.address, lead.address),
            (self.city, lead.city),
            (self.postal_code, lead.postal_code),
            (self.country, lead.country),
            (self.owner, lead.owner),
            (self.tags, ", ".join(lead.tags)),
            (self.competitor, lead.competitor),
            (self.consent_how, lead.consent_how),
            *((edit, lead.custom.get(name, "")) for name, edit in self.custom.items()),
        ):
            self._set_text(edit, value)
        self.stage.setCurrentIndex(list(Stage).index(lead.stage))
        self.bant.set_bant(lead.bant, keep_typing=self._typing_kept)
        index = self.source.findData(lead.source)
        if index >= 0:
            self.source.setCurrentIndex(index)
        else:
            self.source.setEditText(lead.source)
        self.interest.setCurrentIndex(
            self.interest.findData(lead.interest.value if lead.interest else "")
        )
        self.consent.setCurrentIndex(self.consent.findData(lead.consent.value))
        self.consent_at.setDate(QDate(lead.consent_at.date()) if lead.consent_at else NO_DATE)
        self.do_not_contact.setChecked(lead.do_not_contact)
        self.follow_up.setDate(QDate(lead.next_follow_up) if lead.next_follow_up else NO_DATE)
        if not (self._typing_kept and self.notes.hasFocus()):
            self.notes.setPlainText(lead.notes)
        self._fill_header(lead)

    def _fill_header(self, lead: Lead) -> None:
        self.title.setText(lead.display_name)
        role = " · ".join(p for p in (lead.title, lead.company) if p)
        self.subtitle.setText(role)
        interest = lead.effective_interest
        facts = [
            self.tr("Score %1").replace("%1", str(lead.score)),
            f"{enrichment_label(lead.enrichment)} ({lead.enrichment}%)",
            self.tr(interest.label) if interest else "",
            self.tr("Added %1").replace("%1", to_local(lead.created_at).strftime("%d %b %Y"))
            if lead.created_at
            else "",
        ]
        self.facts.setText(" · ".join(f for f in facts if f))
        self.trash_badge.setVisible(lead.deleted_at is not None)
        self.restore.setVisible(lead.deleted_at is not None)
        self.dnc_badge.setVisible(lead.do_not_contact)
        self.review_badge.setVisible(lead.needs_review)
        days = self.workspace.read(settings.sal_days)
        overdue = lead.stage_entered_at is not None and sal_overdue(
            lead.stage, lead.stage_entered_at, utcnow(), days
        )
        self.sal_badge.setVisible(overdue)
        warnings = []
        if lead.needs_review:
            warnings.append(
                self.tr("Needs review:") + " " + lead.review_reasons.replace("\n", "; ")
            )
        if overdue and lead.stage_entered_at is not None:
            waited = (utcnow() - lead.stage_entered_at).days
            self.sal_badge.setText(self.tr("SAL overdue · %n day(s)", "", waited))
            self.sal_badge.setAccessibleName(self.sal_badge.text())
            warnings.append(
                self.tr(
                    "Waiting %n day(s) for sales to accept or reject (the limit is %1).", "", waited
                ).replace("%1", str(days))
            )
        self.banner.setText("\n".join(warnings))
        self.banner.setVisible(bool(warnings))
        if lead.stage is Stage.DISQUALIFIED and lead.disqualified_reason:
            self.stage_note.setText(self.tr("Reason: %1").replace("%1", lead.disqualified_reason))
        elif lead.stage_entered_at:
            days_in = (utcnow() - lead.stage_entered_at).days
            self.stage_note.setText(self.tr("In this stage for %n day(s)", "", days_in))
        self.stage_note.setVisible(bool(self.stage_note.text()))
        self._check_email(self.email.text())
        self._check_phone(self.phone.text())
        self._check_emails(self.emails.text())
        self._check_phones(self.phones.text())

    def _fill_history(self, history: list[StageChange]) -> None:
        self.history.clear()
        now = utcnow()
        for position, change in enumerate(history):
            until = history[position + 1].changed_at if position + 1 < len(history) else now
            days = max(0, (until - change.changed_at).days)
            when = to_local(change.changed_at).strftime("%d %b %Y")
            stage = self.tr(change.to_stage.label)
            text = f"{stage} · {when} · " + self.tr("%n day(s)", "", days)
            if change.reason:
                text += f" · {change.reason}"
            self.history.insertItem(0, text)

    def _show_fields(self, names: list[str]) -> None:
        """A row per custom field, rebuilt only when the fields change."""
        self.fields_box.setVisible(bool(names))
        if names == list(self.custom):
            return
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.custom = {}
        for name in names:
            edit = self._line(self.fields_form, name, name)
            self.custom[name] = edit

    # Live validation.

    def _check_email(self, text: str) -> None:
        if not text.strip():
            self.email_check.setText("")
            return
        check = check_email(text)
        self._show_check(
            self.email_check, check.valid, "✓ " + self.tr("Valid address"), check.problem
        )

    def _check_phone(self, text: str) -> None:
        if not text.strip():
            self.phone_check.setText("")
            return
        check = check_phone(text, self._region_of(text))
        shown = "✓ " + format_international(check.e164) + f"  ({check.e164})" if check.valid else ""
        self._show_check(self.phone_check, check.valid, shown, check.problem)

    def _check_emails(self, text: str) -> None:
        problems = [
            f"“{email}”: {check.problem}"
            for email in split_list(text)
            if not (check := check_email(email)).valid
        ]
        self._show_list_check(self.emails_check, problems, len(split_list(text)))

    def _check_phones(self, text: str) -> None:
        shown, problems = [], []
        for phone in split_list(text):
            check = check_phone(phone, self._region_of(phone))
            if check.valid:
                shown.append(check.e164)
            else:
                problems.append(f"“{phone}”: {check.problem}")
        self._show_list_check(self.phones_check, problems, len(shown) + len(problems), shown)

    def _region_of(self, number: str) -> str:
        """The region a number is read with: its own when the lead has it
        stored, else the database's default (it is being typed)."""
        return self.lead.region_for(number, self.region) if self.lead else self.region

    def _show_list_check(
        self, label: QLabel, problems: list[str], count: int, shown: list[str] | None = None
    ) -> None:
        """The check line under "Other emails" or "Other phones": the E.164
        forms when all are valid, else what is wrong with each bad one."""
        label.setVisible(count > 0)
        if not count:
            label.setText("")
            return
        if problems:
            self._show_check(label, False, "", " ".join(problems))
        else:
            good = "✓ " + (", ".join(shown) if shown else self.tr("All valid"))
            self._show_check(label, True, good, "")

    def _wrap_if_long(self, label: QLabel) -> None:
        """Wraps a check line only when it is longer than the field above
        it: a long one must not widen the pane, and a word-wrapped label in
        a form reserves extra lines even for short text."""
        metrics = label.fontMetrics()
        room = self.email.width() if self.email.isVisible() else metrics.averageCharWidth() * 50
        label.setWordWrap(metrics.horizontalAdvance(label.text()) > room)

    def _show_check(self, label: QLabel, valid: bool, good: str, problem: str) -> None:
        if valid:
            label.setText(good)
            label.setStyleSheet(f"color: {good_color().name()};")
        else:
            label.setText("⚠ " + problem + " " + self.tr("It will be kept as typed."))
            label.setStyleSheet(f"color: {warning_color().name()};")
        label.setAccessibleName(label.text())
        self._wrap_if_long(label)

    # Saving.

    def collect(self) -> Lead:
        """The lead as the form shows it now."""
        assert self.lead is not None
        source_index = self.source.currentIndex()
        typed_source = self.source.currentText().strip()
        if source_index >= 0 and self.source.itemText(source_index) == typed_source:
            source = str(self.source.itemData(source_index))
        else:
            source = normalize_source(typed_source)
        interest = self.interest.currentData()
        consent_day = date_of(self.consent_at)
        consent_at = self.lead.consent_at
        if consent_day is None:
            consent_at = None
        elif consent_at is None or consent_at.date() != consent_day:
            consent_at = datetime.combine(consent_day, time(12, 0))
        return replace(
            self.lead,
            first_name=self.first_name.text().strip(),
            last_name=self.last_name.text().strip(),
            company=self.company.text().strip(),
            title=self.job_title.text().strip(),
            email=self.email.text().strip(),
            emails=split_list(self.emails.text()),
            phone=self.phone.text().strip(),
            phones=split_list(self.phones.text()),
            website=self.website.text().strip(),
            address=self.address.text().strip(),
            city=self.city.text().strip(),
            postal_code=self.postal_code.text().strip(),
            country=self.country.text().strip(),
            source=source,
            interest=Interest(interest) if interest else None,
            owner=self.owner.text().strip(),
            tags=split_list(self.tags.text()),
            competitor=self.competitor.text().strip(),
            consent=Answer(self.consent.currentData()),
            consent_at=consent_at,
            consent_how=self.consent_how.text().strip(),
            do_not_contact=self.do_not_contact.isChecked(),
            next_follow_up=date_of(self.follow_up),
            notes=self.notes.toPlainText().strip(),
            bant=self.bant.bant,
            custom=self._collect_custom(self.lead.custom),
        )

    def _collect_custom(self, stored: dict[str, str]) -> dict[str, str]:
        """The custom fields as shown: an emptied one is dropped, one left
        as it was keeps its value exactly as stored."""
        custom = dict(stored)
        for name, edit in self.custom.items():
            typed = edit.text().strip()
            if not typed:
                custom.pop(name, None)
            elif typed != stored.get(name, "").strip():
                custom[name] = typed
        return custom

    def _commit(self, what: str) -> None:
        if self._loading or self.lead is None:
            return
        after = self.collect()
        if after == self.lead:
            return
        if not after.has_identity():
            self.workspace.failed.emit(
                self.tr("A lead needs a name, a company, an email or a phone number.")
            )
            self.show_lead(self.lead.id)
            return
        text = self.tr("edit %1 of %2").replace("%1", what).replace("%2", self.lead.display_name)
        before = self.lead  # a failed save reloads self.lead
        if not self.workspace.save_lead(before, after, text):
            # Someone saved first, or the server is gone: the user decides,
            # and an unsaved edit stays in the form (see conflict_dialog).
            from leaddesk.ui.conflict_dialog import recover_save

            recover_save(self, self.workspace, before, after, text)

    def _follow_up_in(self, days: int) -> None:
        self._set_follow_up(QDate.currentDate().addDays(days))

    def _set_follow_up(self, day: QDate | None) -> None:
        self.follow_up.setDate(day or NO_DATE)
        self._commit(self.tr("next follow-up"))

    def _stage_chosen(self, index: int) -> None:
        if self.lead is None or self._loading:
            return
        target = Stage(self.stage.itemData(index))
        lead = self.lead
        decision = ask_before_move(self, [self.bant.bant], lead.stage, target)
        if decision.go and target is not lead.stage:
            self.workspace.move_stage([lead.id or 0], target, decision.reason)
        else:
            self.stage.setCurrentIndex(list(Stage).index(lead.stage))

    def set_bant(self, bant: Bant) -> None:
        """Changes the BANT answers as if clicked (call mode saves its own)."""
        self.bant.set_bant(bant)

    def _restore(self) -> None:
        if self.lead is not None and self.lead.id is not None:
            self.workspace.trash([self.lead.id], restore=True)

    def log_activity(self) -> None:
        if self.lead is None or self.lead.id is None:
            return
        dialog = ActivityDialog(self.lead, self)
        if run_modal(dialog):
            self.workspace.add_activity(self.lead.id, dialog.activity(), dialog.follow_up())

    def _changed(self, ids: frozenset[int] | None) -> None:
        if self.lead is not None and (ids is None or self.lead.id in ids):
            self.show_lead(self.lead.id)
