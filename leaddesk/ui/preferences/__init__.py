"""Preferences (Edit ▸ Preferences…, Ctrl+,): a dialog of pages, each one
declaring the settings it holds and loading, checking and saving them.

A setting is either the database's (kept in it, so everyone on a team
database shares it: :mod:`leaddesk.store.settings`) or personal (this
user's, on this computer: QSettings); the dialog says which. A feature
adds a page by subclassing :class:`~leaddesk.ui.preferences.page.PreferencesPage`
and decorating it with :func:`~leaddesk.ui.preferences.page.register`.

The dialog is imported when first opened; :mod:`.personal` is all the
window needs at start.
"""
