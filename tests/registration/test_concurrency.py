"""Capacity under concurrency (ARCHITECTURE § 4), with real threads and real transactions."""

import threading
import time

import pytest
from sqlalchemy import func, select

from conference.extensions import db as _db
from conference.registration import services
from conference.registration.models import Booking, BookingStatus
from tests.factories import make_open_day
from tests.registration.at_once import at_once


def rush(app, edition_id, session_id, n):
    """``n`` threads register for one session at the same moment; returns the errors seen."""

    def register_one(i, edition):
        services.register(edition, services.Visitor(f"Gast {i}", f"gast{i}@example.org"), [session_id],
                          privacy_notice_version="test")

    return at_once(app, edition_id, n, register_one)[1]


def booked(session_id):
    _db.session.expire_all()
    return dict(_db.session.execute(
        select(Booking.status, func.count(Booking.id)).where(Booking.session_id == session_id).group_by(Booking.status)
    ).all())


def test_simultaneous_bookings_never_exceed_capacity(app, db, monkeypatch):
    edition, (session, _) = make_open_day(capacity=5)
    db.session.commit()
    real_count_held = services.count_held

    def count_slowly(session_ids, now, **kwargs):
        counts = real_count_held(session_ids, now, **kwargs)
        time.sleep(0.02)  # a wide window between count and insert: only the lock keeps it safe
        return counts

    monkeypatch.setattr(services, "count_held", count_slowly)
    errors = rush(app, edition.id, session.id, 12)
    assert errors == []
    counts = booked(session.id)
    assert counts[BookingStatus.BOOKED] == 5
    assert counts[BookingStatus.WAITLISTED] == 7
    positions = sorted(services.waitlist_position(b) for b in db.session.scalars(
        select(Booking).where(Booking.status == BookingStatus.WAITLISTED)))
    assert positions == list(range(1, 8))


@pytest.mark.backends("postgresql")
def test_control_without_the_lock_the_race_overbooks(app, db, monkeypatch):
    """The same rush with the lock removed and every thread counting before anyone inserts:
    this is the overbooking the lock prevents (Indico's bug). SQLite cannot show it, because its
    first write already serialises the whole transaction."""
    edition, (session, _) = make_open_day(capacity=3)
    db.session.commit()
    n = 8
    counted = threading.Barrier(n, timeout=30)

    def count_then_wait(session_ids, now, **kwargs):
        counts = services.seat_counts(session_ids)  # the same counts
        counted.wait()  # everybody has counted 0 before the first insert
        return {sid: {**c, "expired": 0, "mine": 0} for sid, c in counts.items()}

    monkeypatch.setattr(services, "lock_and_load", lambda query, session_ids: list(_db.session.scalars(query)))
    monkeypatch.setattr(services, "count_held", count_then_wait)
    errors = rush(app, edition.id, session.id, n)
    assert errors == []
    assert booked(session.id)[BookingStatus.BOOKED] == n  # 8 seats taken in a room for 3
