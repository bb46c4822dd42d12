"""What a Preferences page is: the settings it declares, where they are
kept, and the load → check → save steps the dialog takes it through."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar, TypeVar

from sqlalchemy.orm import Session

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from leaddesk.store.database import Database


class Scope(StrEnum):
    DATABASE = "database"
    """Kept in the database: everyone who opens it has the same."""
    PERSONAL = "personal"
    """Kept for this user on this computer (QSettings)."""


@dataclass(frozen=True)
class Setting:
    """One value a page holds: a key of :mod:`leaddesk.store.settings` for
    the database's settings, a QSettings key for personal ones."""

    key: str
    scope: Scope


class Personal:
    """This user's settings as a page sees them: what is saved, with the
    changes of this dialog on top, written only once the database's
    settings are saved too."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings
        self._changes: dict[str, str] = {}

    def value(self, key: str) -> str:
        if key in self._changes:
            return self._changes[key]
        stored = self.settings.value(key, "")
        return stored if isinstance(stored, str) else ""

    def set(self, key: str, value: str) -> None:
        self._changes[key] = value

    def commit(self) -> None:
        for key, value in self._changes.items():
            self.settings.setValue(key, value)
        self._changes.clear()
        self.settings.sync()


@dataclass
class Stored:
    """Where a page loads from and saves to: a session of the database (a
    read for loading; for saving, the one transaction every page's
    settings are saved in) and this user's own settings."""

    session: Session
    personal: Personal
    database: Database


@dataclass(frozen=True)
class PageContext:
    """What a page may need to know while it builds its form."""

    database: Database
    shared: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "shared", self.database.shared)


class PreferencesPage(QWidget):
    """A page of the Preferences dialog.

    A subclass names itself (:attr:`NAME`, :attr:`TITLE`, :attr:`ORDER`),
    declares its :attr:`SETTINGS`, shows each in a row added with
    :meth:`add_row` (which files it under where it is kept), and
    implements :meth:`load`, :meth:`check` and :meth:`save`."""

    NAME: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    """The page's name in the dialog's list (translated in the context
    "PreferencesPage")."""
    ORDER: ClassVar[int] = 100
    SETTINGS: ClassVar[tuple[Setting, ...]] = ()

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(QCoreApplication.translate("PreferencesPage", self.TITLE))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        self._layout.addWidget(heading)
        self._forms: dict[Scope, QFormLayout] = {}
        self._shown: set[str] = set()

    def add_row(self, setting: Setting, label: str, widget: QWidget, hint: str = "") -> None:
        """Shows ``setting`` as ``widget`` under where it is kept, with a
        line that explains it."""
        if setting not in self.SETTINGS:
            raise ValueError(f"{type(self).__name__} does not declare {setting.key}")
        form = self._forms.get(setting.scope) or self._form(setting.scope)
        form.addRow(label, widget)
        if hint:
            note = QLabel(hint)
            note.setWordWrap(True)
            note.setObjectName("setting-hint")
            note.setContentsMargins(0, 0, 0, self.fontMetrics().height() // 2)
            form.addRow(note)
        widget.setAccessibleName(label.rstrip(":"))
        self._shown.add(setting.key)

    def _form(self, scope: Scope) -> QFormLayout:
        if scope is Scope.DATABASE:
            title = self.tr("Saved in this database")
            where = (
                self.tr("Everyone who works on this team database has the same.")
                if self.context.shared
                else self.tr("Kept in the database file, wherever it is opened.")
            )
        else:
            title = self.tr("Only for you")
            where = self.tr("Kept on this computer, for you alone.")
        box = QGroupBox(title)
        box.setObjectName(f"{scope.value}-settings")
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        explanation = QLabel(where)
        explanation.setWordWrap(True)
        form.addRow(explanation)
        # The database's settings first (under the heading), on every page.
        position = 1 if scope is Scope.DATABASE else self._layout.count()
        self._layout.insertWidget(position, box)
        self._forms[scope] = form
        return form

    def finish(self) -> None:
        """Called by the dialog once the page is built: every declared
        setting must be on the page, where the user can see it."""
        missing = {s.key for s in self.SETTINGS} - self._shown
        if missing:
            raise ValueError(f"{type(self).__name__} does not show {sorted(missing)}")
        self._layout.addStretch(1)

    def scopes(self) -> set[Scope]:
        return {setting.scope for setting in self.SETTINGS}

    # The steps the dialog takes each page through.

    def load(self, stored: Stored) -> None:
        """Shows the saved values."""
        raise NotImplementedError

    def check(self) -> str:
        """Why the values shown cannot be saved, in one sentence; "" when
        they can."""
        return ""

    def save(self, stored: Stored) -> None:
        """Saves the values shown (called only when :meth:`check` passed)."""
        raise NotImplementedError


P = TypeVar("P", bound=type[PreferencesPage])
_PAGES: list[type[PreferencesPage]] = []


def register(page: P) -> P:
    """Adds a page to the Preferences dialog (a class decorator)."""
    if not page.NAME or any(known.NAME == page.NAME for known in _PAGES):
        raise ValueError(f"a preferences page needs a name of its own: {page.NAME!r}")
    _PAGES.append(page)
    return page


def registered() -> list[type[PreferencesPage]]:
    """Every page, in order; LeadDesk's own pages are registered first."""
    from leaddesk.ui.preferences import pages  # noqa: F401  (registers them)

    return sorted(_PAGES, key=lambda page: page.ORDER)
