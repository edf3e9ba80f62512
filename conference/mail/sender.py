"""Delivering the outbox over SMTP. Run by ``flask send-mail``; safe with several workers.

Each message is claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` (PostgreSQL), sent, and marked
sent in its own transaction, so two workers never pick the same row. SQLite ignores the lock
clause; there a single worker is the rule (documented in docs/deployment.md).

Delivery is at least once, never exactly once: SMTP has no way to take back a message the server
has stored, so a worker killed after the server's "250 accepted" but before its COMMIT leaves the
row pending, and the next worker sends it again. The copy carries the same Message-ID
(``<outbox-ID@host>``), by which receiving servers and mail clients can drop it. To keep that
window small, everything the row needs after a successful send (status, ``sent_at``, the cleared
error, the rendered body, ``attempts``) is flushed *before* the SMTP transaction starts, inside
the open transaction and under the row lock; after the 250 only the COMMIT is left to send.
A failed send takes the mark back in the same transaction (``_record_failure``). What is left is
the reply's way back, smtplib returning, and handing the COMMIT to the database (a fraction of a
millisecond) — plus whatever time the SMTP server itself takes between receiving the whole message and
answering 250, which is the server's to keep short: a worker killed then never learns that the server
took the message (RFC 1047), and a killed process's connection closes too late to stop the server.
``sent_at`` is therefore the moment the SMTP transaction began.

SQLite has no row locks and one write lock for the whole database: there the attempt and the rendered body
are committed before the send and the mark after it, so that the write lock is never held while the mail
server answers (the window after the 250 is then one UPDATE longer; SQLite is for one worker and demos).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate

from sqlalchemy import or_, select

from conference.database import utcnow
from conference.extensions import db
from conference.mail.deferred import materialise
from conference.mail.models import OutboxMessage, OutboxStatus
from conference.mail.services import render_body
from conference.row_locks import is_postgres

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    use_tls: bool = False
    use_ssl: bool = False
    username: str = ""
    password: str = ""
    timeout: float = 30
    sender: str = "conference@example.org"
    message_id_domain: str = "conference.example.org"
    max_attempts: int = 5

    @classmethod
    def from_config(cls, config) -> SmtpSettings:
        return cls(
            host=config["MAIL_SERVER"], port=int(config["MAIL_PORT"]), use_tls=config["MAIL_USE_TLS"],
            use_ssl=config["MAIL_USE_SSL"], username=config["MAIL_USERNAME"], password=config["MAIL_PASSWORD"],
            timeout=float(config["MAIL_TIMEOUT"]), sender=config["MAIL_SENDER"],
            message_id_domain=config["SERVER_HOST"], max_attempts=int(config["MAIL_MAX_ATTEMPTS"]),
        )


def build_email(message: OutboxMessage, settings: SmtpSettings) -> EmailMessage:
    email = EmailMessage()
    email["From"] = settings.sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    # A stable Message-ID per outbox row lets receiving servers drop a duplicate after a crash.
    email["Message-ID"] = f"<outbox-{message.id}@{settings.message_id_domain}>"
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    for reference in message.attachments or []:
        attachment = materialise(reference)
        if attachment is None:
            continue
        subtype, params = _content_type(attachment["content_type"])
        if subtype == "calendar":
            params.setdefault("method", "PUBLISH")  # an invitation says REQUEST in its stored content type
        content = attachment["content"]
        if isinstance(content, bytes):  # binary (a ticket's PNG): base64, with its main type
            email.add_attachment(content, maintype=attachment["content_type"].partition("/")[0], subtype=subtype,
                                 filename=attachment["filename"], params=params)
        else:
            email.add_attachment(content, subtype=subtype, filename=attachment["filename"], params=params)
    return email


def _content_type(value: str) -> tuple[str, dict[str, str]]:
    """``"text/calendar; method=REQUEST"`` → ``("calendar", {"method": "REQUEST"})``."""
    kind, *parameters = value.split(";")
    params = {}
    for parameter in parameters:
        name, _, param_value = parameter.partition("=")
        # The charset is the library's to set (it encodes text content as UTF-8).
        if name.strip() and param_value.strip() and name.strip().lower() != "charset":
            params[name.strip().lower()] = param_value.strip().strip('"')
    return kind.strip().partition("/")[2], params


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.use_ssl:
        smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        if settings.use_tls:
            smtp.starttls(context=ssl.create_default_context())
    if settings.username:
        smtp.login(settings.username, settings.password)
    return smtp


def _claim_next() -> OutboxMessage | None:
    now = utcnow()
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.PENDING)
        .where(or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now))
        .order_by(OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    return db.session.scalars(query).first()


def deliver_pending(settings: SmtpSettings, limit: int | None = None) -> dict[str, int]:
    """Send pending messages until none is left (or ``limit``). Returns counts of sent and failed."""
    counts = {"sent": 0, "failed": 0, "retry": 0}
    smtp = None
    try:
        while limit is None or sum(counts.values()) < limit:
            message = _claim_next()
            if message is None:
                db.session.rollback()
                break
            message.attempts += 1
            try:
                if not render_body(message):
                    message.status = OutboxStatus.FAILED
                    message.last_error = "not sent: its subject no longer exists (erased or purged)"
                    counts["failed"] += 1
                    db.session.commit()
                    continue
                email = build_email(message, settings)
            except Exception as error:  # one malformed message must not stop the queue
                message.status = OutboxStatus.FAILED
                message.last_error = f"cannot build the message: {type(error).__name__}: {error}"[:1000]
                counts["failed"] += 1
                log.error("mail cannot be built", extra={"outbox_id": message.id, "error": type(error).__name__})
                db.session.commit()
                continue
            row_locks = is_postgres()
            if row_locks:
                # Marked sent and flushed before the send, so that after the server's 250 only the COMMIT is
                # left (the module docstring explains the window). No SAVEPOINT: its RELEASE would be one more
                # round trip after the 250; a failed send takes the mark back itself.
                _mark_sent(message)
                db.session.flush()
            else:
                # SQLite has one write lock for the whole database and no row locks (one worker is the rule):
                # the attempt and the rendered body are committed first, so that the lock is never held while
                # the mail server answers (up to MAIL_TIMEOUT), which would fail the site's writes meanwhile.
                db.session.commit()
            try:
                if smtp is None:
                    smtp = _connect(settings)
                smtp.send_message(email)
            except (smtplib.SMTPException, OSError) as error:
                smtp = _drop(smtp)
                outcome = _record_failure(message, error, settings)
            except Exception as error:  # a bug or an answer smtplib did not expect: this message waits, the rest go
                smtp = _drop(smtp)
                outcome = _record_unexpected(message, error, settings, counted=not row_locks)
                if outcome is None:
                    continue
            except BaseException:
                db.session.rollback()  # an unsent message must not stay marked sent for a later commit
                raise
            else:
                if not row_locks:
                    _mark_sent(message)
                outcome = "sent"
            db.session.commit()  # one transaction per message releases its row lock at once
            counts[outcome] += 1
    finally:
        _drop(smtp)
    log.info("mail delivery finished", extra=counts)
    return counts


def _record_unexpected(message: OutboxMessage, error: Exception, settings: SmtpSettings, *,
                       counted: bool) -> str | None:
    """After an error nobody planned for, the message's transaction is rolled back (nothing of the optimistic
    mark may stay) and the failed attempt recorded in a new one, with the usual backoff, so that one message
    the sender cannot handle does not stop the queue at every run. ``counted``: the attempt was committed
    before the send (SQLite). None when another worker claimed the message meanwhile (then it is theirs)."""
    message_id = message.id
    db.session.rollback()
    log.exception("mail delivery failed unexpectedly", extra={"outbox_id": message_id})
    message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.id == message_id)
                                 .with_for_update(skip_locked=True)).first()
    if message is None or message.status != OutboxStatus.PENDING:
        db.session.rollback()
        return None
    if not counted:
        message.attempts += 1
    return _record_failure(message, error, settings)


def _mark_sent(message: OutboxMessage) -> None:
    message.status = OutboxStatus.SENT
    message.sent_at = utcnow()
    message.last_error = ""


def _record_failure(message: OutboxMessage, error: Exception, settings: SmtpSettings) -> str:
    """Take back the optimistic SENT mark after a failed send; keep the counted attempt and the rendered
    body. The message is retried after 2, 4, 8 … minutes, or failed after ``max_attempts``. Returns
    ``"retry"`` or ``"failed"``."""
    message.sent_at = None
    message.last_error = f"{type(error).__name__}: {error}"[:1000]
    log.warning("mail delivery failed", extra={"outbox_id": message.id, "attempts": message.attempts,
                                               "error": type(error).__name__})
    if message.attempts >= settings.max_attempts:
        message.status = OutboxStatus.FAILED
        return "failed"
    message.status = OutboxStatus.PENDING
    message.next_attempt_at = utcnow() + timedelta(minutes=2 ** message.attempts)
    return "retry"


def _drop(smtp):
    if smtp is not None:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
    return None
