"""The organiser's view of a meeting's invitations: the answer per seat, totals, the expected quorum and
who has not answered. A fixed number of queries, however many seats there are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from conference.council.core import SeatHolders, is_held, meeting_of, meeting_seats, quorum_needed
from conference.council.invitations import answer_deadline, answers_open
from conference.council.models import (
    REPRESENTED,
    Attendance,
    CouncilMeeting,
    Invitation,
    Person,
    RsvpStatus,
    SeatGroup,
)
from conference.editions.models import Edition
from conference.extensions import db


@dataclass(frozen=True)
class SeatRow:
    holders: SeatHolders
    invitation: Invitation | None

    @property
    def status(self) -> RsvpStatus | None:
        return self.invitation.status if self.invitation else None

    @property
    def expected(self) -> Person | None:
        """Who is expected to come for the seat, by its answer."""
        if self.status == RsvpStatus.ATTENDING and self.holders.member:
            return self.holders.member.person
        if self.status == RsvpStatus.DEPUTY_ATTENDS and self.holders.deputy:
            return self.holders.deputy.person
        return None

    @property
    def people(self) -> list[Person]:
        return [m.person for m in (self.holders.member, self.holders.deputy) if m is not None]

    @property
    def mails_to_send(self) -> int:
        return sum(1 for p in self.people if p.email)


@dataclass(frozen=True)
class Dashboard:
    edition: Edition
    meeting: CouncilMeeting
    groups: list[tuple[SeatGroup, list[SeatRow]]]
    totals: dict[RsvpStatus, int]
    not_invited: int
    active: int
    represented: int
    needed: int
    deadline: datetime
    is_open: bool
    unanswered: list[SeatRow]
    unsent: list[SeatRow]

    @property
    def quorum_expected(self) -> bool:
        return self.active > 0 and self.represented >= self.needed

    @property
    def percent(self) -> int:
        return round(100 * self.represented / self.active) if self.active else 0

    @property
    def is_held(self) -> bool:
        """Whether the meeting has taken place: nothing is created or sent any more."""
        return is_held(self.edition)

    @property
    def quorum_percent(self) -> int:
        return round(100 * self.meeting.quorum_share)

    @property
    def mails_to_send(self) -> int:
        return sum(row.mails_to_send for row in self.unsent)

    @property
    def remindable(self) -> int:
        """Sent invitations without an answer (reminders skip those reminded in the last 24 hours)."""
        return sum(1 for row in self.unanswered if row.invitation.sent_at is not None)


def dashboard(edition: Edition, now: datetime) -> Dashboard:
    """The answers per seat of the seats the meeting counts (the same as the check-in list's, see
    :func:`~conference.council.core.meeting_seats`), with totals and the expected quorum."""
    meeting = meeting_of(edition)
    invitations = {i.seat_id: i for i in db.session.scalars(
        select(Invitation).where(Invitation.edition_id == edition.id))}
    groups: list[tuple[SeatGroup, list[SeatRow]]] = []
    rows = []
    attended = db.session.scalars(select(Attendance.seat_id).where(Attendance.edition_id == edition.id))
    for holders in meeting_seats(edition, invitations.keys(), set(attended)):
        row = SeatRow(holders, invitations.get(holders.seat.id))
        rows.append(row)
        if not groups or groups[-1][0].id != holders.seat.group_id:
            groups.append((holders.seat.group, []))
        groups[-1][1].append(row)
    totals = {status: 0 for status in RsvpStatus}
    for row in rows:
        if row.invitation is not None:
            totals[row.invitation.status] += 1
    represented = sum(totals[s] for s in REPRESENTED)
    return Dashboard(
        edition=edition, meeting=meeting, groups=groups, totals=totals,
        not_invited=sum(1 for row in rows if row.invitation is None), active=len(rows), represented=represented,
        needed=quorum_needed(len(rows), meeting.quorum_share), deadline=answer_deadline(edition, meeting),
        is_open=answers_open(edition, meeting, now),
        unanswered=[row for row in rows if row.invitation and row.invitation.status == RsvpStatus.PENDING],
        unsent=[row for row in rows if row.invitation and row.invitation.sent_at is None],
    )
