"""The lead database: SQLAlchemy models, opening and migrating a database,
reading and writing leads. No Qt.

Everything specific to one database engine (SQLite's FTS5 index, its
pragmas) stays behind :mod:`leaddesk.store.backend`, so the rest of the store
runs unchanged on PostgreSQL.
"""
