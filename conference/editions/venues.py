"""Venues, rooms and time slots of an edition."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext
from sqlalchemy import func, select

from conference.database import utcnow
from conference.editions.models import Edition, EditionFormat, Room, TimeSlot, Venue
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db


def get_venue(edition: Edition, venue_id: int) -> Venue:
    venue = db.session.get(Venue, venue_id)
    if venue is None or venue.edition_id != edition.id:
        raise NotFoundError(gettext("This venue does not exist."))
    return venue


def get_room(edition: Edition, room_id: int) -> Room:
    room = db.session.get(Room, room_id)
    if room is None or room.venue.edition_id != edition.id:
        raise NotFoundError(gettext("This room does not exist."))
    return room


def get_slot(edition: Edition, slot_id: int) -> TimeSlot:
    slot = db.session.get(TimeSlot, slot_id)
    if slot is None or slot.edition_id != edition.id:
        raise NotFoundError(gettext("This time slot does not exist."))
    return slot


def save_venue(edition: Edition, venue: Venue | None, *, name: str, address: str = "",
               description: str = "") -> Venue:
    if venue is None:
        position = db.session.scalar(select(func.count(Venue.id)).where(Venue.edition_id == edition.id)) or 0
        venue = Venue(edition=edition, position=position)
        db.session.add(venue)
    moved = False
    if venue.id is not None and (venue.name, venue.address) != (name.strip(), address.strip()):
        moved = True
        for room in venue.rooms:
            _bump_sessions(lambda s: s.room_id, room.id)
    venue.name, venue.address, venue.description = name.strip(), address.strip(), description.strip()
    _touch(edition)
    db.session.flush()
    if moved and edition.format == EditionFormat.COUNCIL and edition.venues and edition.venues[0] is venue:
        from conference.council.invitations import meeting_moved  # council builds on editions

        meeting_moved(edition, utcnow())  # the meeting's place is its first venue
    return venue


def _touch(edition: Edition) -> None:
    """Mark the edition changed: its programme's version (ETag, page cache), schedule export and OParl
    locations show its venues, rooms and time slots."""
    edition.updated_at = utcnow()


def _sessions_in(column, value) -> int:
    from conference.program.models import Session

    return db.session.scalar(select(func.count(Session.id)).where(column(Session) == value)) or 0


def _bump_sessions(column, value) -> None:
    """Raise the iCalendar SEQUENCE of the sessions whose time or place has just changed."""
    from conference.program.manage_services import bump_sequence
    from conference.program.models import Session

    bump_sequence(db.session.scalars(select(Session).where(column(Session) == value)))


def delete_venue(venue: Venue) -> None:
    used = sum(_sessions_in(lambda s: s.room_id, room.id) for room in venue.rooms)
    if used:
        raise ConflictError(gettext("This venue cannot be deleted: %(n)d sessions are placed in its rooms.",
                                    n=used))
    _touch(venue.edition)
    db.session.delete(venue)
    db.session.flush()


def save_room(venue: Venue, room: Room | None, *, name: str, capacity: int, is_step_free: bool,
              equipment: list[str]) -> Room:
    if capacity < 0:
        raise DomainError(gettext("The capacity cannot be negative."), field="capacity")
    if room is None:
        room = Room(venue=venue)
        db.session.add(room)
    elif room.name != name.strip():
        _bump_sessions(lambda s: s.room_id, room.id)
    room.name, room.capacity, room.is_step_free = name.strip(), capacity, is_step_free
    room.equipment = sorted({item.strip() for item in equipment if item.strip()})
    _touch(venue.edition)
    db.session.flush()
    return room


def delete_room(room: Room) -> None:
    used = _sessions_in(lambda s: s.room_id, room.id)
    if used:
        raise ConflictError(gettext("This room cannot be deleted: %(n)d sessions are placed in it.", n=used))
    _touch(room.venue.edition)
    db.session.delete(room)
    db.session.flush()


def save_slot(edition: Edition, slot: TimeSlot | None, *, label: str, starts_at: datetime,
              ends_at: datetime) -> TimeSlot:
    if ends_at.astimezone(UTC) <= starts_at.astimezone(UTC):  # the instants, not the wall clock
        raise DomainError(gettext("The end must be after the start."), field="ends_at")
    if slot is None:
        slot = TimeSlot(edition=edition)
        db.session.add(slot)
    elif (slot.starts_at, slot.ends_at) != (starts_at, ends_at):
        _bump_sessions(lambda s: s.slot_id, slot.id)  # calendars must replace the moved events
    slot.label, slot.starts_at, slot.ends_at = label.strip(), starts_at, ends_at
    _touch(edition)
    db.session.flush()
    return slot


def delete_slot(slot: TimeSlot) -> None:
    used = _sessions_in(lambda s: s.slot_id, slot.id)
    if used:
        raise ConflictError(gettext("This time slot cannot be deleted: %(n)d sessions are placed in it.",
                                    n=used))
    _touch(slot.edition)
    db.session.delete(slot)
    db.session.flush()
