"""Text in the app's PDFs (conference/pdf.py): Hebrew and Arabic in visual order and, for Arabic, in joined
letter forms, also when a paragraph breaks into several lines; the document's properties in typed order."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

from conference.certificates import services
from conference.certificates.pdf import certificate_pdf
from conference.pdf import FONT, _drawable, paragraph, pdf_metadata, printable
from tests.certificates.setup import open_day, visitor
from tests.council.test_signature_pdf import pdf_pages

HEBREW_WORDS = ["אחד", "שתיים", "שלוש", "ארבע", "חמש", "שש", "שבע", "שמונה", "תשע", "עשר"]


def test_arabic_is_joined_and_both_scripts_are_in_visual_order():
    # مريم (meem reh yeh meem): meem initial, reh final (reh never joins the letter after it), yeh initial,
    # meem final; stored last letter first, as reportlab draws from the left.
    assert printable("مريم") == "\ufee2\ufef3\ufeae\ufee3"
    # دانا (dal alef noon alef): dal isolated, alef isolated, noon initial, alef final; the Latin text before
    # it keeps its place.
    assert printable("Yılmaz und دانا") == "Yılmaz und \ufe8e\ufee7\ufe8d\ufea9"
    assert "?" not in printable("دانا كوهين מרים")


def test_document_properties_keep_the_typed_order():
    assert pdf_metadata("Teilnahme\tמרים\u200b مريم\n") == "Teilnahme מרים مريم "


@pytest.mark.parametrize("name", ["مريم حداد", "דני כהן", "Wei דני"])
def test_hebrew_and_arabic_names_print_on_the_certificate(db, name):
    day = open_day()
    pdf = certificate_pdf(registration := visitor(day, attended=[day.reading], name=name),
                          services.decide(registration), locale="en")
    lines = "\n".join(pdf_pages(pdf)).splitlines()
    assert lines[lines.index("This is to certify that") + 1] == printable(name)
    assert "?" not in printable(name)


def _drawn_lines(flowable, width: float) -> list[str]:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=50, rightMargin=A4[0] - 50 - width)
    doc.build([flowable])
    return [line for line in "\n".join(pdf_pages(buffer.getvalue())).splitlines() if line.strip()]


def test_a_right_to_left_paragraph_starts_on_its_first_line_and_is_set_from_the_right():
    style = ParagraphStyle("cell", fontName=FONT, fontSize=10, leading=12)
    flowable = paragraph(" ".join(HEBREW_WORDS), style)
    assert flowable.style.alignment == TA_RIGHT and style.alignment == TA_LEFT  # a copy, set from the right
    lines = _drawn_lines(flowable, width=90)
    assert len(lines) >= 3
    # Each line in visual order (its words reversed), and the lines top to bottom in the order typed.
    words = [word[::-1] for line in lines for word in reversed(line.split())]
    assert words == HEBREW_WORDS


def test_a_right_to_left_paragraph_longer_than_a_page_runs_onto_the_next_in_order():
    style = ParagraphStyle("cell", fontName=FONT, fontSize=10, leading=12)
    typed = HEBREW_WORDS * 120
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([paragraph(" ".join(typed), style)])
    pages = pdf_pages(buffer.getvalue())
    assert len(pages) >= 2
    lines = [line for page in pages for line in page.splitlines() if line.strip()]
    assert [word[::-1] for line in lines for word in reversed(line.split())] == typed


def test_a_left_to_right_paragraph_with_a_hebrew_name_keeps_its_order():
    style = ParagraphStyle("cell", fontName=FONT, fontSize=10, leading=12)
    lines = _drawn_lines(paragraph("Angemeldet: Dani (דני כהן) aus Köln, Raum 3", style), width=400)
    assert lines == ["Angemeldet: Dani (ןהכ ינד) aus Köln, Raum 3"]


RIGHT_TO_LEFT_MIX = st.text(st.one_of(
    st.characters(codec="utf-8"),  # anything a form can send (UTF-8: no lone surrogates)
    st.sampled_from("مريم حداد דני כהן لا ـ،؟ \u200f\u200e\u202e\u2067\u0651\u05b8 1,5 (x)")))


@settings(max_examples=300, deadline=None)
@given(RIGHT_TO_LEFT_MIX)
def test_any_text_prints_on_one_line_and_in_a_paragraph_without_error(text):
    line = printable(text)
    assert "\n" not in line and all(char == "?" or ord(char) in _drawable() for char in line)
    style = ParagraphStyle("cell", fontName=FONT, fontSize=10, leading=12)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=50, rightMargin=A4[0] - 170).build([paragraph(text, style)])
    assert buffer.getvalue().startswith(b"%PDF")
