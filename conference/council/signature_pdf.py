"""The printable signature list of a council meeting (PDF, A4 landscape).

One table per seat group: seat, organisation, member, deputy, RSVP answer and an empty box to sign
in. Header rows repeat on every page a table runs onto; every page says "Page x of y" in the
language of the person who printed it.

Names print as typed in Latin, Greek and Cyrillic script (Şahin, Łukasz, Ольга, Σωκράτης), Hebrew, Arabic,
Chinese, Japanese and Korean: the embedded DejaVu Sans and Droid Sans Fallback have them; what neither has
prints as "?" (see :func:`conference.pdf.printable`).
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from itertools import groupby

from flask_babel import gettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from conference.council.attendance import CheckinRow
from conference.date_formats import format_date, format_time
from conference.editions.models import Edition
from conference.editions.services import local
from conference.pdf import BOLD, FONT, numbered_canvas, paragraph, pdf_metadata

PAGE = landscape(A4)
MARGIN = 12 * mm
# Widths in mm of seat, organisation, member, deputy, RSVP and signature (273 mm between the margins).
COLUMNS = (48, 50, 42, 42, 31, 60)
SIGNATURE_HEIGHT = 13 * mm  # room for a signature in every row

def _styles():
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=16, leading=20, spaceAfter=2 * mm),
        "meta": ParagraphStyle("meta", fontName=FONT, fontSize=10, leading=13),
        "group": ParagraphStyle("group", fontName=BOLD, fontSize=12, leading=15),
        "head": ParagraphStyle("head", fontName=BOLD, fontSize=8.5, leading=10.5, textColor=colors.white),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=11),
        "footer": ParagraphStyle("footer", fontName=FONT, fontSize=8, alignment=TA_RIGHT),
    }


def _place(edition: Edition) -> str:
    parts = []
    for venue in edition.venues:
        rooms = ", ".join(room.name for room in venue.rooms)
        parts.append(", ".join(p for p in (venue.name, rooms, venue.address) if p))
    return "; ".join(parts)


def _person(membership) -> str:
    return membership.person.name if membership is not None else gettext("(vacant)")


def _rsvp(row: CheckinRow) -> str:
    return str(row.rsvp.label) if row.rsvp is not None else gettext("Not invited")


def _group_table(group_name: str, rows: Sequence[CheckinRow], styles) -> Table:
    """The group's seats under two header rows, the group's name and the column heads; both repeat
    on every page the table runs onto (and the name never stays behind alone at a page's foot)."""
    head = [gettext("Seat"), gettext("Organisation"), gettext("Member"), gettext("Deputy"),
            gettext("RSVP answer"), gettext("Signature")]
    data = [[paragraph(group_name, styles["group"])] + [""] * (len(head) - 1),
            [paragraph(text, styles["head"]) for text in head]]
    for row in rows:
        cells = (row.seat.label, row.seat.organisation.name, _person(row.member), _person(row.deputy), _rsvp(row))
        data.append([paragraph(text, styles["cell"]) for text in cells] + [Spacer(1, SIGNATURE_HEIGHT)])
    table = Table(data, colWidths=[w * mm for w in COLUMNS], repeatRows=2, spaceBefore=5 * mm)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT),  # for plain-string cells; reportlab's default is Helvetica
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 1), (-1, 1), colors.HexColor("#0f2c5c")),
        ("GRID", (0, 1), (-1, -1), 0.5, colors.HexColor("#404565")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def signature_list_pdf(edition: Edition, rows: Sequence[CheckinRow]) -> bytes:
    """The signature list of ``edition`` for ``rows`` (active seats in group order) as PDF bytes."""
    styles = _styles()
    starts, ends = local(edition.starts_at), local(edition.ends_at)
    title = gettext("Signature list")
    when = f"{format_date(starts, 'full')}, {format_time(starts, 'HH:mm')}–{format_time(ends, 'HH:mm')}"
    story = [
        paragraph(f"{title}: {edition.title}", styles["title"]),
        paragraph(gettext("No. %(n)d", n=edition.number), styles["meta"]),
        paragraph(when, styles["meta"]),
    ]
    place = _place(edition)
    if place:
        story.append(paragraph(place, styles["meta"]))
    if not rows:
        story.append(paragraph(gettext("There are no active seats."), styles["meta"]))
    for group, group_rows in groupby(rows, key=lambda row: row.seat.group):
        story.append(_group_table(group.name, list(group_rows), styles))

    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
        title=pdf_metadata(f"{title}: {edition.title}"), author="", subject=pdf_metadata(when), creator="conference")
    document.build(story, canvasmaker=numbered_canvas(
        f"{edition.title} · {format_date(starts, 'short')}", page_width=PAGE[0], margin=MARGIN))
    return buffer.getvalue()
