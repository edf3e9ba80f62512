"""The offers of an edition as XLSX (openpyxl) and CSV: a header in row 1, then one row per offer.

Status and kind columns hold codes (``accepted``, ``workshop``) so that a sheet can be filtered; a
translated label stands beside them. Cells that a spreadsheet would read as a formula (=, +, -, @)
are written as text, so an offer's title can never run as a formula on an organiser's machine."""

from __future__ import annotations

from flask_babel import format_decimal, gettext
from openpyxl import Workbook

from conference import spreadsheets
from conference.spreadsheets import defuse
from conference.submissions.reviews import OfferScores


def header() -> list[str]:
    return [gettext("ID"), gettext("Title"), gettext("Partner institution"), gettext("Kind (code)"), gettext("Kind"),
            gettext("Status (code)"), gettext("Status"), gettext("Mean score"), gettext("Spread (SD)"),
            gettext("Reviews"), gettext("Reviews assigned"), gettext("Expected audience"), gettext("Target groups"),
            gettext("Topics"), gettext("Possible time slots"), gettext("Contact"), gettext("Contact e-mail"),
            gettext("Submitted at")]


def rows(offers, scores: dict[int, OfferScores], slot_label) -> list[list]:
    from conference.date_formats import format_datetime

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


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float):  # "4,38" in German: a spreadsheet reads "4.38" as a date or text there
        return format_decimal(value, format="0.##")
    return defuse(value)


def to_csv(table: list[list]) -> bytes:
    """UTF-8 with a byte order mark, semicolons and the language's decimal mark, as spreadsheet programs
    expect in Germany."""
    return spreadsheets.to_csv(header(), table, cell=_cell)


def to_xlsx(table: list[list], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31] or "Angebote"
    spreadsheets.write_sheet(sheet, header(), table)
    return spreadsheets.workbook_bytes(workbook)
