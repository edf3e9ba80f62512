"""The ticket in the registration's confirmation mail: a PNG attachment rendered when the mail is sent,
delivered over real SMTP, and the code in the text."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default as default_policy

from sqlalchemy import select

from conference.checkin import tickets
from conference.mail.models import OutboxMessage, OutboxStatus
from conference.mail.sender import SmtpSettings, deliver_pending
from conference.registration import services as registrations
from conference.registration.models import Registration
from tests.checkin.day_setup import in_german
from tests.checkin.test_tickets import read_png
from tests.factories import make_open_day


def settings(port: int) -> SmtpSettings:
    return SmtpSettings(host="127.0.0.1", port=port, sender="bb@example.org", message_id_domain="conference.test",
                        timeout=5)


def register(client, db) -> Registration:
    edition, (first, _) = make_open_day(capacity=5)
    db.session.commit()
    response = client.post(f"/editions/{edition.id}/register", data={
        "name": "Frida Gast", "email": "frida@example.org", "consent": "y", "session_ids": [first.id]})
    assert response.status_code == 302
    return db.session.scalar(select(Registration))


def delivered(smtp_server):
    assert len(smtp_server.messages) == 1
    return message_from_bytes(smtp_server.messages[0].content, policy=default_policy)


def ticket_text(registration) -> str:
    return in_german("Your ticket code: %(code)s. At the entrance, show the QR code (attached as %(file)s, and on "
                     "your registration page) or tell the staff your code. The ticket is valid once you have "
                     "confirmed your registration.", code=registration.ticket_code,
                     file=f"ticket-{registration.ticket_code}.png")


def test_the_confirmation_mail_carries_the_ticket_as_png_to_the_smtp_server(client, db, smtp_server):
    registration = register(client, db)
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "registration_confirm"))
    # Queued as a reference: nothing is rendered in the registration request.
    assert message.attachments[1] == {"filename": f"ticket-{registration.ticket_code}.png",
                                      "content_type": "image/png", "render": "ticket_png",
                                      "args": {"registration_id": registration.id}}

    assert deliver_pending(settings(smtp_server.port)) == {"sent": 1, "failed": 0, "retry": 0}
    mail = delivered(smtp_server)
    parts = {part.get_filename(): part for part in mail.iter_attachments()}
    assert set(parts) == {"anmeldung.ics", f"ticket-{registration.ticket_code}.png"}
    png = parts[f"ticket-{registration.ticket_code}.png"]
    assert png.get_content_type() == "image/png" and png["Content-Transfer-Encoding"] == "base64"
    content = png.get_content()
    assert content == tickets.ticket_png(registration)
    assert read_png(content, tickets.PNG_SCALE) == [[bool(m) for m in row] for row in
                                                     tickets.ticket_qr(registration).matrix]
    text = mail.get_body(("plain",)).get_content()
    assert " ".join(ticket_text(registration).split()) in " ".join(text.split())
    assert registration.ticket_code in mail.get_body(("html",)).get_content()
    assert db.session.scalar(select(OutboxMessage.status)) == OutboxStatus.SENT


def test_a_registration_cancelled_before_the_mail_goes_out_gets_no_ticket(client, db, smtp_server):
    registration = register(client, db)
    registrations.cancel_registration(registration)
    db.session.commit()
    assert deliver_pending(settings(smtp_server.port))["sent"] == 1
    mail = delivered(smtp_server)
    assert [part.get_filename() for part in mail.iter_attachments()] == ["anmeldung.ics"]
    assert registration.ticket_code not in mail.get_body(("plain",)).get_content()
