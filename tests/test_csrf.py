"""CSRF is off in the test config for convenience; these tests turn it back on."""

import re

import pytest

from conference.pages.models import AccessibilityFeedback
from tests.factories import make_user


def csrf_token(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


@pytest.mark.config(WTF_CSRF_ENABLED=True)
@pytest.mark.parametrize("path", ["/login", "/barrierefreiheit", "/password/forgot", "/logout", "/signup/partner"])
def test_a_post_without_csrf_token_is_refused_with_400(client, path):
    response = client.post(path, data={"email": "a@example.org", "password": "x", "message": "Hallo"})
    assert response.status_code == 400


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_a_refused_post_stores_nothing(client, db):
    client.post("/barrierefreiheit", data={"message": "Kontrast zu gering"})
    assert db.session.scalar(db.select(db.func.count(AccessibilityFeedback.id))) == 0


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_a_post_with_the_token_from_the_form_is_accepted(client, db):
    make_user("organiser", email="o@example.org")
    db.session.commit()
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"email": "o@example.org", "password": "secret", "csrf_token": token})
    assert response.status_code == 302


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_staff_forms_need_the_token_too(client, db):
    make_user("organiser", email="o@example.org")
    db.session.commit()
    token = csrf_token(client, "/login")
    client.post("/login", data={"email": "o@example.org", "password": "secret", "csrf_token": token})
    response = client.post("/manage/editions/new", data={"title": "X", "format": "council"})
    assert response.status_code == 400
