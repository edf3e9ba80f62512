"""Defects found in review of issue 2, each pinned by a test."""

from flask import g
from sqlalchemy import select

from conference.mail.models import OutboxMessage, OutboxStatus
from conference.mail.sender import SmtpSettings, deliver_pending
from conference.mail.services import queue_mail
from tests.factories import make_user


def test_reset_links_ignore_the_host_header(client, db, app):
    make_user("admin", email="admin@example.org")
    db.session.commit()
    client.post("/password/forgot", data={"email": "admin@example.org"}, headers={"Host": "evil.example"})
    mail = db.session.scalar(select(OutboxMessage))
    assert "evil.example" not in mail.body_text
    assert app.config["PUBLIC_BASE_URL"] + "/password/reset/" in mail.body_text


def test_a_password_reset_signs_out_other_sessions(app, db):
    from conference.accounts.services import make_reset_token

    user = make_user("organiser", email="o@example.org", password="old")
    db.session.commit()
    other_device = app.test_client()
    assert other_device.post("/login", data={"email": "o@example.org", "password": "old",
                                             "remember": "y"}).status_code == 302
    assert other_device.get("/manage/").status_code == 200
    token = make_reset_token(user)
    app.test_client().post(f"/password/reset/{token}", data={"password": "new-pw", "confirm": "new-pw"})
    g.pop("_login_user", None)  # the fixture's app context outlives requests; in production each has its own
    response = other_device.get("/manage/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_one_malformed_mail_does_not_stop_the_queue(db, smtp_server):
    user = make_user("organiser")
    bad = queue_mail("a@example.org", "password_reset", subject="ok", reset_url="u", user=user, max_age_minutes=1)
    bad.subject = "broken\nsubject"  # as an older row, written before subjects were cleaned
    queue_mail("b@example.org", "password_reset", subject="ok", reset_url="u", user=user, max_age_minutes=1)
    db.session.commit()
    settings = SmtpSettings(host="127.0.0.1", port=smtp_server.port, timeout=5)
    counts = deliver_pending(settings)
    assert counts["sent"] == 1 and counts["failed"] == 1
    assert [m.rcpt_tos for m in smtp_server.messages] == [["b@example.org"]]
    db.session.refresh(bad)
    assert bad.status == OutboxStatus.FAILED and "cannot build" in bad.last_error


def test_subjects_are_one_line_and_fit_the_column(db):
    user = make_user("organiser")
    message = queue_mail("a@example.org", "password_reset", subject="Titel\r\nmit Umbruch " + "x" * 400,
                         reset_url="u", user=user, max_age_minutes=1)
    db.session.commit()
    assert "\n" not in message.subject and len(message.subject) == 300


def test_outbox_page_numbers_beyond_reason_are_not_a_500(client, login_as):
    login_as("organiser")
    assert client.get("/manage/outbox/?page=99999999999999999999").status_code == 200


def test_create_user_refuses_bad_addresses_and_providers_without_organisation(runner, db):
    bad = runner.invoke(args=["create-user", "not an email<script>", "--role", "admin", "--password", "long-enough"])
    assert bad.exit_code == 2
    orphan = runner.invoke(args=["create-user", "p@example.org", "--role", "provider", "--password", "long-enough"])
    assert orphan.exit_code == 2


def test_partner_dashboard_links_to_walk_in_counting(client, db, login_as):
    from tests.factories import make_open_day, make_organisation

    edition, (a, _) = make_open_day()
    own = make_organisation("Eigene")
    a.organisation = own
    login_as("provider", organisation_id=own.id)
    db.session.commit()
    assert f"/partner/editions/{edition.id}/walk-ins" in client.get("/partner/").get_data(as_text=True)
