"""Accessibility feedback: stored, and staff are notified through the outbox."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from conference.accounts.models import Role, User
from conference.extensions import db
from conference.mail.services import queue_mail
from conference.pages.models import AccessibilityFeedback


def feedback_recipients() -> list[str]:
    configured = [r for r in current_app.config["FEEDBACK_RECIPIENTS"] if r]
    if configured:
        return configured
    staff = db.session.scalars(
        select(User.email).where(User.role.in_([Role.ADMIN, Role.ORGANISER]), User.is_active_account.is_(True))
        .order_by(User.id)
    ).all()
    return list(staff) or [current_app.config["CONTACT_EMAIL"]]


def submit_feedback(*, message: str, page_url: str = "", name: str = "", email: str = "",
                    manage_url: str = "") -> AccessibilityFeedback:
    feedback = AccessibilityFeedback(message=message.strip(), page_url=page_url.strip(), name=name.strip(),
                                     email=email.strip())
    db.session.add(feedback)
    db.session.flush()
    for recipient in feedback_recipients():
        queue_mail(recipient, "accessibility_feedback", locale="de",
                   subject=_l("New accessibility feedback (#%(id)d)", id=feedback.id),
                   feedback=feedback, manage_url=manage_url)
    return feedback


def list_feedback() -> list[AccessibilityFeedback]:
    return list(db.session.scalars(select(AccessibilityFeedback).order_by(AccessibilityFeedback.id.desc())))
