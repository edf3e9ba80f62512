"""Edition rules: creation, editing, lifecycle and the next edition built from a previous one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from conference.database import utcnow
from conference.editions.models import (
    PUBLIC_STATUSES,
    Edition,
    EditionFormat,
    EditionStatus,
    Room,
    TimeSlot,
    Venue,
)
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db

LOCAL_TZ = ZoneInfo("Europe/Berlin")


class NonexistentLocalTime(ValueError):
    """A wall-clock time that the clocks skip (the spring-forward hour)."""


def skipped_time_message() -> str:
    return gettext("This time does not exist on that day: the clocks go forward from 02:00 to 03:00.")


def local(dt: datetime) -> datetime:
    return dt.astimezone(LOCAL_TZ)


def in_second_occurrence(wall: datetime) -> bool:
    """True for a local wall-clock time in the second occurrence of the doubled autumn hour (winter time)."""
    return bool(wall.fold) and wall.replace(fold=0).utcoffset() != wall.utcoffset()


def local_time_exists(wall: datetime) -> bool:
    """False for a wall-clock time that Europe/Berlin skips: 02:00–02:59 on the last Sunday of March."""
    naive = wall.replace(tzinfo=None)
    return naive.replace(tzinfo=LOCAL_TZ).astimezone(UTC).astimezone(LOCAL_TZ).replace(tzinfo=None) == naive


def from_local(day: date, clock: time) -> datetime:
    """A wall-clock time in Europe/Berlin as an aware datetime.

    A time the clocks skip (02:30 on the last Sunday of March) raises :class:`NonexistentLocalTime`
    instead of silently becoming another instant. A time that happens twice (02:30 on the last Sunday
    of October) means its first occurrence, still in summer time (``fold=0``), as in most calendars."""
    wall = datetime.combine(day, clock.replace(tzinfo=None, fold=0), tzinfo=LOCAL_TZ)
    if not local_time_exists(wall):
        raise NonexistentLocalTime(f"{wall:%Y-%m-%d %H:%M} does not exist in {LOCAL_TZ.key}")
    return wall


LAYOUT = (selectinload(Edition.venues).selectinload(Venue.rooms), selectinload(Edition.time_slots),
          selectinload(Edition.previous_edition))


def get_edition(edition_id: int, *, include_drafts: bool = False, with_layout: bool = False) -> Edition:
    """Load-or-404 for every route under /editions/<id>: drafts are visible to staff only.

    ``with_layout`` loads venues, rooms and time slots in a fixed number of queries (for pages that
    show them all)."""
    query = select(Edition).where(Edition.id == edition_id).options(*(LAYOUT if with_layout else ()))
    edition = db.session.scalars(query).one_or_none()
    if edition is None or (not include_drafts and not edition.is_public):
        raise NotFoundError(gettext("This edition does not exist."))
    return edition


def next_number() -> int:
    return (db.session.scalar(select(func.max(Edition.number))) or 0) + 1


@dataclass
class EditionOverview:
    upcoming: list[Edition]
    past: list[Edition]


def public_overview(now: datetime | None = None) -> EditionOverview:
    now = now or utcnow()
    editions = db.session.scalars(
        select(Edition).where(Edition.status.in_(PUBLIC_STATUSES)).order_by(Edition.starts_at)
    ).all()
    return EditionOverview(
        upcoming=[e for e in editions if e.ends_at >= now],
        past=[e for e in reversed(editions) if e.ends_at < now],
    )


def all_editions() -> list[Edition]:
    return list(db.session.scalars(select(Edition).order_by(Edition.number.desc())))


def _check_dates(starts_at: datetime, ends_at: datetime) -> None:
    # On the instants: two wall-clock values in the same zone compare by the clock, fold ignored.
    if ends_at.astimezone(UTC) <= starts_at.astimezone(UTC):
        raise DomainError(gettext("The end must be after the start."), field="ends_at")


def _check_number(number: int, edition: Edition | None = None) -> None:
    if number < 1:
        raise DomainError(gettext("The number must be at least 1."), field="number")
    clash = db.session.scalar(select(Edition).where(Edition.number == number))
    if clash is not None and clash is not edition:
        raise ConflictError(gettext("Edition number %(n)d is already taken.", n=number), field="number")


def create_edition(*, format: EditionFormat | str, title: str, starts_at: datetime, ends_at: datetime,
                   theme: str = "", description: str = "", number: int | None = None,
                   previous_edition: Edition | None = None) -> Edition:
    number = number or next_number()
    _check_number(number)
    _check_dates(starts_at, ends_at)
    edition = Edition(number=number, format=EditionFormat(format), title=title.strip(), theme=theme.strip(),
                      description=description.strip(), starts_at=starts_at, ends_at=ends_at,
                      previous_edition=previous_edition)
    db.session.add(edition)
    db.session.flush()
    if edition.format == EditionFormat.COUNCIL:
        # A new council meeting starts with the recommendations still open as follow-up items.
        from conference.council.follow_up import carry_open_recommendations  # council builds on editions

        carry_open_recommendations(edition)
    return edition


def update_edition(edition: Edition, *, title: str, theme: str, description: str, starts_at: datetime,
                   ends_at: datetime, number: int, format: EditionFormat | str) -> Edition:
    _check_number(number, edition)
    _check_dates(starts_at, ends_at)
    edition.number = number
    edition.format = EditionFormat(format)
    edition.title = title.strip()
    edition.theme = theme.strip()
    edition.description = description.strip()
    moved = (edition.starts_at, edition.ends_at) != (starts_at, ends_at)
    edition.starts_at = starts_at
    edition.ends_at = ends_at
    db.session.flush()
    if moved and edition.format == EditionFormat.COUNCIL:
        from conference.council.invitations import meeting_moved  # council builds on editions

        meeting_moved(edition, utcnow())
    return edition


def change_status(edition: Edition, target: EditionStatus | str, *, user_id: int | None = None) -> Edition:
    """Move ``edition`` to ``target``; evaluating it freezes its results in the same transaction."""
    edition.transition_to(target)
    db.session.flush()
    if edition.status == EditionStatus.EVALUATED:
        from conference.surveys.results import freeze_results  # surveys build on editions

        freeze_results(edition, user_id=user_id)
    return edition


def _shift(dt: datetime, days: int) -> datetime:
    """Move by whole days keeping the wall-clock time in Europe/Berlin (across DST changes too)."""
    wall = local(dt)
    try:
        return from_local(wall.date() + timedelta(days=days), wall.time().replace(tzinfo=None))
    except NonexistentLocalTime:
        raise DomainError(skipped_time_message(), field="starts_on") from None


def create_next_edition(source: Edition, *, starts_on: date, title: str, theme: str = "",
                        format: EditionFormat | str | None = None, number: int | None = None,
                        copy_sessions: bool = False) -> Edition:
    """A new draft edition adapted from ``source``: venues, rooms and time slots are copied and
    shifted to the new date, the predecessor is linked and the series number continues. Its surveys are
    copied too (same question versions, windows moved by the same number of days), pending action items
    are aimed at it, and with ``copy_sessions`` every session comes along as an unpublished draft in the
    copied room and slot. (Council seats and their members belong to the council, not to an edition, so
    they carry over by themselves.)"""
    days = (starts_on - local(source.starts_at).date()).days
    if days <= 0:
        raise DomainError(gettext("The next edition must start after this one."), field="starts_on")
    edition = create_edition(
        format=format or source.format, title=title, theme=theme, description=source.description,
        starts_at=_shift(source.starts_at, days), ends_at=_shift(source.ends_at, days), number=number,
        previous_edition=source,
    )
    source = db.session.scalars(select(Edition).where(Edition.id == source.id).options(*LAYOUT)).one()
    rooms: dict[int, Room] = {}
    slots: dict[int, TimeSlot] = {}
    for venue in source.venues:
        copy = Venue(name=venue.name, address=venue.address, description=venue.description, position=venue.position)
        for room in venue.rooms:
            rooms[room.id] = Room(name=room.name, capacity=room.capacity, is_step_free=room.is_step_free,
                                  equipment=list(room.equipment or []))
            copy.rooms.append(rooms[room.id])
        edition.venues.append(copy)
    for slot in source.time_slots:
        slots[slot.id] = TimeSlot(label=slot.label, starts_at=_shift(slot.starts_at, days),
                                  ends_at=_shift(slot.ends_at, days))
        edition.time_slots.append(slots[slot.id])
    db.session.flush()
    if copy_sessions:
        _copy_sessions(source, edition, rooms, slots)
    from conference.surveys.builder import copy_surveys  # surveys build on editions

    copy_surveys(source, edition, days=days)
    from conference.surveys.actions import attach_pending_actions

    attach_pending_actions(edition)
    return edition


def session_count(edition: Edition) -> int:
    from conference.program.models import Session

    return db.session.scalar(select(func.count()).select_from(Session).where(Session.edition_id == edition.id))


def _copy_sessions(source: Edition, edition: Edition, rooms: dict[int, Room], slots: dict[int, TimeSlot]) -> int:
    """Every session of ``source`` as an unpublished, unpinned draft of ``edition``, in the copies of its
    room and slot. What belongs to the old edition stays behind: the offer it came from, walk-ins,
    bookings and the calendar sequence."""
    from conference.program.models import Session  # the program builds on editions

    sessions = db.session.scalars(select(Session).where(Session.edition_id == source.id).order_by(Session.id)).all()
    for session in sessions:
        db.session.add(Session(
            edition_id=edition.id, kind=session.kind, title=session.title, description=session.description,
            organisation_id=session.organisation_id, capacity=session.capacity,
            registration_required=session.registration_required, target_groups=list(session.target_groups or []),
            topics=list(session.topics or []), workshop_key=session.workshop_key, is_published=False,
            room=rooms.get(session.room_id), slot=slots.get(session.slot_id),
        ))
    db.session.flush()
    return len(sessions)
