"""Accessibility feedback (``/barrierefreiheit``, BITV NRW § 5) in subject access, erasure and retention.

A message may come with a name and an e-mail address, and staff are told of it by a mail that repeats
them. The feedback belongs to the website, not to an edition, so it has a retention of its own: the
setting ``ACCESSIBILITY_FEEDBACK_RETENTION_MONTHS`` (default 12), counted from when it was received.

Anonymising a message empties its name and address and replaces them, wherever they occur in the message
itself, with ``[erased]``: the message stays, because it describes a barrier on the website (which staff
must answer and may still have to fix), not the person. The mails that told staff of it are deleted."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import func, or_, select

from conference.audit import services as audit
from conference.database import utcnow
from conference.extensions import db
from conference.mail.models import OutboxMessage
from conference.pages.models import AccessibilityFeedback
from conference.privacy import anonymise

logger = logging.getLogger("conference.privacy.retention")

TEMPLATE = "accessibility_feedback"  # the mail that tells staff of a new message (conference.pages.services)
SCOPE = "accessibility_feedback"  # the purge's scope in the log and the audit log


def has_contact(feedback: AccessibilityFeedback) -> bool:
    return bool(feedback.name or feedback.email)


def by_address(address: str) -> list[AccessibilityFeedback]:
    """The messages sent with ``address`` (lower case), oldest first."""
    if not address:
        return []
    return list(db.session.scalars(select(AccessibilityFeedback).where(
        func.lower(AccessibilityFeedback.email) == address).order_by(AccessibilityFeedback.id)))


def export(feedback: AccessibilityFeedback, iso) -> dict:
    return {"id": feedback.id, "name": feedback.name, "email": feedback.email, "page_url": feedback.page_url,
            "message": feedback.message, "created_at": iso(feedback.created_at), "is_resolved": feedback.is_resolved}


def _notification_condition(feedback_ids: Collection[int]):
    # The staff mail names the message by its number in the subject, in every language: "… (#12)".
    return (OutboxMessage.template == TEMPLATE) & or_(*(OutboxMessage.subject.like(f"%(#{i})")
                                                        for i in sorted(feedback_ids)))


def delete_notifications(feedback_ids: Collection[int], *, apply: bool = True) -> int:
    """Delete the staff mails about these messages (sent or not): they repeat the name and address."""
    total = 0
    for part in anonymise.chunks(sorted(feedback_ids), 100):
        condition = _notification_condition(part)
        total += anonymise.delete_or_count(OutboxMessage, condition, apply=apply)
    return total


def anonymise_feedback(feedback: Sequence[AccessibilityFeedback], found: Iterable[str] = ()) -> int:
    """Empty the name and address of each message and replace them (and ``found``: other names and addresses
    of the same person) in its text. Returns how many messages had a name or an address."""
    changed = 0
    for item in feedback:
        scrubber = anonymise.Scrubber(set(found) | anonymise.needles(item.name, item.email))
        changed += has_contact(item)
        item.message = scrubber.text(item.message)
        item.name = item.email = ""
    db.session.flush()
    return changed


# --- Retention --------------------------------------------------------------------------------------------------

def cutoff(now: datetime, before: datetime | None = None) -> datetime:
    """Messages received before this moment are due: ``ACCESSIBILITY_FEEDBACK_RETENTION_MONTHS`` before
    ``now``, or ``before`` (``--before``) if that is later."""
    from conference.privacy.retention import add_months

    due = add_months(now, -int(current_app.config["ACCESSIBILITY_FEEDBACK_RETENTION_MONTHS"]))
    return max(due, before) if before is not None else due


@dataclass
class FeedbackCounts(anonymise.Counts):
    accessibility_feedback: int = 0  # messages whose name and address were removed
    outbox_messages: int = 0  # mails that told staff of a message, deleted


@dataclass
class FeedbackPurge:
    received_before: datetime
    counts: FeedbackCounts

    @property
    def received_before_day(self) -> date:
        from conference.editions.services import local

        return local(self.received_before).date()


def purge(*, now: datetime | None = None, before: datetime | None = None, dry_run: bool = False,
          actor_id: int | None = None) -> FeedbackPurge:
    """Anonymise every message received before :func:`cutoff` that still has a name or an address, and delete
    the staff mails about all messages received before it. Idempotent; a dry run counts and changes nothing.
    Logged (counts only) and, when it changed anything, in the audit log."""
    now = now or utcnow()
    moment = cutoff(now, before)
    due = list(db.session.scalars(select(AccessibilityFeedback).where(
        AccessibilityFeedback.created_at < moment,
        (AccessibilityFeedback.name != "") | (AccessibilityFeedback.email != "")).order_by(AccessibilityFeedback.id)))
    # A staff mail is written with its message, so the mails of every message received before then are due.
    mails = (OutboxMessage.template == TEMPLATE) & (OutboxMessage.created_at < moment)
    counts = FeedbackCounts(accessibility_feedback=len(due))
    if not dry_run:
        anonymise_feedback(due)
    counts.outbox_messages = anonymise.delete_or_count(OutboxMessage, mails, apply=not dry_run)
    if not dry_run:
        if counts.total:
            audit.record("privacy.purge", subject_type=SCOPE, actor_id=actor_id,
                         details={"scope": SCOPE, "received_before": moment.date().isoformat(), **counts.as_dict()})
        db.session.flush()
    logger.info("purge %s", "dry run" if dry_run else "done",
                extra={"scope": SCOPE, "dry_run": dry_run, "received_before": moment.date().isoformat(),
                       **counts.as_dict()})
    return FeedbackPurge(received_before=moment, counts=counts)
