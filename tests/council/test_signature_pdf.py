"""The printable signature list: a real PDF (read back here without a PDF library: the page streams
are decompressed and their text operators decoded), with every seat, its holders and answer, the
header on every page, page numbers in the reader's language, and names in any European script printed
as typed (DejaVu Sans is embedded), and in Chinese, Japanese and Korean (Droid Sans Fallback).

Why no library: the PDF tests check the order in which text is drawn (Hebrew and Arabic in visual order),
and pypdf's text extraction (7.1, tried 2026-11-24) puts right-to-left text back into reading order, also in
the pieces its ``visitor_text`` hook gets, so it cannot tell a correct PDF from a wrong one."""

from __future__ import annotations

import base64
import re
import zlib

import pytest

from conference.council.models import Invitation, RsvpStatus
from conference.pdf import printable
from tests.factories import make_council, make_edition, make_organisation, make_person, make_seat

STREAM = re.compile(rb"<<((?:(?!<<|>>).)*?)>>\s*stream\r?\n", re.S)  # a stream's dictionary (not nested)
OBJECT = re.compile(rb"(\d+) 0 obj\b")
# A font's resource name and its ToUnicode CMap (reportlab writes the keys of a font dictionary sorted).
FONT = re.compile(rb"/Name /([^\s/>]+)[^>]*?/ToUnicode (\d+) 0 R")
CMAP_CHAR = re.compile(rb"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]{4,8})>")
# A shown string, a font change, or an operator that starts a new line of text.
TEXT = re.compile(rb"(\((?:\\.|[^\\()])*\))\s*Tj|/([^\s/]+)\s+[\d.]+\s+Tf|(?<![\w*])(T\*|Td|TD|Tm|ET)(?![\w*])",
                  re.S)
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(literal: bytes) -> bytes:
    def replace(match):
        token = match.group(1)
        if token[:1].isdigit():
            return bytes([int(token, 8)])
        return ESCAPES.get(token, token)

    return re.sub(rb"\\([0-7]{1,3}|.)", replace, literal[1:-1], flags=re.S)


def _streams(pdf: bytes) -> dict[int, bytes]:
    """Every stream by the number of its object, decoded (reportlab writes ASCII85 over Flate)."""
    streams = {}
    for match in STREAM.finditer(pdf):
        header = match.group(1)
        length = int(re.search(rb"/Length (\d+)", header).group(1))
        data = pdf[match.end():match.end() + length]
        if b"/ASCII85Decode" in header:
            data = base64.a85decode(data.strip().removesuffix(b"~>"))
        if b"/FlateDecode" in header:
            data = zlib.decompress(data)
        number = int([*OBJECT.finditer(pdf, 0, match.start())][-1].group(1))
        streams[number] = data
    return streams


def page_streams(pdf: bytes) -> list[bytes]:
    """Every stream, decoded."""
    return list(_streams(pdf).values())


def fonts(pdf: bytes) -> dict[bytes, dict[int, str]]:
    """For each embedded (subset) font, by its resource name, what its one-byte codes stand for, read
    from its ToUnicode CMap. Standard fonts have none: their strings are Windows-1252."""
    streams = _streams(pdf)
    return {name: {int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
                   for code, text in CMAP_CHAR.findall(streams[int(cmap)])}
            for name, cmap in FONT.findall(pdf)}


def stream_text(stream: bytes, cmaps: dict[bytes, dict[int, str]] | None = None) -> str:
    """The text a content stream draws, a line of text per line (Tj pieces of a line joined)."""
    cmaps = cmaps or {}
    cmap, parts = None, []
    for shown, font, _ in TEXT.findall(stream):
        if font:
            cmap = cmaps.get(font)
        elif shown:
            raw = _unescape(shown)
            parts.append("".join(cmap.get(byte, "\ufffd") for byte in raw) if cmap else raw.decode("cp1252"))
        else:
            parts.append("\n")
    return "\n".join(line for line in "".join(parts).splitlines() if line)


def pdf_pages(pdf: bytes) -> list[str]:
    """The text drawn on each page, in drawing order (page streams are the ones that draw text)."""
    cmaps = fonts(pdf)
    return [stream_text(stream, cmaps) for stream in page_streams(pdf) if b" Tj" in stream]


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def url(edition_id: int) -> str:
    return f"/manage/editions/{edition_id}/council/checkin/signature-list.pdf"


@pytest.fixture
def meeting(db):
    edition = make_council(number=29, title="Regionale Bildungskonferenz „Übergänge“")
    seat = make_seat(group="Schulen", label="Grundschulen", organisation=make_organisation("GGS Am Park"),
                     member=make_person("Müller", "Jürgen", title="Dr."), deputy=make_person("Weiß", "Käthe"))
    db.session.add(Invitation(edition_id=edition.id, seat_id=seat.id, status=RsvpStatus.DEPUTY_ATTENDS))
    make_seat(group="Jugendhilfe", label="Jugendamt", member=make_person("Şahin", "Łukasz"), deputy=False)
    make_seat(group="Jugendhilfe", label="Abgeschafft", is_active=False)
    db.session.commit()
    return edition


def test_the_list_is_a_pdf_download(client, login_as, meeting):
    login_as("organiser")
    response = client.get(url(meeting.id))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="unterschriftenliste-29.pdf"'
    assert "no-store" in response.headers["Cache-Control"]
    assert response.data.startswith(b"%PDF-")
    assert response.data.rstrip().endswith(b"%%EOF")
    assert b"/MediaBox [ 0 0 841.8898 595.2756 ]" in response.data  # A4 landscape


def test_the_list_has_the_header_every_seat_and_a_signature_column(client, login_as, meeting):
    login_as("organiser")
    [page] = pdf_pages(client.get(url(meeting.id) + "?lang=en").data)
    for text in ("Signature list: Regionale Bildungskonferenz „Übergänge“", "No. 29",
                 "Wednesday, 10 March 2027, 15:00–18:00", "Rathaus, Ratssaal", "Schulen", "Jugendhilfe",
                 "Grundschulen", "GGS Am Park", "Dr. Jürgen Müller", "Käthe Weiß", "Deputy attends",
                 "Jugendamt", "Not invited", "(vacant)", "Seat", "Organisation", "Member", "Deputy",
                 "RSVP answer", "Signature", "Page 1 of 1"):
        assert text in page, text
    assert "Abgeschafft" not in page  # inactive seats get no line
    assert page.index("Grundschulen") < page.index("Jugendamt")


def test_names_in_any_european_script_print_as_typed(client, login_as, db, meeting):
    make_seat(group="Jugendhilfe", label="Migrationsbeirat", member=make_person("Yılmaz", "Ayşe"),
              deputy=make_person("Иванова", "Ольга"))
    make_seat(group="Jugendhilfe", label="Elternrat", member=make_person("Νίκου", "Σωκράτης"),
              deputy=make_person("Nguyễn", "Thị Lan"))
    db.session.commit()
    login_as("organiser")
    pdf = client.get(url(meeting.id)).data
    page = pdf_pages(pdf)[0]
    for name in ("Łukasz Şahin", "Ayşe Yılmaz", "Ольга Иванова", "Σωκράτης Νίκου", "Thị Lan Nguyễn"):
        assert name in page, name
    assert b"/FontFile2" in pdf and b"+DejaVuSans" in pdf  # the font is embedded (as a subset)
    assert b"/Helvetica" not in pdf  # no text is left to a standard font
    assert b"ZapfDingbats" not in pdf  # reportlab's black box for a missing glyph


def test_chinese_japanese_and_korean_names_print_and_others_the_fonts_lack_as_question_marks(client, login_as, db):
    edition = make_council()
    make_seat(label="Beirat", member=make_person("李", "Wei"))
    make_seat(label="Elternrat", member=make_person("김", "민준"))
    make_seat(label="Schule", member=make_person("Somchai", "สม"))
    db.session.commit()
    login_as("organiser")
    page = pdf_pages(client.get(url(edition.id)).data)[0]
    assert "Wei 李" in page and "민준 김" in page and "?? Somchai" in page


def test_page_numbers_and_dates_follow_the_readers_language(client, login_as, meeting):
    login_as("organiser")
    [page] = pdf_pages(client.get(url(meeting.id) + "?lang=de").data)
    assert "Mittwoch, 10. März 2027, 15:00–18:00" in page
    assert re.search(r"(Seite|Page) 1 (von|of) 1", page)


def test_long_lists_run_over_pages_with_the_header_repeated(client, login_as, db):
    login_as("organiser")
    edition = make_council(number=30)
    for i in range(40):
        make_seat(group="Schulen", label=f"Schule {i:02d}", member=make_person(f"Person{i:02d}"))
    db.session.commit()
    pdf = client.get(url(edition.id) + "?lang=en").data
    pages = pdf_pages(pdf)
    assert page_count(pdf) == len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Schulen" in page and "Signature" in page and "RSVP answer" in page  # repeated header rows
    text = "\n".join(pages)
    assert all(f"Schule {i:02d}" in text for i in range(40))
    assert len(pages) <= 6  # about 9 signature rows a page


def test_names_are_printed_as_typed_not_read_as_markup(client, login_as, db):
    login_as("organiser")
    edition = make_council()
    make_seat(label="<b>Sitz</b> & Co", organisation=make_organisation("A & B <i>GmbH</i>"),
              member=make_person("O'Brien <script>", "Ann"))
    db.session.commit()
    response = client.get(url(edition.id))
    assert response.status_code == 200
    page = pdf_pages(response.data)[0]
    assert "<b>Sitz</b> & Co" in page and "A & B <i>GmbH</i>" in page and "Ann O'Brien <script>" in page


def test_a_meeting_without_seats_still_prints(client, login_as, db):
    login_as("organiser")
    edition = make_council()
    db.session.commit()
    page = pdf_pages(client.get(url(edition.id) + "?lang=en").data)[0]
    assert "There are no active seats." in page


def test_only_council_editions_have_a_signature_list(client, login_as, db):
    login_as("organiser")
    edition = make_edition()
    db.session.commit()
    assert client.get(url(edition.id)).status_code == 404
    assert client.get(url(99999)).status_code == 404


@pytest.mark.parametrize(("text", "expected"), [
    ("Müller Weiß „Zitat“ – 5 €", "Müller Weiß „Zitat“ – 5 €"),
    ("Şahin Łukasz Ćosić Dvořák Yılmaz", "Şahin Łukasz Ćosić Dvořák Yılmaz"),
    ("Ольга Σωκράτης Nguyễn", "Ольга Σωκράτης Nguyễn"),
    ("Cafe\u0301 Ünal\u0308", "Café Ünal\u0308"),  # composed where Unicode can; a mark the font draws stays
    ("Ａｎｎａ", "Ａｎｎａ"),  # full-width Latin, as a Japanese keyboard types it: Droid Sans Fallback has it
    ("\U0001d400\U0001d401", "AB"),  # no glyph in either font (mathematical bold): their compatibility form
    ("李 مريم דוד", "李 דוד ﻢﻳﺮﻣ"),  # CJK kept; Arabic joined, Hebrew and Arabic in visual order
    ("สมชาย 🙂", "????? ?"),  # Thai and emoji: no font has them
    ("Wei דני", "Wei ינד"),  # a right-to-left name inside left-to-right text
    ("מרים כהן", "ןהכ םירמ"),  # a right-to-left text as a whole
    ("a\tb\nc\x00", "a b c"),  # whitespace as a space, control characters dropped
    ("", ""),
])
def test_printable_keeps_every_character_the_font_can_draw(text, expected):
    assert printable(text) == expected
