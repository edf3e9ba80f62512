import re

import pytest
from sqlalchemy import select

from conference.accounts.models import User
from conference.mail.models import OutboxMessage
from tests.factories import make_user


def test_passwords_are_hashed_with_argon2(db):
    user = make_user("organiser", password="correct horse")
    assert user.password_hash.startswith("$argon2id$")
    assert "correct horse" not in user.password_hash
    assert user.check_password("correct horse") and not user.check_password("wrong")


def test_login_and_logout(client, db):
    make_user("organiser", email="olga@example.org", password="secret")
    db.session.commit()
    page = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in page and 'name="password"' in page
    response = client.post("/login", data={"email": "Olga@Example.org ", "password": "secret"})
    assert response.status_code == 302 and response.headers["Location"] == "/manage/"
    assert client.get("/manage/").status_code == 200
    client.post("/logout")
    assert client.get("/manage/").status_code == 302


def test_wrong_password_shows_a_message_and_counts(client, db):
    user = make_user("organiser", email="olga@example.org", password="secret")
    db.session.commit()
    response = client.post("/login", data={"email": "olga@example.org", "password": "nope"})
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort ist falsch" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.failed_logins == 1


def test_unknown_email_gets_the_same_message(client, db):
    response = client.post("/login", data={"email": "nobody@example.org", "password": "nope"})
    assert "E-Mail-Adresse oder Passwort ist falsch" in response.get_data(as_text=True)


def test_inactive_accounts_cannot_sign_in(client, db):
    user = make_user("organiser", email="gone@example.org", password="secret")
    user.is_active_account = False
    db.session.commit()
    assert client.post("/login", data={"email": "gone@example.org", "password": "secret"}).status_code == 200
    assert client.get("/manage/").status_code == 302


def test_invalid_login_input_is_a_form_error_not_a_500(client):
    response = client.post("/login", data={"email": "not-an-email", "password": ""})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_partner_accounts_land_in_the_partner_area(client, db):
    make_user("provider", email="p@example.org", password="secret")
    db.session.commit()
    assert client.post("/login", data={"email": "p@example.org", "password": "secret"}).headers[
        "Location"] == "/partner/"


def test_password_reset_by_mailed_token(client, db):
    make_user("organiser", email="olga@example.org", password="old-password")
    db.session.commit()
    response = client.post("/password/forgot", data={"email": "olga@example.org"})
    assert response.status_code == 302
    mail = db.session.scalar(select(OutboxMessage))
    assert mail.recipient == "olga@example.org"
    link = re.search(r"http://localhost(/password/reset/\S+)", mail.body_text).group(1)
    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": "new-password", "confirm": "new-password"})
    assert response.status_code == 302
    assert client.post("/login", data={"email": "olga@example.org", "password": "new-password"}).status_code == 302
    client.post("/logout")
    # The token was single-use: the password hash it was bound to has changed.
    assert client.get(link).status_code == 302
    assert client.post(link, data={"password": "again", "confirm": "again"}).status_code == 302
    user = db.session.scalar(select(User))
    db.session.refresh(user)
    assert user.check_password("new-password")


def test_password_reset_for_unknown_address_reveals_nothing(client, db):
    response = client.post("/password/forgot", data={"email": "nobody@example.org"})
    assert response.status_code == 302
    assert db.session.scalar(select(db.func.count(OutboxMessage.id))) == 0


def test_tampered_or_expired_reset_tokens_are_refused(client, db, app):
    from conference.accounts.services import make_reset_token

    user = make_user("organiser", email="olga@example.org")
    db.session.commit()
    assert client.get("/password/reset/garbage").status_code == 302
    token = make_reset_token(user)
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    response = client.get(f"/password/reset/{token}", follow_redirects=True)
    assert "abgelaufen" in response.get_data(as_text=True)


@pytest.mark.config(PASSWORD_MIN_LENGTH=10)
def test_reset_enforces_the_password_policy(client, db):
    from conference.accounts.services import make_reset_token

    user = make_user("organiser", email="olga@example.org")
    db.session.commit()
    token = make_reset_token(user)
    response = client.post(f"/password/reset/{token}", data={"password": "short", "confirm": "short"})
    assert response.status_code == 200
    assert "mindestens 10 Zeichen" in response.get_data(as_text=True)


def test_create_user_command(runner, db):
    result = runner.invoke(args=["create-user", "New@Example.org", "--role", "analyst", "--password", "a-long-pw"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert (user.email, user.role.value) == ("new@example.org", "analyst")
    again = runner.invoke(args=["create-user", "new@example.org", "--role", "analyst", "--password", "x"])
    assert again.exit_code != 0
    assert "Es gibt bereits ein Konto" in again.output
    bad_role = runner.invoke(args=["create-user", "b@example.org", "--role", "king", "--password", "a-long-pw"])
    assert bad_role.exit_code == 2


def test_create_user_command_reads_the_password_from_stdin(runner, db):
    result = runner.invoke(args=["create-user", "p@example.org", "--role", "provider", "--organisation", "VHS"],
                           input="from-stdin-pw\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert user.check_password("from-stdin-pw")
    assert user.organisation.name == "VHS"
