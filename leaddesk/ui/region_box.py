"""The country chooser for phone numbers written without a country code:
the same list, names and width in Preferences, the first start and the
import wizard."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QComboBox, QWidget


@cache
def regions() -> tuple[tuple[str, str], ...]:
    """(country name, region code) for every region phonenumbers knows,
    by name."""
    import phonenumbers

    found = []
    for code in phonenumbers.SUPPORTED_REGIONS:
        territory = QLocale.codeToTerritory(code)
        name = QLocale.territoryToString(territory) if territory.value else code
        found.append((name, code))
    return tuple(sorted(found))


def region_name(code: str) -> str:
    """ "Germany" for "DE"; the code itself for a region Qt cannot name."""
    return next((name for name, known in regions() if known == code.upper()), code)


def system_region(locale: QLocale | None = None) -> str | None:
    """The country of the system's locale, when it names one LeadDesk knows
    phone numbers of; None for a locale that says nothing (C, POSIX)."""
    locale = locale or QLocale.system()
    if locale.language() == QLocale.Language.C:
        return None
    territory = locale.territory()
    if territory == QLocale.Country.AnyTerritory:
        return None
    code = QLocale.territoryToCode(territory)
    return code if any(code == known for _, known in regions()) else None


class RegionBox(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Phone region"))
        self.setMaximumWidth(self.fontMetrics().averageCharWidth() * 44)
        for name, code in regions():
            self.addItem(f"{name} ({code})", code)

    def region(self) -> str:
        return str(self.currentData() or "")

    def set_region(self, code: str) -> None:
        self.setCurrentIndex(max(self.findData(code.upper()), 0))
