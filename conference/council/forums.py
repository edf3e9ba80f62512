"""The council's parallel forums, allocated by ranked preference like the open day's workshops.

A council edition in preference mode offers forums: published, registration-required sessions that share
a ``workshop_key`` (one session per round). Whoever comes for a seat ranks them through the invitation's
RSVP link during the choice window. The ranking lives in a :class:`Registration` held by the invitation,
so the allocation (``conference.registration.preferences``: exactly optimal, compared with first come),
its report, re-runs and publishing (bookings and mails) are the open day's, unchanged.

The registration follows the RSVP: it is made for the person expected (the member, or the deputy when the
answer is "deputy attends"), renamed when that changes, and cancelled with its bookings on "declined"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask_babel import gettext

from conference.council.core import meeting_day
from conference.council.models import REPRESENTED, Invitation, MembershipRole, Person, RsvpStatus
from conference.database import utcnow
from conference.editions.models import BookingMode
from conference.errors import ConflictError, DomainError
from conference.extensions import db
from conference.privacy.consent import record_consents
from conference.registration import preferences
from conference.registration.models import Ranking, Registration
from conference.registration.services import cancel_registration

# What the participant agreed to: the council's own rules, not the open day's privacy notice.
NOTICE_VERSION = "council"


def offers_forums(invitation: Invitation) -> bool:
    """Whether this edition lets the people coming rank forums (preference mode with forums)."""
    edition = invitation.edition
    return edition.booking_mode == BookingMode.PREFERENCE and bool(preferences.workshops(edition))


def expected_person(invitation: Invitation) -> Person | None:
    """Who comes for the seat according to the answer: the member, or the deputy; None if nobody."""
    if invitation.status not in REPRESENTED:
        return None
    role = MembershipRole.MEMBER if invitation.status == RsvpStatus.ATTENDING else MembershipRole.DEPUTY
    holder = invitation.seat.holder(role, meeting_day(invitation.edition))
    return holder.person if holder else None


def active_registration(invitation: Invitation) -> Registration | None:
    registration = invitation.registration
    return registration if registration is not None and registration.cancelled_at is None else None


def rank_forums(invitation: Invitation, keys: Sequence[str], now: datetime | None = None) -> Registration:
    """Save the ranking of the person coming for the seat (made or replaced); the rules are the open
    day's: only during the choice window, at least rounds + 2 ranks, each forum once."""
    now = now or utcnow()
    edition = invitation.edition
    if not offers_forums(invitation):
        raise ConflictError(gettext("This meeting has no forums to rank."))
    if not preferences.choice_open(edition, now):
        raise ConflictError(gettext("The choice window is not open."))
    person = expected_person(invitation)
    if person is None:
        raise DomainError(gettext("Please say first who comes for the seat: forums are ranked by the person "
                                  "attending."), field="ranking")
    registration = active_registration(invitation)
    if registration is None:
        registration = Registration(
            edition=edition, name=person.name, email=person.email, organisation=invitation.seat.organisation.name,
            role="council", privacy_notice_version=NOTICE_VERSION, consent_at=now, confirm_by=now,
            # The invitation's secret link proves the address: nothing to confirm.
            confirmed_at=now, bookings=[], rankings=[])
        db.session.add(registration)
        record_consents(registration, now)  # the council's rules, version "council"
        invitation.registration = registration
        db.session.flush()
    # The open day's rule set, so that forums and workshops can never drift apart.
    ranked = preferences.check_ranking(preferences.workshops(edition), keys)
    registration.rankings.clear()
    db.session.flush()  # the unique (registration, rank) rows must go before the new ones come
    registration.rankings.extend(Ranking(workshop_key=key, rank=i) for i, key in enumerate(ranked, start=1))
    db.session.flush()
    return registration


def follow_rsvp(invitation: Invitation, now: datetime | None = None) -> None:
    """Keep the forum registration in step with the answer: renamed for the person now expected, or
    cancelled (bookings freed, waiting lists promoted) when nobody comes."""
    registration = active_registration(invitation)
    if registration is None:
        return
    person = expected_person(invitation)
    if person is None:
        cancel_registration(registration, now or utcnow())
        invitation.registration = None
        db.session.flush()
        return
    if (registration.name, registration.email) != (person.name, person.email):
        # Another person comes for the seat: the registration is theirs now, under the council's rules from
        # this moment (a record of its own; the earlier one stays as the earlier person's).
        now = now or utcnow()
        registration.name, registration.email = person.name, person.email
        registration.consent_at = now
        record_consents(registration, now)
