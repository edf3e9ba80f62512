"""The printable signature list: a real PDF (read back here without a PDF library: the page streams
are decompressed and their text operators decoded), with every seat, its holders and answer, the
header on every page, page numbers in the reader's language, and names printed as typed."""

from __future__ import annotations

import base64
import re
import zlib

import pytest

from conference.council.models import Invitation, RsvpStatus
from conference.pdf import printable
from tests.factories import make_council, make_edition, make_organisation, make_person, make_seat

STREAM = re.compile(rb"<<((?:(?!<<|>>).)*?)>>\s*stream\r?\n", re.S)  # a stream's dictionary (not nested)
# A shown string, or an operator that starts a new line of text.
TEXT = re.compile(rb"(\((?:\\.|[^\\()])*\))\s*Tj|\b(T\*|Td|TD|Tm|ET)\b", re.S)
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(literal: bytes) -> bytes:
    def replace(match):
        token = match.group(1)
        if token[:1].isdigit():
            return bytes([int(token, 8)])
        return ESCAPES.get(token, token)

    return re.sub(rb"\\([0-7]{1,3}|.)", replace, literal[1:-1], flags=re.S)


def page_streams(pdf: bytes) -> list[bytes]:
    """Every content stream, decoded (reportlab writes ASCII85 over Flate)."""
    streams = []
    for match in STREAM.finditer(pdf):
        header = match.group(1)
        length = int(re.search(rb"/Length (\d+)", header).group(1))
        data = pdf[match.end():match.end() + length]
        if b"/ASCII85Decode" in header:
            data = base64.a85decode(data.strip().removesuffix(b"~>"))
        if b"/FlateDecode" in header:
            data = zlib.decompress(data)
        streams.append(data)
    return streams


def stream_text(stream: bytes) -> str:
    """The text a content stream draws, a line of text per line (Tj pieces of a line joined)."""
    parts = [_unescape(shown).decode("cp1252") if shown else "\n" for shown, _ in TEXT.findall(stream)]
    return "\n".join(line for line in "".join(parts).splitlines() if line)


def pdf_pages(pdf: bytes) -> list[str]:
    """The text drawn on each page, in drawing order (page streams are the ones that draw text)."""
    return [stream_text(stream) for stream in page_streams(pdf) if b" Tj" in stream]


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
                 "Wednesday, March 10, 2027, 15:00–18:00", "Rathaus, Ratssaal", "Schulen", "Jugendhilfe",
                 "Grundschulen", "GGS Am Park", "Dr. Jürgen Müller", "Käthe Weiß", "Deputy attends",
                 "Jugendamt", "Not invited", "(vacant)", "Seat", "Organisation", "Member", "Deputy",
                 "RSVP answer", "Signature", "Page 1 of 1"):
        assert text in page, text
    assert "Abgeschafft" not in page  # inactive seats get no line
    assert page.index("Grundschulen") < page.index("Jugendamt")


def test_letters_outside_the_standard_fonts_print_as_their_base_letter(client, login_as, meeting):
    login_as("organiser")
    pdf = client.get(url(meeting.id)).data
    assert "Lukasz Sahin" in pdf_pages(pdf)[0]
    assert b"ZapfDingbats" not in pdf  # reportlab's black box for a missing glyph


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
    ("Şahin Łukasz Ćosić Dvořák", "Sahin Lukasz Cosic Dvorák"),
    ("Ünal\u0308", "Ünal?"),  # a lone combining mark has no base letter
    ("李", "?"),
    ("", ""),
])
def test_printable_keeps_what_the_standard_fonts_can_draw(text, expected):
    assert printable(text) == expected
