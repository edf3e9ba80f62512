"""A held open day with sessions of different lengths, a stand without a time, and a visitor with umlauts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from conference.editions.models import Edition, EditionStatus
from conference.program.models import Session
from conference.registration.models import BookingStatus, Registration
from tests.factories import make_edition, make_session, make_slot, make_venue
from tests.surveys.answer_setup import book, make_registration


@dataclass
class Day:
    edition: Edition
    reading: Session  # 11:00–11:45
    garden: Session  # 12:00–13:30
    maths: Session  # 14:00–15:00
    stand: Session  # no time slot


def open_day(status=EditionStatus.HELD, day=date(2025, 9, 13), **fields) -> Day:
    fields = {"title": "27. Tag der Bildung", "theme": "Nachhaltig lernen", "certificate_signatory": "Dr. Jana Lehmann",
              "certificate_signatory_role": "Leiterin des Bildungsbüros", **fields}
    edition = make_edition(status=status, day=day, **fields)
    hall = make_venue(edition, name="Alte Kämmerei", rooms=[("Großer Saal", 90, True)]).rooms[0]
    make_venue(edition, name="Marktplatz", rooms=[("Zelt A", 50, True)], position=1)
    return Day(
        edition=edition,
        reading=make_session(edition, "Lesen mit Bücherwürmern", room=hall,
                             slot=make_slot(edition, time(11), 45, "Runde 1")),
        garden=make_session(edition, "Ökologie im Schulgarten", room=hall,
                            slot=make_slot(edition, time(12), 90, "Runde 2")),
        maths=make_session(edition, "Mathe-Werkstatt", room=hall, slot=make_slot(edition, time(14), 60, "Runde 3")),
        stand=make_session(edition, "Stand der Stadtbibliothek", room=hall, registration_required=False),
    )


def visitor(day: Day, attended=(), missed=(), name="Jürgen Weiß", **fields) -> Registration:
    """A registration of ``name`` that attended the sessions ``attended`` and booked but missed ``missed``."""
    registration = make_registration(day.edition, name=name, **fields)
    for session in attended:
        book(registration, session, BookingStatus.ATTENDED)
    for session in missed:
        book(registration, session, BookingStatus.BOOKED)
    return registration
