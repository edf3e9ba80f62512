"""The outbox: written in the request's transaction, delivered by `flask send-mail` over real SMTP."""

import threading
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from sqlalchemy import select

from conference.database import utcnow
from conference.mail.models import OutboxMessage, OutboxStatus
from conference.mail.sender import SmtpSettings, deliver_pending
from conference.mail.services import body_of, queue_mail
from tests.conftest import free_port


def settings(host="127.0.0.1", port=25, **kw):
    return SmtpSettings(host=host, port=port, sender="Bildungsbüro <bb@example.org>",
                        message_id_domain="conference.test", timeout=5, **kw)


def queue(db, n=1, to="a@example.org"):
    from tests.factories import make_user

    user = make_user("organiser")
    for _ in range(n):
        queue_mail(to, "password_reset", subject="Passwort zurücksetzen", reset_url="https://x/reset/abc",
                   user=user, max_age_minutes=60, locale="de")
    db.session.commit()


def test_queue_mail_renders_text_and_html_in_the_given_language(db):
    queue(db)
    message = db.session.scalar(select(OutboxMessage))
    assert message.status == OutboxStatus.PENDING
    assert "https://x/reset/abc" in message.body_text
    assert "<a href=\"https://x/reset/abc\">" in message.body_html
    assert message.body_text.startswith("Guten Tag")


def test_send_mail_delivers_over_smtp_and_marks_sent(db, smtp_server):
    queue(db, n=3)
    counts = deliver_pending(settings(port=smtp_server.port))
    assert counts == {"sent": 3, "failed": 0, "retry": 0}
    assert len(smtp_server.messages) == 3
    envelope = smtp_server.messages[0]
    assert envelope.rcpt_tos == ["a@example.org"]
    parsed = message_from_bytes(envelope.content, policy=default_policy)
    assert parsed["Subject"] == "Passwort zurücksetzen"
    assert parsed["Message-ID"].startswith("<outbox-")
    assert parsed.get_body(("plain",)).get_content().strip()
    assert parsed.get_body(("html",)) is not None
    statuses = db.session.scalars(select(OutboxMessage.status)).all()
    assert statuses == [OutboxStatus.SENT] * 3
    assert deliver_pending(settings(port=smtp_server.port)) == {"sent": 0, "failed": 0, "retry": 0}


def test_an_unreachable_server_backs_off_and_finally_fails(db):
    queue(db)
    dead = settings(port=free_port(), max_attempts=2)
    assert deliver_pending(dead) == {"sent": 0, "failed": 0, "retry": 1}
    message = db.session.scalar(select(OutboxMessage))
    db.session.refresh(message)
    assert message.attempts == 1 and message.next_attempt_at is not None and message.last_error
    assert deliver_pending(dead) == {"sent": 0, "failed": 0, "retry": 0}  # backing off: not yet due
    message.next_attempt_at = None
    db.session.commit()
    assert deliver_pending(dead) == {"sent": 0, "failed": 1, "retry": 0}


def test_send_mail_command(runner, db, smtp_server, app):
    queue(db, n=2)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.port)
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "sent 2, retry later 0, failed 0"
    assert len(smtp_server.messages) == 2


def test_outbox_command_prints_pending_mail(runner, db):
    queue(db)
    result = runner.invoke(args=["outbox"])
    assert "To: " not in result.output
    assert "to a@example.org" in result.output and "https://x/reset/abc" in result.output


def test_a_rolled_back_request_leaves_no_mail(app, client, db):
    from flask import abort

    from tests.factories import make_user

    def fail_after_queueing():
        user = make_user("organiser")
        queue_mail(user.email, "password_reset", subject="S", reset_url="u", user=user, max_age_minutes=1)
        abort(409)

    app.add_url_rule("/_fail", "fail", fail_after_queueing)
    assert client.get("/_fail").status_code == 409
    assert db.session.scalar(select(db.func.count(OutboxMessage.id))) == 0


def test_outbox_page_lists_messages_for_organisers(client, login_as, db):
    login_as("organiser")
    queue(db)
    html = client.get("/manage/outbox/").get_data(as_text=True)
    assert "Passwort zurücksetzen" in html
    message_id = db.session.scalar(select(OutboxMessage.id))
    assert "https://x/reset/abc" in client.get(f"/manage/outbox/{message_id}").get_data(as_text=True)


def test_outbox_page_shows_the_status_as_words_and_counts_in_the_singular_and_plural(english, login_as, db):
    login_as("organiser")
    queue(db)
    html = english.get("/manage/outbox/").get_data(as_text=True)
    assert "1 message in total." in html and "waiting to be sent" in html and ">pending<" not in html
    message_id = db.session.scalar(select(OutboxMessage.id))
    assert "waiting to be sent" in english.get(f"/manage/outbox/{message_id}").get_data(as_text=True)
    queue(db)
    assert "2 messages in total." in english.get("/manage/outbox/").get_data(as_text=True)


@pytest.mark.config(OUTBOX_UI=False)
def test_outbox_page_is_off_in_production(client, login_as):
    login_as("organiser")
    assert client.get("/manage/outbox/").status_code == 404


@pytest.mark.backends("postgresql")  # SQLite has no row locks; one mail worker is the rule there
def test_workers_skip_rows_locked_by_another_worker(app, db):
    """Two workers never claim the same message (FOR UPDATE SKIP LOCKED)."""
    from conference.mail.sender import _claim_next

    queue(db, n=2)
    first_claimed = threading.Event()
    release = threading.Event()
    claimed = {}

    def worker(name):
        with app.app_context():
            message = _claim_next()
            claimed[name] = message.id if message else None
            if name == "a":
                first_claimed.set()
                release.wait(5)
            db.session.rollback()

    a = threading.Thread(target=worker, args=("a",))
    a.start()
    first_claimed.wait(5)
    worker("b")
    release.set()
    a.join()
    assert claimed["a"] != claimed["b"]
    assert None not in claimed.values()


def test_confirmation_mail_carries_the_ics_over_smtp(db, smtp_server):
    from conference.registration import services as registrations
    from conference.registration.notifications import notify_registered
    from tests.factories import make_open_day

    edition, (a, _) = make_open_day()
    registration = registrations.register(edition, registrations.Visitor("Frida", "frida@example.org"), [a.id],
                                          privacy_notice_version="v")
    notify_registered(registration)
    db.session.commit()
    deliver_pending(settings(port=smtp_server.port))
    parsed = message_from_bytes(smtp_server.messages[0].content, policy=default_policy)
    calendars = [part for part in parsed.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert len(calendars) == 1
    assert calendars[0].get_param("method") == "PUBLISH"
    assert calendars[0].get_filename() == "anmeldung.ics"
    assert f"UID:session-{a.id}@" in calendars[0].get_content()


def _registration_mail(db, edition, session_ids, email="frida@example.org"):
    from conference.registration import services as registrations
    from conference.registration.notifications import notify_registered

    registration = registrations.register(edition, registrations.Visitor("Frida", email), session_ids,
                                          privacy_notice_version="v")
    notify_registered(registration)
    db.session.commit()
    return registration, db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == email))


def test_the_confirmation_body_is_rendered_by_the_worker_and_kept(db, smtp_server):
    from tests.factories import make_open_day

    edition, (a, _) = make_open_day()
    registration, message = _registration_mail(db, edition, [a.id])
    assert message.body_text == "" and not message.is_rendered  # nothing rendered in the request
    assert deliver_pending(settings(port=smtp_server.port)) == {"sent": 1, "failed": 0, "retry": 0}
    db.session.refresh(message)
    assert registration.confirm_token in message.body_text  # the record of what was sent
    assert a.title in message.body_text and f'href="http://localhost/registrations/{registration.manage_token}"' \
        in message.body_html
    parsed = message_from_bytes(smtp_server.messages[0].content, policy=default_policy)
    assert registration.confirm_token in parsed.get_body(("plain",)).get_content()


def test_a_deferred_body_is_rendered_in_the_language_of_the_request(db, client):
    from tests.factories import make_open_day

    edition, (a, _) = make_open_day()
    db.session.commit()
    client.post(f"/editions/{edition.id}/register?lang=en", data={
        "name": "Frida", "email": "frida@example.org", "consent": "y", "session_ids": [a.id]})
    message = db.session.scalar(select(OutboxMessage))
    assert message.locale == "en"
    text, _html = body_of(message)
    assert text.startswith("Hello Frida") and "Please confirm" in text


def test_a_mail_whose_subject_is_gone_is_not_sent(db, smtp_server):
    from sqlalchemy import delete

    from conference.registration.models import Booking, Registration
    from tests.factories import make_open_day

    edition, (a, _) = make_open_day()
    registration, message = _registration_mail(db, edition, [a.id])
    db.session.execute(delete(Booking).where(Booking.registration_id == registration.id))
    db.session.execute(delete(Registration).where(Registration.id == registration.id))
    db.session.commit()
    assert body_of(message) is None
    assert deliver_pending(settings(port=smtp_server.port)) == {"sent": 0, "failed": 1, "retry": 0}
    assert smtp_server.messages == []
    db.session.refresh(message)
    assert message.status == OutboxStatus.FAILED and "no longer exists" in message.last_error


def test_previewing_a_deferred_body_does_not_store_it(db, client, login_as):
    from tests.factories import make_open_day

    edition, (a, _) = make_open_day()
    registration, message = _registration_mail(db, edition, [a.id])
    login_as("organiser")
    page = client.get(f"/manage/outbox/{message.id}").get_data(as_text=True)
    assert registration.confirm_token in page
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).body_text == ""


def _row_in_the_workers_transaction(message_id):
    """The outbox row as the worker's own open transaction sees it (a Core query: no autoflush)."""
    from conference.extensions import db

    columns = (OutboxMessage.status, OutboxMessage.sent_at, OutboxMessage.last_error, OutboxMessage.attempts,
               OutboxMessage.body_text)
    return db.session.connection().execute(select(*columns).where(OutboxMessage.id == message_id)).one()


@pytest.mark.backends("postgresql")
def test_the_row_is_marked_sent_before_the_smtp_server_gets_the_message(db, smtp_server, monkeypatch):
    """A worker killed after the server's 250 sends the message again. To keep that window small, the row
    is written (sent, body, attempt) before the SMTP transaction, and after the 250 only the COMMIT is left."""
    import smtplib

    from sqlalchemy import event

    from tests.factories import make_open_day

    edition, (a, _) = make_open_day()
    registration, message = _registration_mail(db, edition, [a.id])
    message.last_error = "SMTPServerDisconnected: an earlier try"
    db.session.commit()
    seen_at_send, after_the_250 = [], []
    send_message = smtplib.SMTP.send_message

    def watched_send_message(smtp, email, *args, **kwargs):
        seen_at_send.append(_row_in_the_workers_transaction(message.id))
        answer = send_message(smtp, email, *args, **kwargs)
        after_the_250.append("250")
        return answer

    def statement(conn, cursor, sql, parameters, context, executemany):
        if after_the_250 and after_the_250[-1] != "COMMIT":
            after_the_250.append(sql)

    monkeypatch.setattr(smtplib.SMTP, "send_message", watched_send_message)
    event.listen(db.engine, "before_cursor_execute", statement)
    event.listen(db.engine, "commit", lambda conn: after_the_250.append("COMMIT"))

    assert deliver_pending(settings(port=smtp_server.port)) == {"sent": 1, "failed": 0, "retry": 0}
    assert len(smtp_server.messages) == 1
    [(status, sent_at, last_error, attempts, body_text)] = seen_at_send
    assert status == OutboxStatus.SENT and sent_at is not None and last_error == ""
    assert attempts == 1 and registration.confirm_token in body_text
    assert after_the_250 == ["250", "COMMIT"]  # no UPDATE, no RELEASE SAVEPOINT between the 250 and the COMMIT
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).status == OutboxStatus.SENT


@pytest.fixture
def refusing_smtp_server():
    """An SMTP server that reads the whole message and then refuses it for now (451)."""
    from aiosmtpd.controller import Controller

    class Refuse:
        async def handle_DATA(self, server, session, envelope):
            return "451 4.3.0 Try again later"

    controller = Controller(Refuse(), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port
    controller.stop()


@pytest.mark.parametrize(("max_attempts", "status", "outcome"), [
    (5, OutboxStatus.PENDING, "retry"), (1, OutboxStatus.FAILED, "failed")])
def test_a_refused_message_takes_back_the_sent_mark(db, refusing_smtp_server, max_attempts, status, outcome):
    """The row was marked sent before the send; a refusal takes that back but keeps the counted attempt
    and the rendered body (the record of what was tried)."""
    from conference.database import utcnow
    from tests.factories import make_open_day

    edition, (a, _) = make_open_day()
    registration, message = _registration_mail(db, edition, [a.id])
    before = utcnow()
    counts = deliver_pending(settings(port=refusing_smtp_server, max_attempts=max_attempts))
    assert counts == {"sent": 0, "failed": 0, "retry": 0} | {outcome: 1}
    db.session.expire_all()
    message = db.session.get(OutboxMessage, message.id)
    assert message.status == status and message.sent_at is None
    assert message.attempts == 1 and "451" in message.last_error
    assert registration.confirm_token in message.body_text
    if outcome == "retry":
        assert message.next_attempt_at >= before + timedelta(minutes=2)


def test_an_unexpected_error_while_sending_leaves_no_sent_mark_and_does_not_stop_the_queue(db, smtp_server,
                                                                                          monkeypatch):
    """An error nobody planned for (a bug, an answer smtplib did not expect) while one message is sent: the
    optimistic mark is rolled back, the attempt is counted with the usual backoff, and the next message is sent.
    Before, the attempt was rolled back too, and the same message stopped the queue at every run."""
    import smtplib

    queue(db, n=2)
    first_id, second_id = sorted(db.session.scalars(select(OutboxMessage.id)))
    send_message = smtplib.SMTP.send_message

    def broken_for_the_first(smtp, email, *args, **kwargs):
        if email["Message-ID"].startswith(f"<outbox-{first_id}@"):
            raise RuntimeError("a bug in the sender")
        return send_message(smtp, email, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "send_message", broken_for_the_first)
    assert deliver_pending(settings(port=smtp_server.port)) == {"sent": 1, "failed": 0, "retry": 1}
    db.session.expire_all()
    first, second = db.session.get(OutboxMessage, first_id), db.session.get(OutboxMessage, second_id)
    assert first.status == OutboxStatus.PENDING and first.sent_at is None and first.attempts == 1
    assert "RuntimeError: a bug in the sender" in first.last_error
    assert first.next_attempt_at is not None and first.next_attempt_at > utcnow() + timedelta(minutes=1)
    assert second.status == OutboxStatus.SENT and len(smtp_server.messages) == 1


def test_an_interrupted_worker_leaves_no_sent_mark_behind(db, smtp_server, monkeypatch, backend):
    """Stopping the worker (Ctrl-C, SystemExit) while it sends rolls the optimistic mark back: a later commit
    cannot record an unsent message as sent. (On SQLite the attempt was committed before the send.)"""
    import smtplib

    queue(db)

    def interrupted(smtp, email, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(smtplib.SMTP, "send_message", interrupted)
    with pytest.raises(KeyboardInterrupt):
        deliver_pending(settings(port=smtp_server.port))
    db.session.commit()
    message = db.session.scalar(select(OutboxMessage))
    assert message.status == OutboxStatus.PENDING and message.sent_at is None
    assert message.attempts == (1 if backend == "sqlite" else 0)


@pytest.mark.backends("sqlite")
def test_on_sqlite_the_write_lock_is_free_while_the_mail_server_answers(db, smtp_server, monkeypatch):
    """SQLite has one write lock for the whole database: a worker holding it while a slow mail server answers
    (up to MAIL_TIMEOUT) would fail every write of the site meanwhile. The attempt and the rendered body are
    committed before the send, the mark after it."""
    import smtplib
    import sqlite3

    from tests.factories import make_open_day

    edition, (a, _) = make_open_day()
    registration, message = _registration_mail(db, edition, [a.id])
    db.session.commit()
    during_the_send = []
    send_message = smtplib.SMTP.send_message

    def watched_send_message(smtp, email, *args, **kwargs):
        other = sqlite3.connect(db.engine.url.database, timeout=0.2, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # another writer gets the lock at once
            during_the_send.append(other.execute(
                "SELECT status, attempts, body_text FROM outbox WHERE id = ?", (message.id,)).fetchone())
            other.execute("ROLLBACK")
        finally:
            other.close()
        return send_message(smtp, email, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "send_message", watched_send_message)
    assert deliver_pending(settings(port=smtp_server.port)) == {"sent": 1, "failed": 0, "retry": 0}
    [(status, attempts, body_text)] = during_the_send
    assert status == "pending" and attempts == 1 and registration.confirm_token in body_text
    db.session.expire_all()
    sent = db.session.get(OutboxMessage, message.id)
    assert sent.status == OutboxStatus.SENT and sent.sent_at is not None and len(smtp_server.messages) == 1
