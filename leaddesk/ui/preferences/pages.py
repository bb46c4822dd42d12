"""LeadDesk's own Preferences pages: phone numbers, qualification, you."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget

from leaddesk.store import settings

from leaddesk.ui.preferences.page import (
    PageContext,
    PreferencesPage,
    Scope,
    Setting,
    Stored,
    register,
)
from leaddesk.ui.preferences.personal import YOUR_NAME
from leaddesk.ui.region_box import RegionBox


@register
class PhonePage(PreferencesPage):
    NAME = "phone"
    TITLE = str(QT_TRANSLATE_NOOP("PreferencesPage", "Phone numbers"))
    ORDER = 10
    REGION = Setting(settings.PHONE_REGION, Scope.DATABASE)
    SETTINGS = (REGION,)

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.region = RegionBox()
        self.add_row(
            self.REGION,
            self.tr("Numbers without a country code are from:"),
            self.region,
            self.tr(
                "A number typed or imported without its country code, such as "
                "“06 12 34 56 78”, is read as a number of this country. Numbers already "
                "stored keep the country they were read with; an import can choose "
                "another country for its file."
            ),
        )

    def load(self, stored: Stored) -> None:
        self.region.set_region(settings.phone_region(stored.session))

    def check(self) -> str:
        return settings.region_problem(self.region.region())

    def save(self, stored: Stored) -> None:
        settings.set_phone_region(stored.session, self.region.region())


@register
class QualificationPage(PreferencesPage):
    NAME = "qualification"
    TITLE = str(QT_TRANSLATE_NOOP("PreferencesPage", "Qualification"))
    ORDER = 20
    SAL_DAYS = Setting(settings.SAL_DAYS, Scope.DATABASE)
    SETTINGS = (SAL_DAYS,)

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.sal_days = QSpinBox()
        self.sal_days.setRange(settings.SAL_DAYS_RANGE[0], settings.SAL_DAYS_RANGE[-1])
        self.sal_days.setSuffix(self.tr(" days"))
        self.add_row(
            self.SAL_DAYS,
            self.tr("SAL service level:"),
            self.sal_days,
            self.tr(
                "Sales accepts or rejects a marketing qualified lead (MQL) within this many "
                "days; a lead waiting longer is marked “SAL overdue”."
            ),
        )

    def load(self, stored: Stored) -> None:
        self.sal_days.setValue(settings.sal_days(stored.session))

    def check(self) -> str:
        return settings.sal_days_problem(self.sal_days.value())

    def save(self, stored: Stored) -> None:
        settings.set_sal_days(stored.session, self.sal_days.value())


@register
class YouPage(PreferencesPage):
    NAME = "you"
    TITLE = str(QT_TRANSLATE_NOOP("PreferencesPage", "You"))
    ORDER = 30
    NAME_SETTING = Setting(YOUR_NAME, Scope.PERSONAL)
    SETTINGS = (NAME_SETTING,)

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.your_name = QLineEdit()
        self.your_name.setMaxLength(255)
        self.your_name.setPlaceholderText(context.database.login)
        self.add_row(
            self.NAME_SETTING,
            self.tr("Your name:"),
            self.your_name,
            self.tr(
                "The owner of the leads you add, and whom “My leads only” shows. Left "
                "empty, your login name is used."
            ),
        )

    def load(self, stored: Stored) -> None:
        self.your_name.setText(stored.personal.value(YOUR_NAME))

    def check(self) -> str:
        return ""

    def save(self, stored: Stored) -> None:
        stored.personal.set(YOUR_NAME, self.your_name.text().strip())
