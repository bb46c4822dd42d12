"""Pieces of the main window that do not depend on the open database: the
message bar for errors a user can cause, and the first-start empty state."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from leaddesk.ui.palette import icon


class MessageBar(QWidget):
    """A dismissible line at the top of the window for errors a user can
    cause (a locked database, a refused value): visible, never blocking."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message-bar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName(self.tr("Message"))
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setAccessibleName(self.tr("Dismiss"))
        close.clicked.connect(self.hide)
        layout.addWidget(self.text, 1)
        layout.addWidget(close)
        self.setStyleSheet(
            "#message-bar { background: #f8d7d3; } #message-bar QLabel { color: #5c1a12; }"
        )
        self.hide()

    def show_message(self, text: str) -> None:
        self.text.setText(text)
        self.show()


class EmptyState(QWidget):
    """What a first start on an empty database shows: three first steps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("empty-state")
        title = QLabel(self.tr("No leads yet"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        text = QLabel(
            self.tr(
                "Add your first lead by hand, bring in the spreadsheet you already keep, "
                "or explore LeadDesk with 500 realistic demo leads."
            )
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setFixedWidth(self.fontMetrics().averageCharWidth() * 72)
        # An aligned item gets its size hint, which ignores word wrap: give
        # the wrapped height, or the second line is cut off.
        text.setMinimumHeight(text.heightForWidth(text.width()))
        self.add = QPushButton(icon("list-add"), self.tr("Add a lead"))
        self.import_file = QPushButton(icon("document-import"), self.tr("Import a file…"))
        self.import_file.setToolTip(self.tr("Import a spreadsheet, CSV or vCard file"))
        self.demo = QPushButton(icon("applications-education"), self.tr("Load demo data"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.add, self.import_file, self.demo):
            button.setMinimumHeight(int(self.fontMetrics().height() * 2.4))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(self.fontMetrics().height())
        layout.addLayout(buttons)
        layout.addStretch(3)
