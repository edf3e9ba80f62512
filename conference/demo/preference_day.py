"""The past Tag der Bildung that booked its workshops by ranked preference (``data.PREFERENCE_EDITION``).

Nine workshops ran in three rounds each (sessions sharing a ``workshop_key``). Visitors ranked
them during a choice window that closed three weeks before the day; then the organisers ran the real
allocation (``registration.preferences.run``), published it as bookings without mail, and on the day
most people came. Registrations, their consent records and rankings are written directly, with times inside
the choice window: ``register_ranking`` only takes them while the window is open, and this one is long past.
Idempotent: an edition that has an allocation run is left alone."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import insert, select

from conference.demo import data
from conference.demo.submissions import ASCII
from conference.editions.models import BookingMode, Edition
from conference.editions.services import LOCAL_TZ, from_local
from conference.extensions import db
from conference.privacy.models import ConsentKind, ConsentRecord
from conference.program.models import Session
from conference.registration import preferences
from conference.registration.models import AllocationRun, Booking, BookingStatus, Ranking, Registration

VISITORS = 300
# role: share of the visitors
ROLES = {"teacher": 34, "parent": 20, "kita": 12, "student": 10, "youth_work": 8, "other": 7,
         "administration": 5, "business": 4}
# How many workshops people rank beyond the required number (the form offers three more).
EXTRA_RANKS = {0: 55, 1: 20, 2: 15, 3: 10}
# Organisation kinds a visitor of this role names as where they work.
WORKPLACE = {"teacher": ("school",), "kita": ("kita",), "youth_work": ("youth_services", "welfare"),
             "administration": ("public", "school_supervision"), "business": ("business",)}


def seed(edition: Edition, organiser_id: int | None, today: date) -> AllocationRun | None:
    """Give the past open day its preference mode, rankings, allocation, bookings and attendance."""
    day = edition.starts_at.astimezone(LOCAL_TZ).date()
    if edition.ends_at.astimezone(LOCAL_TZ).date() >= today:
        return None
    if db.session.scalar(select(AllocationRun.id).where(AllocationRun.edition_id == edition.id).limit(1)):
        return None
    repeated = _repeated_workshops(edition)
    if len(repeated) < len(data.PREFERENCE_WORKSHOPS) - 2:  # an older demo programme, not made for it
        return None
    for key, sessions in repeated.items():
        for session in sessions:
            # The rounds were announced with the choice window: the scheduler must leave them be.
            session.workshop_key, session.is_pinned = key, True
    rng = random.Random(f"preferences-{edition.number}")
    opens, closes = from_local(day - timedelta(weeks=8), time(9, 0)), from_local(day - timedelta(weeks=3), time(23, 59))
    preferences.save_settings(edition, mode=BookingMode.PREFERENCE, opens_at=opens, closes_at=closes)
    db.session.flush()
    found = preferences.workshops(edition)
    _register(edition, found, preferences.ranks_required(found), rng, opens, closes)
    # The organisers ran the allocation on the Monday after the window closed and published it an hour later.
    ran_at = from_local(day - timedelta(weeks=3) + timedelta(days=2), time(10, 12))
    record = preferences.run(edition, organiser_id)
    record.created_at = ran_at
    preferences.publish(record, ran_at + timedelta(hours=1), notify=False)
    _hold(edition, {s.id: s for w in found for s in w.sessions}, rng, ran_at + timedelta(hours=1))
    db.session.flush()
    return record


def _repeated_workshops(edition: Edition) -> dict[str, list[Session]]:
    """The sessions of each workshop of ``data.PREFERENCE_WORKSHOPS`` that runs in two rounds or more:
    the edition's registration-required sessions with its title, one per time slot."""
    sessions = db.session.scalars(
        select(Session).where(Session.edition_id == edition.id, Session.is_published.is_(True),
                              Session.registration_required.is_(True), Session.slot_id.is_not(None))
        .order_by(Session.id)).all()
    repeated: dict[str, list[Session]] = {}
    for key, title, _, _ in data.PREFERENCE_WORKSHOPS:
        by_slot: dict[int, Session] = {}
        for session in sessions:
            if session.title == title and session.workshop_key in (None, key):
                by_slot.setdefault(session.slot_id, session)
        if len(by_slot) >= 2:
            repeated[key] = list(by_slot.values())
    return repeated


def _moments(rng: random.Random, opens: datetime, closes: datetime, n: int) -> list[datetime]:
    """n moments in the window, in order: a rush in the first days, a few at the last minute."""
    span = (closes - opens).total_seconds()
    moments = []
    for _ in range(n):
        pick = rng.random()
        share = rng.uniform(0, 0.08) if pick < 0.35 else rng.uniform(0.93, 1) if pick < 0.5 else rng.random()
        moments.append((opens + timedelta(seconds=share * span)).replace(second=0, microsecond=0))
    return sorted(min(m, closes - timedelta(minutes=1)) for m in moments)


def _register(edition: Edition, found: list[preferences.Workshop], required: int, rng: random.Random,
              opens: datetime, closes: datetime) -> None:
    popularity = {key: weight for key, _, _, weight in data.PREFERENCE_WORKSHOPS}
    groups = {title: set(offer_groups) for title, _, _, offer_groups, _ in data.OFFERS}
    workplaces: dict[str, list[str]] = {}
    for name, kind in data.ORGANISATIONS:
        workplaces.setdefault(kind, []).append(name)
    first_names, last_names = data.FIRST_NAMES + data.MORE_FIRST_NAMES, data.LAST_NAMES + data.MORE_LAST_NAMES
    confirm_hours = timedelta(hours=current_app.config["REGISTRATION_CONFIRM_HOURS"])
    notice = f"{opens.year}-05"
    emails: Counter[str] = Counter()
    rows: list[dict] = []
    rankings: list[list[str]] = []
    for created in _moments(rng, opens, closes, VISITORS):
        role = rng.choices(list(ROLES), weights=list(ROLES.values()))[0]
        interests = data.ROLE_INTERESTS[role]
        # A weighted draw without replacement (Efraimidis–Spirakis): popular workshops, and those for
        # the visitor's own group, come first more often.
        weights = {w.key: popularity.get(w.key, 3) * (2.5 if groups.get(w.title, set()) & interests else 1)
                   for w in found}
        ranked = sorted(weights, key=lambda key: rng.random() ** (1 / weights[key]), reverse=True)
        ranked = ranked[:min(required + rng.choices(list(EXTRA_RANKS), weights=list(EXTRA_RANKS.values()))[0],
                             len(found))]
        first, last = rng.choice(first_names), rng.choice(last_names)
        local_part = f"{first}.{last}".lower().translate(ASCII)
        emails[local_part] += 1
        kinds = WORKPLACE.get(role, ())
        organisation = (rng.choice([n for kind in kinds for n in workplaces.get(kind, [])])
                        if kinds and rng.random() < 0.7 else "")
        needs = rng.choice(data.ACCESSIBILITY_NEEDS) if rng.random() < 0.02 else ""
        row = {"edition_id": edition.id, "name": f"{first} {last}",
               "email": f"{local_part}{emails[local_part] if emails[local_part] > 1 else ''}@example.org",
               "organisation": organisation, "role": role, "accessibility_needs": needs,
               "accessibility_consent_at": created if needs else None, "privacy_notice_version": notice,
               "consent_at": created, "confirm_by": max(created + confirm_hours, closes), "created_at": created,
               "confirmed_at": None, "cancelled_at": None}
        fate = rng.random()
        if fate < 0.95:  # most confirmed their address within hours
            row["confirmed_at"] = min(created + timedelta(minutes=rng.randint(2, 600)), closes)
            if fate < 0.02:  # and a few withdrew before the window closed
                row["cancelled_at"] = row["confirmed_at"] + (closes - row["confirmed_at"]) / 2
        rows.append(row)
        rankings.append(ranked)
    # Hundreds of rows: two bulk statements are much faster than the unit of work, row by row.
    ids = db.session.scalars(insert(Registration).returning(Registration.id, sort_by_parameter_order=True),
                             rows).all()
    db.session.execute(insert(Ranking), [{"registration_id": registration_id, "workshop_key": key, "rank": rank}
                                         for registration_id, ranked in zip(ids, rankings, strict=True)
                                         for rank, key in enumerate(ranked, start=1)])
    # The consent records the form writes with each registration (conference.privacy.consent.record_consents)
    db.session.execute(insert(ConsentRecord), [
        {"registration_id": registration_id, "kind": kind, "text_version": row["privacy_notice_version"],
         "given_at": given_at}
        for registration_id, row in zip(ids, rows, strict=True)
        for kind, given_at in ((ConsentKind.PRIVACY_NOTICE, row["consent_at"]),
                               (ConsentKind.SPECIAL_CATEGORY, row["accessibility_consent_at"]))
        if given_at is not None and (kind == ConsentKind.PRIVACY_NOTICE or row["accessibility_needs"])])


def _hold(edition: Edition, sessions: dict[int, Session], rng: random.Random, published: datetime) -> None:
    """The day itself: most came, a few had cancelled, some stayed away; walk-ins took free seats."""
    bookings = db.session.scalars(select(Booking).where(Booking.session_id.in_(sessions)).order_by(Booking.id)).all()
    attended: Counter[int] = Counter()
    for booking in bookings:
        session = sessions[booking.session_id]
        booking.created_at = published
        fate = rng.random()
        if fate < 0.04:
            booking.status = BookingStatus.CANCELLED
            booking.updated_at = published + (edition.starts_at - published) * rng.uniform(0.1, 0.95)
        elif fate < 0.92:
            booking.status = BookingStatus.ATTENDED
            booking.checked_in_at = (session.starts_at or edition.starts_at) - timedelta(minutes=booking.id % 11)
            booking.updated_at = session.ends_at or edition.ends_at
            attended[session.id] += 1
        else:  # booked, but did not come
            booking.updated_at = published
    for session in sessions.values():
        free = (session.capacity or 0) - attended[session.id]
        session.walk_in_count = rng.randint(0, max(min(free, 6), 0))
