"""What every PDF of the app shares: reportlab's standard fonts, text they can draw, and pages numbered
"Page x of y" in the reader's language."""

from __future__ import annotations

import unicodedata

from flask_babel import gettext
from reportlab.pdfgen.canvas import Canvas

FONT, BOLD = "Helvetica", "Helvetica-Bold"

# Letters that have no decomposition but an obvious base letter.
_BASE_LETTERS = str.maketrans({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i",
                               "Ŀ": "L", "ŀ": "l", "Ŧ": "T", "ŧ": "t", "ĸ": "k", "‚": ",", "‛": "'",
                               "‟": '"', "′": "'", "″": '"', "−": "-", "‐": "-", "‑": "-"})


def printable(text: str) -> str:
    """``text`` in characters the standard PDF fonts (Windows-1252) can draw: what fits stays,
    accented letters outside it lose the accent, anything else becomes "?"."""
    out = []
    for char in unicodedata.normalize("NFC", text or ""):
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            base = "".join(c for c in unicodedata.normalize("NFKD", char.translate(_BASE_LETTERS))
                           if not unicodedata.combining(c))
            try:
                base.encode("cp1252")
            except UnicodeEncodeError:
                base = "?"
            out.append(base or "?")
        else:
            out.append(char)
    return "".join(out)



def numbered_canvas(footer: str, *, page_width: float, margin: float):
    """A canvas class that holds back every page until the end, so each can say "Page x of y"; ``footer``
    is printed at the bottom left."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # reportlab's name, overridden
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                self.drawString(margin, margin / 2, printable(footer))
                self.drawRightString(page_width - margin, margin / 2, printable(
                    gettext("Page %(page)d of %(pages)d", page=self._pageNumber, pages=total)))
                super().showPage()
            super().save()

    return NumberedCanvas


def paragraph(text, style):
    """Plain text as a reportlab Paragraph: made printable and escaped, so "A & B" or "<b>" prints as typed."""
    from xml.sax.saxutils import escape

    from reportlab.platypus import Paragraph

    return Paragraph(escape(printable(str(text))), style)
