"""Tickets: the code's format, the QR code's contents (read back from the PNG), and the ticket on the
visitor's manage page."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
import segno
from PIL import Image
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from conference.checkin import tickets
from conference.database import utcnow
from conference.registration.models import TICKET_ALPHABET, BookingStatus, Registration, new_ticket_code
from tests.checkin.day_setup import in_german, open_day
from tests.surveys.answer_setup import book, make_registration

CODE = re.compile(rf"[{TICKET_ALPHABET}]{{4}}-[{TICKET_ALPHABET}]{{4}}")


def test_codes_are_four_and_four_characters_that_cannot_be_confused():
    codes = [new_ticket_code() for _ in range(2000)]
    assert all(CODE.fullmatch(code) for code in codes)
    assert not set("01IO").intersection("".join(codes))
    assert len(set(codes)) == len(codes)  # 40 bits: no repeat in a sample this small


def test_every_registration_gets_its_own_code_and_the_database_keeps_them_unique(db):
    day = open_day()
    codes = db.session.scalars(select(Registration.ticket_code)).all()
    assert len(codes) == 4 and len(set(codes)) == 4 and all(CODE.fullmatch(c) for c in codes)
    twin = make_registration(day.edition, "twin@example.org")
    twin.ticket_code = day.jana.ticket_code
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize(("typed", "expected"), [("abcd-efgh", "ABCD-EFGH"), ("ABCDEFGH", "ABCD-EFGH"),
                                                 (" abcd efgh ", "ABCD-EFGH"), ("ABCD–EFGH", "ABCD-EFGH"),
                                                 ("ABCD-EFG", None), ("ABCD-EFGHJ", None), ("0BCD-EFGH", None),
                                                 ("", None), (None, None)])
def test_codes_typed_loosely_are_normalised(typed, expected):
    assert tickets.normalise_code(typed) == expected


def read_png(png: bytes, scale: int, border: int = 4) -> list[list[bool]]:
    """The modules of a QR code PNG: dark or not at the centre of each module."""
    image = Image.open(BytesIO(png)).convert("L")
    size = image.width // scale - 2 * border
    return [[image.getpixel(((border + x) * scale + scale // 2, (border + y) * scale + scale // 2)) < 128
             for x in range(size)] for y in range(size)]


def test_the_qr_code_holds_the_absolute_staff_address_of_the_ticket(db):
    day = open_day()
    url = f"http://localhost/manage/editions/{day.edition.id}/check-in/ticket/{day.jana.ticket_code}"
    assert tickets.ticket_url(day.jana) == url
    qr = tickets.ticket_qr(day.jana)
    assert qr.error == "M" and qr.mode == "byte"
    # Read the PNG back module by module: it is exactly the QR code of that address.
    expected = segno.make_qr(url, error="m", boost_error=False, mode="byte")
    png = tickets.ticket_png(day.jana)
    assert png.startswith(b"\x89PNG")
    assert read_png(png, tickets.PNG_SCALE) == [[bool(m) for m in row] for row in expected.matrix]
    assert read_png(png, tickets.PNG_SCALE) != [[bool(m) for m in row] for row in segno.make_qr(
        url.replace(day.jana.ticket_code, day.deniz.ticket_code), error="m", boost_error=False, mode="byte").matrix]
    # No personal data in it.
    assert day.jana.name not in url and day.jana.email not in url


@pytest.mark.config(PUBLIC_BASE_URL="https://bildung.example.de/")
def test_the_address_comes_from_the_public_base_url(db):
    day = open_day()
    assert tickets.ticket_url(day.jana).startswith("https://bildung.example.de/manage/editions/")


def test_the_svg_is_a_standalone_document_with_the_code_as_title(db):
    day = open_day()
    svg = tickets.ticket_svg(day.jana)
    assert svg.startswith("<?xml") and 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert f"<title>Ticket {day.jana.ticket_code}</title>" in svg
    assert "style=" not in svg  # nothing the page's CSP would block


def manage_url(registration) -> str:
    return f"/registrations/{registration.manage_token}"


def test_the_manage_page_shows_the_ticket_as_an_image_with_the_code(client, db):
    day = open_day()
    db.session.commit()
    html = client.get(manage_url(day.jana)).get_data(as_text=True)
    svg_url = f"{manage_url(day.jana)}/ticket.svg"
    assert f'src="{svg_url}"' in html
    alt = in_german("QR code of your ticket %(code)s", code=day.jana.ticket_code)
    assert f'alt="{alt}"' in html
    assert f"<strong class=\"kern-heading-small\">{day.jana.ticket_code}</strong>" in html

    response = client.get(svg_url)
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.get_data(as_text=True) == tickets.ticket_svg(day.jana)

    png = client.get(f"{manage_url(day.jana)}/ticket.png")
    assert png.status_code == 200 and png.mimetype == "image/png" and png.data.startswith(b"\x89PNG")
    assert png.headers["Content-Disposition"] == f'attachment; filename="ticket-{day.jana.ticket_code}.png"'
    assert png.headers["Cache-Control"] == "private, no-store"


def test_no_ticket_without_confirmation_after_cancelling_or_without_a_booking(client, db):
    day = open_day()
    nothing_booked = make_registration(day.edition, "leer@example.org")
    all_cancelled = make_registration(day.edition, "weg@example.org")
    book(all_cancelled, day.morning, BookingStatus.CANCELLED)
    anonymised = make_registration(day.edition, "anon@example.org")
    book(anonymised, day.morning)
    anonymised.anonymised_at = utcnow()
    db.session.commit()
    for registration in (day.kim, day.lea, nothing_booked, all_cancelled, anonymised):
        assert not tickets.has_ticket(registration)
        assert "ticket.svg" not in client.get(manage_url(registration)).get_data(as_text=True)
        assert client.get(f"{manage_url(registration)}/ticket.svg").status_code == 404
        assert client.get(f"{manage_url(registration)}/ticket.png").status_code == 404
    assert tickets.has_ticket(day.deniz)  # checked in already: the ticket is still shown
    assert client.get("/registrations/not-a-token/ticket.svg").status_code == 404
