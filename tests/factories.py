"""Factory functions: each builds a valid object with sensible defaults, adds it and flushes."""

from __future__ import annotations

import itertools
from datetime import date, time, timedelta

from conference.accounts import services as accounts
from conference.editions.models import Edition, EditionFormat, EditionStatus, Room, TimeSlot, Venue
from conference.editions.services import from_local, local
from conference.extensions import db
from conference.organisations.models import Organisation

_seq = itertools.count(1)


def make_user(role="organiser", email=None, password="secret", **fields):
    email = email or f"{role}{next(_seq)}@example.org"
    return accounts.create_user(email, password, role, enforce_policy=False, **fields)


def make_organisation(name=None, **fields):
    organisation = Organisation(name=name or f"Organisation {next(_seq)}", **fields)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def make_edition(number=None, format=EditionFormat.OPEN_DAY, status=EditionStatus.PUBLISHED,
                 day=date(2027, 5, 8), start=time(11), end=time(16), **fields):
    n = number or next(_seq) + 100
    edition = Edition(
        number=n, format=format, status=status, title=fields.pop("title", f"{n}. Tag der Bildung"),
        starts_at=from_local(day, start), ends_at=from_local(day, end), **fields,
    )
    db.session.add(edition)
    db.session.flush()
    return edition


def make_venue(edition, name="Rathaus", rooms=(("Ratssaal", 100, True),), **fields):
    venue = Venue(edition=edition, name=name, **fields)
    for room_name, capacity, step_free in rooms:
        venue.rooms.append(Room(name=room_name, capacity=capacity, is_step_free=step_free, equipment=["Beamer"]))
    db.session.add(venue)
    db.session.flush()
    return venue


def make_slot(edition, start=time(11), minutes=45, label="Runde 1"):
    day = local(edition.starts_at).date()
    starts = from_local(day, start)
    slot = TimeSlot(edition=edition, label=label, starts_at=starts, ends_at=starts + timedelta(minutes=minutes))
    db.session.add(slot)
    db.session.flush()
    return slot


def make_session(edition, title=None, capacity=10, registration_required=True, slot=None, room=None,
                 kind="workshop", **fields):
    from conference.program.models import Session, SessionKind

    session = Session(edition=edition, title=title or f"Workshop {next(_seq)}", kind=SessionKind(kind),
                      capacity=capacity, registration_required=registration_required, slot=slot, room=room,
                      **fields)
    db.session.add(session)
    db.session.flush()
    return session


def make_open_day(capacity=2, n_sessions=2, same_slot=False):
    """An open day with registration open, one venue, and ``n_sessions`` bookable sessions in
    consecutive slots (or one shared slot)."""
    from datetime import time as _time

    from conference.editions.models import EditionStatus as _Status

    edition = make_edition(status=_Status.REGISTRATION_OPEN, day=date(2099, 5, 9))
    venue = make_venue(edition, rooms=[("Raum A", 50, True), ("Raum B", 50, True)])
    slots = [make_slot(edition, _time(11 + (0 if same_slot else i)), label=f"Runde {i + 1}")
             for i in range(n_sessions)]
    sessions = [make_session(edition, capacity=capacity, slot=slots[i], room=venue.rooms[i % 2])
                for i in range(n_sessions)]
    return edition, sessions


def make_call(edition, opens_days=-10, closes_days=10, criteria=("Relevanz", "Qualität"), **fields):
    """A call for offers on ``edition``, open now by default, with scored criteria."""
    from conference.database import utcnow
    from conference.submissions import services

    now = utcnow()
    call = services.save_call(
        edition, opens_at=now + timedelta(days=opens_days), closes_at=now + timedelta(days=closes_days),
        intro=fields.pop("intro", "Bitte einreichen"), kinds=fields.pop("kinds", ["workshop", "talk", "stand"]),
        score_max=fields.pop("score_max", 5), reviews_per_offer=fields.pop("reviews_per_offer", 2))
    for i, label in enumerate(criteria):
        services.add_criterion(call, label=label, weight=2 if i == 0 else 1)
    return call


def make_provider(organisation=None, **fields):
    organisation = organisation or make_organisation()
    return make_user("provider", organisation_id=organisation.id, **fields)


def make_offer(edition, provider, title=None, submit=True, slots=None, **fields):
    """An offer by ``provider``'s organisation, submitted (complete) unless ``submit`` is False."""
    from conference.submissions import services

    slots = slots if slots is not None else list(edition.time_slots) or [make_slot(edition)]
    data = services.OfferData(kind=fields.pop("kind", "workshop"), title=title or f"Angebot {next(_seq)}",
                              abstract=fields.pop("abstract", "Worum es geht."),
                              target_groups=fields.pop("target_groups", ["teachers"]),
                              expected_audience=fields.pop("expected_audience", 20),
                              slot_ids=[s.id for s in slots], **fields)
    return services.save_offer(provider, edition, None, data, submit=submit)


# --- The council -------------------------------------------------------------------------------------

def make_council(number=None, status=EditionStatus.REGISTRATION_OPEN, day=date(2027, 3, 10), **fields):
    """A council edition (15:00–18:00 local) with the Ratssaal, one slot and its meeting settings."""
    from conference.council.core import meeting_of

    edition = make_edition(number=number, format=EditionFormat.COUNCIL, status=status, day=day, start=time(15),
                           end=time(18), title=fields.pop("title", "Regionale Bildungskonferenz"), **fields)
    make_venue(edition, rooms=(("Ratssaal", 80, True),))
    meeting_of(edition)
    return edition


def make_person(family_name=None, given_name="Alex", email=None, consent=False, **fields):
    from conference.council.models import Person
    from conference.database import utcnow

    n = next(_seq)
    person = Person(family_name=family_name or f"Muster{n}", given_name=given_name,
                    email=email if email is not None else f"person{n}@example.org",
                    publication_consent_at=utcnow() if consent else None,
                    publication_consent_text="2026-11" if consent else "", **fields)
    db.session.add(person)
    db.session.flush()
    return person


def make_seat(group="Schulen", organisation=None, label=None, member=True, deputy=True,
              starts_on=date(2024, 1, 1), **fields):
    """A seat in ``group`` (created on demand), held by ``organisation``, with a member and a deputy
    (pass a Person, True for a new one, or False for none)."""
    from sqlalchemy import select

    from conference.council.models import Membership, MembershipRole, Seat, SeatGroup

    seat_group = db.session.scalar(select(SeatGroup).where(SeatGroup.name == group))
    if seat_group is None:
        seat_group = SeatGroup(name=group)
        db.session.add(seat_group)
    organisation = organisation or make_organisation()
    seat = Seat(group=seat_group, organisation=organisation, label=label or organisation.name, **fields)
    db.session.add(seat)
    for role, who in ((MembershipRole.MEMBER, member), (MembershipRole.DEPUTY, deputy)):
        if who is True:
            who = make_person()
        if who:
            db.session.add(Membership(seat=seat, person=who, role=role, starts_on=starts_on))
    db.session.flush()
    return seat
