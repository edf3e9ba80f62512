"""The certificate of attendance (Teilnahmebescheinigung) as PDF, A4 portrait.

It names the person, the edition (title, theme, date, venues), lists the sessions attended with their
times and hours, the total, a note when booked sessions were missed, place and date, and a signature block
(the edition's signatory and role, the office). Its number (``<edition>-<registration>``) lets the office
verify it. Like the other PDFs it embeds DejaVu Sans (and Droid Sans Fallback for CJK), so names print as typed
in Latin, Greek and Cyrillic script, Hebrew and Arabic from right to left, and Chinese, Japanese and Korean (see
:func:`conference.pdf.printable`).
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

from flask import current_app
from flask_babel import force_locale, gettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from conference.certificates import rules
from conference.certificates.services import certificate_locale, certificate_number, hours_text, shortfall_text
from conference.database import utcnow
from conference.date_formats import format_date, format_time
from conference.editions.models import Edition
from conference.editions.services import local
from conference.pdf import BOLD, FONT, numbered_canvas, paragraph, pdf_metadata
from conference.registration.models import Registration

MARGIN = 22 * mm
WIDTH = A4[0] - 2 * MARGIN
INK, RULE, HEAD = colors.HexColor("#1b1b1b"), colors.HexColor("#404565"), colors.HexColor("#0f2c5c")
COLUMNS = (32, WIDTH / mm - 32 - 22, 22)  # time, session, hours (mm)



def _styles():
    return {
        "office": ParagraphStyle("office", fontName=FONT, fontSize=9, leading=12, textColor=RULE),
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=22, leading=27, spaceBefore=10 * mm,
                                spaceAfter=1 * mm),
        "number": ParagraphStyle("number", fontName=FONT, fontSize=9, leading=12, textColor=RULE,
                                 spaceAfter=8 * mm),
        "body": ParagraphStyle("body", fontName=FONT, fontSize=11, leading=15),
        "name": ParagraphStyle("name", fontName=BOLD, fontSize=16, leading=21, spaceBefore=3 * mm,
                               spaceAfter=3 * mm),
        "edition": ParagraphStyle("edition", fontName=BOLD, fontSize=12, leading=16, spaceBefore=2 * mm),
        "head": ParagraphStyle("head", fontName=BOLD, fontSize=9.5, leading=12, textColor=colors.white),
        "head_right": ParagraphStyle("head_right", fontName=BOLD, fontSize=9.5, leading=12, textColor=colors.white,
                                     alignment=TA_RIGHT),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=10, leading=13),
        "cell_right": ParagraphStyle("cell_right", fontName=FONT, fontSize=10, leading=13, alignment=TA_RIGHT),
        "total": ParagraphStyle("total", fontName=BOLD, fontSize=10, leading=13),
        "total_right": ParagraphStyle("total_right", fontName=BOLD, fontSize=10, leading=13, alignment=TA_RIGHT),
        "note": ParagraphStyle("note", fontName=FONT, fontSize=10, leading=13, spaceBefore=3 * mm),
        "small": ParagraphStyle("small", fontName=FONT, fontSize=8.5, leading=11, textColor=RULE),
    }


def _when(edition: Edition) -> str:
    starts, ends = local(edition.starts_at), local(edition.ends_at)
    if starts.date() == ends.date():
        return f"{format_date(starts, 'full')}, {format_time(starts, 'HH:mm')}–{format_time(ends, 'HH:mm')}"
    return f"{format_date(starts, 'full')} – {format_date(ends, 'full')}"


def _venues(edition: Edition) -> str:
    return ", ".join(venue.name for venue in edition.venues)


def _session_time(session: rules.BookedSession) -> str:
    if session.starts_at is None or session.ends_at is None:
        return "–"
    return f"{format_time(local(session.starts_at), 'HH:mm')}–{format_time(local(session.ends_at), 'HH:mm')}"


def _sessions_table(attendance: rules.Attendance, styles) -> Table:
    data = [[paragraph(gettext("Time"), styles["head"]), paragraph(gettext("Offer"), styles["head"]),
             paragraph(gettext("Hours"), styles["head_right"])]]
    for session in attendance.attended:
        data.append([paragraph(_session_time(session), styles["cell"]), paragraph(session.title, styles["cell"]),
                     paragraph(hours_text(session.hours), styles["cell_right"])])
    data.append(["", paragraph(gettext("Total"), styles["total"]),
                 paragraph(hours_text(attendance.attended_hours), styles["total_right"])])
    table = Table(data, colWidths=[w * mm for w in COLUMNS], repeatRows=1, hAlign="LEFT", spaceBefore=3 * mm)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT),  # for plain-string cells; reportlab's default is Helvetica
        ("BACKGROUND", (0, 0), (-1, 0), HEAD),
        ("LINEBELOW", (0, 1), (-1, -2), 0.4, RULE),
        ("LINEABOVE", (0, -1), (-1, -1), 1, INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _signature(edition: Edition, place_and_date: str, styles) -> KeepTogether:
    config = current_app.config
    office = f"{config['OFFICE_NAME']} {config['CITY_NAME']}"
    lines = [paragraph(place_and_date, styles["body"]), Spacer(1, 18 * mm),
             HRFlowable(width=75 * mm, thickness=0.6, color=INK, hAlign="LEFT", spaceAfter=1.5 * mm)]
    lines += [paragraph(text, styles["body"]) for text in (edition.certificate_signatory,
                                                     edition.certificate_signatory_role, office) if text]
    return KeepTogether([Spacer(1, 12 * mm), *lines])


def _story(registration: Registration, decision: rules.Decision, number: str, issued_on: date) -> list:
    styles = _styles()
    edition = registration.edition
    config = current_app.config
    attendance = decision.attendance
    story = [
        paragraph(f"{config['OFFICE_NAME']} {config['CITY_NAME']} · {config['SITE_NAME']}", styles["office"]),
        paragraph(gettext("Certificate of attendance"), styles["title"]),
        paragraph(gettext("No. %(number)s", number=number), styles["number"]),
        paragraph(gettext("This is to certify that"), styles["body"]),
        paragraph(registration.name, styles["name"]),
        paragraph(gettext("took part in the event"), styles["body"]),
        paragraph(edition.title, styles["edition"]),
    ]
    if edition.theme:
        story.append(paragraph(gettext("“%(theme)s”", theme=edition.theme), styles["body"]))
    story.append(paragraph(_when(edition), styles["body"]))
    venues = _venues(edition)
    if venues:
        story.append(paragraph(gettext("in %(city)s: %(venues)s", city=config["CITY_NAME"], venues=venues),
                               styles["body"]))
    story += [Spacer(1, 4 * mm), paragraph(gettext("and attended these sessions:"), styles["body"]),
              _sessions_table(attendance, styles)]
    note = shortfall_text(attendance)
    if note:
        story.append(paragraph(gettext("Note: %(note)s", note=note), styles["note"]))
    story.append(_signature(edition, f"{config['CITY_NAME']}, {format_date(issued_on, 'long')}", styles))
    story += [Spacer(1, 10 * mm), paragraph(gettext("The office can confirm this certificate by its number: %(email)s.",
                                             email=config["CONTACT_EMAIL"]), styles["small"])]
    return story


def certificate_pdf(registration: Registration, decision: rules.Decision, *, locale: str | None = None,
                    issued_on: date | None = None) -> bytes:
    """The certificate for ``registration`` (whose ``decision`` issues one) as PDF bytes, in ``locale``
    (default: :func:`certificate_locale`), dated ``issued_on`` (default: today)."""
    number = certificate_number(registration)
    with force_locale(locale or certificate_locale(registration)):
        issued_on = issued_on or local(utcnow()).date()
        title = gettext("Certificate of attendance")
        buffer = BytesIO()
        document = SimpleDocTemplate(
            buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
            title=pdf_metadata(f"{title} {number}"), author=pdf_metadata(current_app.config["OFFICE_NAME"]),
            subject=pdf_metadata(registration.edition.title), creator="conference")
        document.build(_story(registration, decision, number, issued_on), canvasmaker=numbered_canvas(
            f"{title} · {gettext('No. %(number)s', number=number)}", page_width=A4[0], margin=MARGIN))
    return buffer.getvalue()
