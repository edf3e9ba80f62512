"""The offers of an edition as XLSX (openpyxl) and CSV: a header in row 1, then one row per offer.

Status and kind columns hold codes (``accepted``, ``workshop``) so that a sheet can be filtered; a
translated label stands beside them. Cells that a spreadsheet would read as a formula (=, +, -, @)
are written as text, so an offer's title can never run as a formula on an organiser's machine."""

from __future__ import annotations

import csv
import io

from flask_babel import format_decimal, gettext
from openpyxl import Workbook
from openpyxl.styles import Font

from conference.submissions.reviews import OfferScores

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def header() -> list[str]:
    return [gettext("ID"), gettext("Title"), gettext("Partner institution"), gettext("Kind (code)"), gettext("Kind"),
            gettext("Status (code)"), gettext("Status"), gettext("Mean score"), gettext("Spread (SD)"),
            gettext("Reviews"), gettext("Reviews assigned"), gettext("Expected audience"), gettext("Target groups"),
            gettext("Topics"), gettext("Possible time slots"), gettext("Contact"), gettext("Contact e-mail"),
            gettext("Submitted at")]


def rows(offers, scores: dict[int, OfferScores], slot_label) -> list[list]:
    from flask_babel import format_datetime

    result = []
    for offer in offers:
        score = scores[offer.id]
        contact = offer.submitted_by
        result.append([
            offer.id, offer.title, offer.organisation.name, offer.kind.value, str(offer.kind.label),
            offer.status.value, str(offer.status.label),
            round(score.summary.mean, 2) if score.summary.mean is not None else None,
            round(score.summary.sd, 2) if score.summary.sd is not None else None,
            score.done, score.assigned, offer.expected_audience,
            ", ".join(offer.target_groups), ", ".join(offer.topics),
            "; ".join(slot_label(s) for s in offer.slots),
            contact.name if contact else "", contact.email if contact else "",
            format_datetime(offer.submitted_at, "yyyy-MM-dd HH:mm") if offer.submitted_at else "",
        ])
    return result


def _text_safe(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float):  # "4,38" in German: a spreadsheet reads "4.38" as a date or text there
        return format_decimal(value, format="0.##")
    return _text_safe(value)


def to_csv(table: list[list]) -> bytes:
    """UTF-8 with a byte order mark, semicolons and the language's decimal mark, as spreadsheet programs
    expect in Germany."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header())
    for row in table:
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: list[list], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31] or "Angebote"
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # openpyxl reads "=…" as a formula: keep it as the text it is
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
