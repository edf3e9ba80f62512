"""Input no database should see: control characters in forms, JSON and URLs are a clean 4xx or are
cleaned, never a 500 (PostgreSQL refuses NUL bytes in text)."""

from sqlalchemy import select

from conference.pages.models import AccessibilityFeedback
from conference.registration.models import Registration
from tests.factories import make_open_day


def test_control_characters_are_dropped_from_form_input(client, db):
    assert client.post("/barrierefreiheit", data={"message": "Hallo\x00 Welt\x07\nzweite Zeile"}).status_code == 302
    assert db.session.scalar(select(AccessibilityFeedback.message)) == "Hallo Welt\nzweite Zeile"


def test_control_characters_in_json_are_dropped(client, db):
    edition, (a, _) = make_open_day()
    db.session.commit()
    response = client.post(f"/api/v1/editions/{edition.id}/registrations",
                           json={"name": "Fri\x00da", "email": "f@example.org", "consent": True, "session_ids": [a.id]})
    assert response.status_code == 201
    assert db.session.scalar(select(Registration.name)) == "Frida"


def test_login_with_control_characters_is_an_ordinary_failure(client, db):
    assert client.post("/login", data={"email": "a\x00@example.org", "password": "x\x00"}).status_code == 200


def test_tokens_with_strange_characters_are_404(client, db):
    for path in ("/registrations/%00", "/registrations/a%00b/calendar.ics", "/api/v1/registrations/%00",
                 "/registrations/confirm/%00x", "/password/reset/%00", "/registrations/" + "a" * 600):
        assert client.get(path).status_code == 404, path
