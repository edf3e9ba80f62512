"""Row locks for capacity: the one thing that must never break (ARCHITECTURE § 4).

PostgreSQL: ``SELECT … FOR UPDATE`` on the session rows, in id order (no deadlocks between two
visitors booking the same pair), at READ COMMITTED, so counts taken under the lock see every
committed booking.

The counts must be a *separate statement after* the lock. Folding them into the locking SELECT as
subqueries looks like a saved round trip, but when that SELECT waits for the lock, PostgreSQL
re-checks only the locked row; the subqueries keep the snapshot from before the wait and count
stale bookings (the concurrency test overbooked 12 seats of 5 that way).

SQLite has no row locks. The driver opens a transaction with the first write, and that write takes
the database's single write lock, so a no-op UPDATE of the sessions gives ``BEGIN IMMEDIATE``
semantics: from here to commit no other writer runs, and our counts stay true.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Select, func, or_, select

from conference.extensions import db
from conference.program.models import Session
from conference.registration.models import SEAT_HOLDING, Booking, BookingStatus, Registration
from conference.row_locks import is_postgres, lock_rows

# Bookings a visitor holds: a seat, or a place on the waiting list (services and erasure use this too).
ACTIVE = (BookingStatus.BOOKED, BookingStatus.WAITLISTED, BookingStatus.ATTENDED)


def lock_sessions(session_ids: Iterable[int]) -> None:
    ids = sorted(set(session_ids))
    if ids:
        lock_rows(Session, Session.id.in_(ids))


def _count(session_id_column, condition):
    return (select(func.count(Booking.id)).where(Booking.session_id == session_id_column, condition)
            .correlate(Session).scalar_subquery())


def lock_and_load(query: Select, session_ids: Iterable[int]) -> list[Session]:
    """Run ``query`` (sessions among ``session_ids``) and hold the rows' locks from then on: on
    PostgreSQL the query itself locks (``FOR UPDATE OF session``, in id order), which saves a round
    trip in the rush; on SQLite the write lock is taken first."""
    if is_postgres():
        return list(db.session.scalars(query.order_by(Session.id).with_for_update(of=Session)))
    lock_sessions(session_ids)
    return list(db.session.scalars(query))


def count_held(session_ids: Iterable[int], now: datetime, *, email: str | None = None) -> dict[int, dict[str, int]]:
    """With the sessions locked, count per session in one statement: seats held (``booked``), the
    waiting list (``waitlisted``), seats held by registrations whose confirmation has expired
    (``expired``) and, given an ``email``, the active bookings this address already holds
    (``mine``: same address in any case, registration neither cancelled nor expired). A statement
    of its own after the lock, so it sees every committed booking, and the same address registering
    twice at once cannot pass both times."""
    ids = sorted(set(session_ids))
    if not ids:
        return {}
    expired = (select(func.count(Booking.id)).join(Registration, Booking.registration_id == Registration.id)
               .where(Booking.session_id == Session.id, Booking.status.in_(SEAT_HOLDING),
                      Registration.confirmed_at.is_(None), Registration.confirm_by < now)
               .correlate(Session).scalar_subquery())
    columns = [
        Session.id,
        _count(Session.id, Booking.status.in_(SEAT_HOLDING)).label("booked"),
        _count(Session.id, Booking.status == BookingStatus.WAITLISTED).label("waitlisted"),
        expired.label("expired"),
    ]
    if email is not None:
        # Walks the session's active bookings (ix_booking_session_id_status) like ``expired`` does; no
        # index on lower(email), which SQLite's overridden lower() must not back (see database.py).
        mine = (select(func.count(Booking.id)).join(Registration, Booking.registration_id == Registration.id)
                .where(Booking.session_id == Session.id, Booking.status.in_(ACTIVE),
                       func.lower(Registration.email) == email.strip().lower(),
                       Registration.cancelled_at.is_(None),
                       or_(Registration.confirmed_at.is_not(None), Registration.confirm_by >= now))
                .correlate(Session).scalar_subquery())
        columns.append(mine.label("mine"))
    rows = db.session.execute(select(*columns).where(Session.id.in_(ids)).order_by(Session.id))
    return {row.id: {"booked": row.booked, "waitlisted": row.waitlisted, "expired": row.expired,
                     "mine": row.mine if email is not None else 0} for row in rows}
