"""The QR poster of a survey's open link, one per venue (PDF, A4 portrait, German).

The QR code is drawn as vector rectangles from segno's module matrix, so it prints sharp at any size.
It encodes the open link exactly: no venue or campaign parameter, because where a response came from
is not recorded. The venue's name is printed on the poster only, to tell posters apart when hanging
them. The link is also printed as text (and is clickable in the PDF) for those who cannot scan.
"""

from __future__ import annotations

from io import BytesIO

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from conference.pdf import BOLD, FONT, draw_string, pdf_metadata, printable, string_width

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
QR_SIZE = 130 * mm
# A short German call to action: the open day's visitors are addressed in German.
CALL_TO_ACTION = "Wie war Ihr Tag? Sagen Sie es uns!"
INSTRUCTIONS = ("Scannen Sie den QR-Code mit der Kamera Ihres Smartphones.",
                "Die Befragung ist anonym und dauert nur wenige Minuten.")


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest font size up to ``size`` at which ``text`` fits in ``width``."""
    line = printable(text)
    while size > 8 and string_width(line, font, size) > width:
        size -= 1
    return size


def _centred(canvas: Canvas, text: str, y: float, font: str, size: float) -> None:
    size = _fit(text, font, size, PAGE_WIDTH - 2 * MARGIN)
    draw_string(canvas, PAGE_WIDTH / 2, y, text, font, size, align="centre")


def _draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """The QR code of ``url`` with its quiet zone, bottom-left corner at (x, y); dark runs of each row are
    drawn as one rectangle each."""
    rows = [list(row) for row in segno.make(url, error="m", micro=False).matrix_iter(border=4)]
    module = size / len(rows)
    canvas.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(rows):
        top = y + size - (r + 1) * module
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                # A hair wider than the run, so that no white seams appear between modules in viewers.
                canvas.rect(x + start * module, top, (c - start) * module + 0.05, module + 0.05, stroke=0, fill=1)
            else:
                c += 1


def poster_pdf(*, url: str, survey_title: str, edition_title: str, venue_name: str, office: str) -> bytes:
    """One A4 page: call to action, survey title, the QR code of ``url``, the instructions, the link as
    text, the venue (for whoever hangs the poster) and the office."""
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=0, initialFontName=FONT)
    canvas.setTitle(pdf_metadata(f"{survey_title} – QR-Plakat {venue_name}"))
    canvas.setAuthor(pdf_metadata(office))
    top = PAGE_HEIGHT - MARGIN
    _centred(canvas, CALL_TO_ACTION, top - 20 * mm, BOLD, 34)
    _centred(canvas, survey_title, top - 34 * mm, BOLD, 22)
    _centred(canvas, edition_title, top - 44 * mm, FONT, 15)
    qr_x, qr_y = (PAGE_WIDTH - QR_SIZE) / 2, top - 54 * mm - QR_SIZE
    _draw_qr(canvas, url, qr_x, qr_y, QR_SIZE)
    canvas.linkURL(url, (qr_x, qr_y, qr_x + QR_SIZE, qr_y + QR_SIZE), relative=0)
    y = qr_y - 12 * mm
    for line in INSTRUCTIONS:
        _centred(canvas, line, y, FONT, 16)
        y -= 8 * mm
    y -= 4 * mm
    _centred(canvas, url, y, BOLD, 14)
    width = string_width(url, BOLD, _fit(url, BOLD, 14, PAGE_WIDTH - 2 * MARGIN))
    canvas.linkURL(url, ((PAGE_WIDTH - width) / 2, y - 2 * mm, (PAGE_WIDTH + width) / 2, y + 5 * mm), relative=0)
    draw_string(canvas, MARGIN, MARGIN, f"Standort: {venue_name}", FONT, 10)
    draw_string(canvas, PAGE_WIDTH - MARGIN, MARGIN, office, FONT, 10, align="right")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def qr_svg(url: str, title: str) -> bytes:
    """The QR code of ``url`` as a standalone SVG (for the organiser's own layouts)."""
    buffer = BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="svg", scale=8, border=4, title=title,
                                                 xmldecl=True)
    return buffer.getvalue()
