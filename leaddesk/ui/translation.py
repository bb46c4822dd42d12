"""Translations. Strings with a count are written Qt's way ("%n lead(s)")
so translators can give every plural form; English itself is served by
:class:`EnglishPlurals`, which turns "(s)" into "" or "s" by the count,
rather than by shipping a compiled English catalogue."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator


class EnglishPlurals(QTranslator):
    def translate(
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if n < 0 or "(s)" not in source_text:
            return None  # a null string: not translated here, Qt uses the source

        return source_text.replace("(s)", "" if n == 1 else "s")

    def isEmpty(self) -> bool:
        return False


_installed: list[QTranslator] = []


def install_translators(app: QCoreApplication) -> None:
    """Qt's own strings in the user's language, then English plurals."""
    if _installed:
        return
    qt = QTranslator(app)
    if qt.load(
        QLocale(), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt)
        _installed.append(qt)
    plurals = EnglishPlurals(app)
    app.installTranslator(plurals)
    _installed.append(plurals)
