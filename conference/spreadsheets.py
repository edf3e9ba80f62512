"""CSV and XLSX as spreadsheet programs in Germany expect them, for every export.

- CSV: UTF-8 with a byte order mark (Excel reads the umlauts right), semicolons, CRLF.
- XLSX (openpyxl): a bold header row that stays in view and carries an auto-filter, dates as
  ``yyyy-mm-dd``.
- No cell ever runs as a formula: text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  gets a leading apostrophe in CSV (``defuse``), and XLSX cells that openpyxl would store as a formula are
  stored as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value):
    """Text a spreadsheet would read as a formula gets a leading apostrophe (formula injection)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def _csv_cell(value):
    return "" if value is None else defuse(value)


def to_csv(header: list[str], rows: Iterable[list], cell: Callable = _csv_cell) -> bytes:
    """The table as CSV bytes; ``cell`` turns each value into what is written (by default: ``None`` as
    empty, formulas defused)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_sheet(sheet, header: list[str], rows: Iterable[list], *, cell: Callable | None = None,
                freeze: str = "A2", auto_filter: bool = True) -> None:
    """Fill ``sheet``: the bold header, then the rows (each value through ``cell`` if given)."""
    sheet.append(header)
    for title in sheet[1]:
        title.font = Font(bold=True)
    for row in rows:
        sheet.append([cell(value) for value in row] if cell else row)
        for written in sheet[sheet.max_row]:
            if written.data_type == "f":  # openpyxl reads "=…" as a formula: keep it as the text it is
                written.data_type = "s"
            elif isinstance(written.value, datetime | date):
                written.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = freeze
    if auto_filter:
        sheet.auto_filter.ref = sheet.dimensions


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
