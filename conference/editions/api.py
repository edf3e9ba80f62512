"""GET /api/v1/editions and /api/v1/editions/{id}/sessions: published items only, unpaginated."""

from flask import jsonify
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from conference.api import bp
from conference.editions import services
from conference.editions.models import PUBLIC_STATUSES, Edition
from conference.extensions import db
from conference.program.models import Session
from conference.registration.services import seat_counts


def iso(dt):
    return dt.isoformat() if dt else None


@bp.route("/editions")
def editions():
    rows = db.session.scalars(
        select(Edition).where(Edition.status.in_(PUBLIC_STATUSES)).order_by(Edition.number)
    )
    return jsonify([
        {"id": e.id, "number": e.number, "format": e.format.value, "title": e.title, "theme": e.theme,
         "starts_at": iso(e.starts_at), "ends_at": iso(e.ends_at), "status": e.status.value}
        for e in rows
    ])


@bp.route("/editions/<int:edition_id>/sessions")
def sessions(edition_id: int):
    edition = services.get_edition(edition_id)
    items = db.session.scalars(
        select(Session).where(Session.edition_id == edition.id, Session.is_published.is_(True))
        .options(selectinload(Session.slot), selectinload(Session.room))
        .order_by(Session.id)
    ).all()
    counts = seat_counts([s.id for s in items])
    venues = {v.id: v.name for v in edition.venues}
    return jsonify([
        {"id": s.id, "title": s.title, "kind": s.kind.value, "starts_at": iso(s.starts_at),
         "ends_at": iso(s.ends_at), "venue": venues.get(s.room.venue_id) if s.room else None,
         "room": s.room.name if s.room else None, "capacity": s.capacity,
         "registration_required": s.registration_required, "booked": counts[s.id]["booked"],
         "waitlisted": counts[s.id]["waitlisted"]}
        for s in items
    ])
