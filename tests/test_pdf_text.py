"""Text in the app's PDFs (conference/pdf.py): Hebrew and Arabic in visual order and, for Arabic, in joined
letter forms, also when a paragraph breaks into several lines; Chinese, Japanese and Korean in the fallback font,
breaking between their characters; the document's properties in typed order."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from conference.certificates import services
from conference.certificates.pdf import certificate_pdf
from conference.pdf import (
    BOLD,
    FALLBACK,
    FONT,
    _drawable_char,
    draw_string,
    graphic_strings,
    paragraph,
    pdf_metadata,
    printable,
    string_width,
)
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


SCRIPT_MIX = st.text(st.one_of(
    st.characters(codec="utf-8"),  # anything a form can send (UTF-8: no lone surrogates)
    st.sampled_from("مريم حداد דני כהן لا ـ،؟ \u200f\u200e\u202e\u2067\u0651\u05b8 1,5 (x)"),
    st.sampled_from("李山田김민준さくら学校、。Ａ")))


@settings(max_examples=300, deadline=None)
@given(SCRIPT_MIX)
def test_any_text_prints_on_one_line_and_in_a_paragraph_without_error(text):
    line = printable(text)
    assert "\n" not in line and all(char == "?" or _drawable_char(char) for char in line)
    style = ParagraphStyle("cell", fontName=FONT, fontSize=10, leading=12)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=50, rightMargin=A4[0] - 170).build([paragraph(text, style)])
    assert buffer.getvalue().startswith(b"%PDF")


JAPANESE = "学校と地域の連携について考える教育会議の分科会です"


def test_cjk_is_set_in_the_fallback_font_and_measured_in_it():
    assert printable("Wei 李 김민준 さくら") == "Wei 李 김민준 さくら"
    assert string_width("Wei 李", FONT, 10) == stringWidth("Wei ", FONT, 10) + stringWidth("李", FALLBACK, 10)
    assert string_width("Wei 李", FONT, 10) > stringWidth("Wei 李", FONT, 10)  # DejaVu's empty box is narrower


def test_a_cjk_paragraph_breaks_between_its_characters_within_its_column():
    style = ParagraphStyle("cell", fontName=FONT, fontSize=10, leading=12)
    typed = f"Workshop: {JAPANESE} mit Kim 김민준 und Łukasz"
    lines = _drawn_lines(paragraph(typed, style), width=120)
    assert len(lines) >= 4  # no spaces to break at in the Japanese: it breaks between its characters
    assert "".join(lines).replace(" ", "") == typed.replace(" ", "")
    assert all(string_width(line.strip(), FONT, 10) <= 120 for line in lines)
    assert style.wordWrap is None  # the caller's style is left as it was


def test_a_right_to_left_paragraph_with_cjk_breaks_within_its_column():
    style = ParagraphStyle("cell", fontName=FONT, fontSize=10, leading=12)
    typed = f"דני כהן {JAPANESE}"
    lines = _drawn_lines(paragraph(typed, style), width=90)
    assert len(lines) >= 3
    assert all(string_width(line.strip(), FONT, 10) <= 90 for line in lines)
    assert "ןהכ ינד" in lines[0]  # starts on its first line, in visual order
    assert sorted("".join(lines).replace(" ", "")) == sorted(typed.replace(" ", ""))  # nothing lost


@pytest.mark.parametrize("align", ["left", "centre", "right"])
def test_a_drawn_line_switches_fonts_and_keeps_its_alignment(align):
    width = string_width("Wei 李", BOLD, 12)
    start = {"left": 100.0, "centre": 100.0 - width / 2, "right": 100.0 - width}[align]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=0)
    draw_string(canvas, 100, 50, "Wei 李", BOLD, 12, align=align)
    canvas.showPage()
    canvas.save()
    pdf = buffer.getvalue()
    assert pdf_pages(pdf) == ["Wei 李"]  # one text object, so readers copy it as one line
    [(x, y)] = re.findall(rb"BT 1 0 0 1 ([\d.]+) ([\d.]+) Tm", pdf)
    assert (float(x), float(y)) == (pytest.approx(start, abs=0.01), 50.0)
    assert re.search(rb"/F\d\+0 12 Tf 14\.4 TL \(Wei \) Tj /F\d\+0 12 Tf", pdf)  # the font changes mid-line


def test_chart_labels_are_strings_of_one_font_each_end_to_end():
    group = graphic_strings(200, 10, "Note 李山", FONT, 8, anchor="end")
    pieces = [(item.text, item.fontName, item.x) for item in group.contents]
    assert [(text, font) for text, font, _ in pieces] == [("Note ", FONT), ("李山", FALLBACK)]
    assert pieces[1][2] == pytest.approx(pieces[0][2] + stringWidth("Note ", FONT, 8))
    assert pieces[1][2] + stringWidth("李山", FALLBACK, 8) == pytest.approx(200)


def test_every_vendored_font_is_listed_with_its_checksum_and_licence():
    import hashlib

    from conference.pdf import FONT_DIR

    readme = (FONT_DIR / "README.md").read_text(encoding="utf-8")
    files = sorted(FONT_DIR.glob("*.ttf"))
    assert [file.name for file in files] == ["DejaVuSans-Bold.ttf", "DejaVuSans.ttf", "DroidSansFallback.ttf"]
    for file in files:
        assert f"{hashlib.sha256(file.read_bytes()).hexdigest()}  {file.name}" in readme, file.name
    assert (FONT_DIR / "LICENSE").is_file() and (FONT_DIR / "LICENSE-Apache-2.0").is_file()
