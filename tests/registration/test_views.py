import re

from sqlalchemy import select

from conference.mail.models import OutboxMessage
from conference.mail.services import body_of
from conference.registration.models import BookingStatus, Registration
from tests.factories import make_open_day


def form(session_ids, **extra):
    return {"name": "Frida Gast", "email": "frida@example.org", "consent": "y", "session_ids": session_ids, **extra}


def test_register_confirm_manage_and_cancel(client, db):
    edition, (a, b) = make_open_day(capacity=5)
    db.session.commit()
    page = client.get(f"/editions/{edition.id}/register").get_data(as_text=True)
    assert "5 Plätze frei" in page
    response = client.post(f"/editions/{edition.id}/register", data=form([a.id]))
    assert response.status_code == 302
    manage_url = response.headers["Location"]
    assert manage_url.startswith("/registrations/")
    manage = client.get(manage_url)
    assert manage.headers["Cache-Control"] == "no-store" and manage.headers["Referrer-Policy"] == "no-referrer"
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in manage.get_data(as_text=True)
    assert f"webcal://localhost{manage_url}/calendar.ics" in manage.get_data(as_text=True)
    assert client.get(f"{manage_url}/calendar.ics").status_code == 200
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "registration_confirm"))
    confirm_path = re.search(r"http://localhost(/registrations/confirm/\S+)", body_of(mail)[0]).group(1)
    assert client.get(confirm_path).status_code == 302
    registration = db.session.scalar(select(Registration))
    assert registration.is_confirmed
    assert client.post(f"{manage_url}/add", data={"session_ids": [b.id]}).status_code == 302
    assert [bk.status for bk in registration.bookings] == [BookingStatus.BOOKED, BookingStatus.BOOKED]
    assert client.post(f"{manage_url}/sessions/{a.id}/cancel").status_code == 302
    assert client.post(f"{manage_url}/cancel").status_code == 302
    db.session.refresh(registration)
    assert registration.cancelled_at is not None
    assert "Diese Anmeldung wurde storniert" in client.get(manage_url).get_data(as_text=True)


def test_register_form_errors_are_422_in_german(client, db):
    edition, (a, _) = make_open_day()
    db.session.commit()
    response = client.post(f"/editions/{edition.id}/register", data={"name": "", "email": "x", "session_ids": []})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Bitte wählen Sie mindestens ein Angebot." in html
    assert "Bitte stimmen Sie der Datenschutzerklärung zu." in html
    response = client.post(f"/editions/{edition.id}/register",
                           data=form([a.id], accessibility_needs="Rollstuhl"))
    assert response.status_code == 422
    assert db.session.scalar(select(Registration.id)) is None


def test_overlap_is_shown_next_to_the_offers(client, db):
    edition, (a, b) = make_open_day(same_slot=True)
    db.session.commit()
    response = client.post(f"/editions/{edition.id}/register", data=form([a.id, b.id]))
    assert response.status_code == 422
    assert "finden gleichzeitig statt" in response.get_data(as_text=True)


def test_bad_tokens_are_404(client, db):
    assert client.get("/registrations/nope").status_code == 404
    assert client.get("/registrations/confirm/nope").status_code == 404
    assert client.post("/registrations/nope/cancel").status_code == 404


def test_wtforms_own_messages_follow_the_language_of_each_request(client, db):
    """WTForms' catalogue is cached per language, never shared between a German and an English request."""
    edition, (a, _) = make_open_day()
    db.session.commit()
    bad = form([a.id], email="kein-at-zeichen")
    assert "Ungültige E-Mail-Adresse." in client.post(f"/editions/{edition.id}/register", data=bad).get_data(
        as_text=True)
    english = client.post(f"/editions/{edition.id}/register?lang=en", data=bad).get_data(as_text=True)
    assert "Invalid email address." in english and "Ungültige" not in english
    assert "Ungültige E-Mail-Adresse." in client.post(f"/editions/{edition.id}/register?lang=de", data=bad).get_data(
        as_text=True)


def test_the_form_says_how_long_this_edition_keeps_accessibility_needs(client, db):
    edition, _ = make_open_day(capacity=5)
    edition.special_retention_months = 2
    db.session.commit()
    page = client.get(f"/editions/{edition.id}/register?lang=en").get_data(as_text=True)
    assert "They are deleted 2 months after the event." in page
    edition.special_retention_months = 1
    db.session.commit()
    page = client.get(f"/editions/{edition.id}/register?lang=en").get_data(as_text=True)
    assert "They are deleted 1 month after the event." in page
