"""The ``leaddesk`` command line: a stable contract that users and tests
script against (see docs/design.md).

Exit status: 0 on success, 2 for wrong usage, 1 when the input cannot be
used (with one clear line on stderr and the database untouched); 130 after
Ctrl-C and 143 after SIGTERM, with one line saying whether anything was
saved before (see docs/faults.md); 141 when the program reading the output
went away (``leaddesk leads | head``), quietly.

Heavy modules (SQLAlchemy, PySide6) are imported only by the commands that
need them, so ``leaddesk --version`` answers at once.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from leaddesk import __version__, interrupts

if TYPE_CHECKING:
    from leaddesk.store.database import Database

EXIT_OK, EXIT_UNUSABLE, EXIT_USAGE = 0, 1, 2
EXIT_READER_GONE = 128 + 13  # as a program stopped by SIGPIPE

STAGES = ("new", "mql", "sal", "sql", "customer", "disqualified")

QT_OPTIONS = frozenset(
    {
        "platform", "platformpluginpath", "platformtheme", "plugin", "qwindowgeometry",
        "qwindowicon", "qwindowtitle", "session", "style", "stylesheet", "qmljsdebugger",
        "display", "geometry", "name", "title", "visual",
    }
)  # fmt: skip
"""Qt's own command-line options that take a value: those of
QGuiApplication, QApplication and the X11 platform, as Qt's documentation
lists them."""
QT_SWITCHES = frozenset({"reverse", "widgetcount", "nograb", "dograb", "sync"})
"""Qt's own command-line options without a value."""
TEMPERATURES = ("hot", "warm", "cold")


class UsageError(Exception):
    """Wrong usage found after parsing (exit 2)."""


class Unusable(Exception):
    """The input cannot be used (exit 1); the message is one sentence."""


class ProgressLine:
    """ "Importing: 4,000 of 10,000" on stderr, rewritten in place; ended
    (a newline) before anything else is written there."""

    shown: ProgressLine | None = None

    def __init__(self, label: str) -> None:
        self.label = label

    def __call__(self, done: int, total: int) -> None:
        self.show(f"{self.label}: {done:,} of {total:,}")

    def show(self, text: str) -> None:
        # Marked first: a Ctrl-C the moment the line is out must still end it.
        ProgressLine.shown = self
        sys.stderr.write(f"\r{text}")
        sys.stderr.flush()

    def end(self) -> None:
        if ProgressLine.shown is not None:
            ProgressLine.shown = None
            sys.stderr.write("\n")
            sys.stderr.flush()


def say(message: str) -> None:
    """One line on stderr, after ending a progress line."""
    if ProgressLine.shown is not None:
        ProgressLine.shown.end()
    print(f"leaddesk: {message}", file=sys.stderr)


_opened: list[Database] = []
"""The databases this command opened: whether it saved anything."""


def _db_option(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=default,
        help="database file or SQLAlchemy URL (default: $LEADDESK_DB, else leads.db "
        "in the user data folder)",
    )


def _filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stage", action="append", choices=STAGES, default=[], help="keep this stage (repeatable)"
    )
    parser.add_argument(
        "--temperature",
        action="append",
        choices=TEMPERATURES,
        default=[],
        help="keep this temperature (repeatable)",
    )
    parser.add_argument("--search", default="", metavar="TEXT", help="search as in the window")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leaddesk",
        description="An offline lead manager. Without a command, opens the window.",
        epilog="Opening the window, Qt's own options are taken too: -style NAME, "
        "-platform NAME, -reverse, -stylesheet FILE and the others Qt programs accept.",
    )
    parser.add_argument("--version", action="version", version=f"LeadDesk {__version__}")
    _db_option(parser, None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    leads = commands.add_parser("leads", help="list leads")
    _db_option(leads, argparse.SUPPRESS)
    _filter_options(leads)
    leads.add_argument(
        "--limit", type=_positive, default=100, metavar="N", help="at most N leads (default 100)"
    )
    leads.add_argument("--json", action="store_true", help="print JSON")
    leads.set_defaults(run=_cmd_leads)

    _import_parser(commands)
    export = commands.add_parser(
        "export",
        help="export leads to a spreadsheet",
        description="Exports leads to FILE; the format follows the extension: .xlsx or .csv.",
    )
    export.add_argument("file", metavar="FILE", help="the file to write (.xlsx or .csv)")
    _db_option(export, argparse.SUPPRESS)
    _filter_options(export)
    export.add_argument(
        "--csv-dialect",
        choices=("comma", "semicolon"),
        default="comma",
        help="for .csv: values separated by commas (default), or by semicolons with decimal "
        "commas, as spreadsheet programs expect in locales that write 1,5",
    )
    export.set_defaults(run=_cmd_export)

    demo = commands.add_parser("demo", help="add realistic demo leads")
    _db_option(demo, argparse.SUPPRESS)
    demo.add_argument(
        "--count", type=_positive, default=500, metavar="N", help="how many (default 500)"
    )
    demo.add_argument(
        "--seed", type=int, default=1, metavar="N", help="same seed, same leads (default 1)"
    )
    demo.set_defaults(
        run=_cmd_demo, saved="the demo leads were added", unchanged="No demo leads were added."
    )

    copy = commands.add_parser(
        "copy-db",
        help="copy a whole database to another one (SQLite file <-> PostgreSQL server)",
        description="Copies every lead, history, activity and import record from one database "
        "to another, which must have no leads yet; in one transaction, counts checked.",
    )
    copy.add_argument("--from", dest="source", required=True, metavar="PATH_OR_URL")
    copy.add_argument("--to", dest="target", required=True, metavar="PATH_OR_URL")
    copy.set_defaults(run=_cmd_copy_db, saved="the copy was saved")
    return parser


def _import_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "import",
        help="import leads from a spreadsheet or vCard file",
        description=(
            "Imports leads from FILE (.csv, .xlsx, .xls, .ods or .vcf). Columns are matched to "
            "lead fields by their headers; columns that match none are kept as custom fields. "
            "Every import is recorded and can be undone with --revert."
        ),
    )
    parser.add_argument("file", nargs="?", metavar="FILE", help="the file to import")
    _db_option(parser, argparse.SUPPRESS)
    parser.add_argument(
        "--sheet", metavar="NAME", help="the sheet to read (default: the first with data)"
    )
    parser.add_argument(
        "--region",
        metavar="CC",
        help="country for phone numbers written without a country code, e.g. FR "
        "(default: the database's setting, else your locale)",
    )
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="the encoding of a CSV or vCard file, e.g. cp1251 or utf-16 (default: found "
        "from the file; a guess is named on stderr)",
    )
    parser.add_argument(
        "--on-duplicate",
        choices=("skip", "merge", "create", "update"),
        default="merge",
        help="what to do with a row that repeats a lead (same email, same phone, or a very "
        "similar name at the same company): merge fills the lead's empty fields and keeps both "
        "notes (default), skip leaves it, create adds it anyway; update writes each row of a "
        "LeadDesk export over the lead its Lead ID names (other rows merge)",
    )
    parser.add_argument(
        "--possible-duplicates",
        choices=("keep", "merge"),
        default="keep",
        help="what to do with a row that may repeat a lead, not surely (a name a letter "
        "apart, a nickname or an initial at the same company, the same but for an email that is "
        "not valid, or only a phone number in common): "
        "keep makes it a lead of its own (default), merge treats it as a duplicate "
        "(--on-duplicate says how); the report lists every one with its row number",
    )
    parser.add_argument(
        "--merge-rows",
        metavar="ROWS",
        type=_rows,
        default=frozenset(),
        help="possible duplicates to treat as duplicates, by row number: 7,12-15 (the others "
        "follow --possible-duplicates; a dry run lists them)",
    )
    parser.add_argument(
        "--keep-rows",
        metavar="ROWS",
        type=_rows,
        default=frozenset(),
        help="possible duplicates to keep as leads of their own, by row number",
    )
    parser.add_argument("--dry-run", action="store_true", help="do everything but save")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--revert",
        metavar="BATCH",
        type=_positive,
        help="undo import number BATCH: its new leads go to the trash, merged leads get "
        "their earlier values back",
    )
    parser.add_argument(
        "--list", action="store_true", help="list earlier imports with their numbers"
    )
    parser.add_argument(
        "--report", metavar="BATCH", type=_positive, help="print the full report of import BATCH"
    )
    parser.set_defaults(
        run=_cmd_import,
        saved="the import was saved (leaddesk import --list shows it; --revert undoes it)",
    )


def _rows(text: str) -> frozenset[int]:
    """ "7,12-15" as row numbers."""
    rows: set[int] = set()
    for part in text.replace(" ", "").split(","):
        first, dash, last = part.partition("-")
        try:
            start, end = int(first), int(last if dash else first)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"not row numbers: {text!r} (write them like 7,12-15)"
            ) from None
        if start < 1 or end < start:
            raise argparse.ArgumentTypeError(f"not a range of rows: {part!r}")
        rows.update(range(start, end + 1))
    return frozenset(rows)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def split_qt_options(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """LeadDesk's arguments and Qt's own options (``-style Fusion``,
    ``-platform offscreen``, ``-reverse``…), which go to the window's
    QApplication. They are taken with one dash or two and the value after a
    space or an equals sign, and passed on in the form Qt reads: one dash,
    the value as the next argument (``-qmljsdebugger=`` excepted)."""
    ours: list[str] = []
    qt: list[str] = []
    position = 0
    while position < len(argv):
        arg = argv[position]
        position += 1
        if arg == "--":
            ours += argv[position - 1 :]
            break
        name, equals, value = arg.removeprefix("-").removeprefix("-").partition("=")
        if not arg.startswith("-") or arg.startswith("---"):
            ours.append(arg)
        elif name in QT_SWITCHES and not equals:
            qt.append(f"-{name}")
        elif name in QT_OPTIONS and (equals or position < len(argv)):
            if not equals:
                value = argv[position]
                position += 1
            if name == "qmljsdebugger":
                qt.append(f"-{name}={value}")
            else:
                qt += [f"-{name}", value]
        else:
            ours.append(arg)
    return ours, qt


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    ours, qt_options = split_qt_options(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(ours)
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is not None and qt_options:
        parser.error(f"{qt_options[0]} is an option of the window; give it without a command")
    _opened.clear()
    try:
        if run is None:
            return _open_window(args, qt_options)
        with interrupts.handled():
            try:
                status = run(args)
                sys.stdout.flush()  # here, where a closed pipe can be told apart
                return status
            finally:
                if ProgressLine.shown is not None:
                    ProgressLine.shown.end()
    except UsageError as error:
        parser.error(str(error))
    except Unusable as error:
        say(str(error))
        return EXIT_UNUSABLE
    except BrokenPipeError:
        return _reader_gone()
    except BaseException as error:
        if _interrupted(error):
            return _say_interrupted(args, error)
        sentence = _database_fault(args, error) or _worker_lost(args, error)
        if sentence is None:
            raise
        say(sentence)
        return EXIT_UNUSABLE
    finally:
        if "leaddesk.lifetime" in sys.modules:  # it started worker processes
            from leaddesk.lifetime import end_workers

            end_workers()


def _interrupted(error: BaseException) -> bool:
    """Whether a Ctrl-C or SIGTERM is behind ``error``: cut short in the
    middle of a statement, a session complains that its transaction was
    (PendingRollbackError), with the interruption as its context."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _say_interrupted(args: argparse.Namespace, error: BaseException) -> int:
    """One sentence that matches the database: a command stopped after its
    commit says what it had saved."""
    cause: BaseException | None = error
    while cause is not None and not isinstance(cause, KeyboardInterrupt):
        cause = cause.__cause__ or cause.__context__
    signum = cause.signum if isinstance(cause, interrupts.Interrupted) else signal.SIGINT
    how = "interrupted" if signum == signal.SIGINT else "stopped"
    if getattr(args, "run", None) is None:  # the window saves each change as it is made
        say(f"{how}.")
    elif any(database.saved for database in _opened):
        done = getattr(args, "saved", None) or "its changes were saved"
        say(f"{how} after {done}.")
    else:
        say(f"{how}; nothing was changed.")
    return 128 + signum


def _worker_lost(args: argparse.Namespace, error: BaseException) -> str | None:
    """The sentence for a worker process that died under the command (the
    system ran out of memory and chose it, another program killed it)."""
    if "concurrent.futures" not in sys.modules:
        return None
    from concurrent.futures.process import BrokenProcessPool

    if not isinstance(error, BrokenProcessPool):
        return None
    if any(database.saved for database in _opened):
        done = getattr(args, "saved", None) or "its changes were saved"
        return f"A worker process of LeadDesk was stopped from outside, after {done}."
    return (
        "A worker process of LeadDesk was stopped from outside (another program ended it, or "
        "the computer ran out of memory); nothing was changed."
    )


def _reader_gone() -> int:
    """The program reading our output went away (``| head``): stop quietly.
    Python would otherwise complain at exit, flushing into the closed pipe."""
    with suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_READER_GONE


def _database_fault(args: argparse.Namespace, error: BaseException) -> str | None:
    """The sentence for a database error no command caught (the one
    mapping, leaddesk.store.faults); None for anything else (a bug)."""
    if "sqlalchemy" not in sys.modules:
        return None
    from leaddesk.store.faults import DatabaseError, describe, driver_error

    if isinstance(error, DatabaseError):
        return str(error)
    if driver_error(error) is None:
        return None
    where = (
        _opened[-1].display_name if _opened else str(getattr(args, "db", None) or "the database")
    )
    unchanged = getattr(args, "unchanged", None)
    sentence = describe(error, where)
    if unchanged and not any(database.saved for database in _opened):
        sentence = f"{sentence} {unchanged}"
    return sentence


def _open_database(args: argparse.Namespace) -> Database:
    from leaddesk.store.database import Database, DatabaseError

    try:
        database = Database.open(args.db)
    except DatabaseError as error:
        raise Unusable(str(error)) from None
    _opened.append(database)
    if database.notice:  # e.g. search without its index on this server
        say(f"note: {database.notice}")
    return database


def _open_window(args: argparse.Namespace, qt_options: Sequence[str]) -> int:
    from leaddesk.app import run_app

    return run_app(args.db, qt_options)


def _query(args: argparse.Namespace) -> Any:
    from leaddesk.domain.bant import Temperature
    from leaddesk.domain.stages import Stage
    from leaddesk.store.queries import LeadQuery

    return LeadQuery(
        search=args.search,
        stages=tuple(Stage(s) for s in dict.fromkeys(args.stage)),
        temperatures=tuple(Temperature(t) for t in dict.fromkeys(args.temperature)),
    )


def _cmd_leads(args: argparse.Namespace) -> int:
    from leaddesk.store.queries import page_leads, tag_map

    database = _open_database(args)
    try:
        with database.read() as session:
            rows = page_leads(session, _query(args), limit=args.limit)
            tags = tag_map(session, [r.id for r in rows])
    finally:
        database.close()
    if args.json:
        json.dump(
            [lead_json(r, tags.get(r.id, [])) for r in rows],
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        sys.stdout.write("\n")
    else:
        _print_table(rows)
    return EXIT_OK


def lead_json(row: Any, tags: list[str]) -> dict[str, Any]:
    """The JSON shape of a lead in ``leaddesk leads --json``."""
    return {
        "id": row.id,
        "first_name": row.first_name,
        "last_name": row.last_name,
        "company": row.company,
        "title": row.title,
        "email": row.email,
        "phone": row.phone_e164 or row.phone,
        "source": row.source,
        "stage": str(row.stage),
        "temperature": str(row.temperature),
        "score": row.score,
        "bant": {
            "budget": row.budget,
            "authority": row.authority,
            "need": row.need,
            "timeframe": row.timeframe,
        },
        "tags": tags,
        "owner": row.owner,
        "needs_review": row.needs_review,
        "next_follow_up": row.next_follow_up.isoformat() if row.next_follow_up else None,
        "created_at": row.created_at.isoformat(timespec="seconds") + "Z",
    }


def _print_table(rows: Sequence[Any]) -> None:
    from leaddesk.domain.sources import source_label

    if not rows:
        print("No leads match.")
        return
    header = ("Name", "Company", "Stage", "Temp", "Score", "Email", "Phone", "Source")
    table = [header] + [
        (
            row.display_name,
            row.company,
            row.stage.label,
            row.temperature.label,
            str(row.score),
            row.email,
            row.phone_e164 or row.phone,
            source_label(row.source),
        )
        for row in rows
    ]
    widths = [min(32, max(len(r[i]) for r in table)) for i in range(len(header))]
    for line in table:
        print("  ".join(cell[:w].ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())


def _cmd_copy_db(args: argparse.Namespace) -> int:
    from leaddesk.store.copy import CopyError, copy_database
    from leaddesk.store.database import Database, DatabaseError

    line = ProgressLine("Copying")

    def progress(table: str, done: int, total: int) -> None:
        line.show(f"Copying {table}: {done:,} of {total:,}\x1b[K")

    try:
        source = Database.open(args.source)
        _opened.append(source)
        target = Database.open(args.target)
        _opened.append(target)
    except DatabaseError as error:
        for database in _opened:
            database.close()
        raise Unusable(str(error)) from None
    try:
        counts = copy_database(source, target, progress)
    except CopyError as error:
        raise Unusable(str(error)) from None
    finally:
        line.end()
        source.close()
        target.close()
    for table, count in counts.items():
        print(f"{table}: {count:,}")
    print(f"Copied {counts['leads']:,} leads to {target.display_name}; the counts match.")
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from leaddesk.store.demo import load_demo

    database = _open_database(args)
    progress = ProgressLine("Adding demo leads") if args.count >= 20_000 else None
    try:
        count = load_demo(database, args.count, seed=args.seed, progress=progress)
    except OSError as error:
        raise Unusable(
            f"The demo leads could not be written ({error.strerror or error}); none were added."
        ) from None
    finally:
        database.close()
    if progress:
        progress.end()
    print(f"Added {count:,} demo leads to {database.display_name}.")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from leaddesk.transfer import commands

    chosen = [bool(args.file), args.revert is not None, args.list, args.report is not None]
    if sum(chosen) != 1:
        raise UsageError("give one FILE to import, or one of --revert, --list, --report")
    if args.region is not None:
        from leaddesk.domain.contact import is_region

        if not is_region(args.region):
            raise UsageError(f"--region: not a country code LeadDesk knows: {args.region!r}")
    both = sorted(args.merge_rows & args.keep_rows)
    if both:
        raise UsageError(f"row {both[0]} is in both --merge-rows and --keep-rows")
    if args.encoding is not None:
        from leaddesk.transfer.encoding import known

        if not known(args.encoding):
            raise UsageError(f"--encoding: not an encoding LeadDesk knows: {args.encoding!r}")
    if args.revert is not None:
        args.saved = f"import {args.revert} was reverted"
    database = _open_database(args)
    try:
        if args.revert is not None:
            return commands.revert(database, args.revert, as_json=args.json)
        if args.list:
            return commands.list_imports(database, as_json=args.json)
        if args.report is not None:
            return commands.show_report(database, args.report)
        return commands.run_import(database, args, ProgressLine("Importing"))
    except commands.Failure as error:
        raise Unusable(str(error)) from None
    finally:
        database.close()


def _cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from leaddesk.transfer import commands

    path = Path(args.file)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise UsageError(
            f"the export format follows the extension: .xlsx or .csv, not {path.name!r}"
        )
    if args.csv_dialect != "comma" and path.suffix.lower() != ".csv":
        raise UsageError("--csv-dialect is for .csv files")
    database = _open_database(args)
    try:
        count = commands.run_export(
            database, path, _query(args), ProgressLine("Exporting"), args.csv_dialect
        )
    except commands.Failure as error:
        raise Unusable(str(error)) from None
    finally:
        database.close()
    print(f"Exported {count:,} {'lead' if count == 1 else 'leads'} to {path}.")
    return EXIT_OK
