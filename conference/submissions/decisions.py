"""Decisions on offers: accept, reject or waitlist, singly or in bulk, with a mail from an editable
template per decision and language. Accepting makes a draft session in the programme that keeps
the link to the offer (and so its needs and availability) for scheduling."""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from conference.audit import services as audit
from conference.database import utcnow
from conference.date_formats import format_date
from conference.errors import DomainError
from conference.extensions import db
from conference.form_filters import is_db_id
from conference.links import external_url
from conference.mail.services import queue_mail
from conference.program.models import Session
from conference.submissions.models import DECISIONS, CallForOffers, DecisionTemplate, Submission, SubmissionStatus

PLACEHOLDERS = {
    "contact_name": _l("name of the contact"),
    "organisation": _l("partner institution"),
    "title": _l("title of the offer"),
    "edition": _l("title of the edition"),
    "date": _l("date of the event"),
    "link": _l("link to the offer in the partner area"),
}
LOCALES = ("de", "en")

# The wording used until an organiser changes it (per decision, per language).
DEFAULTS: dict[tuple[SubmissionStatus, str], tuple[str, str]] = {
    (SubmissionStatus.ACCEPTED, "de"): (
        "Ihr Angebot ist dabei: {title}",
        "Guten Tag {contact_name},\n\nwir freuen uns: Ihr Angebot „{title}“ ist beim {edition} am {date} dabei. "
        "Raum und Zeit teilen wir Ihnen mit, sobald das Programm steht.\n\nIhr Angebot im Partnerbereich: {link}\n\n"
        "Mit freundlichen Grüßen\nIhr Bildungsbüro"),
    (SubmissionStatus.ACCEPTED, "en"): (
        "Your offer is in: {title}",
        "Dear {contact_name},\n\nwe are glad to tell you that your offer “{title}” is part of {edition} on {date}. "
        "We will let you know the room and time once the programme is set.\n\nYour offer in the partner area: "
        "{link}\n\nKind regards\nThe Bildungsbüro"),
    (SubmissionStatus.REJECTED, "de"): (
        "Ihr Angebot: {title}",
        "Guten Tag {contact_name},\n\nvielen Dank für Ihr Angebot „{title}“ zum {edition}. Leider können wir es "
        "dieses Mal nicht ins Programm aufnehmen. Wir hoffen, dass Sie beim nächsten Mal wieder dabei sind.\n\n"
        "Mit freundlichen Grüßen\nIhr Bildungsbüro"),
    (SubmissionStatus.REJECTED, "en"): (
        "Your offer: {title}",
        "Dear {contact_name},\n\nthank you for your offer “{title}” for {edition}. Unfortunately we cannot include "
        "it in the programme this time. We hope you will take part again next time.\n\nKind regards\n"
        "The Bildungsbüro"),
    (SubmissionStatus.WAITLISTED, "de"): (
        "Ihr Angebot steht auf der Warteliste: {title}",
        "Guten Tag {contact_name},\n\nIhr Angebot „{title}“ zum {edition} steht auf unserer Warteliste. Wird ein "
        "Platz im Programm frei, melden wir uns bei Ihnen.\n\nIhr Angebot im Partnerbereich: {link}\n\n"
        "Mit freundlichen Grüßen\nIhr Bildungsbüro"),
    (SubmissionStatus.WAITLISTED, "en"): (
        "Your offer is on the waiting list: {title}",
        "Dear {contact_name},\n\nyour offer “{title}” for {edition} is on our waiting list. If a place in the "
        "programme becomes free, we will get in touch.\n\nYour offer in the partner area: {link}\n\n"
        "Kind regards\nThe Bildungsbüro"),
}


def _parse(text: str, field: str) -> list[tuple[str, str | None]]:
    """``(literal, placeholder)`` pieces; only plain ``{name}`` placeholders are allowed (no format
    spec, no conversion: ``{title:>9999999}`` would otherwise blow a mail up)."""
    try:
        pieces = list(string.Formatter().parse(text))
    except ValueError:
        raise DomainError(gettext("A brace is not closed. Write placeholders as {title}; a literal brace as {{ or "
                                  "}}."), field=field) from None
    for _, name, spec, conversion in pieces:
        if name is not None and (spec or conversion or name not in PLACEHOLDERS):
            raise DomainError(gettext("Unknown placeholder %(names)s. Allowed: %(allowed)s.",
                                      names="{" + name + (f"!{conversion}" if conversion else "")
                                      + (f":{spec}" if spec else "") + "}",
                                      allowed=", ".join("{" + n + "}" for n in PLACEHOLDERS)), field=field)
    return [(literal, name) for literal, name, _, _ in pieces]


def check_placeholders(text: str, field: str) -> None:
    _parse(text, field)


def template_for(call: CallForOffers, decision: SubmissionStatus, locale: str) -> tuple[str, str]:
    custom = db.session.scalar(select(DecisionTemplate).where(
        DecisionTemplate.call_id == call.id, DecisionTemplate.decision == decision, DecisionTemplate.locale == locale))
    if custom is not None:
        return custom.subject, custom.body
    return DEFAULTS[(decision, locale if locale in LOCALES else "de")]


def save_template(call: CallForOffers, decision: SubmissionStatus, locale: str, subject: str, body: str) -> None:
    if decision not in DECISIONS or locale not in LOCALES:
        raise DomainError(gettext("There is no such template."))
    check_placeholders(subject, "subject")
    check_placeholders(body, "body")
    template = db.session.scalar(select(DecisionTemplate).where(
        DecisionTemplate.call_id == call.id, DecisionTemplate.decision == decision, DecisionTemplate.locale == locale))
    if template is None:
        template = DecisionTemplate(call_id=call.id, decision=decision, locale=locale)
        db.session.add(template)
    template.subject, template.body = " ".join(subject.split()), body.strip()
    db.session.flush()


def fill(text: str, submission: Submission) -> str:
    """The template with its placeholders filled in (dates in the current language)."""
    contact = submission.submitted_by
    values = {
        "contact_name": (contact.name or contact.email) if contact else submission.organisation.name,
        "organisation": submission.organisation.name,
        "title": submission.title,
        "edition": submission.edition.title,
        "date": format_date(submission.edition.starts_at, "long"),
        "link": external_url("submissions.show", submission_id=submission.id),
    }
    try:
        pieces = _parse(text, "body")
    except DomainError:  # saved before the rules were this strict: send it as written
        return text
    return "".join(literal + (values[name] if name else "") for literal, name in pieces)


def recipients(submission: Submission) -> list:
    """Who hears of a decision: the contact who submitted, else every approved contact of the institution."""
    from conference.partners.services import contacts_of

    contact = submission.submitted_by
    if contact is not None and contact.is_active:
        return [contact]
    return [c for c in contacts_of(submission.organisation_id) if c.is_active]


def _draft_session(submission: Submission) -> Session:
    session = db.session.scalar(select(Session).where(Session.submission_id == submission.id))
    if session is None:
        session = Session(edition_id=submission.edition_id, kind=submission.kind, title=submission.title,
                          description=submission.abstract, organisation_id=submission.organisation_id,
                          target_groups=list(submission.target_groups), topics=list(submission.topics),
                          capacity=None, registration_required=False, is_published=False,
                          submission_id=submission.id)
        db.session.add(session)
    return session


def decide(submission: Submission, call: CallForOffers, decision: SubmissionStatus, *, notify: bool = True,
           now: datetime | None = None, bulk: bool = False) -> Session | None:
    """Record the decision (and an audit entry; ``bulk``: one of a bulk decision) and queue its mail.
    Accepting returns the draft session made from the offer."""
    if decision not in DECISIONS:
        raise DomainError(gettext("Please choose accept, reject or waiting list."), field="decision")
    previous = submission.status
    submission.transition_to(decision)
    submission.decided_at = now or utcnow()
    session = _draft_session(submission) if decision == SubmissionStatus.ACCEPTED else None
    db.session.flush()
    mails = 0
    if notify:
        for contact in recipients(submission):
            subject, body = template_for(call, decision, contact.locale)
            with force_locale(contact.locale):
                queue_mail(contact.email, "submission_decision", locale=contact.locale,
                           subject=fill(subject, submission), body=fill(body, submission))
            mails += 1
    audit.record("submission.decision", edition_id=submission.edition_id, subject=submission,
                 details={"status": decision.value, "previous_status": previous.value, "mails": mails,
                          **({"bulk": True} if bulk else {})})
    return session


@dataclass(frozen=True)
class BulkResult:
    decided: int
    skipped: list[tuple[Submission, str]]
    unknown: int = 0  # ids that are no offer of this edition
    unreachable: int = 0  # decided offers whose institution has no contact to mail


def decide_many(call: CallForOffers, submission_ids: Iterable[int], decision: SubmissionStatus, *,
                notify: bool = True, now: datetime | None = None) -> BulkResult:
    """Decide several offers of the call's edition; those whose status forbids it are skipped, with why.
    Each decided offer gets its own audit entry (marked as bulk): an offer's history reads the same either way."""
    ids = {i for i in submission_ids if is_db_id(i)}
    offers = db.session.scalars(
        select(Submission).where(Submission.id.in_(ids), Submission.edition_id == call.edition_id)
        .options(selectinload(Submission.submitted_by), selectinload(Submission.organisation))
        .order_by(Submission.id)).all()
    decided, skipped, unreachable = 0, [], 0
    for offer in offers:
        if not offer.can_transition_to(decision):
            skipped.append((offer, gettext("status “%(status)s”", status=offer.status.label)))
            continue
        decide(offer, call, decision, notify=notify, now=now, bulk=True)
        decided += 1
        unreachable += notify and not recipients(offer)
    return BulkResult(decided=decided, skipped=skipped, unknown=len(set(submission_ids)) - len(offers),
                      unreachable=unreachable)
