"""The comparison as an XLSX workbook: one sheet per format, a row per question key and audience, and
for every edition with frozen results three columns (mean, top-2 share, n)."""

from __future__ import annotations

from flask_babel import gettext
from openpyxl import Workbook

from conference.editions.models import FORMAT_LABELS, EditionFormat
from conference.spreadsheets import defuse, workbook_bytes, write_sheet
from conference.surveys.comparison import Comparison
from conference.surveys.models import AUDIENCE_LABELS

INVALID_TITLE = str.maketrans({c: " " for c in "[]:*?/\\"})


def comparison_xlsx(comparison: Comparison, locale: str = "de") -> bytes:
    """The workbook of ``comparison`` (see the module docstring); shares as fractions with a percent
    format, blank where a key was not asked or its group was suppressed."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    formats = comparison.formats or [f.value for f in EditionFormat]
    for fmt in formats:
        editions = comparison.editions.get(fmt, [])
        sheet = workbook.create_sheet(str(FORMAT_LABELS.get(fmt, fmt)).translate(INVALID_TITLE)[:31])
        header = [gettext("Key"), gettext("Audience"), gettext("Question")]
        for ref in editions:
            header += [gettext("%(n)d: mean", n=ref.number), gettext("%(n)d: top-2 share", n=ref.number),
                       gettext("%(n)d: n", n=ref.number)]
        rows = []
        for series in comparison.of_format(fmt):
            points = {p.edition_id: p for p in series.points}
            audience = str(AUDIENCE_LABELS.get(series.audience, series.audience))
            row = [defuse(series.key), audience, defuse(series.text(locale))]
            for ref in editions:
                point = points.get(ref.edition_id)
                if point is None:
                    row += [None, None, None]
                    continue
                stats = point.has_statistics
                row += [point.question.get("mean") if stats else None,
                        point.question.get("top2_share") if stats else None, point.question.get("n")]
            rows.append(row)
        write_sheet(sheet, header, rows, freeze="D2")
        for row_number in range(2, len(rows) + 2):
            for index in range(len(editions)):
                sheet.cell(row=row_number, column=4 + 3 * index + 1).number_format = "0.0%"
    return workbook_bytes(workbook)
