"""Regression tests for the server errors the fuzzers found, one example each."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from conference.accounts.models import User
from conference.council.models import FollowUp
from conference.editions.models import EditionStatus
from conference.pages.models import AccessibilityFeedback
from conference.registration.models import Registration
from tests.council.agenda_helpers import make_item, make_recommendation
from tests.factories import make_council, make_open_day

# "²" is a digit to str.isdigit() but not to int(): the pages checked isdigit() and then called int().
SUPERSCRIPT_TWO = "\u00b2"


def test_api_session_ids_beyond_a_database_integer_are_a_422(client, db):
    edition, (session, _) = make_open_day()
    db.session.commit()
    for ids in ([2**63], [2**31], [session.id, 0]):
        response = client.post(f"/api/v1/editions/{edition.id}/registrations", json={
            "name": "Frida", "email": "frida@example.org", "consent": True, "session_ids": ids})
        assert response.status_code == 422, ids
        assert set(response.get_json()["errors"]) == {"session_ids"}
    assert db.session.scalar(select(func.count(Registration.id))) == 0


def test_the_api_document_states_the_id_range(client):
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    assert schemas["NewRegistration"]["properties"]["session_ids"]["items"]["maximum"] == 2**31 - 1
    parameter = document["paths"]["/editions/{edition_id}/sessions"]["get"]["parameters"][0]
    assert parameter["schema"]["maximum"] == 2**31 - 1


@pytest.mark.parametrize(("url", "role", "status"), [
    ("/editions/{edition}/register?session=" + SUPERSCRIPT_TWO, None, 200),
    ("/editions/{edition}/register?session=" + "9" * 5000, None, 200),  # beyond int()'s digit limit
    ("/recommendations/?page=" + SUPERSCRIPT_TWO, None, 200),
    ("/recommendations/?edition=" + SUPERSCRIPT_TWO, None, 200),
    ("/oparl/v1/bodies?page=" + SUPERSCRIPT_TWO, None, 400),
    ("/oparl/v1/bodies?limit=" + SUPERSCRIPT_TWO, None, 400),
    ("/manage/audit/?page=" + SUPERSCRIPT_TWO, "admin", 200),
    ("/manage/actions/new?source=" + SUPERSCRIPT_TWO, "organiser", 200),
    ("/manage/council/follow-up/?edition=" + SUPERSCRIPT_TWO, "organiser", 200),
])
def test_digit_like_query_arguments_are_not_numbers(client, db, login_as, url, role, status):
    edition, _ = make_open_day()
    db.session.commit()
    if role:
        login_as(role)
    assert client.get(url.format(edition=edition.id)).status_code == status


def test_a_digit_like_agenda_reference_after_a_status_report_is_ignored(client, db, login_as):
    recommendation = make_recommendation(make_item(make_council(number=28, day=date(2024, 3, 13),
                                                                status=EditionStatus.HELD)))
    db.session.commit()
    login_as("organiser")
    response = client.post(f"/manage/council/follow-up/recommendations/{recommendation.id}/reports",
                           data={"status": "dropped", "from_agenda": SUPERSCRIPT_TWO})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/recommendations/{recommendation.id}")
    assert db.session.scalar(select(func.count(FollowUp.id))) == 1


@pytest.mark.parametrize("body", ["0", "[1]", '"text"', '{"name": {"x": 1}, "message": ["a", 2]}'])
def test_a_json_body_is_no_form(client, db, body):
    """Flask-WTF took a JSON body as the form data, and anything but an object of strings as a 500."""
    edition, _ = make_open_day()
    db.session.commit()
    for url in (f"/editions/{edition.id}/register", "/barrierefreiheit", "/signup/partner"):
        response = client.post(url, data=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 422, (url, response.status_code)
    assert db.session.scalar(select(func.count(Registration.id))) == 0
    assert db.session.scalar(select(func.count(AccessibilityFeedback.id))) == 0
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_a_json_object_of_strings_is_no_form_either(client, db):
    """The HTML forms read posted form fields only: even a well-formed JSON object saves nothing."""
    response = client.post("/barrierefreiheit", json={"message": "Kontrast zu schwach"})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(AccessibilityFeedback.id))) == 0
    assert client.post("/barrierefreiheit", data={"message": "Kontrast zu schwach"}).status_code == 302
    assert db.session.scalar(select(AccessibilityFeedback.message)) == "Kontrast zu schwach"
