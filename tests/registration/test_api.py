"""The JSON API contract of issue 3, exactly."""

import re

import pytest
from openapi_spec_validator import validate
from sqlalchemy import select

from conference.editions.models import EditionStatus
from conference.mail.models import OutboxMessage
from conference.registration.models import Registration
from tests.factories import make_edition, make_open_day, make_session

EDITION_KEYS = {"id", "number", "format", "title", "theme", "starts_at", "ends_at", "status"}
SESSION_KEYS = {"id", "title", "kind", "starts_at", "ends_at", "venue", "room", "capacity", "registration_required",
                "booked", "waitlisted"}


def payload(session_ids, **extra):
    return {"name": "Frida Gast", "email": "frida@example.org", "consent": True, "session_ids": session_ids, **extra}


def test_editions_lists_published_editions_only(client, db):
    make_edition(number=1, status=EditionStatus.DRAFT)
    make_edition(number=2, status=EditionStatus.PUBLISHED)
    db.session.commit()
    data = client.get("/api/v1/editions").get_json()
    assert [e["number"] for e in data] == [2]
    assert set(data[0]) == EDITION_KEYS
    assert data[0]["starts_at"].endswith("+00:00")


def test_sessions_list_counts_held_seats_and_hides_drafts(client, db):
    edition, (a, b) = make_open_day(capacity=1)
    make_session(edition, title="Entwurf", is_published=False)
    db.session.commit()
    for n in range(3):
        client.post(f"/api/v1/editions/{edition.id}/registrations", json=payload([a.id], email=f"g{n}@example.org"))
    data = {s["id"]: s for s in client.get(f"/api/v1/editions/{edition.id}/sessions").get_json()}
    assert set(data) == {a.id, b.id}
    assert set(data[a.id]) == SESSION_KEYS
    assert (data[a.id]["booked"], data[a.id]["waitlisted"]) == (1, 2)
    assert data[a.id]["venue"] == "Rathaus" and data[a.id]["room"] == "Raum A"


def test_register_books_and_waitlists(client, db):
    edition, (a, b) = make_open_day(capacity=1)
    db.session.commit()
    first = client.post(f"/api/v1/editions/{edition.id}/registrations", json=payload([a.id, b.id]))
    assert first.status_code == 201
    body = first.get_json()
    assert set(body) == {"registration_id", "manage_token", "bookings"}
    assert body["bookings"] == [{"session_id": a.id, "status": "booked", "waitlist_position": None},
                                {"session_id": b.id, "status": "booked", "waitlist_position": None}]
    second = client.post(f"/api/v1/editions/{edition.id}/registrations", json=payload([a.id], email="x@example.org"))
    assert second.get_json()["bookings"] == [{"session_id": a.id, "status": "waitlisted", "waitlist_position": 1}]
    assert db.session.scalar(select(OutboxMessage.recipient).where(OutboxMessage.template == "registration_confirm")
                             .order_by(OutboxMessage.id)) == "frida@example.org"
    assert "Set-Cookie" not in first.headers


def test_get_and_delete_by_manage_token_promote_the_waiting_list(client, db):
    edition, (a, _) = make_open_day(capacity=1)
    db.session.commit()
    holder = client.post(f"/api/v1/editions/{edition.id}/registrations", json=payload([a.id])).get_json()
    waiting = client.post(f"/api/v1/editions/{edition.id}/registrations",
                          json=payload([a.id], email="w@example.org")).get_json()
    shown = client.get(f"/api/v1/registrations/{holder['manage_token']}")
    assert shown.status_code == 200
    assert shown.get_json() == {"registration_id": holder["registration_id"],
                                "bookings": [{"session_id": a.id, "status": "booked", "waitlist_position": None}]}
    deleted = client.delete(f"/api/v1/registrations/{holder['manage_token']}")
    assert deleted.status_code == 200
    promoted = client.get(f"/api/v1/registrations/{waiting['manage_token']}").get_json()
    assert promoted["bookings"][0]["status"] == "booked"
    assert client.get("/api/v1/registrations/not-a-token").status_code == 404
    assert client.delete("/api/v1/registrations/not-a-token").status_code == 404


@pytest.mark.parametrize(("body", "field"), [
    ({"email": "frida@example.org", "consent": True}, "name"),
    ({"name": "", "email": "frida@example.org", "consent": True}, "name"),
    ({"name": "x" * 201, "email": "frida@example.org", "consent": True}, "name"),
    ({"name": 123, "email": "frida@example.org", "consent": True}, "name"),
    ({"name": "F", "email": "not-an-email", "consent": True}, "email"),
    ({"name": "F", "email": "a@" + "b" * 250 + ".org", "consent": True}, "email"),
    ({"name": "F", "email": "frida@example.org", "consent": False}, "consent"),
    ({"name": "F", "email": "frida@example.org", "consent": "yes"}, "consent"),
    ({"name": "F", "email": "frida@example.org"}, "consent"),
    ({"name": "F", "email": "frida@example.org", "consent": True, "role": "king"}, "role"),
])
def test_invalid_fields_are_422_with_errors_per_field(client, db, body, field):
    edition, (a, _) = make_open_day()
    db.session.commit()
    response = client.post(f"/api/v1/editions/{edition.id}/registrations", json={"session_ids": [a.id], **body})
    assert response.status_code == 422
    assert field in response.get_json()["errors"]
    assert db.session.scalar(select(Registration.id)) is None


@pytest.mark.parametrize("session_ids", ["1", None, [], ["1"], [True], [1.5], [999999], {"a": 1}])
def test_session_ids_must_be_a_list_of_this_editions_ids(client, db, session_ids):
    edition, _ = make_open_day()
    db.session.commit()
    body = payload(session_ids)
    response = client.post(f"/api/v1/editions/{edition.id}/registrations", json=body)
    assert response.status_code == 422
    assert "session_ids" in response.get_json()["errors"]


def test_sessions_of_another_edition_or_overlapping_are_422(client, db):
    edition, _ = make_open_day()
    _, (foreign, _) = make_open_day()
    same_time, (x, y) = make_open_day(same_slot=True)
    db.session.commit()
    assert client.post(f"/api/v1/editions/{edition.id}/registrations",
                       json=payload([foreign.id])).status_code == 422
    overlap = client.post(f"/api/v1/editions/{same_time.id}/registrations", json=payload([x.id, y.id]))
    assert overlap.status_code == 422
    assert "gleichzeitig" in overlap.get_json()["errors"]["session_ids"][0]


@pytest.mark.parametrize("raw", [b"{", b"[1, 2]", b"null", b"", b"\xff\xfe"])
def test_malformed_json_is_400(client, db, raw):
    edition, _ = make_open_day()
    db.session.commit()
    response = client.post(f"/api/v1/editions/{edition.id}/registrations", data=raw,
                           content_type="application/json")
    assert response.status_code == 400
    assert "error" in response.get_json()


def test_closed_registration_window_is_409(client, db):
    edition, (a, _) = make_open_day()
    edition.status = EditionStatus.REGISTRATION_CLOSED
    db.session.commit()
    response = client.post(f"/api/v1/editions/{edition.id}/registrations", json=payload([a.id]))
    assert response.status_code == 409


def test_unknown_edition_is_404_json(client, db):
    response = client.get("/api/v1/editions/4242/sessions")
    assert response.status_code == 404
    assert response.is_json


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_the_api_needs_no_csrf_token(client, db):
    edition, (a, _) = make_open_day()
    db.session.commit()
    assert client.post(f"/api/v1/editions/{edition.id}/registrations", json=payload([a.id])).status_code == 201


@pytest.mark.config(RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute")
def test_the_api_is_rate_limited(client, db):
    statuses = [client.get("/api/v1/editions").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_openapi_document_is_valid_and_describes_every_api_route(client, app):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert document["openapi"].startswith("3.1")
    described = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.openapi":
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            routes |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == described


def test_messages_are_german_unless_english_is_asked_for_with_lang(client, db):
    from tests.factories import make_open_day

    edition, _ = make_open_day()
    db.session.commit()
    path = f"/api/v1/editions/{edition.id}/registrations"
    german = client.post(path, data="x", content_type="application/json", headers={"Accept-Language": "en"})
    english = client.post(path + "?lang=en", data="x", content_type="application/json")
    assert german.status_code == english.status_code == 400
    assert german.get_json()["error"] == "Der Inhalt der Anfrage muss ein JSON-Objekt sein."
    assert english.get_json()["error"] == "The request body must be a JSON object."
