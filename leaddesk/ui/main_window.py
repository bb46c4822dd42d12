"""The main window: toolbar with search, the Leads / Kanban / Dashboard
tabs, menus, status bar with counts, and the first-start empty state.

Opening is kept short: what the first painted rows of the lead table do
not need waits. The Kanban and Dashboard tabs are built the first time they
are shown; the import wizard, export, call mode and the team dialog are
imported when used; the filter lists and the total count are read once the
window has painted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QMargins,
    QObject,
    QPoint,
    QSettings,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPaintEvent,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from leaddesk import __version__
from leaddesk.domain.lead import Lead
from leaddesk.store import leads as store
from leaddesk.store.database import Database
from leaddesk.store.queries import LeadQuery, any_leads, count_leads

from leaddesk.ui.background import Progress, Task, run_in_background
from leaddesk.ui.current_lead import CurrentLead, LeadPicker
from leaddesk.ui.dialogs import NewLeadDialog
from leaddesk.ui.lazy_tabs import LazyTabs
from leaddesk.ui.lead_actions import LeadActions
from leaddesk.ui.lead_detail import LeadDetail
from leaddesk.ui.leads_view import LeadsView
from leaddesk.ui.lifetime import run_modal
from leaddesk.ui.palette import icon
from leaddesk.ui.preferences.personal import apply_personal, owner_of_new_leads
from leaddesk.ui.retired import RetiredDatabases
from leaddesk.ui.shortcuts import Key, key_sequences
from leaddesk.ui.translation import install_translators
from leaddesk.ui.undo_action import undo_action
from leaddesk.ui.window_parts import EmptyState, MessageBar
from leaddesk.ui.workspace import Workspace

if TYPE_CHECKING:
    from leaddesk.ui.dashboard import DashboardView
    from leaddesk.ui.kanban import KanbanView

SEARCH_DELAY_MS = 150
DEMO_COUNT = 500
KANBAN_TAB = 1
DASHBOARD_TAB = 2


FIRST_SIZE = QSize(1280, 800)
"""The window's size at first start, where the screen has room for it."""


def fit_on_screen(window: QWidget) -> None:
    """Shrinks and moves a window so that all of it, its frame included, is
    inside the screen's available area: on a 1366×768 laptop the status
    bar is not below the screen's edge, and a size saved on a larger
    monitor is brought in. Called before the window is shown, with a title
    bar's height standing for the frame, and again once it is shown and
    the frame is known."""
    screen = QGuiApplication.screenAt(window.geometry().center()) or window.screen()
    available = screen.availableGeometry()
    handle = window.windowHandle()
    frame = handle.frameMargins() if handle is not None and window.isVisible() else QMargins()
    if frame.isNull():
        frame = QMargins(0, window.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight), 0, 0)
    extra = QSize(frame.left() + frame.right(), frame.top() + frame.bottom())
    size = window.size().boundedTo(available.size() - extra)
    if size != window.size():
        window.resize(size)
    # pos() is where the frame's corner goes.
    corner = window.pos()
    outer = size + extra
    left = min(max(corner.x(), available.left()), available.right() + 1 - outer.width())
    top = min(max(corner.y(), available.top()), available.bottom() + 1 - outer.height())
    if (left, top) != (corner.x(), corner.y()):
        window.move(left, top)


class MainWindow(QMainWindow):
    def __init__(self, database: Database, settings: QSettings | None = None) -> None:
        super().__init__()
        app = QCoreApplication.instance()
        if app is not None:
            # English plurals ("1 day", "279 days") however the window was
            # started, not only through leaddesk.app.
            install_translators(app)
        self.settings = settings or QSettings()
        self.undo_group = QUndoGroup(self)
        self._demo_task: Task | None = None
        self._total_task: Task | None = None
        self._total: int | None = None
        self._shown: tuple[int, bool] = (0, True)
        self._lead_windows: list[QDialog] = []
        self._started = False
        """Whether the work that waits for the first paint has run."""
        self._retired = RetiredDatabases(self)
        self.current = CurrentLead(self)
        """The lead every action on "this lead" acts on."""

        self.tabs = LazyTabs()
        self.empty = EmptyState()
        self.empty.add.clicked.connect(self.new_lead)
        self.empty.demo.clicked.connect(self.load_demo)
        self.empty.import_file.clicked.connect(lambda: self.import_file())
        self.setAcceptDrops(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.tabs)
        self.message = MessageBar()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.message)
        column.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Search leads (Ctrl+K)"))
        self.search.setAccessibleName(self.tr("Search leads"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(self.fontMetrics().averageCharWidth() * 48)
        self.search.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.search.returnPressed.connect(self._enter_results)
        self.search.installEventFilter(self)

        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Lead count"))
        self.statusBar().addPermanentWidget(self.count_label)

        self._attach(database)
        self.tabs.currentChanged.connect(self._tab_shown)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.current.changed.connect(self._show_current)
        self._show_current()
        self._restore_settings()
        self._update_page()
        self.leads.apply()

    # The open database and what shows it.

    def _attach(self, database: Database) -> None:
        """Builds what shows one database: its workspace and the Leads tab;
        the Kanban and Dashboard tabs wait until they are first shown."""
        self.database = database
        apply_personal(self.settings, database)
        self.workspace = Workspace(database, self)
        self.workspace.failed.connect(self.show_error)
        self.undo_group.addStack(self.workspace.undo_stack)
        self.undo_group.setActiveStack(self.workspace.undo_stack)
        self.setWindowTitle(self.tr("LeadDesk — %1").replace("%1", database.display_name))
        self.leads = LeadsView(self.workspace)
        self.leads.count_changed.connect(self._count_changed)
        self.leads.count_changed.connect(self._kanban_follows)
        self.leads.open_requested.connect(self.open_lead_window)
        self.leads.menu_requested.connect(self._lead_menu_at)
        self.leads.detail.call_requested.connect(self.call_mode)
        self.lead_actions = LeadActions(
            self.workspace, self.current, lambda: self.leads.model.query.trash, self
        )
        self.lead_actions.call_requested.connect(self._call)
        self.lead_actions.said.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.workspace.changed.connect(self._data_changed)
        self.tabs.addTab(self.leads, self.tr("Leads"))
        self.tabs.add_lazy(self.tr("Kanban"), self._make_kanban)
        self.tabs.add_lazy(self.tr("Dashboard"), self._make_dashboard)
        self.tabs.setCurrentIndex(0)
        self.current.follow(self.leads)
        if database.notice:
            self.statusBar().showMessage(database.notice)

    @property
    def kanban(self) -> KanbanView:
        """The Kanban tab, built the first time it is wanted."""
        return cast("KanbanView", self.tabs.page(KANBAN_TAB))

    @property
    def dashboard(self) -> DashboardView:
        """The Dashboard tab, built the first time it is wanted."""
        return cast("DashboardView", self.tabs.page(DASHBOARD_TAB))

    def _make_kanban(self) -> KanbanView:
        from leaddesk.ui.kanban import KanbanView

        view = KanbanView(self.workspace, self.leads.query)
        view.open_requested.connect(self.open_lead_window)
        view.menu_requested.connect(self._lead_menu_at)
        view.addAction(self.delete_action)
        return view

    def _make_dashboard(self) -> DashboardView:
        from leaddesk.ui.dashboard import DashboardView

        return DashboardView(self.workspace)

    def _kanban_follows(self) -> None:
        if self.tabs.is_built(KANBAN_TAB):
            self.kanban.follow_query()

    def _tab_shown(self, index: int) -> None:
        """The current lead is the one the tab on screen highlights."""
        view: LeadPicker | None = None
        if self.tabs.widget(index) is self.leads:
            view = self.leads
        elif index == KANBAN_TAB and self.tabs.is_built(KANBAN_TAB):
            view = self.kanban
        self.current.follow(view)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._started:
            # Queued: runs once this paint, the lead table's included, is done.
            QTimer.singleShot(0, self._finish_start)

    def _finish_start(self) -> None:
        """What opening leaves until the window has painted: the filters'
        lists (read from the whole table) and the count of all leads. A
        window closed meanwhile needs neither."""
        if self._started or not self.isVisible():
            return
        self._started = True
        if not (self.isMaximized() or self.isFullScreen()):
            fit_on_screen(self)  # now that the frame around it is known
        self.leads.reload_options()
        self._count_total()

    def switch_database(self, database: Database) -> None:
        """Shows ``database`` in this window in place of the open one. The
        old database is closed once the work still reading it is done."""
        self.save_settings()
        self._finish_start()
        for window in list(self._lead_windows):
            window.close()
        old = self.workspace
        for timer in old.findChildren(QTimer):
            timer.stop()  # no more polling of the old server
        for signal in (old.changed, old.failed, self.leads.count_changed):
            signal.disconnect()
        self.undo_group.removeStack(old.undo_stack)
        if self._total_task is not None:
            self._total_task.setParent(old)  # a count still running keeps it open
        self._retired.add(self.database, [old, *self.tabs.take_pages()])
        self._total = None
        self._shown = (0, True)
        self.message.hide()
        self.mine_action.setChecked(False)
        self.current.follow(None)  # a lead of the old database is no lead here
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._attach(database)
        self.leads.table.addAction(self.delete_action)
        self._restore_leads_settings()
        self._update_page()
        self.leads.reload_options()
        self.leads.apply()

    def close_databases(self) -> None:
        """Closes the database shown and any shown before (at exit)."""
        self._retired.close_all()
        self.database.close()

    # Actions, menus, toolbar.

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        keys: Key | Sequence[Key] = (),
        name: str = "",
    ) -> QAction:
        action = QAction(icon(name) if name else icon(""), text, self)
        if isinstance(keys, str | QKeySequence.StandardKey):
            keys = [keys]  # one key, not a string of one-letter keys
        action.setShortcuts(key_sequences(*keys))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(
            self.tr("&New lead…"), self.new_lead, [QKeySequence.StandardKey.New], "list-add"
        )
        self.import_action = self._action(
            self.tr("&Import…"), lambda: self.import_file(), (), "document-import"
        )
        self.import_action.setToolTip(self.empty.import_file.toolTip())
        self.history_action = self._action(self.tr("Import &history…"), self.import_history)
        self.export_action = self._action(self.tr("&Export…"), self.export, (), "document-export")
        self.demo_action = self._action(self.tr("Load &demo data"), self.load_demo)
        self.team_action = self._action(
            self.tr("Connect to a &team database…"), self.connect_team_database
        )
        # Ctrl+Q where the platform has no Quit key (Windows, for one).
        self.quit_action = self._action(
            self.tr("&Quit"), self.close, [QKeySequence.StandardKey.Quit, "Ctrl+Q"]
        )
        # The toolbar shows the short label (iconText) and keeps its width;
        # what would be undone or redone is in the tooltip and the Edit menu.
        # Undo asks first where the step asks to (reverting an import).
        self.undo_action = undo_action(self.undo_group, self)
        self.undo_action.setIconText(self.tr("Undo"))
        self.undo_action.setIcon(icon("edit-undo"))
        self.undo_action.setShortcuts(key_sequences(QKeySequence.StandardKey.Undo))
        self.redo_action = self.undo_group.createRedoAction(self, self.tr("Redo"))
        self.redo_action.setIconText(self.tr("Redo"))
        self.redo_action.setIcon(icon("edit-redo"))
        # Both common redo keys on every platform, the platform's own first.
        self.redo_action.setShortcuts(
            key_sequences(QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z", "Ctrl+Y")
        )
        self.find_action = self._action(
            self.tr("&Find a lead"), self.focus_search, ["Ctrl+K"], "edit-find"
        )
        self.call_action = self._action(
            self.tr("&Call mode"), self.call_mode, ["Ctrl+L"], "call-start"
        )
        self.log_action = self._action(
            self.tr("&Log activity…"), lambda: self.lead_actions.log_activity()
        )
        # Del alone: some desktops bind the standard Delete to Ctrl+D as well.
        self.delete_action = self._action(
            self.tr("&Delete"), lambda: self.lead_actions.delete(), ["Del"]
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.leads.table.addAction(self.delete_action)
        self.about_action = self._action(self.tr("&About LeadDesk"), self.about)
        self.preferences_action = self._action(
            self.tr("&Preferences…"), lambda: self.preferences(), "Ctrl+,"
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        file.addActions([self.new_action, self.import_action, self.history_action])
        file.addActions([self.export_action, self.demo_action])
        file.addSeparator()
        file.addAction(self.team_action)
        self.mine_action = self._action(
            self.tr("&My leads only"), lambda: self.show_my_leads(self.mine_action.isChecked())
        )
        self.mine_action.setCheckable(True)
        file.addSeparator()
        file.addAction(self.quit_action)
        edit = bar.addMenu(self.tr("&Edit"))
        edit.addActions([self.undo_action, self.redo_action])
        edit.addSeparator()
        edit.addAction(self.find_action)
        edit.addSeparator()
        edit.addAction(self.preferences_action)
        view = bar.addMenu(self.tr("&View"))
        self.columns_menu = view.addMenu(self.tr("&Columns"))
        view.addAction(self.mine_action)
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        lead = bar.addMenu(self.tr("&Lead"))
        lead.addActions([self.call_action, self.log_action])
        lead.addSeparator()
        self.lead_menu = lead
        lead.aboutToShow.connect(self._fill_lead_menu)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

    def _fill_columns_menu(self) -> None:
        self.columns_menu.clear()
        self.columns_menu.addActions(self.leads.column_actions(self.columns_menu))

    def _fill_lead_menu(self) -> None:
        self.lead_menu.clear()
        self.lead_actions.fill_menu(
            self.lead_menu, [self.call_action, self.log_action], self.delete_action
        )

    def _lead_menu_at(self, position: QPoint) -> None:
        """The context menu of the table and the kanban: what the Lead
        menu offers, for the leads just clicked."""
        menu = QMenu(self)
        self.lead_actions.fill_menu(menu, [self.call_action, self.log_action], self.delete_action)
        menu.exec(position)
        menu.deleteLater()

    def _show_current(self) -> None:
        """Names the current lead where an action shows what it acts on."""
        name = self.current.describe() if self.current.id is not None else ""
        call = (
            self.tr("Call %1 (Ctrl+L)").replace("%1", name)
            if name
            else self.tr("Qualify and log a call from the keyboard (Ctrl+L): select a lead first")
        )
        self.call_action.setToolTip(call)
        self.call_action.setStatusTip(call)

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.new_action)
        toolbar.addAction(self.call_action)
        toolbar.addAction(self.import_action)
        toolbar.addSeparator()
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.search)

    # Search and counts.

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.leads)
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _run_search(self) -> None:
        self._search_timer.stop()
        if self.search.text() != self.leads.search:
            self.leads.set_search(self.search.text())

    def _enter_results(self) -> None:
        """Enter or Down in the search field: the search now, then into
        its results on the tab shown, the first one highlighted (Enter
        there opens it)."""
        self._run_search()
        if self.tabs.currentIndex() == KANBAN_TAB:
            self.kanban.follow_query()
            self.kanban.cards.enter()
        else:
            self.tabs.setCurrentWidget(self.leads)
            self.leads.enter_results()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
        ):
            self._enter_results()
            return True
        return super().eventFilter(watched, event)

    def _count_changed(self, count: int, exact: bool) -> None:
        self._shown = (count, exact)
        self._show_count()

    def _show_count(self) -> None:
        count, exact = self._shown
        shown = f"{count:,}" + ("" if exact else "+")
        query = self.leads.model.query
        total = self._total
        if query.trash:
            text = self.tr("%1 in the trash").replace("%1", shown)
        elif total is not None and query.is_filtered():
            text = self.tr("%1 of %2 leads").replace("%1", shown).replace("%2", f"{total:,}")
        else:
            text = self.tr("%n lead(s)", "", count).replace(str(count), shown, 1)
        if query.search.strip():
            text += " · " + self.tr("search: %1").replace(
                "%1", f"<b>“{escape(query.search.strip())}”</b>"
            )
        self.count_label.setText(text)

    def _count_total(self) -> None:
        database = self.database

        def count(progress: Progress) -> int:
            with database.read() as session:
                return count_leads(session, LeadQuery())

        def done(total: object) -> None:
            if not isValid(self) or database is not self.database:
                return  # closed, or counted a database this window no longer shows
            self._total = int(total) if isinstance(total, int) else None
            self._show_count()

        # Not the window's child: the count may end after the window is gone.
        self._total_task = run_in_background(count, on_done=done)

    def _data_changed(self, _ids: object) -> None:
        self._update_page()

    def _update_page(self) -> None:
        has_leads = self.workspace.read(any_leads)
        self.pages.setCurrentWidget(self.tabs if has_leads else self.empty)
        if self._started:
            self._count_total()

    # Commands.

    def new_lead(self) -> None:
        dialog = NewLeadDialog(self)
        if run_modal(dialog) != QDialog.DialogCode.Accepted:
            return
        lead = dialog.lead()
        if not lead.owner:
            lead = replace(lead, owner=owner_of_new_leads(self.settings, self.database))
        lead_id = self.workspace.create_lead(lead)
        if lead_id is not None:
            self.pages.setCurrentWidget(self.tabs)
            self.tabs.setCurrentWidget(self.leads)
            if self.leads.select_lead(lead_id):
                self.leads.detail.first_name.setFocus()
            else:  # the search or filters leave it out of the table
                self.open_lead_window(lead_id)

    def call_mode(self) -> None:
        """Call mode on the current lead."""
        self.lead_actions.call()

    def _call(self, lead_id: int) -> None:
        try:
            lead = self.workspace.lead(lead_id)
        except store.LeadNotFound:
            self.show_error(self.tr("That lead no longer exists."))
            return
        self._open_call(lead)

    def call_lead(self, detail: LeadDetail) -> None:
        """Call mode on the lead a lead's own window shows."""
        if detail.lead is not None and detail.lead.id is not None:
            self._open_call(detail.lead)

    def _open_call(self, lead: Lead) -> None:
        lead_id = lead.id or 0
        recent = self.workspace.read(lambda s: store.activities(s, lead_id, limit=3))
        from leaddesk.ui.call_mode import CallDialog

        dialog = CallDialog(self.workspace, lead, recent, self)
        run_modal(dialog)

    def load_demo(self) -> None:
        if self._demo_task is not None and self._demo_task.running:
            return
        from leaddesk.store.demo import load_demo

        self.demo_action.setEnabled(False)
        self.empty.demo.setEnabled(False)
        self.statusBar().showMessage(
            self.tr("Adding %1 demo leads…").replace("%1", str(DEMO_COUNT))
        )

        def work(progress: Progress) -> int:
            return load_demo(self.database, DEMO_COUNT, seed=1, workers=1, progress=progress)

        def finished() -> None:
            self.demo_action.setEnabled(True)
            self.empty.demo.setEnabled(True)

        def done(count: object) -> None:
            finished()
            self.statusBar().showMessage(
                self.tr("Added %1 demo leads.").replace("%1", str(count)), 5000
            )
            self.workspace.changed.emit(None)

        def failed(error: BaseException, _details: str) -> None:
            finished()
            self.show_error(self.tr("Demo data could not be added: %1").replace("%1", str(error)))

        self._demo_task = run_in_background(work, on_done=done, on_error=failed, parent=self)

    def open_lead_window(self, lead_id: int) -> None:
        window = QDialog(self)
        window.setWindowTitle(self.tr("Lead"))
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(window)
        detail = LeadDetail(self.workspace, window)
        detail.call_requested.connect(lambda: self.call_lead(detail))
        # Undo, redo and call mode work from the lead's own window too.
        window.addActions([self.undo_action, self.redo_action])
        call = QAction(window)
        call.setShortcut(QKeySequence("Ctrl+L"))
        call.triggered.connect(lambda: self.call_lead(detail))
        window.addAction(call)
        layout.addWidget(detail)
        detail.show_lead(lead_id)
        if detail.lead:
            window.setWindowTitle(detail.lead.display_name)
        window.resize(self.fontMetrics().averageCharWidth() * 80, int(self.height() * 0.85))
        self._lead_windows.append(window)
        window.destroyed.connect(lambda: self._lead_windows.remove(window))
        window.show()

    def import_file(self, path: Path | None = None) -> None:
        from leaddesk.ui import import_wizard

        import_wizard.open_import_wizard(self, path)

    def import_history(self) -> None:
        from leaddesk.ui import import_wizard

        import_wizard.open_import_history(self)

    def preferences(self, page: str = "") -> None:
        from leaddesk.ui.preferences.dialog import open_preferences

        open_preferences(self.workspace, self.settings, self, page)

    def export(self) -> None:
        from leaddesk.ui.export_dialog import open_export_dialog

        open_export_dialog(self)

    def connect_team_database(self) -> None:
        """Asks for a team database and switches this window to it."""
        from leaddesk.ui.team_dialog import ask_for_team_database

        database = ask_for_team_database(self, self.settings)
        if database is not None:
            self.switch_database(database)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from leaddesk.ui import import_wizard

        import_wizard.accept_drag(event)

    def dropEvent(self, event: QDropEvent) -> None:
        from leaddesk.ui import import_wizard

        import_wizard.drop(self, event)

    def show_my_leads(self, mine: bool) -> None:
        """The owner filter set to whoever is working (the team database's
        user, or the login name on a laptop)."""
        self._finish_start()  # the owners' list is read after the first paint
        user = self.workspace.database.user
        owners = self.leads.filters.owner
        owners.select([user] if mine else [])
        if mine and not owners.selected():
            self.mine_action.setChecked(False)
            self.show_error(self.tr("No lead has %1 as its owner yet.").replace("%1", user))

    def show_error(self, text: str) -> None:
        self.message.show_message(text)

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About LeadDesk"),
            self.tr("<b>LeadDesk %1</b><p>An offline lead manager.</p><p>Database: %2</p>")
            .replace("%1", __version__)
            .replace("%2", escape(self.database.display_name)),
        )

    # Settings.

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(FIRST_SIZE)
        if not (self.isMaximized() or self.isFullScreen()):
            fit_on_screen(self)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self._restore_leads_settings()

    def _restore_leads_settings(self) -> None:
        splitter = self.settings.value("leads/splitter")
        if isinstance(splitter, QByteArray):
            self.leads.splitter.restoreState(splitter)
        else:
            width = self.width()
            self.leads.splitter.setSizes([int(width * 0.62), int(width * 0.38)])
        header = self.settings.value("leads/columns")
        if isinstance(header, QByteArray):
            self.leads.table.horizontalHeader().restoreState(header)

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("leads/splitter", self.leads.splitter.saveState())
        if self.leads.columns_laid_out:  # widths fitted to no lead are not kept
            self.settings.setValue("leads/columns", self.leads.table.horizontalHeader().saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        super().closeEvent(event)
