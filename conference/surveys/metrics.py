"""An edition's figures from the live data, for freezing into its results: registrations, bookings,
attendance, no-shows and walk-ins; for a council meeting also the seats represented and the
recommendations adopted there and implemented since.

Every figure is a whole number or None ("not recorded"), so that a comparison never mistakes a
missing count for zero."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from conference.council.attendance import attendance_summary
from conference.council.follow_up import overview
from conference.council.models import FollowUpStatus
from conference.editions.models import Edition, EditionFormat
from conference.extensions import db
from conference.program.models import Session
from conference.registration.models import Booking, BookingStatus, Registration

# Every metric a result can hold, in the order pages show them; action items may aim at any of them.
METRIC_LABELS = {
    "registrations": _l("Registrations"),
    "registrations_confirmed": _l("Registrations confirmed"),
    "registrations_cancelled": _l("Registrations cancelled"),
    "sessions": _l("Published sessions"),
    "bookings": _l("Bookings (seats held)"),
    "bookings_attended": _l("Bookings attended"),
    "no_shows": _l("No-shows (booked, not attended)"),
    "walk_ins": _l("Walk-ins"),
    "active_seats": _l("Active seats"),
    "seats_represented": _l("Seats represented"),
    "people_present": _l("People present"),
    "recommendations_adopted": _l("Recommendations adopted"),
    "recommendations_implemented": _l("Recommendations implemented"),
}
OPEN_DAY_METRICS = ("registrations", "registrations_confirmed", "registrations_cancelled", "sessions",
                    "bookings", "bookings_attended", "no_shows", "walk_ins")
COUNCIL_METRICS = ("registrations", "registrations_confirmed", "registrations_cancelled", "active_seats",
                   "seats_represented", "people_present", "recommendations_adopted",
                   "recommendations_implemented")
FORMAT_METRICS = {EditionFormat.OPEN_DAY: OPEN_DAY_METRICS, EditionFormat.COUNCIL: COUNCIL_METRICS}


def _registrations(edition: Edition) -> dict[str, int]:
    total, confirmed, cancelled = db.session.execute(
        select(func.count(Registration.id),
               func.count(case((Registration.confirmed_at.is_not(None) & Registration.cancelled_at.is_(None), 1))),
               func.count(Registration.cancelled_at))
        .where(Registration.edition_id == edition.id)).one()
    return {"registrations": total, "registrations_confirmed": confirmed, "registrations_cancelled": cancelled}


def _program(edition: Edition) -> dict[str, int | None]:
    sessions, walk_ins = db.session.execute(
        select(func.count(Session.id), func.coalesce(func.sum(Session.walk_in_count), 0))
        .where(Session.edition_id == edition.id, Session.is_published.is_(True))).one()
    per_session = db.session.execute(
        select(Booking.session_id, Booking.status, func.count(Booking.id))
        .join(Session, Session.id == Booking.session_id)
        .where(Session.edition_id == edition.id, Booking.status.in_((BookingStatus.BOOKED, BookingStatus.ATTENDED)))
        .group_by(Booking.session_id, Booking.status)).all()
    booked = {sid: n for sid, status, n in per_session if status == BookingStatus.BOOKED}
    attended = {sid: n for sid, status, n in per_session if status == BookingStatus.ATTENDED}
    # A booking still "booked" after the day is a no-show only where someone recorded attendance for
    # that session; elsewhere nobody checked, and counting them would invent no-shows.
    no_shows = sum(n for sid, n in booked.items() if sid in attended) if attended else None
    return {"sessions": sessions, "walk_ins": int(walk_ins), "bookings": sum(booked.values()) + sum(attended.values()),
            "bookings_attended": sum(attended.values()), "no_shows": no_shows}


def _council(edition: Edition) -> dict[str, int]:
    summary = attendance_summary(edition)
    adopted = overview(edition_id=edition.id)
    return {"active_seats": summary.active_seats, "seats_represented": summary.represented,
            "people_present": summary.people_present, "recommendations_adopted": len(adopted),
            "recommendations_implemented": sum(1 for r in adopted if r.status == FollowUpStatus.IMPLEMENTED)}


def edition_metrics(edition: Edition) -> dict[str, int | None]:
    """The figures of ``edition`` for its format (see ``FORMAT_METRICS``), read from the live data now;
    ``no_shows`` is None when no attendance was recorded. A fixed number of queries."""
    metrics: dict[str, int | None] = _registrations(edition)
    if edition.format == EditionFormat.COUNCIL:
        metrics.update(_council(edition))
    else:
        metrics.update(_program(edition))
    return {key: metrics[key] for key in FORMAT_METRICS[edition.format]}
