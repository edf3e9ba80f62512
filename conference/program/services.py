"""The public programme: published sessions with filters, free seats and a version for caching."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from conference.editions.models import Edition, Room, TimeSlot
from conference.errors import NotFoundError
from conference.extensions import db
from conference.organisations.models import Organisation
from conference.program.models import Session
from conference.registration.models import Booking
from conference.registration.services import seat_counts


@dataclass
class ProgramFilter:
    target_group: str = ""
    topic: str = ""
    venue_id: int | None = None
    slot_id: int | None = None
    registration_required: bool = False
    free_seats: bool = False

    @property
    def active(self) -> bool:
        return any((self.target_group, self.topic, self.venue_id, self.slot_id, self.registration_required,
                    self.free_seats))


@dataclass
class ProgramEntry:
    session: Session
    booked: int = 0
    waitlisted: int = 0

    @property
    def free(self) -> int | None:
        if self.session.capacity is None:
            return None
        return max(self.session.capacity - self.booked, 0)

    @property
    def is_full(self) -> bool:
        return self.free == 0


@dataclass
class Program:
    edition: Edition
    entries: list[ProgramEntry] = field(default_factory=list)

    def by_slot(self) -> list[tuple[TimeSlot | None, list[ProgramEntry]]]:
        groups: dict[int | None, list[ProgramEntry]] = {}
        for entry in self.entries:
            groups.setdefault(entry.session.slot_id, []).append(entry)
        slots = {s.id: s for s in self.edition.time_slots}
        timed = sorted((k for k in groups if k), key=lambda k: slots[k].starts_at)
        ordered: list[tuple[TimeSlot | None, list[ProgramEntry]]] = [(slots[k], groups[k]) for k in timed]
        if None in groups:  # all-day offers such as stands
            ordered.append((None, groups[None]))
        return ordered

    def grid(self) -> dict[tuple[int | None, int | None], list[ProgramEntry]]:
        """``{(slot_id, venue_id): entries}`` for the time × venue view."""
        cells: dict[tuple[int | None, int | None], list[ProgramEntry]] = {}
        for entry in self.entries:
            venue_id = entry.session.room.venue_id if entry.session.room else None
            cells.setdefault((entry.session.slot_id, venue_id), []).append(entry)
        return cells


def published_sessions_query(edition: Edition):
    return (select(Session).where(Session.edition_id == edition.id, Session.is_published.is_(True))
            .options(selectinload(Session.slot), selectinload(Session.room).selectinload(Room.venue),
                     selectinload(Session.organisation)))


def load_program(edition: Edition, filters: ProgramFilter | None = None) -> Program:
    filters = filters or ProgramFilter()
    sessions = db.session.scalars(published_sessions_query(edition).order_by(Session.title)).all()
    counts = seat_counts([s.id for s in sessions])
    entries = [ProgramEntry(s, counts[s.id]["booked"], counts[s.id]["waitlisted"]) for s in sessions]

    def keep(entry: ProgramEntry) -> bool:
        s = entry.session
        return all((
            not filters.target_group or filters.target_group in (s.target_groups or []),
            not filters.topic or filters.topic in (s.topics or []),
            not filters.venue_id or (s.room is not None and s.room.venue_id == filters.venue_id),
            not filters.slot_id or s.slot_id == filters.slot_id,
            not filters.registration_required or s.registration_required,
            not filters.free_seats or not entry.is_full,
        ))

    return Program(edition, [e for e in entries if keep(e)])


def get_session(edition: Edition, session_id: int) -> ProgramEntry:
    session = db.session.scalars(published_sessions_query(edition).where(Session.id == session_id)).one_or_none()
    if session is None:
        from flask_babel import gettext

        raise NotFoundError(gettext("This offer does not exist."))
    counts = seat_counts([session.id])[session.id]
    return ProgramEntry(session, counts["booked"], counts["waitlisted"])


def program_version(edition: Edition, *extra: str, seats: bool = True) -> tuple[str, datetime]:
    """An ETag and Last-Modified for the programme, from two aggregate queries: any change of a session,
    a booking or an offering institution changes it, so a 304 never hides a free seat that has gone. Venues,
    rooms and time slots mark the edition changed (``conference.editions.venues``), and so does deleting a
    session. Without ``seats`` (the calendar and schedule feeds, which show none) bookings are left out and
    the version changes only with the programme itself."""
    row = db.session.execute(
        select(func.count(Session.id), func.max(Session.updated_at), func.max(Organisation.updated_at))
        .outerjoin(Organisation, Session.organisation_id == Organisation.id)
        .where(Session.edition_id == edition.id)
    ).one()
    bookings = db.session.execute(
        select(func.count(Booking.id), func.max(Booking.updated_at))
        .join(Session, Booking.session_id == Session.id).where(Session.edition_id == edition.id)
    ).one() if seats else (None, None)
    stamps = [t for t in (edition.updated_at, row[1], row[2], bookings[1]) if t is not None]
    last_modified = max(stamps)
    key = "|".join(map(str, (edition.id, edition.updated_at, *row, *bookings, *extra)))
    return hashlib.sha256(key.encode()).hexdigest()[:32], last_modified
