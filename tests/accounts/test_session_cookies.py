"""Session cookies in production: Secure, HttpOnly, SameSite=Lax, and a new session at sign-in."""

from http.cookies import SimpleCookie

from conference import create_app
from tests import factories


def production_client(database_url):
    app = create_app("production", {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "production-test",
                                    "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                                    "PASSWORD_HASH_TIME_COST": 1, "PASSWORD_HASH_MEMORY_KIB": 1024})
    return app, app.test_client()


def cookies_of(response) -> dict[str, str]:
    found = {}
    for header in response.headers.getlist("Set-Cookie"):
        found.update({name: header for name in SimpleCookie(header)})
    return found


def test_production_cookies_are_secure_http_only_and_same_site(db, database_url):
    factories.make_user(role="organiser", email="orga@example.org", password="secret")
    db.session.commit()
    app, client = production_client(database_url)
    with app.app_context():
        response = client.post("/login", base_url="https://localhost",
                               data={"email": "orga@example.org", "password": "secret", "remember": "y"})
        assert response.status_code == 302
        cookies = cookies_of(response)
        app.extensions["sqlalchemy"].engine.dispose()
    assert {"session", "remember_token"} <= set(cookies)
    for header in (cookies["session"], cookies["remember_token"]):
        attributes = {part.strip().split("=")[0].lower() for part in header.split(";")[1:]}
        assert {"secure", "httponly", "samesite"} <= attributes, header
        assert "SameSite=Lax" in header


def test_signing_in_starts_a_new_session(client, db):
    factories.make_user(role="organiser", email="orga@example.org", password="secret")
    db.session.commit()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"  # what an attacker could have left in the visitor's session
    before = client.get_cookie("session").value
    response = client.post("/login", data={"email": "orga@example.org", "password": "secret"})
    assert response.status_code == 302
    assert client.get_cookie("session").value != before
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id")
