"""Error pages in German and English, never a bare 500 for bad input."""

import pytest
from flask import abort

from tests.factories import make_user


@pytest.fixture
def app_with_error_routes(app):
    def boom():
        raise RuntimeError("unexpected")

    app.add_url_rule("/_boom", "boom", boom)
    app.add_url_rule("/_bad", "bad", lambda: abort(400))
    return app


@pytest.mark.config(PROPAGATE_EXCEPTIONS=False)  # show the 500 page as production does
@pytest.mark.parametrize(("path", "status", "german", "english"), [
    ("/does-not-exist", 404, "Seite nicht gefunden", "Page not found"),
    ("/_bad", 400, "Fehlerhafte Anfrage", "Bad request"),
    ("/_boom", 500, "Serverfehler", "Server error"),
])
def test_error_pages_speak_both_languages(app_with_error_routes, path, status, german, english):
    client = app_with_error_routes.test_client()
    response = client.get(path)
    assert response.status_code == status
    assert german in response.get_data(as_text=True)
    client.set_cookie("lang", "en")
    response = client.get(path)
    assert response.status_code == status
    assert english in response.get_data(as_text=True)


def test_403_page(client, login_as):
    login_as("provider")
    response = client.get("/manage/")
    assert response.status_code == 403
    assert "Zugriff verweigert" in response.get_data(as_text=True)


@pytest.mark.config(MAX_CONTENT_LENGTH=1024)
def test_413_page(client):
    response = client.post("/barrierefreiheit", data={"message": "x" * 5000})
    assert response.status_code == 413
    assert "zu groß" in response.get_data(as_text=True)


@pytest.mark.config(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
def test_429_page_after_too_many_logins(client, db):
    make_user("organiser", email="o@example.org")
    db.session.commit()
    statuses = [client.post("/login", data={"email": "o@example.org", "password": "wrong"}).status_code
                for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.post("/login", data={"email": "o@example.org", "password": "wrong"})
    assert "Zu viele Anfragen" in response.get_data(as_text=True)
    assert response.headers.get("Retry-After")


def test_405_for_a_wrong_method(client):
    response = client.post("/impressum")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_wrong_url_types_are_404_not_500(client):
    assert client.get("/editions/abc").status_code == 404
    assert client.get("/editions/99999999999999999999999").status_code == 404
