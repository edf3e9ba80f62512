"""Tickets: a registration's code as a QR code (SVG for the manage page, PNG for the mail).

The QR code holds the absolute address of the staff page for the ticket,
``<PUBLIC_BASE_URL>/manage/editions/<edition_id>/check-in/ticket/<code>``: any phone camera opens it, and
only signed-in organisers get past the login. It holds no name and no e-mail address; the code alone is
printed beside it for typing.
"""

from __future__ import annotations

import re
from io import BytesIO

import segno

from conference.links import external_url
from conference.mail.deferred import renderer
from conference.registration.models import TICKET_ALPHABET, BookingStatus, Registration

# A code as people type it: upper or lower case, with or without the dash or spaces.
_LOOSE_CODE = re.compile(rf"[{TICKET_ALPHABET}]{{8}}")
QR_ERROR_LEVEL = "m"  # 15 % of the code may be smudged or glared and it still reads
PNG_SCALE = 8  # pixels per module: about 360 px square, sharp in any mail client


def normalise_code(text: str | None) -> str | None:
    """``"abcd efgh"`` or ``"ABCDEFGH"`` → ``"ABCD-EFGH"``; None when it cannot be a ticket code."""
    compact = re.sub(r"[\s\-‐‑–]", "", text or "").upper()
    if not _LOOSE_CODE.fullmatch(compact):
        return None
    return f"{compact[:4]}-{compact[4:]}"


def has_bookings(registration: Registration) -> bool:
    return any(b.status != BookingStatus.CANCELLED for b in registration.bookings)


def has_ticket(registration: Registration) -> bool:
    """Whether the manage page shows the ticket: a confirmed registration, not cancelled or anonymised,
    with at least one booking that is not cancelled."""
    return registration.confirmed_at is not None and mail_ticket(registration)


def mail_ticket(registration: Registration) -> bool:
    """Whether the confirmation mail carries the ticket. It goes out before the address is confirmed, so
    confirmation is not required here (the check-in page refuses an unconfirmed registration)."""
    return (registration.cancelled_at is None and registration.anonymised_at is None
            and bool(registration.ticket_code) and has_bookings(registration))


def ticket_url(registration: Registration) -> str:
    """The staff page of this ticket, absolute (from PUBLIC_BASE_URL, never the request's host)."""
    return external_url("checkin.ticket", edition_id=registration.edition_id, code=registration.ticket_code)


def ticket_qr(registration: Registration) -> segno.QRCode:
    # Byte mode whatever the address looks like, so the code is the same on every server.
    return segno.make_qr(ticket_url(registration), error=QR_ERROR_LEVEL, boost_error=False, mode="byte")


def ticket_svg(registration: Registration) -> str:
    """The QR code as a standalone SVG document (black on white, with the quiet zone)."""
    out = BytesIO()
    ticket_qr(registration).save(out, kind="svg", scale=4, border=4, dark="#000", light="#fff",
                                 title=f"Ticket {registration.ticket_code}", xmldecl=True, svgns=True)
    return out.getvalue().decode()


def ticket_png(registration: Registration, scale: int = PNG_SCALE) -> bytes:
    out = BytesIO()
    ticket_qr(registration).save(out, kind="png", scale=scale, border=4, dark="#000", light="#fff")
    return out.getvalue()


def attachment_filename(registration: Registration) -> str:
    return f"ticket-{registration.ticket_code}.png"


def ticket_attachment(registration: Registration) -> dict:
    """The outbox reference to the ticket PNG: rendered by the mail worker when the mail is sent, and left
    out if by then the registration is cancelled, anonymised or has no booking."""
    return {"filename": attachment_filename(registration), "content_type": "image/png", "render": "ticket_png",
            "args": {"registration_id": registration.id}}


@renderer("ticket_png")
def render_ticket_png(registration_id: int) -> bytes | None:
    from conference.extensions import db

    registration = db.session.get(Registration, registration_id)
    if registration is None or not mail_ticket(registration):
        return None
    return ticket_png(registration)
