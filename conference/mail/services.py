"""Writing mail into the outbox, in the caller's transaction."""

from __future__ import annotations

from contextlib import nullcontext

from flask import render_template
from flask_babel import force_locale, get_locale

from conference.extensions import db
from conference.mail.deferred import build_context
from conference.mail.models import OutboxMessage


def _current_locale() -> str:
    return str(get_locale() or "de")


def _render(template: str, locale: str, subject: str, context: dict) -> tuple[str, str]:
    with force_locale(locale) if locale != _current_locale() else nullcontext():
        return (render_template(f"email/{template}.txt", **context),
                render_template(f"email/{template}.html", subject=subject, **context))


def queue_mail(recipient: str, template: str, *, subject, locale: str | None = None,
               attachments: list[dict] | None = None, render_args: dict | None = None,
               **context) -> OutboxMessage:
    """Add a message to the outbox, its body from ``templates/email/<template>.txt`` and ``.html``.

    ``subject`` may be a lazy string (``lazy_gettext``): it is translated into ``locale``, as the body is.

    With ``render_args`` the body is rendered when the mail is sent, from the context that the
    builder registered for ``template`` makes of them (``mail/deferred.py``); otherwise it is
    rendered now from ``context``. Nothing is sent here: ``flask send-mail`` delivers after the
    transaction has committed, so a rolled-back request never sends a mail.
    """
    locale = locale or _current_locale()
    with force_locale(locale) if locale != _current_locale() else nullcontext():
        subject = str(subject)  # a lazy string becomes text in the recipient's language
    # A header must be one line, and the column holds 300 characters (offer titles may be as long).
    subject = " ".join(subject.split())
    subject = subject if len(subject) <= 300 else subject[:299] + "…"
    body_text = body_html = ""
    if render_args is None:
        body_text, body_html = _render(template, locale, subject, context)
    message = OutboxMessage(recipient=recipient, subject=subject, body_text=body_text, body_html=body_html,
                            template=template, attachments=attachments or [], render_args=render_args,
                            locale=locale)
    db.session.add(message)
    return message


def body_of(message: OutboxMessage) -> tuple[str, str] | None:
    """``(text, html)`` as the message would be sent now, without changing it (for previews);
    None when a deferred body's subject no longer exists."""
    if message.is_rendered:
        return message.body_text, message.body_html
    context = build_context(message.template, message.render_args)
    if context is None:
        return None
    return _render(message.template, message.locale or "de", message.subject, context)


def render_body(message: OutboxMessage) -> bool:
    """Render a deferred body into the row, kept as the record of what was sent (the worker calls
    this). False when its subject no longer exists, so the mail must not be sent."""
    body = body_of(message)
    if body is None:
        return False
    message.body_text, message.body_html = body
    return True
