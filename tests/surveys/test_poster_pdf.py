"""The QR poster as PDF: its texts print as typed in any European script (embedded DejaVu Sans) and in
Chinese, Japanese and Korean (Droid Sans Fallback)."""

from __future__ import annotations

from conference.surveys.poster import poster_pdf
from tests.council.test_signature_pdf import pdf_pages


def test_the_poster_prints_titles_venue_and_office_as_typed(app):
    pdf = poster_pdf(url="http://localhost/s/abc", survey_title="Ваше мнение, Łukasz?",
                     edition_title="Σωκράτης trifft Yılmaz", venue_name="Gesamtschule Ümraniye",
                     office="Bildungsbüro 李")
    [page] = pdf_pages(pdf)
    for text in ("Wie war Ihr Tag? Sagen Sie es uns!", "Ваше мнение, Łukasz?", "Σωκράτης trifft Yılmaz",
                 "http://localhost/s/abc", "Standort: Gesamtschule Ümraniye", "Bildungsbüro 李"):
        assert text in page, text
    assert b"+DejaVuSans" in pdf and b"/Helvetica" not in pdf
