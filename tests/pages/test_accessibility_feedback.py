from sqlalchemy import select

from conference.mail.models import OutboxMessage
from conference.pages.models import AccessibilityFeedback
from tests.factories import make_user


def test_the_statement_names_the_law_and_offers_the_form(client):
    html = client.get("/barrierefreiheit").get_data(as_text=True)
    assert "BITV NRW" in html
    assert "Ombudsstelle" in html
    assert '<label class="kern-label" for="message">' in html


def test_feedback_is_stored_and_staff_are_notified(client, db):
    make_user("organiser", email="orga@example.org")
    make_user("analyst", email="ana@example.org")
    db.session.commit()
    response = client.post("/barrierefreiheit", data={
        "message": "Der Kontrast im Kopfbereich ist zu gering.", "page_url": "/", "email": "me@example.org"})
    assert response.status_code == 302
    feedback = db.session.scalar(select(AccessibilityFeedback))
    assert feedback.message == "Der Kontrast im Kopfbereich ist zu gering."
    mails = db.session.scalars(select(OutboxMessage)).all()
    assert [m.recipient for m in mails] == ["orga@example.org"]
    assert "Kontrast" in mails[0].body_text


def test_feedback_without_staff_goes_to_the_contact_address(client, db, app):
    client.post("/barrierefreiheit", data={"message": "Hallo"})
    assert db.session.scalar(select(OutboxMessage.recipient)) == app.config["CONTACT_EMAIL"]


def test_empty_or_invalid_feedback_is_a_422_with_a_german_message(client, db):
    response = client.post("/barrierefreiheit", data={"message": "", "email": "kaputt"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="error-summary"' in html
    assert "Dieses Feld wird benötigt." in html
    assert "Ungültige E-Mail-Adresse." in html
    assert db.session.scalar(select(db.func.count(AccessibilityFeedback.id))) == 0


def test_feedback_is_listed_for_organisers(client, db, login_as):
    client.post("/barrierefreiheit", data={"message": "Fokus nicht sichtbar"})
    login_as("organiser")
    assert "Fokus nicht sichtbar" in client.get("/manage/feedback").get_data(as_text=True)


def test_imprint_and_privacy_pages(client):
    assert "Anbieterin" in client.get("/impressum").get_data(as_text=True)
    assert "Art. 9" in client.get("/datenschutz").get_data(as_text=True)
