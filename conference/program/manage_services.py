"""Programme management rules used by organisers (placement, capacity)."""

from __future__ import annotations

from conference.editions.models import Room, TimeSlot
from conference.extensions import db
from conference.program.models import Session


def update_session_placement(session: Session, *, slot: TimeSlot | None, room: Room | None) -> Session:
    """Place a session; a change of time or place raises its iCalendar SEQUENCE."""
    if (session.slot_id, session.room_id) != (slot.id if slot else None, room.id if room else None):
        session.slot, session.room = slot, room
        session.sequence += 1
    db.session.flush()
    return session


def bump_sequence(sessions) -> None:
    for session in sessions:
        session.sequence += 1
