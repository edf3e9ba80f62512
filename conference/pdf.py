"""What every PDF of the app shares: the embedded DejaVu Sans fonts, text they can draw, and pages numbered
"Page x of y" in the reader's language."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from flask_babel import gettext
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
FONT_DIR = Path(__file__).parent / "fonts"  # vendored, with their licence: see fonts/README.md

# Scripts written right to left: without a shaping and bidi engine reportlab would draw them in the wrong
# order (and Arabic unjoined), so they are treated like characters the font lacks.
_RIGHT_TO_LEFT = {"R", "AL"}


def _register() -> None:
    """Registers FONT and BOLD (embedded as subsets: only the glyphs a document uses) once per process, as a
    family, so that <b> in a Paragraph picks BOLD (there is no italic: <i> stays upright)."""
    for name, file in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, FONT_DIR / file))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


_register()


@cache
def _drawable() -> frozenset[int]:
    """The code points both fonts have a glyph for (any text may be set in either)."""
    regular, bold = (pdfmetrics.getFont(name).face.charToGlyph for name in (FONT, BOLD))
    return frozenset(regular.keys() & bold.keys())


def _drawable_char(char: str) -> bool:
    return ord(char) in _drawable() and unicodedata.bidirectional(char) not in _RIGHT_TO_LEFT


def printable(text: str) -> str:
    """``text`` (NFC) in characters the PDF fonts can draw. Every character DejaVu Sans has stays as typed:
    Latin with all its accents (Yılmaz, Łukasz, Ćosić), Greek, Cyrillic, typographic quotes and dashes.
    For the rest, the old fallback: a character whose compatibility decomposition the font has prints as
    that (a letter without its accent, "Ａ" as "A"), whitespace as a space, invisible format characters
    are dropped, and anything else (Chinese, Japanese, Korean; Arabic and Hebrew, which would need shaping
    and right-to-left layout) becomes "?", so that a gap is visible instead of an empty box."""
    out = []
    for char in unicodedata.normalize("NFC", text or ""):
        if _drawable_char(char):
            out.append(char)
        elif char.isspace():
            out.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cf"):
            continue
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            out.append(base if base and all(_drawable_char(c) for c in base) else "?")
    return "".join(out)


def numbered_canvas(footer: str, *, page_width: float, margin: float):
    """A canvas class that holds back every page until the end, so each can say "Page x of y"; ``footer``
    is printed at the bottom left."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT  # not reportlab's Helvetica
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
