"""Builders for the privacy tests: editions that ended at a known moment, registrations with every kind of
personal data, and what hangs off them (consent records, survey invitations, mails, council data)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from conference.council.models import Attendance, AttendanceRole, Invitation
from conference.editions.models import EditionFormat, EditionStatus
from conference.extensions import db
from conference.mail.models import OutboxMessage, OutboxStatus
from conference.privacy.models import ConsentKind, ConsentRecord
from conference.registration.models import Booking, BookingStatus, Registration
from conference.surveys.models import Audience, Survey, SurveyInvitation, SurveyParticipation
from tests.factories import make_edition, make_seat, make_session, make_slot, make_venue

_seq = itertools.count(1)
# The event of every "ended" edition here: 10 to 16 o'clock UTC on this day.
ENDED = datetime(2025, 3, 15, 16, 0, tzinfo=UTC)


def ended_open_day(ends_at: datetime = ENDED, **fields):
    """An evaluated open day whose event ended at ``ends_at``, with one room, one slot and one session."""
    day = ends_at.date()
    edition = make_edition(status=fields.pop("status", EditionStatus.EVALUATED), day=day, **fields)
    edition.starts_at, edition.ends_at = ends_at - timedelta(hours=6), ends_at
    venue = make_venue(edition)
    slot = make_slot(edition)
    make_session(edition, title="Werkstatt Demokratie", slot=slot, room=venue.rooms[0])
    db.session.flush()
    return edition


def session_of(edition):
    from sqlalchemy import select

    from conference.program.models import Session

    return db.session.scalar(select(Session).where(Session.edition_id == edition.id).order_by(Session.id))


def visitor(edition, name=None, email=None, *, needs="", status=BookingStatus.ATTENDED, confirmed=True,
            with_consents=True) -> Registration:
    """A registration with one booking, and its consent records (special category when ``needs``)."""
    n = next(_seq)
    at = edition.starts_at - timedelta(days=20)
    registration = Registration(
        edition=edition, name=name or f"Henrietta Probst{n}", email=email or f"henrietta{n}@example.net",
        organisation="Gymnasium am Park", role="teacher", accessibility_needs=needs,
        accessibility_consent_at=at if needs else None, privacy_notice_version="2026-11", consent_at=at,
        confirm_by=at + timedelta(days=2), confirmed_at=at if confirmed else None, created_at=at)
    db.session.add(registration)
    db.session.flush()
    session = session_of(edition)
    if session is not None:
        db.session.add(Booking(registration=registration, session=session, status=status,
                               checked_in_at=edition.starts_at if status == BookingStatus.ATTENDED else None))
    if with_consents:
        db.session.add(ConsentRecord(registration_id=registration.id, kind=ConsentKind.PRIVACY_NOTICE,
                                     text_version="2026-11", given_at=at))
        if needs:
            db.session.add(ConsentRecord(registration_id=registration.id, kind=ConsentKind.SPECIAL_CATEGORY,
                                         text_version="2026-11", given_at=at))
    db.session.flush()
    return registration


def survey_of(edition, audience=Audience.REGISTRANTS, *, closes_at=None) -> Survey:
    survey = Survey(edition=edition, audience=audience, title="Ihre Meinung",
                    opens_at=edition.ends_at, closes_at=closes_at or edition.ends_at + timedelta(days=14))
    db.session.add(survey)
    db.session.flush()
    return survey


def invite(survey, registration=None, *, email=None, name=None, answered=False) -> SurveyInvitation:
    invitation = SurveyInvitation(survey_id=survey.id, email=email or registration.email,
                                  name=name if name is not None else registration.name,
                                  registration_id=registration.id if registration else None,
                                  sent_at=survey.opens_at)
    db.session.add(invitation)
    db.session.flush()
    if answered:
        db.session.add(SurveyParticipation(invitation_id=invitation.id))
        db.session.flush()
    return invitation


def mail(to: str, subject="Ihre Anmeldung", status=OutboxStatus.SENT, body="Hallo") -> OutboxMessage:
    message = OutboxMessage(recipient=to, subject=subject, body_text=body, status=status)
    db.session.add(message)
    db.session.flush()
    return message


def ended_council(ends_at: datetime = ENDED):
    """A held council edition with one seat, its invitation (with a note) and a substitute checked in."""
    edition = make_edition(format=EditionFormat.COUNCIL, status=EditionStatus.EVALUATED, day=ends_at.date(),
                           title="Regionale Bildungskonferenz")
    edition.starts_at, edition.ends_at = ends_at - timedelta(hours=3), ends_at
    seat = make_seat()
    invitation = Invitation(edition=edition, seat=seat, note="Es kommt Frau Konstanze Wetterhahn.")
    attendance = Attendance(edition_id=edition.id, seat_id=seat.id, role=AttendanceRole.SUBSTITUTE,
                            substitute_name="Konstanze Wetterhahn (Schulleitung)", checked_in_at=edition.starts_at)
    db.session.add_all([invitation, attendance])
    db.session.flush()
    return edition, invitation, attendance


def filed_under(address: str, given: str, family: str):
    """What else may be filed under ``address`` besides registrations and survey invitations: a council
    member with that address (seat A, whose RSVP to an ended meeting holds their forum registration and a
    note), another seat's RSVP note and a substitute that name them, a co-presenter entry on an offer (next
    to someone else's), and accessibility feedback (with its staff mail; next to someone else's)."""
    from types import SimpleNamespace

    from conference.council.models import RsvpStatus
    from conference.pages.services import submit_feedback
    from conference.program.models import SessionKind
    from conference.submissions.models import CoPresenter, Submission
    from tests.factories import make_organisation, make_person

    name = f"{given} {family}"
    member = make_person(family, given, email=address)
    council, other_rsvp, substitute = ended_council()
    seat = make_seat(member=member, label="Sitz A")
    forum = Registration(edition=council, name=member.name, email=address, role="council",
                         privacy_notice_version="council", consent_at=council.starts_at - timedelta(days=9),
                         confirm_by=council.starts_at, confirmed_at=council.starts_at - timedelta(days=9))
    own_rsvp = Invitation(edition=council, seat=seat, status=RsvpStatus.ATTENDING, note="Ich komme etwas später.",
                          registration=forum)
    other_rsvp.note = f"Statt mir kommt {name} ({address})."
    substitute.substitute_name = f"{name} (Schulleitung)"
    open_day = ended_open_day()
    offer = Submission(edition=open_day, organisation=make_organisation(), kind=SessionKind.WORKSHOP,
                       title="Lernwerkstatt Wald", co_presenters=[
                           CoPresenter(name=name, email=address, position=0),
                           CoPresenter(name="Irmgard Nebelung", email="irmgard@example.net", position=1)])
    db.session.add_all([forum, own_rsvp, offer])
    db.session.flush()
    feedback = submit_feedback(message=f"Ich bin {name}: Die PDF-Datei ist nicht barrierefrei.",
                               page_url="/programm", name=name, email=address.upper())
    other_feedback = submit_feedback(message="Der Kontrast ist zu schwach.", name="Irmgard Nebelung",
                                     email="irmgard@example.net")
    db.session.flush()
    return SimpleNamespace(member=member, council=council, forum=forum, own_rsvp=own_rsvp, other_rsvp=other_rsvp,
                           substitute=substitute, offer=offer, feedback=feedback, other_feedback=other_feedback)
