"""Demo: the upcoming council meeting splits into three parallel forums in two rounds, allocated by ranked
preference. The choice window runs until the RSVP deadline; some of the people coming have ranked already."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from sqlalchemy import select

from conference.council import forums
from conference.council.core import meeting_of
from conference.council.models import REPRESENTED, Invitation
from conference.editions.models import BookingMode, Edition, EditionStatus, TimeSlot
from conference.editions.services import from_local, local
from conference.extensions import db
from conference.program.models import Session, SessionKind

FORUMS = [
    ("forum-praxis", "Forum 1: Praxisphasen und Betriebserkundungen", "Sitzungszimmer A",
     "Wie Schulen und Betriebe Praktika gemeinsam vor- und nachbereiten."),
    ("forum-beratung", "Forum 2: Berufsberatung an Schulen", "Sitzungszimmer B",
     "Agentur für Arbeit, Jugendberufsagentur und Schulen: wer berät wann?"),
    ("forum-uebergang", "Forum 3: Übergänge ohne Abschluss", "Ratssaal",
     "Angebote für junge Menschen, die die Schule ohne Abschluss verlassen."),
]
ROUNDS = [((16, 0), (16, 40)), ((16, 50), (17, 30))]
CAPACITY = 14


def seed(today: date) -> None:
    """Idempotent: an edition that has its forums already is left alone."""
    edition = db.session.scalar(select(Edition).where(Edition.number == 30))
    if edition is None or edition.status != EditionStatus.REGISTRATION_OPEN:
        return
    if db.session.scalar(select(Session.id).where(Session.edition_id == edition.id,
                                                  Session.workshop_key.is_not(None)).limit(1)):
        return
    day = local(edition.starts_at).date()
    rooms = {room.name: room for venue in edition.venues for room in venue.rooms}
    slots = [TimeSlot(edition=edition, label=f"Forenrunde {n}", starts_at=from_local(day, time(*start)),
                      ends_at=from_local(day, time(*end))) for n, (start, end) in enumerate(ROUNDS, start=1)]
    db.session.add_all(slots)
    for key, title, room, description in FORUMS:
        for slot in slots:
            db.session.add(Session(edition=edition, kind=SessionKind.FORUM, title=title, description=description,
                                   room=rooms.get(room), slot=slot, capacity=CAPACITY, registration_required=True,
                                   workshop_key=key))
    meeting = meeting_of(edition)
    opens = meeting.invitations_sent_at or from_local(today - timedelta(weeks=1), time(10))
    closes = meeting.rsvp_deadline or edition.starts_at - timedelta(days=7)
    edition.booking_mode, edition.choice_opens_at, edition.choice_closes_at = BookingMode.PREFERENCE, opens, closes
    db.session.flush()
    # Some of those coming have ranked the forums already (as they would have on the RSVP page).
    rng = random.Random("council-forums")
    coming = db.session.scalars(select(Invitation).where(Invitation.edition_id == edition.id,
                                                         Invitation.status.in_(REPRESENTED))
                                .order_by(Invitation.id)).all()
    keys = [key for key, *_ in FORUMS]
    now = max(opens + timedelta(hours=1), min(closes - timedelta(hours=1), from_local(today, time(8))))
    for invitation in coming[::2]:
        if forums.expected_person(invitation) is not None:
            forums.rank_forums(invitation, rng.sample(keys, len(keys)), now)
