"""Registrations of the past open days that booked first come, first served: people booked the workshops
that needed it a few weeks before, and on the day most were checked in, some stayed away and a few had
cancelled. So the check-in figures, the partners' turnout and the certificates of attendance have
something to show (and the oldest day something for the retention purge to remove).

Idempotent: an edition that has registrations is left alone."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

from sqlalchemy import exists, insert, select

from conference.demo import data
from conference.editions.models import Edition
from conference.extensions import db
from conference.privacy.models import ConsentKind, ConsentRecord
from conference.program.models import Session
from conference.registration.models import Booking, BookingStatus, Registration

PEOPLE = 120
ROLES = ["teacher", "teacher", "kita", "parent", "youth_work", "student", "administration", "other"]


def seed(edition: Edition) -> int:
    """About 120 confirmed registrations with one to three bookings each; returns how many were made."""
    if db.session.scalar(select(exists().where(Registration.edition_id == edition.id))):
        return 0
    rng = random.Random(f"past-registrations-{edition.number}")
    sessions = db.session.scalars(select(Session).where(
        Session.edition_id == edition.id, Session.registration_required.is_(True), Session.slot_id.is_not(None),
        Session.is_published.is_(True)).order_by(Session.id)).all()
    if not sessions:
        return 0
    taken: Counter[int] = Counter()
    opened = edition.starts_at - timedelta(weeks=6)
    first_names, last_names = data.FIRST_NAMES + data.MORE_FIRST_NAMES, data.LAST_NAMES + data.MORE_LAST_NAMES
    people, plans = [], []
    for n in range(PEOPLE):
        created = opened + timedelta(minutes=rng.randint(0, 5 * 7 * 24 * 60))
        first, last = rng.choice(first_names), rng.choice(last_names)
        chosen: list[Session] = []
        for session in rng.sample(sessions, min(len(sessions), rng.randint(1, 3))):
            if taken[session.id] < (session.capacity or 0) and all(not session.overlaps(o) for o in chosen):
                chosen.append(session)
                taken[session.id] += 1
        if not chosen:
            continue
        people.append({"edition_id": edition.id, "name": f"{first} {last}",
                       "email": f"tag{edition.number}.besuch{n}@example.org", "role": rng.choice(ROLES),
                       "privacy_notice_version": "2019-05", "consent_at": created, "created_at": created,
                       "confirm_by": created + timedelta(days=2),
                       "confirmed_at": created + timedelta(minutes=rng.randint(2, 300))})
        plans.append(chosen)
    ids = db.session.scalars(insert(Registration).returning(Registration.id, sort_by_parameter_order=True),
                             people).all()
    db.session.execute(insert(ConsentRecord), [
        {"registration_id": registration_id, "kind": ConsentKind.PRIVACY_NOTICE, "text_version": row[
            "privacy_notice_version"], "given_at": row["consent_at"]} for registration_id, row in zip(ids, people,
                                                                                                    strict=True)])
    bookings = []
    for registration_id, row, chosen in zip(ids, people, plans, strict=True):
        for session in chosen:
            booking = {"registration_id": registration_id, "session_id": session.id, "created_at": row["created_at"],
                       "updated_at": row["created_at"], "status": BookingStatus.BOOKED, "checked_in_at": None}
            fate = rng.random()
            if fate < 0.05:  # cancelled before the day
                booking["status"] = BookingStatus.CANCELLED
                booking["updated_at"] = row["created_at"] + (edition.starts_at - row["created_at"]) / 2
            elif fate < 0.88:  # checked in at the door
                arrived = session.starts_at - timedelta(minutes=rng.randint(0, 10))
                booking.update(status=BookingStatus.ATTENDED, checked_in_at=arrived, updated_at=arrived)
            bookings.append(booking)  # otherwise booked and did not come
    db.session.execute(insert(Booking), bookings)
    db.session.flush()
    return len(ids)
