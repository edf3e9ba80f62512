"""What every PDF of the app shares: the embedded fonts (DejaVu Sans, and Droid Sans Fallback for Chinese,
Japanese and Korean), text they can draw, and pages numbered "Page x of y" in the reader's language."""

from __future__ import annotations

import unicodedata
from functools import cache
from itertools import groupby
from pathlib import Path
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from flask_babel import gettext
from reportlab.graphics.shapes import Group, String
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
# For the characters DejaVu Sans lacks: Chinese, Japanese (kana and kanji) and Korean (Hangul). It has one
# weight, so bold text sets them in the regular weight. Registered on first use (a 3.4 MB file).
FALLBACK = "DroidSansFallback"
FONT_DIR = Path(__file__).parent / "fonts"  # vendored, with their licence: see fonts/README.md

# Bidi classes of the scripts written right to left (Hebrew R, Arabic AL). reportlab draws a string from left
# to right as it is stored, so such text is put into its visual order first (python-bidi, the Unicode
# bidirectional algorithm) and Arabic into its joined letter forms (arabic-reshaper; DejaVu Sans has them).
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


@cache
def _fallback() -> frozenset[int]:
    """The code points only FALLBACK draws (registering it on first use)."""
    if FALLBACK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FALLBACK, FONT_DIR / "DroidSansFallback.ttf"))
    return frozenset(pdfmetrics.getFont(FALLBACK).face.charToGlyph.keys() - _drawable())


def _in_fallback(char: str) -> bool:
    """Whether ``char`` is one that only FALLBACK draws. Only characters from U+2E80 on are looked up (the CJK
    blocks and Hangul start there), so text without them never loads the font."""
    return char >= "\u2e80" and ord(char) in _fallback()


def _drawable_char(char: str) -> bool:
    return ord(char) in _drawable() or _in_fallback(char)


def runs(line: str, font: str) -> list[tuple[str, str]]:
    """``line`` (already ``printable``) cut into pieces of one font each, ``(text, font name)``: ``font``, or
    FALLBACK for the characters only it has."""
    return [("".join(chars), name)
            for name, chars in groupby(line, key=lambda char: FALLBACK if _in_fallback(char) else font)]


def string_width(line: str, font: str, size: float) -> float:
    """The width of ``line`` (already ``printable``) set in ``font`` at ``size``, its CJK in FALLBACK."""
    return sum(pdfmetrics.stringWidth(text, name, size) for text, name in runs(line, font))


# How far left of its x a line starts, as a share of its width: draw_string's align, a String's anchor.
_ALIGNMENTS = {"left": 0, "start": 0, "centre": 0.5, "middle": 0.5, "right": 1, "end": 1}


def _placed(text: str, font: str, size: float, x: float, align: str) -> tuple[float, list[tuple[str, str]]]:
    """``text`` made ``printable`` and cut into runs of one font, and the x its first run starts at."""
    pieces = runs(printable(text), font)
    width = sum(pdfmetrics.stringWidth(piece, name, size) for piece, name in pieces)
    return x - _ALIGNMENTS[align] * width, pieces


def draw_string(canvas: Canvas, x: float, y: float, text: str, font: str, size: float, *,
                align: str = "left") -> None:
    """Draw ``text`` on one line, made ``printable``, starting at ``x`` (``align="left"``), centred on it
    (``"centre"``) or ending at it (``"right"``); CJK characters in FALLBACK."""
    x, pieces = _placed(text, font, size, x, align)
    shown = canvas.beginText(x, y)  # one text object: readers copy the line as one, whatever its fonts
    for piece, name in pieces:
        shown.setFont(name, size)
        shown.textOut(piece)
    canvas.drawText(shown)


def graphic_strings(x: float, y: float, text: str, font: str, size: float, *, anchor: str = "start",
                    **properties) -> Group:
    """``text`` as reportlab graphics (a chart's label), made ``printable``; ``anchor`` as for a String
    ("start", "middle", "end"), CJK characters in FALLBACK; ``properties`` go to every String (fillColor)."""
    x, pieces = _placed(text, font, size, x, anchor)
    group = Group()
    for piece, name in pieces:
        group.add(String(x, y, piece, fontName=name, fontSize=size, **properties))
        x += pdfmetrics.stringWidth(piece, name, size)
    return group


def _markup(pieces: list[tuple[str, str]]) -> str:
    """``runs`` escaped as Paragraph markup, the CJK ones set in FALLBACK."""
    return "".join(f'<font face="{FALLBACK}">{escape(text)}</font>' if name == FALLBACK else escape(text)
                   for text, name in pieces)


def _has_right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in _RIGHT_TO_LEFT for char in text)


def _base_direction(text: str) -> str:
    """"R" if the first strongly directed character of ``text`` is written right to left, else "L" (the rule
    of the Unicode bidirectional algorithm for a paragraph's direction)."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in _RIGHT_TO_LEFT:
            return "R"
        if direction == "L":
            return "L"
    return "L"


def _drawable_logical(text: str) -> tuple[str, str | None]:
    """``text`` (NFC) in characters the fonts can draw, still in the order it was typed, Arabic in its joined
    forms. Characters the fonts lack print as their compatibility decomposition (a letter without its accent,
    "Ａ" as "A") or as "?", whitespace as a space, and invisible format characters are dropped.

    Also the direction to put the result into visual order with ("R" or "L"), or None when it holds no Hebrew
    or Arabic. The direction comes from the text as typed."""
    text = unicodedata.normalize("NFC", text or "")
    direction = _base_direction(text) if _has_right_to_left(text) else None
    if direction:
        text = arabic_reshaper.reshape(text)  # leaves everything but Arabic letters as it is
    out = []
    for char in text:
        if _drawable_char(char):
            out.append(char)
        elif char.isspace():
            out.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cf"):
            continue
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            out.append(base if base and all(_drawable_char(c) for c in base) else "?")
    logical = "".join(out)
    return logical, direction if direction and _has_right_to_left(logical) else None


def printable(text: str) -> str:
    """``text`` as one line the PDF fonts can draw from left to right. Every character DejaVu Sans has stays
    as typed: Latin with all its accents (Yılmaz, Łukasz, Ćosić), Greek, Cyrillic, typographic quotes and
    dashes, Hebrew and Arabic (joined, and both in their visual order: "Wei דני" is stored as "Wei ינד"), and
    Chinese, Japanese and Korean, which FALLBACK draws: draw the result with ``draw_string``,
    ``graphic_strings`` or ``paragraph``, which set each character in the font that has it. For the rest see
    ``_drawable_logical``: "?" marks a gap instead of an empty box."""
    logical, direction = _drawable_logical(text)
    return get_display(logical, base_dir=direction) if direction else logical


def pdf_metadata(text: str) -> str:
    """``text`` for the document's properties (title, author, subject), which viewers show with the reader's
    own fonts and layout: NFC, on one line, in the order it was typed (not ``printable``'s visual order)."""
    text = unicodedata.normalize("NFC", text or "")
    return "".join(" " if char.isspace() else char for char in text
                   if char.isspace() or unicodedata.category(char) not in ("Cc", "Cf"))


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
                draw_string(self, margin, margin / 2, footer, FONT, 8)
                draw_string(self, page_width - margin, margin / 2,
                            gettext("Page %(page)d of %(pages)d", page=self._pageNumber, pages=total), FONT, 8,
                            align="right")
                super().showPage()
            super().save()

    return NumberedCanvas


class _BidiParagraph(Paragraph):
    """A Paragraph of text with Hebrew or Arabic in it. reportlab breaks lines after it has read the text,
    but the visual order is a line's, not the text's: a right-to-left text put into visual order as a whole
    would start on its last line. So this paragraph breaks the text (in the order it was typed) at the width
    its frame gives it, then puts each line into visual order. A paragraph whose first letter is written right
    to left is set from the right margin."""

    def __init__(self, logical: str | None, style, base: str = "L", **kwargs):
        self._logical, self._base = logical, base
        if logical is None:  # reportlab splitting it across pages: its lines are broken and reordered already
            super().__init__(None, style, **kwargs)
            return
        if self._base == "R" and style.alignment == TA_LEFT:
            style = style.clone(f"{style.name}-rtl", alignment=TA_RIGHT)
        self.style = style
        super().__init__(self._lines([logical]), style)

    def _lines(self, lines) -> str:
        return "<br/>".join(_markup(runs(get_display(line, base_dir=self._base), self.style.fontName))
                            for line in lines)

    def wrap(self, availWidth, availHeight):
        if self._logical is None:
            return super().wrap(availWidth, availHeight)
        style = self.style
        width = availWidth - style.leftIndent - style.rightIndent
        lines = _split(self._logical, style.fontName, style.fontSize, width) or [""]
        Paragraph.__init__(self, self._lines(lines), style)
        return super().wrap(availWidth, availHeight)


def _split(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (reportlab's ``simpleSplit``, which measures every
    character in ``font``). With CJK characters, which FALLBACK sets, lines break between words or, where a
    word (or a run of CJK, written without spaces) is too wide, between its characters."""
    if not any(_in_fallback(char) for char in text):
        return simpleSplit(text, font, size, width)
    lines: list[str] = []
    for typed in text.split("\n"):
        line = ""
        for word in typed.split(" "):
            candidate = f"{line} {word}" if line else word
            if string_width(candidate, font, size) <= width or not candidate.strip():
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for char in word:
                if line and string_width(line + char, font, size) > width:
                    lines.append(line)
                    line = ""
                line += char
        lines.append(line)
    return lines


def paragraph(text, style):
    """Plain text as a reportlab Paragraph: made printable and escaped, so "A & B" or "<b>" prints as typed;
    text with Hebrew or Arabic in it is broken into lines before each line is put into visual order. Chinese,
    Japanese and Korean are set in FALLBACK and may break between any two of their characters, as they are
    written without spaces."""
    logical, direction = _drawable_logical(str(text))
    if direction:
        return _BidiParagraph(logical, style, direction)
    pieces = runs(logical, style.fontName)
    if any(name == FALLBACK for _, name in pieces):
        style = style.clone(f"{style.name}-cjk", wordWrap="CJK")
    return Paragraph(_markup(pieces), style)
