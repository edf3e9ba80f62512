"""Partner accounts: sign up, confirm the address, an organiser approves; only then can the contact sign in."""

import re

from sqlalchemy import func, select

from conference.accounts.models import Role, User
from conference.mail.models import OutboxMessage
from conference.organisations.models import Organisation
from tests.factories import make_organisation, make_provider


def signup_form(**overrides):
    return {"organisation_name": "Jugendkunstschule Nord", "organisation_kind": "culture",
            "website": "https://jks.example.org", "name": "Petra Partner", "email": "petra@example.org",
            "password": "ein-gutes-passwort", "confirm": "ein-gutes-passwort", "consent": "y", **overrides}


def mail_to(db, address, template):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address,
                                                         OutboxMessage.template == template)).all()


def link_in(message, path):
    return re.search(r"http://localhost(" + re.escape(path) + r"\S+)", message.body_text).group(1)


def test_sign_up_confirm_approve_and_sign_in(client, db, login_as):
    assert client.get("/signup/partner").status_code == 200
    response = client.post("/signup/partner", data=signup_form())
    assert response.status_code == 302 and response.headers["Location"] == "/signup/partner/sent"
    user = db.session.scalar(select(User).where(User.email == "petra@example.org"))
    assert user.role == Role.PROVIDER and user.is_pending and user.organisation.name == "Jugendkunstschule Nord"
    assert user.organisation.kind == "culture" and user.locale == "de"

    signin = {"email": "petra@example.org", "password": "ein-gutes-passwort"}
    page = client.post("/login", data=signin).get_data(as_text=True)
    assert "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse" in page

    organiser = login_as("organiser")
    client.post("/logout")
    [confirm_mail] = mail_to(db, "petra@example.org", "partner_confirm")
    assert client.get(link_in(confirm_mail, "/signup/partner/confirm/")).status_code == 302
    assert mail_to(db, organiser.email, "partner_pending")  # the organisers hear of it
    page = client.post("/login", data=signin).get_data(as_text=True)
    assert "wartet auf die Freigabe" in page

    client.post("/login", data={"email": organiser.email, "password": "secret"})
    listing = client.get("/manage/partners/").get_data(as_text=True)
    assert "Petra Partner" in listing and "Erster Kontakt dieser Einrichtung" in listing
    assert client.post(f"/manage/partners/{user.id}/approve").status_code == 302
    assert mail_to(db, "petra@example.org", "partner_approved")
    client.post("/logout")

    response = client.post("/login", data=signin)
    assert response.status_code == 302 and response.headers["Location"] == "/partner/"
    assert "Jugendkunstschule Nord" in client.get("/partner/").get_data(as_text=True)


def test_a_second_contact_joins_the_existing_organisation_and_the_organiser_sees_who_is_there(client, db, login_as):
    school = make_organisation("Gymnasium am Park")
    make_provider(school, name="Erste Kontaktperson")
    db.session.commit()
    client.post("/signup/partner", data=signup_form(organisation_name="  gymnasium AM park "))
    user = db.session.scalar(select(User).where(User.email == "petra@example.org"))
    assert user.organisation_id == school.id
    assert db.session.scalar(select(func.count(Organisation.id))) == 1
    user.email_verified_at = user.created_at
    db.session.commit()
    login_as("organiser")
    assert "Erste Kontaktperson" in client.get("/manage/partners/").get_data(as_text=True)


def test_signing_up_with_a_known_address_reveals_nothing_and_mails_the_owner(client, db):
    make_provider(email="petra@example.org")
    db.session.commit()
    response = client.post("/signup/partner", data=signup_form())
    assert response.headers["Location"] == "/signup/partner/sent"  # the same answer as for a new address
    assert db.session.scalar(select(func.count(User.id))) == 1
    assert mail_to(db, "petra@example.org", "partner_exists")


def test_an_unconfirmed_address_gets_its_link_again(client, db):
    client.post("/signup/partner", data=signup_form())
    client.post("/signup/partner", data=signup_form())
    assert db.session.scalar(select(func.count(User.id))) == 1
    assert len(mail_to(db, "petra@example.org", "partner_confirm")) == 2


def test_bad_input_is_422_in_german_and_saves_nothing(client, db, app):
    response = client.post("/signup/partner", data=signup_form(email="kein-at", confirm="anders", consent=""))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Ungültige E-Mail-Adresse." in page and "Die Passwörter stimmen nicht überein." in page
    assert "Bitte stimmen Sie der Datenschutzerklärung zu." in page
    app.config["PASSWORD_MIN_LENGTH"] = 12
    short = client.post("/signup/partner", data=signup_form(password="zu-kurz", confirm="zu-kurz"))
    assert short.status_code == 422 and 'id="password-error"' in short.get_data(as_text=True)
    assert db.session.scalar(select(func.count(User.id))) == 0
    assert db.session.scalar(select(func.count(Organisation.id))) == 0


def test_confirmation_links_are_checked(client, db, app):
    assert client.get("/signup/partner/confirm/kaputt").status_code == 404
    client.post("/signup/partner", data=signup_form())
    [confirm_mail] = mail_to(db, "petra@example.org", "partner_confirm")
    app.config["SIGNUP_CONFIRM_HOURS"] = -1  # every link is now too old
    response = client.get(link_in(confirm_mail, "/signup/partner/confirm/"))
    assert response.status_code == 302 and response.headers["Location"] == "/signup/partner"
    assert db.session.scalar(select(User.email_verified_at)) is None


def test_refusing_a_sign_up_removes_the_account_and_its_new_organisation(client, db, login_as):
    client.post("/signup/partner", data=signup_form())
    user = db.session.scalar(select(User).where(User.email == "petra@example.org"))
    user.email_verified_at = user.created_at
    db.session.commit()
    login_as("organiser")
    assert client.post(f"/manage/partners/{user.id}/reject").status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(func.count(User.id)).where(User.role == Role.PROVIDER)) == 0
    assert db.session.scalar(select(func.count(Organisation.id))) == 0
    assert mail_to(db, "petra@example.org", "partner_rejected")


def test_approving_twice_or_a_stranger_is_harmless(client, db, login_as):
    login_as("organiser")
    assert client.post("/manage/partners/999/approve").status_code == 404
    assert client.post("/manage/partners/999/reject").status_code == 404
