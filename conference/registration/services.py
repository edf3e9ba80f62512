"""Registration rules: book seats without ever overbooking, FIFO waiting lists, confirmation,
cancellation and promotion. The HTML views and the JSON API both call these functions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext
from sqlalchemy import and_, event, func, or_, select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import joinedload, selectinload

from conference.audit import services as audit
from conference.database import utcnow
from conference.editions.models import Edition, EditionStatus
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db
from conference.privacy.consent import record_consents
from conference.program.models import Session
from conference.registration.locking import ACTIVE, count_held, lock_and_load, lock_sessions
from conference.registration.models import SEAT_HOLDING, Booking, BookingStatus, CapacityChange, Registration

# Waiting-list positions counted under the lock while booking; valid until the lists move or the
# transaction ends (see _forget_positions), and they save a query per waitlisted booking in the rush.
KNOWN_POSITIONS = "waitlist_positions"


def _forget_positions(session=None, *args) -> None:
    (session or db.session).info.pop(KNOWN_POSITIONS, None)


event.listen(OrmSession, "after_commit", _forget_positions)
event.listen(OrmSession, "after_soft_rollback", _forget_positions)


@dataclass(frozen=True)
class Visitor:
    name: str
    email: str
    organisation: str = ""
    role: str = ""
    accessibility_needs: str = ""
    accessibility_consent: bool = False


def bookable_sessions(edition: Edition, session_ids: Sequence[int], *, lock: bool = False) -> list[Session]:
    """The published, registration-required sessions of ``edition`` with these ids, or a 422.
    With ``lock`` their rows are locked in the same round trip (see ``locking.lock_and_load``)."""
    if not session_ids:
        raise DomainError(gettext("Please choose at least one offer."), field="session_ids")
    query = (select(Session).options(joinedload(Session.slot))
             .where(Session.id.in_(set(session_ids)), Session.edition_id == edition.id,
                    Session.is_published.is_(True)))
    sessions = lock_and_load(query, session_ids) if lock else db.session.scalars(query).all()
    if len(sessions) != len(set(session_ids)):
        raise DomainError(gettext("Some of the chosen offers do not belong to this edition."), field="session_ids")
    allocated_later = preference_pending(edition)
    for session in sessions:
        if not session.registration_required:
            raise DomainError(gettext("“%(title)s” needs no registration: just come along.", title=session.title),
                              field="session_ids")
        if allocated_later and session.workshop_key:
            raise DomainError(gettext("“%(title)s” is allocated by ranking; its seats cannot be booked directly.",
                                      title=session.title), field="session_ids")
    return sorted(sessions, key=lambda s: (s.starts_at or edition.starts_at, s.id))


def preference_pending(edition: Edition) -> bool:
    """In preference mode, workshops (sessions with a key) are not booked directly until the
    allocation has been published; after that, their remaining seats go first come, first served."""
    from conference.editions.models import BookingMode
    from conference.registration.models import AllocationRun, AllocationStatus

    if edition.booking_mode != BookingMode.PREFERENCE:
        return False
    return db.session.scalar(select(AllocationRun.id).where(AllocationRun.edition_id == edition.id,
                                                            AllocationRun.status == AllocationStatus.PUBLISHED)) is None


def _check_no_overlap(sessions: Sequence[Session]) -> None:
    for i, first in enumerate(sessions):
        for second in sessions[i + 1:]:
            if first.overlaps(second):
                if first.title == second.title and first.room and second.room:  # the room tells them apart
                    raise DomainError(gettext(
                        "“%(a)s” (%(room_a)s) and “%(b)s” (%(room_b)s) take place at the same time. "
                        "Please choose one.", a=first.title, room_a=first.room.label, b=second.title,
                        room_b=second.room.label), field="session_ids")
                raise DomainError(gettext("“%(a)s” and “%(b)s” take place at the same time. Please choose one.",
                                          a=first.title, b=second.title), field="session_ids")


def _check_not_registered_yet(sessions: Sequence[Session], taken: dict[int, dict[str, int]]) -> None:
    """One address, one place per offer: refused when the address already holds one of these sessions."""
    held = next((s for s in sessions if taken[s.id]["mine"]), None)
    if held is not None:
        raise ConflictError(gettext(
            "This e-mail address is already registered for “%(title)s”. The link to manage that registration "
            "(to book more offers or cancel) is in the confirmation e-mail we sent you.", title=held.title),
            field="email")


def seats_taken(session_id: int) -> int:
    return db.session.scalar(
        select(func.count(Booking.id)).where(Booking.session_id == session_id, Booking.status.in_(SEAT_HOLDING))
    ) or 0


def seat_counts(session_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """``{session_id: {"booked": n, "waitlisted": m}}`` in one query (for lists and the API)."""
    counts = {sid: {"booked": 0, "waitlisted": 0} for sid in session_ids}
    if not counts:
        return counts
    rows = db.session.execute(
        select(Booking.session_id, Booking.status, func.count(Booking.id))
        .where(Booking.session_id.in_(list(counts)), Booking.status.in_([*SEAT_HOLDING, BookingStatus.WAITLISTED]))
        .group_by(Booking.session_id, Booking.status)
    )
    for session_id, status, n in rows:
        key = "waitlisted" if status == BookingStatus.WAITLISTED else "booked"
        counts[session_id][key] += n
    return counts


def waitlist_position(booking: Booking) -> int | None:
    if booking.status != BookingStatus.WAITLISTED:
        return None
    known = db.session.info.get(KNOWN_POSITIONS, {}).get(booking)
    if known is not None:  # counted under the session lock in this very transaction
        return known
    ahead = db.session.scalar(
        select(func.count(Booking.id)).where(
            Booking.session_id == booking.session_id, Booking.status == BookingStatus.WAITLISTED,
            or_(Booking.waitlisted_at < booking.waitlisted_at,
                and_(Booking.waitlisted_at == booking.waitlisted_at, Booking.id < booking.id)),
        )
    )
    return (ahead or 0) + 1


def _seat_or_waitlist(registration: Registration, session: Session, now: datetime, *,
                      taken: int | None = None, waiting: int | None = None, is_new: bool = False) -> Booking:
    """Called with the session locked: take a seat if one is free, else join the waiting list.

    ``taken`` may be passed when the caller has just counted under the lock; a new registration
    cannot hold a booking yet (``is_new``), which saves a query in the rush."""
    if not is_new:
        existing = db.session.scalar(
            select(Booking).where(Booking.registration_id == registration.id, Booking.session_id == session.id,
                                  Booking.status.in_(ACTIVE))
        )
        if existing is not None:
            return existing
    if taken is None:
        taken = seats_taken(session.id)
    free = session.capacity is None or taken < session.capacity
    booking = Booking(registration=registration, session=session,
                      status=BookingStatus.BOOKED if free else BookingStatus.WAITLISTED,
                      waitlisted_at=None if free else now)
    if not free and waiting is not None:  # the end of the FIFO list, known under the lock
        db.session.info.setdefault(KNOWN_POSITIONS, {})[booking] = waiting + 1
    db.session.add(booking)
    return booking


def _check_open(edition: Edition) -> None:
    if edition.status != EditionStatus.REGISTRATION_OPEN:
        raise ConflictError(gettext("Registration for this edition is not open."))


def register(edition: Edition, visitor: Visitor, session_ids: Sequence[int], *,
             privacy_notice_version: str, now: datetime | None = None) -> Registration:
    """Register a visitor and book the chosen sessions. Seats are held at once; the address must be
    confirmed within ``REGISTRATION_CONFIRM_HOURS`` or the seats are released. An address that already
    holds one of the sessions (booked or waiting, in any letter case) is refused (409, at ``email``)."""
    now = now or utcnow()
    _check_open(edition)
    sessions = bookable_sessions(edition, session_ids, lock=True)
    _check_no_overlap(sessions)
    # Counted after the lock, so that two requests with the same address cannot both pass the check.
    taken = count_held([s.id for s in sessions], now, email=visitor.email)
    _check_not_registered_yet(sessions, taken)
    stale = [s.id for s in sessions if taken[s.id]["expired"] and s.capacity is not None
             and taken[s.id]["booked"] >= s.capacity]
    if stale and release_expired(now, session_ids=stale):  # expired seats matter only when an offer is full
        taken = count_held([s.id for s in sessions], now)
    registration = Registration(
        edition=edition, name=visitor.name.strip(), email=visitor.email.strip(),
        organisation=visitor.organisation.strip(), role=visitor.role,
        accessibility_needs=visitor.accessibility_needs.strip() if visitor.accessibility_consent else "",
        accessibility_consent_at=now if visitor.accessibility_consent and visitor.accessibility_needs.strip()
        else None,
        privacy_notice_version=privacy_notice_version, consent_at=now,
        confirm_by=now + timedelta(hours=current_app.config["REGISTRATION_CONFIRM_HOURS"]),
        bookings=[],  # a new, known-empty collection: no query when the mail lists the bookings
    )
    db.session.add(registration)  # after the counts: one flush below writes it with its bookings
    record_consents(registration, now)  # written in the same flush
    for session in sessions:
        _seat_or_waitlist(registration, session, now, taken=taken[session.id]["booked"],
                          waiting=taken[session.id]["waitlisted"], is_new=True)
    db.session.flush()  # the registration, then one INSERT for all its bookings
    return registration


def add_sessions(registration: Registration, session_ids: Sequence[int], now: datetime | None = None) -> None:
    """Book more sessions from the manage page; overlaps with what is already held are refused."""
    now = now or utcnow()
    _check_active(registration)
    _check_open(registration.edition)
    sessions = bookable_sessions(registration.edition, session_ids)
    held = [b.session for b in registration.bookings if b.status in ACTIVE and b.session_id not in session_ids]
    _check_no_overlap([*held, *sessions])
    lock_sessions(s.id for s in sessions)
    for session in sessions:
        _seat_or_waitlist(registration, session, now)
        db.session.flush()  # the next session's count must see this booking's registration state
    db.session.flush()


def _check_active(registration: Registration) -> None:
    if registration.cancelled_at is not None:
        raise ConflictError(gettext("This registration has been cancelled."))


def get_by_manage_token(token: str) -> Registration:
    registration = db.session.scalar(
        select(Registration).where(Registration.manage_token == token)
        .options(selectinload(Registration.bookings).selectinload(Booking.session).selectinload(Session.slot))
    )
    if registration is None:
        raise NotFoundError(gettext("This registration link is not valid."))
    return registration


def confirm(token: str, now: datetime | None = None) -> Registration:
    now = now or utcnow()
    registration = db.session.scalar(select(Registration).where(Registration.confirm_token == token))
    if registration is None:
        raise NotFoundError(gettext("This confirmation link is not valid."))
    if registration.confirmed_at is None:
        if registration.cancelled_at is not None or registration.confirm_by < now:
            raise ConflictError(gettext("This confirmation link has expired and the places were released. "
                                        "Please register again."))
        registration.confirmed_at = now
    return registration


def _promote(session: Session, now: datetime) -> list[Booking]:
    """Fill free seats from the head of the waiting list (the session must be locked)."""
    _forget_positions()
    promoted = []
    while session.capacity is None or seats_taken(session.id) < session.capacity:
        head = db.session.scalar(
            select(Booking).where(Booking.session_id == session.id, Booking.status == BookingStatus.WAITLISTED)
            .order_by(Booking.waitlisted_at, Booking.id).limit(1)
        )
        if head is None:
            break
        head.status = BookingStatus.BOOKED
        db.session.flush()
        promoted.append(head)
    if promoted:
        from conference.registration.notifications import notify_promoted

        for booking in promoted:
            notify_promoted(booking)
    return promoted


def cancel_booking(registration: Registration, session_id: int, now: datetime | None = None) -> Booking:
    now = now or utcnow()
    booking = next((b for b in registration.bookings if b.session_id == session_id and b.status in ACTIVE), None)
    if booking is None:
        raise NotFoundError(gettext("You have no booking for this offer."))
    lock_sessions([session_id])
    db.session.refresh(booking)
    if booking.status not in ACTIVE:  # cancelled meanwhile by another request
        return booking
    held_seat = booking.status in SEAT_HOLDING
    booking.status = BookingStatus.CANCELLED
    _forget_positions()
    db.session.flush()
    if held_seat:
        _promote(booking.session, now)
    return booking


def cancel_registration(registration: Registration, now: datetime | None = None) -> Registration:
    """Cancel every booking (promoting each waiting list) and the registration itself."""
    now = now or utcnow()
    active = sorted({b.session_id for b in registration.bookings if b.status in ACTIVE})
    lock_sessions(active)
    for session_id in active:
        cancel_booking(registration, session_id, now)
    registration.cancelled_at = registration.cancelled_at or now
    db.session.flush()
    return registration


def release_expired(now: datetime | None = None, session_ids: Sequence[int] | None = None) -> int:
    """Release the bookings of registrations not confirmed in time; returns how many were released.

    Called inside booking (for the sessions being booked, so a full session frees expired seats at
    once) and by ``flask release-unconfirmed`` for everything else."""
    now = now or utcnow()
    query = (select(Booking).join(Registration)
             .where(Registration.confirmed_at.is_(None), Registration.confirm_by < now,
                    Booking.status.in_(ACTIVE)))
    if session_ids is not None:
        query = query.where(Booking.session_id.in_(list(session_ids)))
    expired = db.session.scalars(query.order_by(Booking.session_id, Booking.id)).all()
    if not expired:
        return 0
    if session_ids is None:
        lock_sessions(b.session_id for b in expired)
    freed = set()
    for booking in expired:
        if booking.status in SEAT_HOLDING:
            freed.add(booking.session_id)
        booking.status = BookingStatus.CANCELLED
        booking.registration.cancelled_at = booking.registration.cancelled_at or now
    db.session.flush()
    for session in db.session.scalars(select(Session).where(Session.id.in_(freed)).order_by(Session.id)):
        _promote(session, now)
    return len(expired)


def change_capacity(session: Session, new_capacity: int | None, *, user_id: int | None, override: bool = False,
                    reason: str = "") -> CapacityChange:
    """Change a session's capacity. Going below the seats already taken is an overbooking and needs
    ``override`` with a reason; both are recorded. More seats promote the waiting list."""
    if new_capacity is not None and new_capacity < 0:
        raise DomainError(gettext("The capacity cannot be negative."), field="capacity")
    lock_sessions([session.id])
    taken = seats_taken(session.id)
    if new_capacity is not None and new_capacity < taken and not override:
        raise ConflictError(gettext("%(n)d seats are already booked. Lowering the capacity below that needs an "
                                    "explicit override with a reason.", n=taken), field="capacity")
    if override and not reason.strip():
        raise DomainError(gettext("Please give a reason for the override."), field="reason")
    change = CapacityChange(session_id=session.id, user_id=user_id, old_capacity=session.capacity,
                            new_capacity=new_capacity, is_override=override, reason=reason.strip())
    session.capacity = new_capacity
    db.session.add(change)
    db.session.flush()
    promoted = _promote(session, utcnow())
    # The reason stays in capacity_change (free text); the log keeps ids and numbers only.
    audit.record("capacity.override" if override else "capacity.change", edition_id=session.edition_id,
                 subject=session, actor_id=user_id,
                 details={"old_capacity": change.old_capacity, "new_capacity": new_capacity, "seats_taken": taken,
                          "promoted": len(promoted), "capacity_change_id": change.id})
    return change


def override_booking(booking: Booking, *, user_id: int, reason: str) -> CapacityChange:
    """Give a waitlisted visitor a seat beyond the capacity: an explicit, recorded overbooking."""
    if not reason.strip():
        raise DomainError(gettext("Please give a reason for the override."), field="reason")
    lock_sessions([booking.session_id])
    db.session.refresh(booking)
    if booking.status != BookingStatus.WAITLISTED:
        raise ConflictError(gettext("Only a booking on the waiting list can be moved up."))
    booking.status = BookingStatus.BOOKED
    _forget_positions()
    change = CapacityChange(session_id=booking.session_id, user_id=user_id, old_capacity=booking.session.capacity,
                            new_capacity=booking.session.capacity, is_override=True,
                            reason=reason.strip() + f" (booking {booking.id})")
    db.session.add(change)
    db.session.flush()
    audit.record("capacity.override", edition_id=booking.session.edition_id, subject=booking.session,
                 actor_id=user_id,
                 details={"old_capacity": change.old_capacity, "new_capacity": change.new_capacity,
                          "seats_taken": seats_taken(booking.session_id), "booking_id": booking.id,
                          "capacity_change_id": change.id})
    return change
