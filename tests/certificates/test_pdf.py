"""The certificate as PDF: read back with the signature list's text reader (no PDF library)."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale, gettext

from conference.certificates import services
from conference.certificates.pdf import certificate_pdf
from tests.certificates.setup import open_day, visitor
from tests.council.test_signature_pdf import page_count, pdf_pages


def text_of(registration, **kwargs) -> str:
    pdf = certificate_pdf(registration, services.decide(registration), **kwargs)
    assert pdf.startswith(b"%PDF-")
    return "\n".join(pdf_pages(pdf))


def test_the_certificate_names_the_person_the_edition_and_the_sessions_attended(db):
    day = open_day()
    registration = visitor(day, attended=[day.garden, day.reading, day.stand])
    text = text_of(registration, locale="en", issued_on=date(2025, 9, 20))
    assert "Certificate of attendance" in text
    assert f"No. {day.edition.number}-{registration.id}" in text
    assert "Jürgen Weiß" in text  # umlauts and ß print as typed
    assert "27. Tag der Bildung" in text and "“Nachhaltig lernen”" in text  # English quotes in English
    assert "Saturday, 13 September 2025" in text
    assert "Alte Kämmerei, Marktplatz" in text
    lines = text.splitlines()
    assert lines[lines.index("Time"):lines.index("Time") + 3] == ["Time", "Offer", "Hours"]
    # time, title and hours of each session, in time order, the stand without a time and with 0 hours
    reading = lines.index("Lesen mit Bücherwürmern")
    assert lines[reading - 1:reading + 2] == ["11:00–11:45", "Lesen mit Bücherwürmern", "0.75"]
    garden = lines.index("Ökologie im Schulgarten")
    assert lines[garden - 1:garden + 2] == ["12:00–13:30", "Ökologie im Schulgarten", "1.5"]
    stand = lines.index("Stand der Stadtbibliothek")
    assert lines[stand - 1:stand + 2] == ["–", "Stand der Stadtbibliothek", "0"]
    assert reading < garden < stand
    assert lines[lines.index("Total") + 1] == "2.25"
    assert "Mathe-Werkstatt" not in text  # never booked
    assert "Note:" not in text  # nothing missed
    assert "Musterstadt, 20 September 2025" in text
    assert "Dr. Jana Lehmann" in text and "Leiterin des Bildungsbüros" in text
    assert "Regionales Bildungsbüro Musterstadt" in text
    assert "Page 1 of 1" in text
    assert page_count(certificate_pdf(registration, services.decide(registration))) == 1


def test_a_missed_session_is_noted(db):
    day = open_day()
    registration = visitor(day, attended=[day.reading, day.garden], missed=[day.maths])
    text = text_of(registration, locale="en")
    assert "Note: Attended 2 of 3 booked sessions (2.25 of 3.25 hours)." in text
    assert "Mathe-Werkstatt" not in text  # only what was attended is certified


def test_the_certificate_is_in_german_by_default(db):
    day = open_day()
    registration = visitor(day, attended=[day.reading, day.garden], missed=[day.maths])
    text = text_of(registration, issued_on=date(2025, 9, 20))
    with force_locale("de"):
        title, note = gettext("Certificate of attendance"), services.shortfall_text(services.decide(
            registration).attendance)
    assert title in text
    assert "Samstag, 13. September 2025" in text and "Musterstadt, 20. September 2025" in text
    assert "0,75" in text and "2,25" in text  # German decimals
    assert "3,25" in note and note in text.replace("\n", " ")


def test_without_signatory_the_block_still_has_the_office_and_a_line(db):
    day = open_day(certificate_signatory="", certificate_signatory_role="")
    text = text_of(visitor(day, attended=[day.reading]), locale="en")
    assert "Regionales Bildungsbüro Musterstadt" in text
    assert "Leiterin" not in text


def test_names_that_look_like_markup_print_as_typed(db):
    day = open_day(title="Tag <b>der</b> Bildung & mehr")
    text = text_of(visitor(day, attended=[day.reading], name="Łukasz <i>Şahin</i>"), locale="en")
    assert "Łukasz <i>Şahin</i>" in text
    assert "Tag <b>der</b> Bildung & mehr" in text


@pytest.mark.parametrize("name", ["Ayşe Yılmaz", "Łukasz Wiśniewski", "Ольга Иванова", "Σωκράτης Νίκου"])
def test_names_in_latin_cyrillic_and_greek_print_as_typed(db, name):
    day = open_day()
    pdf = certificate_pdf(registration := visitor(day, attended=[day.reading], name=name),
                          services.decide(registration), locale="en")
    lines = "\n".join(pdf_pages(pdf)).splitlines()
    assert lines[lines.index("This is to certify that") + 1] == name
    assert b"+DejaVuSans-Bold" in pdf and b"/Helvetica" not in pdf  # the name's bold font is embedded
    assert len(pdf) < 120_000  # only the glyphs used are embedded


@pytest.mark.parametrize("name", ["Wei 李", "山田 太郎", "김민준", "Ａｎｎａ さくら"])
def test_chinese_japanese_and_korean_names_print_as_typed(db, name):
    day = open_day()
    pdf = certificate_pdf(registration := visitor(day, attended=[day.reading], name=name),
                          services.decide(registration), locale="en")
    lines = "\n".join(pdf_pages(pdf)).splitlines()
    assert lines[lines.index("This is to certify that") + 1] == name
    assert b"+DroidSansFallback" in pdf  # embedded as a subset, as DejaVu Sans is
    assert len(pdf) < 150_000  # only the glyphs used


def test_characters_no_font_has_print_as_question_marks(db):
    day = open_day()
    text = text_of(visitor(day, attended=[day.reading], name="Wei 🙂 สม"), locale="en")
    assert "Wei ? ??" in text


def test_a_certificate_without_cjk_does_not_embed_the_cjk_font(db):
    day = open_day()
    pdf = certificate_pdf(registration := visitor(day, attended=[day.reading], name="Ayşe Yılmaz"),
                          services.decide(registration), locale="en")
    assert b"DroidSansFallback" not in pdf


def test_a_long_list_runs_onto_a_second_page_with_numbers(db):
    from tests.factories import make_session

    day = open_day()
    sessions = [make_session(day.edition, f"Stand {n:02d}", registration_required=False) for n in range(60)]
    pdf = certificate_pdf(registration := visitor(day, attended=sessions),
                          services.decide(registration), locale="en")
    pages = pdf_pages(pdf)
    assert len(pages) >= 2 and "Page 2 of" in pages[1]
    assert "Stand 59" in "\n".join(pages)
