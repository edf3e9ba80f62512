"""Who gets a certificate of attendance, and what it says: plain functions on plain data (no Flask, no db).

The rule, as the organisers' settings page states it: a visitor who booked sessions gets a certificate when
the share of the booked time they attended is **at least** the edition's minimum share (0.5 by default).

- Booked are the bookings that held a seat at event time: BOOKED or ATTENDED. Waiting-list places and
  cancelled bookings never count. After the event a BOOKED booking means the person did not come.
- Attended are the ATTENDED bookings (checked in).
- Time is the length of the session's time slot. A session without a slot (a stand open all day) counts
  0 hours; it is still listed, without a time.
- The share is measured in time; only if no booked session has a time at all, in sessions.
- Besides the share: the event must be over, the registration confirmed, neither cancelled nor anonymised,
  and at least one session attended.

Shares are exact fractions, so the boundary (2 of 4 hours against 50 %) never depends on float rounding.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

BOOKED_STATUSES = frozenset({"booked", "attended"})
ATTENDED_STATUS = "attended"
# Edition states in which the event has taken place, whatever the clock says.
HELD_STATUSES = frozenset({"held", "evaluated", "archived"})
DEFAULT_MIN_SHARE = 0.5


@dataclass(frozen=True)
class BookedSession:
    """One booking as the rule sees it: the session's title and time, and the booking's status."""

    title: str
    status: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None

    @property
    def seconds(self) -> int:
        """The slot's length in whole seconds; 0 without a slot."""
        if self.starts_at is None or self.ends_at is None:
            return 0
        return max(int((self.ends_at - self.starts_at).total_seconds()), 0)

    @property
    def hours(self) -> Fraction:
        return Fraction(self.seconds, 3600)


def _order(session: BookedSession):
    # By time, sessions without a time last, then by title: the order of the certificate's table.
    return (session.starts_at is None, session.starts_at or datetime.min, session.title.casefold())


@dataclass(frozen=True)
class Attendance:
    """What a registration booked and attended, in sessions and in time."""

    booked: tuple[BookedSession, ...]
    attended: tuple[BookedSession, ...]

    @property
    def booked_seconds(self) -> int:
        return sum(s.seconds for s in self.booked)

    @property
    def attended_seconds(self) -> int:
        return sum(s.seconds for s in self.attended)

    @property
    def booked_hours(self) -> Fraction:
        return Fraction(self.booked_seconds, 3600)

    @property
    def attended_hours(self) -> Fraction:
        return Fraction(self.attended_seconds, 3600)

    @property
    def by_hours(self) -> bool:
        """Whether the share is measured in time (False: in sessions, because no booked session has a time)."""
        return self.booked_seconds > 0

    @property
    def share(self) -> Fraction:
        """The attended share of the booked time (or sessions); 0 when nothing was booked."""
        if self.by_hours:
            return Fraction(self.attended_seconds, self.booked_seconds)
        if self.booked:
            return Fraction(len(self.attended), len(self.booked))
        return Fraction(0)

    @property
    def has_shortfall(self) -> bool:
        """Some booked session was missed: the certificate notes it."""
        return len(self.attended) < len(self.booked)


def attendance(bookings: Iterable[BookedSession]) -> Attendance:
    """Sort ``bookings`` into booked and attended (each by time, then title)."""
    booked = sorted((b for b in bookings if b.status in BOOKED_STATUSES), key=_order)
    return Attendance(booked=tuple(booked), attended=tuple(b for b in booked if b.status == ATTENDED_STATUS))


class Reason(enum.StrEnum):
    """Why a certificate is or is not issued; the first that applies, in this order."""

    ISSUED = "issued"
    NOT_OVER = "not_over"  # the event has not taken place yet
    ANONYMISED = "anonymised"  # the person's data was erased: there is no name to certify
    CANCELLED = "cancelled"
    NOT_CONFIRMED = "not_confirmed"
    NOTHING_ATTENDED = "nothing_attended"
    BELOW_MINIMUM = "below_minimum"


def threshold(min_share: float | None) -> Fraction:
    """The minimum share as an exact fraction (0.5 → 1/2), clamped to 0…1; None means the default."""
    value = DEFAULT_MIN_SHARE if min_share is None else min_share
    return min(max(Fraction(value).limit_denominator(10_000), Fraction(0)), Fraction(1))


@dataclass(frozen=True)
class Decision:
    attendance: Attendance
    reason: Reason
    min_share: Fraction

    @property
    def issued(self) -> bool:
        return self.reason == Reason.ISSUED


def event_over(status: str, ends_at: datetime, now: datetime) -> bool:
    """The event has taken place: its edition is marked held (or later), or its end has passed."""
    return status in HELD_STATUSES or ends_at <= now


def decide(record: Attendance, *, event_is_over: bool, confirmed: bool, cancelled: bool = False,
           anonymised: bool = False, min_share: float | None = DEFAULT_MIN_SHARE) -> Decision:
    """Whether a certificate is issued for ``record``: it is when the event is over, the registration is
    confirmed, not cancelled and not anonymised, at least one session was attended, and the attended share
    is at least ``min_share``."""
    minimum = threshold(min_share)
    # What can never change comes first: a cancelled registration gets no certificate, before the event or after.
    if anonymised:
        reason = Reason.ANONYMISED
    elif cancelled:
        reason = Reason.CANCELLED
    elif not event_is_over:
        reason = Reason.NOT_OVER
    elif not confirmed:
        reason = Reason.NOT_CONFIRMED
    elif not record.attended:
        reason = Reason.NOTHING_ATTENDED
    elif record.share < minimum:
        reason = Reason.BELOW_MINIMUM
    else:
        reason = Reason.ISSUED
    return Decision(attendance=record, reason=reason, min_share=minimum)
