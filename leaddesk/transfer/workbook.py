"""Reading .xlsx, .xls and .ods workbooks with python-calamine.

calamine reads sheets many times faster than openpyxl and never evaluates
formulas (it reads the values the file stored). Archives are checked by
:mod:`leaddesk.transfer.limits` before calamine opens them. Cells become
text the way a person reads them: a phone number stored as a number stays
``4155552671`` (not ``4155552671.0``), dates become ISO dates. A cell
merged over several rows (a company beside each of its contacts) gives
its value to every row it covers.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from leaddesk.transfer.limits import MAX_ROWS, check_archive, raise_unreadable
from leaddesk.transfer.merged import Merges, merged_ranges
from leaddesk.transfer.odsparts import readable_copy
from leaddesk.transfer.table import (
    HEADER_SCAN,
    Row,
    Table,
    checked,
    locate_header,
    padded,
    rows_below,
    without_footer,
)


def read_workbook(
    path: Path, kind: str, recognised: Callable[[str], bool], sheet: str | None = None
) -> Table:
    """The table of ``sheet`` (by name, case-insensitive), by default the
    first sheet with data. ``kind`` is "xlsx", "xls" or "ods"."""
    label = {"xlsx": "Excel", "xls": "Excel 97", "ods": "OpenDocument"}[kind]
    if kind != "xls":
        check_archive(path, label)
    from python_calamine import CalamineWorkbook

    with readable_copy(path, kind) as source:
        try:
            workbook = CalamineWorkbook.from_path(str(source))
            names = list(workbook.sheet_names)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # calamine's errors, and a Rust panic (a BaseException) on damage
            raise_unreadable(
                f"{path.name} is not a valid {label} file (it is damaged or protected)."
            )
        try:
            # The sheet read is held in memory: the file (or its copy) is let go.
            return _read(path, source, workbook, names, kind, recognised, sheet)
        finally:
            workbook.close()


def _read(
    path: Path,
    source: Path,
    workbook: Any,
    names: list[str],
    kind: str,
    recognised: Callable[[str], bool],
    sheet: str | None,
) -> Table:
    if not names:
        raise_unreadable(f"{path.name} has no sheets.")
    if sheet is not None:
        wanted = [n for n in names if n.casefold() == sheet.strip().casefold()]
        if not wanted:
            raise_unreadable(
                f"{path.name} has no sheet named “{sheet}”; its sheets are "
                + ", ".join(f"“{n}”" for n in names)
                + "."
            )
        candidates = wanted
    else:
        candidates = names
    for name in candidates:
        try:
            data = workbook.get_sheet_by_name(name)
            height, width = data.height, data.width
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:
            raise_unreadable(f"The sheet “{name}” of {path.name} is damaged and cannot be read.")
        if height > MAX_ROWS:
            raise_unreadable(
                f"The sheet “{name}” of {path.name} has more than {MAX_ROWS:,} rows; "
                "split it into smaller files."
            )
        if height == 0 or width == 0:
            continue
        merges = merged_ranges(data, source, kind, name)
        rows = _numbered(data.iter_rows(), path.name, name, merges)
        first = list(itertools.islice(rows, HEADER_SCAN))
        header = locate_header(first, recognised)
        if header is None:
            continue
        if not rows_below(first, header.index):
            if sheet is not None:
                raise_unreadable(
                    f"The sheet “{name}” of {path.name} has a header row but no leads below it."
                )
            continue
        width = len(header.headers)
        table = Table(
            name=path.name,
            kind=kind,
            headers=[h.strip() for h in header.headers],
            header_row=header.row,
            rows=iter(()),
            total=max(0, height - 1),
            sheet=name,
            sheets=names,
            skipped_lines=header.preamble(first),
            notes=header.note(path.name),
            headerless=header.headerless,
            samples=[padded(cells, width) for _, cells in header.data(first)],
        )
        rest = ((n, padded(cells, width)) for n, cells in itertools.chain(header.data(first), rows))
        table.rows = checked(without_footer(rest, table.skipped_lines), path.name)
        return table
    if sheet is not None:
        raise_unreadable(f"The sheet “{candidates[0]}” of {path.name} is empty.")
    raise_unreadable(f"{path.name} has no rows to import.")


def _numbered(
    rows: Iterator[list[Any]], name: str, sheet: str, merges: Merges | None
) -> Iterator[Row]:
    # calamine's rows start at the sheet's first row, so the count is the
    # row number the user sees.
    try:
        for number, cells in enumerate(rows, start=1):
            text = [cell if type(cell) is str else cell_text(cell) for cell in cells]
            if merges is not None:
                merges.fill(number, text)
            yield number, text
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException:
        raise_unreadable(f"The sheet “{sheet}” of {name} is damaged and cannot be read.")


def cell_text(value: Any) -> str:
    """A cell as the text a person would type for it."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e17:
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return "" if value is None else str(value)
