"""Checking visitors in on an open day: finding them by name, e-mail or ticket code, marking a booking
attended (and undoing that), and the no-show figures per session, time slot and day.

A check-in changes one booking from BOOKED to ATTENDED with the time; both are seat-holding states, so
capacity and waiting lists are untouched. The change is one conditional UPDATE, so two phones tapping the
same booking, or a visitor cancelling at the very moment, can never leave a cancelled booking attended.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from conference.checkin.tickets import normalise_code
from conference.date_formats import format_time
from conference.editions.models import Edition, EditionFormat, EditionStatus, Room, TimeSlot
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db
from conference.forms_base import drop_control_characters
from conference.program.models import Session
from conference.registration.models import TICKET_ALPHABET, Booking, BookingStatus, Registration

ALL_DAY = "all-day"  # the slot choice for sessions without a time slot (stands open all day)
SEARCH_MIN = 2
SEARCH_MAX = 200
RESULT_LIMIT = 25
# Check-in is refused while an edition is a draft (nobody can have booked) and once it is archived
# (its record is final and personal data may have been purged).
CLOSED_STATUSES = frozenset({EditionStatus.DRAFT, EditionStatus.ARCHIVED})
_CODE_PART = re.compile(rf"[{TICKET_ALPHABET}]{{2,8}}")



def _with_bookings():
    """Loader options: a registration's bookings with their sessions, slots, rooms and venues."""
    sessions = selectinload(Registration.bookings).selectinload(Booking.session)
    return sessions.selectinload(Session.room).selectinload(Room.venue), sessions.selectinload(Session.slot)


def require_open_day(edition: Edition) -> None:
    if edition.format != EditionFormat.OPEN_DAY:
        raise DomainError(gettext("This edition is not an open day."))


# --- Time slots -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class SlotChoice:
    """One entry of the slot picker: a time slot, or the sessions without one (``ALL_DAY``)."""

    key: str
    slot: TimeSlot | None

    @property
    def label(self) -> str:
        if self.slot is None:
            return gettext("Without a time slot (all day)")
        times = f"{format_time(self.slot.starts_at, 'HH:mm')}–{format_time(self.slot.ends_at, 'HH:mm')}"
        return f"{times} · {self.slot.label}" if self.slot.label else times

    def holds(self, session: Session) -> bool:
        return session.slot_id == (self.slot.id if self.slot else None)


def slot_choices(edition: Edition) -> list[SlotChoice]:
    """The edition's time slots in order, then ``ALL_DAY`` if some published session has no slot."""
    choices = [SlotChoice(str(slot.id), slot) for slot in edition.time_slots]
    slotless = db.session.scalar(select(func.count(Session.id)).where(
        Session.edition_id == edition.id, Session.slot_id.is_(None), Session.is_published.is_(True)))
    if slotless or not choices:
        choices.append(SlotChoice(ALL_DAY, None))
    return choices


def choose_slot(choices: list[SlotChoice], key: str | None, now: datetime) -> SlotChoice:
    """The choice named by ``key``; otherwise the slot running at ``now`` or the next one, the last slot
    once the day is over, and ``ALL_DAY`` for an edition without slots."""
    by_key = {c.key: c for c in choices}
    if key in by_key:
        return by_key[key]
    timed = [c for c in choices if c.slot is not None]
    if not timed:
        return choices[-1]
    return next((c for c in timed if c.slot.ends_at > now), timed[-1])


# --- Finding people -------------------------------------------------------------------------------

def clean_query(text: str | None) -> str:
    """The search as typed, without control characters and runs of spaces, at most SEARCH_MAX long."""
    return " ".join(drop_control_characters(text or "").split())[:SEARCH_MAX]


@dataclass(frozen=True)
class SearchResult:
    query: str
    registrations: list[Registration] = field(default_factory=list)
    has_more: bool = False


def search(edition: Edition, query: str) -> SearchResult:
    """Registrations of ``edition`` whose name or e-mail address contains ``query`` (case-insensitive,
    any script), or whose ticket code contains it (dash and spaces ignored); anonymised ones never.
    At most ``RESULT_LIMIT``, by name, with their bookings loaded; nothing for fewer than SEARCH_MIN
    characters."""
    query = clean_query(query)
    if len(query) < SEARCH_MIN:
        return SearchResult(query)
    needle = query.lower()
    matches = [func.lower(Registration.name).contains(needle, autoescape=True),
               func.lower(Registration.email).contains(needle, autoescape=True)]
    code = normalise_code(query)
    compact = re.sub(r"[\s\-]", "", query).upper()
    if code:
        matches.append(Registration.ticket_code == code)
    elif _CODE_PART.fullmatch(compact):
        matches.append(func.replace(Registration.ticket_code, "-", "").contains(compact, autoescape=True))
    found = list(db.session.scalars(
        select(Registration)
        .where(Registration.edition_id == edition.id, Registration.anonymised_at.is_(None), or_(*matches))
        .options(*_with_bookings())
        .order_by(func.lower(Registration.name), Registration.id)
        .limit(RESULT_LIMIT + 1)))
    return SearchResult(query, found[:RESULT_LIMIT], len(found) > RESULT_LIMIT)


def find_ticket(edition: Edition, code: str) -> Registration:
    """The registration of ``edition`` with ticket ``code`` (typed loosely is fine), bookings loaded;
    NotFoundError for a malformed code, an unknown one, another edition's, or an anonymised registration."""
    normalised = normalise_code(code)
    registration = None
    if normalised:
        registration = db.session.scalar(
            select(Registration).where(Registration.edition_id == edition.id, Registration.ticket_code == normalised,
                                       Registration.anonymised_at.is_(None))
            .options(*_with_bookings()))
    if registration is None:
        raise NotFoundError(gettext("There is no ticket with the code “%(code)s” for this edition. Check the code, "
                                    "or search for the person by name.", code=(normalised or code)[:20]))
    return registration


def refusal(registration: Registration) -> str | None:
    """Why this registration cannot be checked in at all, or None if it can."""
    if registration.cancelled_at is not None:
        return gettext("This registration was cancelled: it cannot be checked in.")
    if registration.confirmed_at is None:
        return gettext("This registration was never confirmed (the e-mail link was not used): it cannot be "
                       "checked in. Count the person as a walk-in if there is room.")
    return None


def day_bookings(registration: Registration) -> list[Booking]:
    """The registration's bookings in the order of the day (time, then title)."""
    return sorted(registration.bookings, key=lambda b: (b.session.starts_at is None, b.session.starts_at or 0,
                                                        b.session.title, b.id))


def bookings_in(registration: Registration, choice: SlotChoice) -> list[Booking]:
    return [b for b in day_bookings(registration) if choice.holds(b.session)]


# --- Checking in and undoing ----------------------------------------------------------------------

def _load_booking(edition: Edition, booking_id: int) -> Booking:
    booking = db.session.scalar(select(Booking).where(Booking.id == booking_id)
                                .options(selectinload(Booking.registration), selectinload(Booking.session)))
    if booking is None or booking.registration.edition_id != edition.id or booking.registration.anonymised_at:
        raise NotFoundError(gettext("This booking does not exist (any more)."))
    return booking


def _require_open(edition: Edition) -> None:
    require_open_day(edition)
    if edition.status in CLOSED_STATUSES:
        raise ConflictError(gettext("Check-in is not possible while the edition is “%(status)s”.",
                                    status=edition.status.label))


def check_in(edition: Edition, booking_id: int, *, now: datetime) -> Booking:
    """Mark the booking attended at ``now`` and return it (flushed). Checking in an attended booking again
    changes nothing. NotFoundError for a booking of another edition; ConflictError for a cancelled or
    unconfirmed registration, a booking that is cancelled or on the waiting list, or a closed edition."""
    _require_open(edition)
    booking = _load_booking(edition, booking_id)
    reason = refusal(booking.registration)
    if reason:
        raise ConflictError(reason)
    # Only a booked seat becomes attended, decided by the database row as it is now.
    db.session.execute(update(Booking).where(Booking.id == booking.id, Booking.status == BookingStatus.BOOKED)
                       .values(status=BookingStatus.ATTENDED, checked_in_at=now, updated_at=now)
                       .execution_options(synchronize_session=False))
    db.session.refresh(booking)
    if booking.status == BookingStatus.WAITLISTED:
        raise ConflictError(gettext("%(name)s is on the waiting list for “%(title)s” and holds no seat. Count "
                                    "them as a walk-in if there is room.", name=booking.registration.name,
                                    title=booking.session.title))
    if booking.status != BookingStatus.ATTENDED:
        raise ConflictError(gettext("The booking of %(name)s for “%(title)s” was cancelled: it cannot be "
                                    "checked in.", name=booking.registration.name, title=booking.session.title))
    return booking


def undo_check_in(edition: Edition, booking_id: int, *, now: datetime) -> Booking:
    """Set an attended booking back to booked (flushed); a booking that is not attended stays as it is."""
    _require_open(edition)
    booking = _load_booking(edition, booking_id)
    db.session.execute(update(Booking).where(Booking.id == booking.id, Booking.status == BookingStatus.ATTENDED)
                       .values(status=BookingStatus.BOOKED, checked_in_at=None, updated_at=now)
                       .execution_options(synchronize_session=False))
    db.session.refresh(booking)
    return booking


# --- Figures --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figures:
    """Seats booked (BOOKED + ATTENDED), checked in (ATTENDED), and walk-ins counted at the door."""

    label: str
    booked: int = 0
    checked_in: int = 0
    walk_ins: int = 0
    session: Session | None = None

    @property
    def not_checked_in(self) -> int:
        """Not yet arrived while the session runs; its no-shows afterwards."""
        return self.booked - self.checked_in

    @property
    def present(self) -> int:
        return self.checked_in + self.walk_ins

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.label, self.booked + other.booked, self.checked_in + other.checked_in,
                       self.walk_ins + other.walk_ins)


@dataclass(frozen=True)
class FigureTable:
    sessions: list[Figures]
    slot_total: Figures
    day_total: Figures


def figures(edition: Edition, choice: SlotChoice) -> FigureTable:
    """Per session of ``choice`` (by title), its total, and the whole day's; two queries."""
    sessions = db.session.scalars(
        select(Session).where(Session.edition_id == edition.id, Session.is_published.is_(True))
        .order_by(Session.title, Session.id)).all()
    counts: Counter[tuple[int, BookingStatus]] = Counter()
    for session_id, status, n in db.session.execute(
            select(Booking.session_id, Booking.status, func.count(Booking.id)).join(Session)
            .where(Session.edition_id == edition.id, Session.is_published.is_(True),
                   Booking.status.in_((BookingStatus.BOOKED, BookingStatus.ATTENDED)))
            .group_by(Booking.session_id, Booking.status)):
        counts[session_id, status] = n
    rows = [Figures(s.title, counts[s.id, BookingStatus.BOOKED] + counts[s.id, BookingStatus.ATTENDED],
                    counts[s.id, BookingStatus.ATTENDED], s.walk_in_count or 0, s) for s in sessions]
    in_slot = [row for row in rows if choice.holds(row.session)]
    return FigureTable(in_slot, sum(in_slot, Figures(gettext("All offers of this time slot"))),
                       sum(rows, Figures(gettext("The whole day"))))
