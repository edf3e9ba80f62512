"""The meeting day: checking in who came for each seat, undoing a mistaken check-in, and the
attendance summary (seats represented, quorum, and how it compares with the RSVP answers).

A seat may be represented by its member, its deputy and a substitute at the same time (one
attendance per role); a seat counts as represented as soon as anyone came for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from conference.council.core import meeting_day, meeting_of, meeting_seats, quorum_needed
from conference.council.models import (
    REPRESENTED,
    Attendance,
    AttendanceRole,
    Invitation,
    Membership,
    MembershipRole,
    Person,
    RsvpStatus,
    Seat,
)
from conference.editions.models import Edition, EditionFormat, EditionStatus
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db
from conference.row_locks import is_postgres

# The order in which a seat's attendances are shown, and which role "represents" the seat when
# several people came for it: the member before the deputy before a substitute.
ROLE_ORDER = (AttendanceRole.MEMBER, AttendanceRole.DEPUTY, AttendanceRole.SUBSTITUTE)
SUBSTITUTE_NAME_MAX = 200  # the column's length


def attendee_name(attendance: Attendance) -> str:
    """The name to show for an attendance: the person's, or the substitute's as typed in."""
    if attendance.person is not None:
        return attendance.person.name
    return attendance.substitute_name


# --- Checking in and undoing --------------------------------------------------------------------------

def _require_council(edition: Edition) -> None:
    if edition.format != EditionFormat.COUNCIL:
        raise DomainError(gettext("This edition is not a council meeting."))


def _load_seat(seat: Seat | int | None) -> Seat:
    seat_id = seat.id if isinstance(seat, Seat) else seat
    found = None
    if isinstance(seat_id, int):
        found = db.session.scalar(select(Seat).where(Seat.id == seat_id).options(
            selectinload(Seat.organisation), selectinload(Seat.memberships).selectinload(Membership.person)))
    if found is None:
        raise NotFoundError(gettext("This seat does not exist."))
    return found


def _role(role: AttendanceRole | str) -> AttendanceRole:
    try:
        return AttendanceRole(role)
    except ValueError:
        raise DomainError(gettext("Unknown role: %(role)s", role=str(role)[:40]), field="role") from None


def _existing(edition: Edition, seat: Seat, role: AttendanceRole) -> Attendance | None:
    return db.session.scalar(select(Attendance).where(
        Attendance.edition_id == edition.id, Attendance.seat_id == seat.id, Attendance.role == role))


def _insert_for_dialect():
    """``INSERT … ON CONFLICT DO NOTHING`` exists on both our databases, in dialect-specific form."""
    if is_postgres():
        return postgresql.insert
    return sqlite.insert


def check_in(edition: Edition, seat: Seat | int, role: AttendanceRole | str, *, person: Person | None = None,
             substitute_name: str = "", by_user_id: int | None = None, now: datetime) -> Attendance:
    """Record that someone came for ``seat`` in ``role`` and return the attendance (flushed).

    For a member or deputy the person is whoever holds that role on the meeting day (``person``, if
    given, must be that holder). A substitute needs a name. Checking in the same seat and role again
    returns the existing attendance unchanged; a second, different substitute is refused.
    Raises NotFoundError for an unknown seat, ConflictError for a draft edition, an inactive seat or
    another substitute, and DomainError for a vacant role, a missing name or a non-council edition.
    """
    _require_council(edition)
    if edition.status == EditionStatus.DRAFT:
        raise ConflictError(gettext("This meeting is still a draft: publish it before checking people in."))
    seat = _load_seat(seat)
    role = _role(role)
    if not seat.is_active:
        raise ConflictError(gettext("The seat “%(seat)s” is no longer active.", seat=seat.label))
    name = (substitute_name or "").strip()
    if role == AttendanceRole.SUBSTITUTE:
        if not name and person is not None:
            name = person.name
        if not name:
            raise DomainError(gettext("Please enter the name of the substitute."), field="substitute_name")
        if len(name) > SUBSTITUTE_NAME_MAX:
            raise DomainError(gettext("The name may have at most %(n)d characters.", n=SUBSTITUTE_NAME_MAX),
                              field="substitute_name")
    else:
        holder = seat.holder(MembershipRole(role.value), meeting_day(edition))
        if holder is None:
            raise DomainError(gettext("The seat “%(seat)s” has no %(role)s on the day of the meeting.",
                                      seat=seat.label, role=role.label))
        if person is not None and person.id != holder.person_id:
            raise DomainError(gettext("%(name)s is not the %(role)s of the seat “%(seat)s”.",
                                      name=person.name, role=role.label, seat=seat.label))
        person, name = holder.person, ""

    existing = _existing(edition, seat, role)
    if existing is None:
        # Two staff at the door may tap the same seat at once: the unique constraint decides, and
        # the slower one gets the faster one's row instead of an error (no savepoint needed).
        insert = _insert_for_dialect()(Attendance).values(
            edition_id=edition.id, seat_id=seat.id, role=role, person_id=person.id if person else None,
            substitute_name=name, checked_in_at=now, checked_in_by_id=by_user_id,
        ).on_conflict_do_nothing(index_elements=["edition_id", "seat_id", "role"])
        db.session.execute(insert)
        existing = _existing(edition, seat, role)
    if role == AttendanceRole.SUBSTITUTE and existing.substitute_name != name:
        raise ConflictError(gettext("“%(name)s” is already checked in as substitute for the seat “%(seat)s”. "
                                    "Undo that check-in first.", name=existing.substitute_name, seat=seat.label))
    return existing


def undo_check_in(edition: Edition, attendance_id: int) -> Attendance:
    """Delete the attendance ``attendance_id`` of ``edition`` (flushed) and return it, so the caller
    can say whom it concerned; NotFoundError if it does not exist or belongs to another edition."""
    _require_council(edition)
    attendance = db.session.scalar(select(Attendance).where(Attendance.id == attendance_id)
                                   .options(selectinload(Attendance.seat), selectinload(Attendance.person)))
    if attendance is None or attendance.edition_id != edition.id:
        raise NotFoundError(gettext("This check-in does not exist (any more)."))
    db.session.delete(attendance)
    db.session.flush()
    return attendance


# --- The check-in list ----------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckinRow:
    """One active seat on the meeting day: its holders, the RSVP and who has been checked in."""

    seat: Seat
    member: Membership | None
    deputy: Membership | None
    invitation: Invitation | None
    attendances: tuple[Attendance, ...]

    @property
    def rsvp(self) -> RsvpStatus | None:
        return self.invitation.status if self.invitation is not None else None

    @property
    def is_expected(self) -> bool:
        return self.rsvp in REPRESENTED

    @property
    def is_represented(self) -> bool:
        return bool(self.attendances)

    def attendance(self, role: AttendanceRole | str) -> Attendance | None:
        return next((a for a in self.attendances if a.role == role), None)

    @property
    def represented_by(self) -> AttendanceRole | None:
        return self.attendances[0].role if self.attendances else None

    def matches(self, needle: str) -> bool:
        """Whether ``needle`` (case-folded) occurs in the seat, its organisation or a person's name."""
        texts = [self.seat.label, self.seat.organisation.name]
        texts += [m.person.name for m in (self.member, self.deputy) if m is not None]
        texts += [m.person.sort_name for m in (self.member, self.deputy) if m is not None]
        texts += [attendee_name(a) for a in self.attendances]
        return any(needle in text.casefold() for text in texts)


def checkin_rows(edition: Edition) -> list[CheckinRow]:
    """The meeting's seats (see :func:`~conference.council.core.meeting_seats`; by group, then position)
    with their holders on the meeting day, invitation and attendances; a fixed number of queries,
    however many seats there are."""
    invitations = {i.seat_id: i for i in db.session.scalars(
        select(Invitation).where(Invitation.edition_id == edition.id))}
    by_seat: dict[int, list[Attendance]] = {}
    for attendance in db.session.scalars(select(Attendance).where(Attendance.edition_id == edition.id)
                                         .options(selectinload(Attendance.person))):
        by_seat.setdefault(attendance.seat_id, []).append(attendance)
    holders = meeting_seats(edition, invitations.keys(), by_seat.keys())
    rows = []
    for h in holders:
        attendances = sorted(by_seat.get(h.seat.id, ()), key=lambda a: ROLE_ORDER.index(a.role))
        rows.append(CheckinRow(h.seat, h.member, h.deputy, invitations.get(h.seat.id), tuple(attendances)))
    return rows


def search(rows: Iterable[CheckinRow], query: str) -> list[CheckinRow]:
    """The rows matching ``query`` (case-insensitive, in seat label, organisation or names); all
    rows for an empty query."""
    needle = (query or "").strip().casefold()
    return [row for row in rows if not needle or row.matches(needle)]


# --- The summary ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class AttendanceSummary:
    """Attendance of one council meeting against its active seats and the RSVP answers.

    ``by_member`` + ``by_deputy`` + ``by_substitute`` == ``represented``: a seat counts under the
    first role that came for it (member, then deputy, then substitute)."""

    active_seats: int
    represented: int
    by_member: int
    by_deputy: int
    by_substitute: int
    people_present: int
    quorum_share: float
    quorum_needed: int
    expected: int  # seats whose answer was "attending" or "deputy attends"
    expected_and_represented: int
    no_shows: tuple[Seat, ...]  # expected, but nobody came
    unannounced: tuple[Seat, ...]  # came without a positive answer (none, pending or declined)

    @property
    def quorum_reached(self) -> bool:
        return self.active_seats > 0 and self.represented >= self.quorum_needed

    @property
    def represented_share(self) -> float:
        return self.represented / self.active_seats if self.active_seats else 0.0

    @property
    def not_represented(self) -> int:
        return self.active_seats - self.represented


def summarise(rows: Sequence[CheckinRow], quorum_share: float) -> AttendanceSummary:
    """The summary of ``rows`` (see :func:`checkin_rows`); pure, no queries."""
    represented = [row for row in rows if row.is_represented]
    roles = [row.represented_by for row in represented]
    return AttendanceSummary(
        active_seats=len(rows),
        represented=len(represented),
        by_member=roles.count(AttendanceRole.MEMBER),
        by_deputy=roles.count(AttendanceRole.DEPUTY),
        by_substitute=roles.count(AttendanceRole.SUBSTITUTE),
        people_present=sum(len(row.attendances) for row in rows),
        quorum_share=quorum_share,
        quorum_needed=quorum_needed(len(rows), quorum_share),
        expected=sum(1 for row in rows if row.is_expected),
        expected_and_represented=sum(1 for row in represented if row.is_expected),
        no_shows=tuple(row.seat for row in rows if row.is_expected and not row.is_represented),
        unannounced=tuple(row.seat for row in represented if not row.is_expected),
    )


def attendance_summary(edition: Edition, rows: Sequence[CheckinRow] | None = None) -> AttendanceSummary:
    """The attendance summary of ``edition``; pass ``rows`` already loaded to save the queries."""
    if rows is None:
        rows = checkin_rows(edition)
    return summarise(rows, meeting_of(edition).quorum_share)
