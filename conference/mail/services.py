"""Writing mail into the outbox, in the caller's transaction."""

from __future__ import annotations

from contextlib import nullcontext

from flask import render_template
from flask_babel import force_locale, get_locale

from conference.extensions import db
from conference.mail.models import OutboxMessage


def queue_mail(recipient: str, template: str, *, subject: str, locale: str | None = None,
               attachments: list[dict] | None = None, **context) -> OutboxMessage:
    """Render ``templates/email/<template>.txt`` and ``.html`` and add the message to the outbox.

    Nothing is sent here: ``flask send-mail`` delivers after the transaction has committed, so a
    rolled-back request never sends a mail.
    """
    current = str(get_locale() or "de")
    locale = locale or current
    with force_locale(locale) if locale != current else nullcontext():
        body_text = render_template(f"email/{template}.txt", **context)
        body_html = render_template(f"email/{template}.html", subject=subject, **context)
    # A header must be one line, and the column holds 300 characters (offer titles may be as long).
    subject = " ".join(str(subject).split())
    subject = subject if len(subject) <= 300 else subject[:299] + "…"
    message = OutboxMessage(recipient=recipient, subject=subject, body_text=body_text,
                            body_html=body_html, template=template, attachments=attachments or [])
    db.session.add(message)
    db.session.flush()
    return message
