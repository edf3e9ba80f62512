"""Subject access (Art. 15 GDPR): everything held about a person, as one JSON document (format
``conference.subject-access/1``, described in docs/privacy/privacy.md) that the readable HTML page shows too.

The document is deterministic: the same data gives the same bytes (keys sorted, lists in id order, times
in UTC, no export time). Secrets are left out: the manage and confirmation links' tokens, the ticket code
and survey tokens are credentials, not information about the person."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from conference.council.core import meeting_day
from conference.council.models import Attendance, Invitation, Membership, Person, Seat
from conference.editions.models import Edition
from conference.extensions import db
from conference.mail.models import OutboxMessage
from conference.pages.models import AccessibilityFeedback
from conference.privacy import anonymise
from conference.privacy import feedback as feedback_privacy
from conference.privacy.consent import consents_of
from conference.program.models import Session
from conference.registration.models import Booking, Registration
from conference.registration.preferences import workshop_titles
from conference.submissions.models import CoPresenter, Submission
from conference.surveys.models import Survey, SurveyInvitation

FORMAT = "conference.subject-access/1"


def iso(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def normalise_address(email: str) -> str:
    return (email or "").strip().lower()


@dataclass
class Found:
    """What is filed under one address, for the staff page."""

    email: str
    registrations: list[Registration]
    survey_invitations: list[SurveyInvitation]
    persons: list[Person]
    outbox_messages: int
    co_presenters: list[CoPresenter]
    accessibility_feedback: list[AccessibilityFeedback]

    @property
    def is_empty(self) -> bool:
        return not (self.registrations or self.survey_invitations or self.persons or self.outbox_messages
                    or self.co_presenters or self.accessibility_feedback)


def _registrations_by_address(address: str) -> list[Registration]:
    return list(db.session.scalars(
        select(Registration).where(func.lower(Registration.email) == address)
        .options(selectinload(Registration.edition)).order_by(Registration.id)))


def _invitations_by_address(address: str) -> list[SurveyInvitation]:
    return list(db.session.scalars(
        select(SurveyInvitation).where(func.lower(SurveyInvitation.email) == address)
        .options(selectinload(SurveyInvitation.survey).selectinload(Survey.edition)).order_by(SurveyInvitation.id)))


def _persons_by_address(address: str) -> list[Person]:
    return list(db.session.scalars(select(Person).where(func.lower(Person.email) == address).order_by(Person.id)))


def _co_presenters_by_address(address: str) -> list[CoPresenter]:
    return list(db.session.scalars(
        select(CoPresenter).where(func.lower(CoPresenter.email) == address)
        .options(selectinload(CoPresenter.submission).selectinload(Submission.edition)).order_by(CoPresenter.id)))


def _outbox_by_address(address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(func.lower(OutboxMessage.recipient) == address)
                                   .order_by(OutboxMessage.id)))


def find(email: str) -> Found:
    """Registrations (in every edition), survey invitations, council members, co-presenter entries on offers
    and accessibility feedback filed under ``email`` (compared without case), and how many mails to it are in
    the outbox."""
    address = normalise_address(email)
    return Found(email=address, registrations=_registrations_by_address(address),
                 survey_invitations=_invitations_by_address(address), persons=_persons_by_address(address),
                 outbox_messages=db.session.scalar(select(func.count(OutboxMessage.id)).where(
                     func.lower(OutboxMessage.recipient) == address)) or 0,
                 co_presenters=_co_presenters_by_address(address),
                 accessibility_feedback=feedback_privacy.by_address(address))


def load_registration(registration_id: int) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(Registration.id == registration_id)
        .options(selectinload(Registration.edition),
                 selectinload(Registration.bookings).selectinload(Booking.session).selectinload(Session.slot),
                 selectinload(Registration.bookings).selectinload(Booking.session).selectinload(Session.room),
                 selectinload(Registration.rankings)))


# --- The document ----------------------------------------------------------------------------------------------

def _edition(edition) -> dict:
    return {"id": edition.id, "number": edition.number, "title": edition.title, "starts_at": iso(edition.starts_at),
            "ends_at": iso(edition.ends_at)}


def _booking(booking: Booking) -> dict:
    session = booking.session
    return {"id": booking.id, "status": booking.status.value, "waitlisted_at": iso(booking.waitlisted_at),
            "checked_in_at": iso(booking.checked_in_at), "created_at": iso(booking.created_at),
            "updated_at": iso(booking.updated_at),
            "session": {"id": session.id, "title": session.title, "starts_at": iso(session.starts_at),
                        "ends_at": iso(session.ends_at), "room": session.room.label if session.room else None}}


def _rsvp(invitation: Invitation, number: int | None = None) -> dict:
    """A council RSVP: the seat's answer to one meeting, with the note written with it."""
    return {"edition_number": number if number is not None else invitation.edition.number,
            "seat": invitation.seat.label, "status": invitation.status.value, "note": invitation.note,
            "responded_at": iso(invitation.responded_at)}


def _registration(registration: Registration, consents, titles: dict[str, str], rsvp: Invitation | None) -> dict:
    return {
        "id": registration.id, "edition": _edition(registration.edition), "name": registration.name,
        "email": registration.email, "organisation": registration.organisation, "role": registration.role,
        "accessibility_needs": registration.accessibility_needs,
        "accessibility_consent_at": iso(registration.accessibility_consent_at),
        "privacy_notice_version": registration.privacy_notice_version, "consent_at": iso(registration.consent_at),
        "created_at": iso(registration.created_at), "confirm_by": iso(registration.confirm_by),
        "confirmed_at": iso(registration.confirmed_at), "cancelled_at": iso(registration.cancelled_at),
        "anonymised_at": iso(registration.anonymised_at),
        "bookings": [_booking(b) for b in sorted(registration.bookings, key=lambda b: b.id)],
        "rankings": [{"rank": r.rank, "workshop_key": r.workshop_key, "workshop": titles.get(r.workshop_key)}
                     for r in sorted(registration.rankings, key=lambda r: r.rank)],
        "consent_records": [{"kind": c.kind.value, "text_version": c.text_version, "given_at": iso(c.given_at),
                             "withdrawn_at": iso(c.withdrawn_at)} for c in consents],
        # A council member's forum registration: the RSVP of the seat they came for
        "council_rsvp": _rsvp(rsvp) if rsvp is not None else None,
    }


def _invitation(invitation: SurveyInvitation) -> dict:
    survey = invitation.survey
    return {"id": invitation.id, "name": invitation.name, "email": invitation.email, "locale": invitation.locale,
            "created_at": iso(invitation.created_at), "sent_at": iso(invitation.sent_at),
            "last_reminded_at": iso(invitation.last_reminded_at), "reminder_count": invitation.reminder_count,
            "survey": {"id": survey.id, "title": survey.title, "title_en": survey.title_en,
                       "audience": survey.audience.value,
                       "edition": _edition(survey.edition)}}


def _rsvps_of_terms(memberships: list[Membership]) -> list[Invitation]:
    """The RSVPs of the seats a person held, for the meetings during their term (member and deputy share the
    seat's link, so either may have answered and written the note)."""
    seats = {m.seat_id for m in memberships}
    if not seats:
        return []
    invitations = db.session.scalars(select(Invitation).where(Invitation.seat_id.in_(sorted(seats)))
                                     .options(selectinload(Invitation.edition), selectinload(Invitation.seat))
                                     .order_by(Invitation.id))
    return [i for i in invitations
            if any(m.seat_id == i.seat_id and m.runs_on(meeting_day(i.edition)) for m in memberships)]


def _memberships(person: Person) -> list[Membership]:
    return list(db.session.scalars(
        select(Membership).where(Membership.person_id == person.id)
        .options(selectinload(Membership.seat).selectinload(Seat.organisation)).order_by(Membership.id)))


def _person(person: Person, memberships: list[Membership], rsvps: list[Invitation]) -> dict:
    attendance = db.session.execute(
        select(Attendance, Edition.number).join(Edition, Edition.id == Attendance.edition_id)
        .where(Attendance.person_id == person.id).options(selectinload(Attendance.seat)).order_by(Attendance.id))
    return {
        "id": person.id, "title": person.title, "given_name": person.given_name, "family_name": person.family_name,
        "email": person.email, "locale": person.locale,
        "publication_consent_at": iso(person.publication_consent_at),
        "publication_consent_text": person.publication_consent_text,
        "memberships": [{"seat": m.seat.label, "organisation": m.seat.organisation.name, "role": m.role.value,
                         "starts_on": iso(m.starts_on), "ends_on": iso(m.ends_on)} for m in memberships],
        "attendance": [{"edition_number": number, "seat": a.seat.label, "role": a.role.value,
                        "checked_in_at": iso(a.checked_in_at)} for a, number in attendance],
        "rsvps": [_rsvp(i) for i in rsvps],
    }


def _co_presenter(person: CoPresenter) -> dict:
    offer = person.submission
    return {"id": person.id, "name": person.name, "email": person.email,
            "offer": {"id": offer.id, "title": offer.title, "status": offer.status.value,
                      "edition": _edition(offer.edition)}}


def _needles(address: str, registrations, invitations, persons, co_presenters, feedback) -> set[str]:
    """The names and the address under which a person may be mentioned in free text (as erasure looks)."""
    found = anonymise.needles(address)
    for item in [*registrations, *invitations, *co_presenters, *feedback]:
        found |= anonymise.needles(item.name)
    for person in persons:
        found |= anonymise.needles(person.name, f"{person.given_name} {person.family_name}")
    return found


def _council_mentions(found: set[str], shown: set[int]) -> list[dict]:
    """RSVP notes (other than those shown already) and names of substitutes that mention the person: the
    texts that erasing the address would change."""
    scrubber = anonymise.Scrubber(found)
    if not scrubber.needles:
        return []
    mentions = []
    notes = db.session.execute(
        select(Invitation, Edition.number).join(Edition, Edition.id == Invitation.edition_id)
        .where(Invitation.note != "").options(selectinload(Invitation.seat)).order_by(Invitation.id))
    for invitation, number in notes:
        if invitation.id not in shown and scrubber.text(invitation.note) != invitation.note:
            mentions.append({"kind": "rsvp_note", **_rsvp(invitation, number)})
    substitutes = db.session.execute(
        select(Attendance, Edition.number).join(Edition, Edition.id == Attendance.edition_id)
        .where(Attendance.substitute_name != "").options(selectinload(Attendance.seat)).order_by(Attendance.id))
    for attendance, number in substitutes:
        if scrubber.text(attendance.substitute_name) != attendance.substitute_name:
            mentions.append({"kind": "substitute_name", "edition_number": number, "seat": attendance.seat.label,
                             "substitute_name": attendance.substitute_name,
                             "checked_in_at": iso(attendance.checked_in_at)})
    return mentions


def _mail(message: OutboxMessage) -> dict:
    return {"id": message.id, "subject": message.subject, "created_at": iso(message.created_at),
            "sent_at": iso(message.sent_at), "status": message.status.value}


def document(registrations: Sequence[Registration], email: str | None) -> dict:
    """The export for ``registrations`` and, when ``email`` is given, for what is filed under that address:
    survey invitations, mails in the outbox, a council member's record (with the RSVPs of their seat),
    co-presenter entries on offers, accessibility feedback, and the council's notes and names of substitutes
    that mention the person. Without an address (a manage link whose address is not confirmed) only the
    registration itself is included."""
    registrations = sorted(registrations, key=lambda r: r.id)
    consents = consents_of([r.id for r in registrations])
    rsvps = {i.registration_id: i for i in anonymise.rsvps_of_registrations([r.id for r in registrations])}
    titles: dict[int, dict[str, str]] = {}
    for registration in registrations:
        if registration.rankings and registration.edition_id not in titles:
            titles[registration.edition_id] = workshop_titles(registration.edition_id)
    notes = [gettext("Survey answers are anonymous: they carry no name, address or link to an invitation, so they "
                     "cannot be found for a person, shown or erased one by one."),
             gettext("Links, ticket codes and survey tokens are secrets and are not part of this export.")]
    address = normalise_address(email) if email else None
    if address is None and any(r.email and r.confirmed_at is None for r in registrations):
        notes.append(gettext("Data filed under the e-mail address (survey invitations, mails, a council member's "
                             "record, offers naming you as co-presenter, accessibility feedback) is included once "
                             "the address has been confirmed."))
    data = {
        "format": FORMAT,
        "email": address,
        "notes": notes,
        "registrations": [_registration(r, consents[r.id], titles.get(r.edition_id, {}), rsvps.get(r.id))
                          for r in registrations],
        "survey_invitations": [], "outbox": [], "council_persons": [], "co_presenters": [],
        "accessibility_feedback": [], "council_mentions": [],
    }
    if address:
        invitations, persons = _invitations_by_address(address), _persons_by_address(address)
        co_presenters, feedback = _co_presenters_by_address(address), feedback_privacy.by_address(address)
        data["survey_invitations"] = [_invitation(i) for i in invitations]
        data["outbox"] = [_mail(m) for m in _outbox_by_address(address)]
        shown = {i.id for i in rsvps.values()}
        for person in persons:
            memberships = _memberships(person)
            terms = _rsvps_of_terms(memberships)
            data["council_persons"].append(_person(person, memberships, terms))
            shown |= {i.id for i in terms}
        data["co_presenters"] = [_co_presenter(c) for c in co_presenters]
        data["accessibility_feedback"] = [feedback_privacy.export(f, iso) for f in feedback]
        data["council_mentions"] = _council_mentions(
            _needles(address, registrations, invitations, persons, co_presenters, feedback), shown)
    return data


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


COUNTED = ("registrations", "survey_invitations", "outbox", "council_persons", "co_presenters",
           "accessibility_feedback", "council_mentions")


def counts_of(data: dict) -> dict[str, int]:
    """What an export contained, for the audit log (counts, not content)."""
    return {key: len(data[key]) for key in COUNTED}
