"""Programme management rules used by organisers (placement, capacity)."""

from __future__ import annotations

from conference.database import utcnow
from conference.editions.models import Room, TimeSlot
from conference.extensions import db
from conference.program.models import Session


def update_session_placement(session: Session, *, slot: TimeSlot | None, room: Room | None) -> Session:
    """Place a session; a change of time or place raises its iCalendar SEQUENCE."""
    if (session.slot_id, session.room_id) != (slot.id if slot else None, room.id if room else None):
        session.slot, session.room = slot, room
        session.sequence += 1
    db.session.flush()
    return session


def bump_sequence(sessions) -> None:
    for session in sessions:
        session.sequence += 1


def sessions_with_counts(edition) -> list[tuple[Session, dict[str, int]]]:
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from conference.editions.models import Room as _Room
    from conference.registration.services import seat_counts

    sessions = db.session.scalars(
        select(Session).where(Session.edition_id == edition.id)
        .options(selectinload(Session.slot), selectinload(Session.room).selectinload(_Room.venue),
                 selectinload(Session.organisation))
        .order_by(Session.slot_id, Session.title)
    ).all()
    counts = seat_counts([s.id for s in sessions])
    return [(s, counts[s.id]) for s in sessions]


def save_session(edition, session: Session | None, *, kind, title, description, organisation_id, room, slot,
                 registration_required, target_groups, topics, is_published, capacity=None, user_id=None,
                 override=False, reason="", workshop_key: str | None = None) -> Session:
    """Create or edit a session. Capacity changes go through the registration rules (recorded,
    overbooking only with an explicit override); a new time or place raises the SEQUENCE."""
    from flask_babel import gettext

    from conference.errors import DomainError
    from conference.registration.services import change_capacity

    if room is not None and room.venue.edition_id != edition.id:
        raise DomainError(gettext("This room does not exist."), field="room_id")
    if slot is not None and slot.edition_id != edition.id:
        raise DomainError(gettext("This time slot does not exist."), field="slot_id")
    if registration_required and capacity is None:
        raise DomainError(gettext("Offers with registration need a capacity."), field="capacity")
    if session is None:
        session = Session(edition=edition, capacity=capacity, slot=slot, room=room)
        db.session.add(session)
    else:
        update_session_placement(session, slot=slot, room=room)
        if capacity != session.capacity:
            change_capacity(session, capacity, user_id=user_id, override=override, reason=reason)
    session.kind, session.title, session.description = kind, title.strip(), description.strip()
    session.organisation_id = organisation_id
    session.registration_required, session.is_published = registration_required, is_published
    session.target_groups, session.topics = list(target_groups), list(topics)
    session.workshop_key = (workshop_key or "").strip() or None
    db.session.flush()
    return session


def delete_session(session: Session) -> None:
    from flask_babel import gettext
    from sqlalchemy import func, select

    from conference.errors import ConflictError
    from conference.registration.models import Booking, BookingStatus

    active = db.session.scalar(select(func.count(Booking.id)).where(
        Booking.session_id == session.id, Booking.status != BookingStatus.CANCELLED))
    if active:
        raise ConflictError(gettext("This offer has %(n)d bookings. Cancel them first or unpublish the offer.",
                                    n=active))
    # A deleted session leaves no newer timestamp behind: mark its edition changed, so that the programme's
    # version (ETag, Last-Modified, page cache, feeds) moves on (``program.services.program_version``).
    session.edition.updated_at = utcnow()
    db.session.delete(session)
    db.session.flush()


def count_walk_in(session: Session, delta: int) -> int:
    """Add ``delta`` (+1 or −1) to the walk-in count in one UPDATE, so two counters at the same door
    never lose a visitor; the count never goes below zero."""
    from sqlalchemy import update

    db.session.execute(
        update(Session).where(Session.id == session.id, Session.walk_in_count + delta >= 0)
        .values(walk_in_count=Session.walk_in_count + delta, updated_at=Session.updated_at)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(session, ["walk_in_count"])
    return session.walk_in_count
