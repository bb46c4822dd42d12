"""Tabs whose pages are built the first time they are shown or asked for,
so that opening a window builds only the page on screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QWidget


class LazyTabs(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self._builders: dict[int, Callable[[], QWidget]] = {}
        self.currentChanged.connect(self._chosen)

    def add_lazy(self, text: str, build: Callable[[], QWidget]) -> int:
        """A tab whose page ``build`` makes when it is first needed."""
        index = self.addTab(QWidget(), text)
        self._builders[index] = build
        return index

    def is_built(self, index: int) -> bool:
        return index not in self._builders

    def page(self, index: int) -> QWidget | None:
        """The page at ``index``, built now if it was not yet."""
        build = self._builders.pop(index, None)
        if build is not None:
            self._replace(index, build())
        return self.widget(index)

    def take_pages(self) -> list[QWidget]:
        """Removes every tab; returns the pages that were built (the caller
        decides when they go)."""
        pages = [self.widget(i) for i in range(self.count()) if self.is_built(i)]
        placeholders = [self.widget(i) for i in self._builders]
        self._builders = {}
        self.blockSignals(True)
        try:
            # From the last: a page that becomes current as another goes is
            # shown, and may read what it shows; the first tab goes last.
            self.setCurrentIndex(0)
            while self.count():
                self.removeTab(self.count() - 1)
        finally:
            self.blockSignals(False)
        for placeholder in placeholders:
            if placeholder is not None:
                placeholder.deleteLater()
        return [page for page in pages if page is not None]

    def _chosen(self, index: int) -> None:
        self.page(index)

    def _replace(self, index: int, page: QWidget) -> None:
        """Puts a built page where its placeholder was, shown if it was."""
        placeholder = self.widget(index)
        text = self.tabText(index)
        shown = self.currentIndex() == index
        self.blockSignals(True)  # no one sees the placeholder go
        try:
            self.insertTab(index + 1, page, text)
            if shown:
                self.setCurrentIndex(index + 1)
            self.removeTab(index)
        finally:
            self.blockSignals(False)
        if placeholder is not None:
            placeholder.deleteLater()
