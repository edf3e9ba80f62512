"""The certificate rule on plain data: booked and attended sessions, hours, the share and its boundary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest

from conference.certificates.rules import BookedSession, Reason, attendance, decide, event_over, threshold

NINE = datetime(2025, 9, 13, 9, 0, tzinfo=UTC)


def session(title, status="attended", start_minutes=0, minutes=60):
    if minutes is None:
        return BookedSession(title=title, status=status)
    starts = NINE + timedelta(minutes=start_minutes)
    return BookedSession(title=title, status=status, starts_at=starts, ends_at=starts + timedelta(minutes=minutes))


def issued(bookings, min_share=0.5, **facts):
    facts = {"event_is_over": True, "confirmed": True, **facts}
    return decide(attendance(bookings), min_share=min_share, **facts)


def test_booked_counts_seat_holders_and_attended_counts_check_ins():
    record = attendance([session("A"), session("B", "booked", 60), session("C", "waitlisted", 120),
                         session("D", "cancelled", 180)])
    assert [s.title for s in record.booked] == ["A", "B"]
    assert [s.title for s in record.attended] == ["A"]
    assert record.booked_hours == 2 and record.attended_hours == 1
    assert record.share == Fraction(1, 2) and record.by_hours and record.has_shortfall


def test_hours_are_slot_lengths_and_sessions_without_a_slot_count_nothing_but_are_listed_last():
    record = attendance([session("Stand", minutes=None), session("Late", start_minutes=120, minutes=45),
                         session("Early", minutes=90)])
    assert [s.title for s in record.attended] == ["Early", "Late", "Stand"]
    assert [s.hours for s in record.attended] == [Fraction(3, 2), Fraction(3, 4), 0]
    assert record.attended_hours == Fraction(9, 4)


def test_without_any_time_the_share_is_counted_in_sessions():
    record = attendance([session("Stand 1", minutes=None), session("Stand 2", "booked", minutes=None)])
    assert not record.by_hours
    assert record.share == Fraction(1, 2)


def test_the_share_is_by_time_not_by_sessions():
    # Two of three sessions attended, but the missed one is the long one: 1.5 of 3.5 hours.
    record = attendance([session("A", minutes=45), session("B", start_minutes=60, minutes=45),
                         session("C", "booked", start_minutes=120, minutes=120)])
    assert record.share == Fraction(3, 7)
    assert issued(record.booked).reason == Reason.BELOW_MINIMUM


@pytest.mark.parametrize(("attended_minutes", "expected"), [
    (0, Reason.NOTHING_ATTENDED),  # nothing attended
    (59, Reason.BELOW_MINIMUM),  # just below half of 120 minutes
    (60, Reason.ISSUED),  # exactly half: "at least" 50 %
    (61, Reason.ISSUED),  # above
])
def test_the_minimum_share_is_at_least_the_boundary_included(attended_minutes, expected):
    bookings = [session("Missed", "booked", 0, 120 - attended_minutes)]
    if attended_minutes:
        bookings.append(session("Attended", "attended", 200, attended_minutes))
    assert issued(bookings).reason == expected


@pytest.mark.parametrize(("min_share", "expected"), [(0.6, Reason.ISSUED), (0.61, Reason.BELOW_MINIMUM),
                                                     (1.0, Reason.BELOW_MINIMUM), (0.0, Reason.ISSUED)])
def test_the_boundary_is_exact_for_other_minimums(min_share, expected):
    # 3 of 5 hours: exactly 60 %, which floats cannot hold exactly.
    bookings = [session(str(i), "attended" if i < 3 else "booked", 60 * i, 60) for i in range(5)]
    assert issued(bookings, min_share=min_share).reason == expected


def test_everything_attended_meets_a_minimum_of_100_percent():
    assert issued([session("A"), session("B", start_minutes=60)], min_share=1.0).issued


def test_a_minimum_of_zero_still_needs_one_attended_session():
    assert issued([session("A", "booked")], min_share=0).reason == Reason.NOTHING_ATTENDED


@pytest.mark.parametrize(("facts", "expected"), [
    ({"event_is_over": False}, Reason.NOT_OVER),
    ({"cancelled": True}, Reason.CANCELLED),
    ({"confirmed": False}, Reason.NOT_CONFIRMED),
    ({"anonymised": True}, Reason.ANONYMISED),
    # a cancelled or erased registration never gets one: said so before the event too, not "after the event"
    ({"cancelled": True, "event_is_over": False}, Reason.CANCELLED),
    ({"anonymised": True, "event_is_over": False}, Reason.ANONYMISED),
])
def test_only_after_the_event_and_for_a_confirmed_live_registration(facts, expected):
    decision = issued([session("A")], **facts)
    assert decision.reason == expected and not decision.issued


def test_nothing_booked_is_no_certificate():
    record = attendance([session("A", "waitlisted")])
    assert record.share == 0 and not record.booked
    assert issued([session("A", "waitlisted")]).reason == Reason.NOTHING_ATTENDED


def test_the_event_is_over_when_held_or_when_its_end_has_passed():
    end = datetime(2025, 9, 13, 14, tzinfo=UTC)
    assert event_over("held", end + timedelta(days=1), end)
    assert event_over("archived", end, end - timedelta(days=1))
    assert event_over("registration_closed", end, end)
    assert not event_over("registration_closed", end, end - timedelta(seconds=1))


def test_threshold_is_exact_and_clamped():
    assert threshold(0.6) == Fraction(3, 5)
    assert threshold(None) == Fraction(1, 2)
    assert threshold(1.5) == 1 and threshold(-0.2) == 0
