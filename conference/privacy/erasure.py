"""Erasure on request (Art. 17 GDPR): a registration, or everything filed under an e-mail address, is
anonymised so that the counts stay right and nothing points to the person any more.

- Before the event, the registration is cancelled first: its seats go to the waiting lists.
- The registration keeps its row, its bookings (with their statuses) and its ranking; its name, address,
  organisation, accessibility needs, links and ticket code go (see ``anonymise.anonymise_registration``).
- Its consent records are deleted; the survey invitations to the address (for the same edition, or all of
  them when a whole address is erased) are anonymised or deleted; the outbox's mails to the address are
  deleted; the note of a council RSVP whose forum registration it is, is emptied.
- By address also: the address's co-presenter entries on offers are deleted, and its accessibility feedback
  loses name and address (the message stays; see ``conference.privacy.feedback``).
- The name and address are replaced with ``[erased]`` wherever they occur in the audit log, the reasons of
  capacity changes, the council's RSVP notes and the names of substitutes.
- A council member's record (``Person``) is the council's, not the visitor's: it is changed on the seats
  page, not here, and its address goes after the person has left (``conference.privacy.council_members``).

Erasing twice changes nothing the second time. The audit log gets ids and counts, never the person."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from conference.audit import services as audit
from conference.database import utcnow
from conference.extensions import db
from conference.pages.models import AccessibilityFeedback
from conference.privacy import anonymise
from conference.privacy import feedback as feedback_privacy
from conference.registration.models import Registration
from conference.registration.services import ACTIVE, cancel_registration
from conference.submissions.models import CoPresenter
from conference.surveys.models import Survey, SurveyInvitation


@dataclass
class ErasureCounts(anonymise.Counts):
    registrations: int = 0
    bookings_cancelled: int = 0
    consent_records: int = 0
    survey_invitations: int = 0
    co_presenters: int = 0  # entries on offers, deleted
    accessibility_feedback: int = 0  # messages whose name and address were removed
    council_notes: int = 0  # RSVP notes emptied, or with the name or address replaced
    substitute_names: int = 0  # names of substitutes with the name replaced
    outbox_messages: int = 0
    audit_entries: int = 0
    capacity_changes: int = 0


def _erase(registrations: Sequence[Registration], invitations: Sequence[SurveyInvitation], addresses: set[str],
           now: datetime, *, co_presenters: Sequence[CoPresenter] = (),
           feedback: Sequence[AccessibilityFeedback] = ()) -> ErasureCounts:
    counts = ErasureCounts(registrations=len(registrations))
    found: set[str] = set()
    rsvps = [i for i in anonymise.rsvps_of_registrations([r.id for r in registrations]) if i.note]
    for registration in registrations:
        found |= anonymise.needles(registration.name, registration.email)
        addresses.add(registration.email.lower())
        if registration.cancelled_at is None and registration.edition.ends_at > now:  # free the seats
            counts.bookings_cancelled += sum(b.status in ACTIVE for b in registration.bookings)
            cancel_registration(registration, now)
    for invitation in invitations:
        found |= anonymise.needles(invitation.name, invitation.email)
        addresses.add(invitation.email.lower())
    for person in co_presenters:
        found |= anonymise.needles(person.name, person.email)
    for item in feedback:
        found |= anonymise.needles(item.name, item.email)
    released = ([r.id for r in registrations], [i.id for i in invitations])
    counts.consent_records = anonymise.delete_consents(released[0])
    for registration in registrations:
        anonymise.anonymise_registration(registration, now)
    for rsvp in rsvps:  # written for the seat by the person coming, whose registration this is
        rsvp.note = ""
    db.session.flush()
    counts.survey_invitations = anonymise.anonymise_invitations(invitations, now)
    counts.co_presenters = anonymise.delete_co_presenters(co_presenters)
    counts.accessibility_feedback = feedback_privacy.anonymise_feedback(feedback, found)
    counts.outbox_messages = anonymise.delete_mail(addresses, released_registrations=released[0],
                                                   released_invitations=released[1])
    counts.outbox_messages += feedback_privacy.delete_notifications([f.id for f in feedback])
    scrubbed = anonymise.scrub_free_text(found, skip_notes={i.id for i in rsvps})
    counts.audit_entries, counts.capacity_changes = scrubbed.audit_entries, scrubbed.capacity_changes
    counts.council_notes = len(rsvps) + scrubbed.council_notes
    counts.substitute_names = scrubbed.substitute_names
    db.session.flush()
    return counts


def erase_registration(registration: Registration, *, via: str, now: datetime | None = None) -> ErasureCounts:
    """Erase one registration and, with it, the survey invitations of the same edition to its address or
    for it (``via``: "manage_link" or "staff", for the audit log). Nothing happens to a registration
    anonymised before."""
    if registration.anonymised_at is not None:
        return ErasureCounts()
    now = now or utcnow()
    survey_ids = set(db.session.scalars(select(Survey.id).where(Survey.edition_id == registration.edition_id)))
    address = registration.email.lower()
    invitations = anonymise.invitations_to_erase(survey_ids=survey_ids, addresses={address},
                                                 registration_ids={registration.id})
    counts = _erase([registration], invitations, {address}, now)
    audit.record("privacy.erasure", edition_id=registration.edition_id, subject=registration,
                 details={"via": via, "registration_ids": [registration.id], **counts.as_dict()})
    return counts


def erase_address(email: str, *, now: datetime | None = None) -> ErasureCounts:
    """Erase everything filed under ``email`` (any case): every registration not anonymised yet, in every
    edition, every survey invitation to it, its co-presenter entries on offers and its accessibility feedback.
    Staff only (a manage link proves one registration, not an address). Nothing happens when nothing is left."""
    now = now or utcnow()
    address = email.strip().lower()
    if not address:
        return ErasureCounts()
    registrations = list(db.session.scalars(
        select(Registration).where(func.lower(Registration.email) == address, Registration.anonymised_at.is_(None))
        .order_by(Registration.id)))
    invitations = anonymise.invitations_to_erase(addresses={address}, registration_ids={r.id for r in registrations})
    co_presenters = anonymise.co_presenters_by_address(address)
    feedback = feedback_privacy.by_address(address)
    if not (registrations or invitations or co_presenters or feedback):
        return ErasureCounts()
    counts = _erase(registrations, invitations, {address}, now, co_presenters=co_presenters, feedback=feedback)
    audit.record("privacy.erasure", subject_type="address",
                 details={"via": "staff", "registration_ids": [r.id for r in registrations], **counts.as_dict()})
    return counts
