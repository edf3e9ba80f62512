from datetime import timedelta

import pytest
from sqlalchemy import select

from conference.database import utcnow
from conference.editions.models import EditionStatus
from conference.errors import ConflictError, DomainError
from conference.mail.models import OutboxMessage
from conference.registration import services
from conference.registration.models import BookingStatus, CapacityChange
from tests.factories import make_open_day, make_session, make_user


def visitor(n=1):
    return services.Visitor(name=f"Besucherin {n}", email=f"v{n}@example.org")


def register(edition, session_ids, n=1, now=None):
    return services.register(edition, visitor(n), session_ids, privacy_notice_version="test", now=now)


def statuses(registration):
    return [b.status for b in registration.bookings]


def test_seats_are_held_at_once_and_a_full_session_waitlists(db):
    edition, (session, _) = make_open_day(capacity=2)
    results = [register(edition, [session.id], n) for n in range(4)]
    assert [statuses(r) for r in results] == [[BookingStatus.BOOKED]] * 2 + [[BookingStatus.WAITLISTED]] * 2
    assert [services.waitlist_position(r.bookings[0]) for r in results] == [None, None, 1, 2]
    assert services.seat_counts([session.id]) == {session.id: {"booked": 2, "waitlisted": 2}}


def test_cancelling_promotes_the_head_of_the_waiting_list_with_a_mail(db):
    edition, (session, _) = make_open_day(capacity=1)
    first, second, third = (register(edition, [session.id], n) for n in range(3))
    services.cancel_booking(first, session.id)
    assert statuses(second) == [BookingStatus.BOOKED]
    assert statuses(third) == [BookingStatus.WAITLISTED]
    assert services.waitlist_position(third.bookings[0]) == 1
    promoted_mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "booking_promoted"))
    assert [m.recipient for m in promoted_mail] == ["v1@example.org"]


def test_cancelling_a_waitlisted_booking_promotes_nobody(db):
    edition, (session, _) = make_open_day(capacity=1)
    first, second, third = (register(edition, [session.id], n) for n in range(3))
    services.cancel_booking(second, session.id)
    assert statuses(first) == [BookingStatus.BOOKED]
    assert services.waitlist_position(third.bookings[0]) == 1


def test_cancel_everything_promotes_every_waiting_list(db):
    edition, (a, b) = make_open_day(capacity=1)
    holder = register(edition, [a.id, b.id], 0)
    waiting_a, waiting_b = register(edition, [a.id], 1), register(edition, [b.id], 2)
    services.cancel_registration(holder)
    assert holder.cancelled_at is not None
    assert statuses(waiting_a) == statuses(waiting_b) == [BookingStatus.BOOKED]


def test_overlapping_sessions_are_refused_with_a_clear_message(db):
    edition, (a, b) = make_open_day(same_slot=True)
    with pytest.raises(DomainError, match="gleichzeitig") as caught:
        register(edition, [a.id, b.id])
    assert caught.value.field == "session_ids"


def test_only_this_editions_bookable_sessions_can_be_booked(db):
    edition, (a, _) = make_open_day()
    _other, (foreign, _) = make_open_day()
    free_entry = make_session(edition, registration_required=False, capacity=None)
    for ids in ([foreign.id], [free_entry.id], [], [a.id, 999999]):
        with pytest.raises(DomainError):
            register(edition, ids)


def test_registration_window_must_be_open(db):
    edition, (a, _) = make_open_day()
    edition.status = EditionStatus.REGISTRATION_CLOSED
    with pytest.raises(ConflictError):
        register(edition, [a.id])


def test_confirmation_and_expiry_release_the_seats(db, app):
    edition, (session, _) = make_open_day(capacity=1)
    start = utcnow()
    stale = register(edition, [session.id], 0, now=start)
    waiting = register(edition, [session.id], 1, now=start + timedelta(minutes=1))
    services.confirm(waiting.confirm_token, now=start + timedelta(minutes=2))
    assert waiting.is_confirmed
    later = start + timedelta(hours=app.config["REGISTRATION_CONFIRM_HOURS"], minutes=1)
    assert services.release_expired(now=later) == 1
    assert statuses(stale) == [BookingStatus.CANCELLED] and stale.cancelled_at
    assert statuses(waiting) == [BookingStatus.BOOKED]
    with pytest.raises(ConflictError, match="abgelaufen"):
        services.confirm(stale.confirm_token, now=later)


def test_a_new_booking_releases_expired_seats_of_that_session_first(db, app):
    edition, (session, _) = make_open_day(capacity=1)
    past = utcnow() - timedelta(hours=app.config["REGISTRATION_CONFIRM_HOURS"] + 1)
    register(edition, [session.id], 0, now=past)
    newcomer = register(edition, [session.id], 1)
    assert statuses(newcomer) == [BookingStatus.BOOKED]


def test_lowering_capacity_below_bookings_needs_a_recorded_override(db):
    edition, (session, _) = make_open_day(capacity=3)
    for n in range(3):
        register(edition, [session.id], n)
    organiser = make_user("organiser")
    with pytest.raises(ConflictError):
        services.change_capacity(session, 2, user_id=organiser.id)
    with pytest.raises(DomainError):
        services.change_capacity(session, 2, user_id=organiser.id, override=True)
    services.change_capacity(session, 2, user_id=organiser.id, override=True, reason="Raum kleiner")
    change = db.session.scalar(select(CapacityChange))
    assert (change.old_capacity, change.new_capacity, change.is_override) == (3, 2, True)


def test_raising_capacity_promotes_the_waiting_list(db):
    edition, (session, _) = make_open_day(capacity=1)
    register(edition, [session.id], 0)
    waiting = register(edition, [session.id], 1)
    services.change_capacity(session, 2, user_id=None)
    assert statuses(waiting) == [BookingStatus.BOOKED]


def test_an_explicit_override_books_beyond_capacity_and_is_recorded(db):
    edition, (session, _) = make_open_day(capacity=1)
    register(edition, [session.id], 0)
    waiting = register(edition, [session.id], 1)
    organiser = make_user("organiser")
    services.override_booking(waiting.bookings[0], user_id=organiser.id, reason="Referentin")
    assert services.seats_taken(session.id) == 2
    assert db.session.scalar(select(CapacityChange.is_override)) is True


def test_accessibility_needs_are_kept_only_with_their_own_consent(db):
    edition, (session, _) = make_open_day()
    without = services.register(edition, services.Visitor("A", "a@example.org", accessibility_needs="Rollstuhl"),
                                [session.id], privacy_notice_version="v1")
    with_consent = services.register(
        edition, services.Visitor("B", "b@example.org", accessibility_needs="Rollstuhl", accessibility_consent=True),
        [session.id], privacy_notice_version="v1")
    assert (without.accessibility_needs, without.accessibility_consent_at) == ("", None)
    assert with_consent.accessibility_needs == "Rollstuhl" and with_consent.accessibility_consent_at
    assert with_consent.privacy_notice_version == "v1"
