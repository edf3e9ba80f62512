"""An open day on its day: two time slots, offers with bookings in each, and people in every state a door
meets (booked, checked in, on the waiting list, cancelled, never confirmed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from flask_babel import force_locale, gettext

from conference.editions.models import Edition, EditionStatus
from conference.program.models import Session
from conference.registration.models import Booking, BookingStatus, Registration
from tests.factories import make_edition, make_session, make_slot, make_venue
from tests.surveys.answer_setup import book, make_registration


def in_german(message: str, /, **params) -> str:
    """What the UI shows for the msgid ``message`` in German, the default language (translated or not yet)."""
    with force_locale("de"):
        return gettext(message, **params)


@dataclass
class Day:
    edition: Edition
    morning: Session  # slot 1
    forum: Session  # slot 1, without registration (walk-ins only)
    afternoon: Session  # slot 2
    jana: Registration  # booked in the morning and the afternoon
    deniz: Registration  # checked in for the morning already
    kim: Registration  # cancelled
    lea: Registration  # never confirmed
    jana_morning: Booking
    jana_afternoon: Booking
    deniz_morning: Booking
    kim_morning: Booking
    lea_morning: Booking

    def url(self, path: str = "/") -> str:
        return f"/manage/editions/{self.edition.id}/check-in{path}"


def open_day(status=EditionStatus.REGISTRATION_CLOSED, day=date(2027, 5, 8)) -> Day:
    edition = make_edition(status=status, day=day)
    venue = make_venue(edition, rooms=[("Ratssaal", 60, True), ("Foyer", 200, True)])
    first = make_slot(edition, time(11), minutes=60, label="Runde 1")
    second = make_slot(edition, time(13), minutes=60, label="Runde 2")
    morning = make_session(edition, title="Lesen mit Bildern", capacity=3, slot=first, room=venue.rooms[1])
    forum = make_session(edition, title="Forum Übergang", capacity=None, registration_required=False, slot=first,
                         room=venue.rooms[0], kind="forum", walk_in_count=7)
    afternoon = make_session(edition, title="Zahlen begreifen", capacity=2, slot=second, room=venue.rooms[1])
    jana = make_registration(edition, "jana.mueller@example.org", name="Jana Müller")
    deniz = make_registration(edition, "deniz@example.org", name="Deniz Öztürk")
    kim = make_registration(edition, "kim@example.org", name="Kim Weber", cancelled=True)
    lea = make_registration(edition, "lea@example.org", name="Lea Schmidt", confirmed=False)
    jana_morning, jana_afternoon = book(jana, morning), book(jana, afternoon)
    deniz_morning = book(deniz, morning, BookingStatus.ATTENDED)
    kim_morning = book(kim, morning, BookingStatus.CANCELLED)
    lea_morning = book(lea, morning)
    return Day(edition, morning, forum, afternoon, jana, deniz, kim, lea, jana_morning, jana_afternoon,
               deniz_morning, kim_morning, lea_morning)
