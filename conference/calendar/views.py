"""Calendar downloads and feeds: the programme, one session, and a visitor's personal feed."""

from __future__ import annotations

from flask import Blueprint, Response

from conference.calendar.ics import calendar, session_event
from conference.editions import services as editions
from conference.extensions import db
from conference.program import services as program
from conference.program.models import Session
from conference.registration import services as registrations
from conference.registration.models import BookingStatus

bp = Blueprint("calendar", __name__)


def ics_response(body: bytes, filename: str, *, private: bool = False) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8; method=PUBLISH"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
    else:
        response.cache_control.public = True
        response.cache_control.max_age = 300
    return response


@bp.route("/editions/<int:edition_id>/program.ics")
def program_ics(edition_id: int):
    edition = editions.get_edition(edition_id)
    sessions = db.session.scalars(program.published_sessions_query(edition).order_by(Session.id)).all()
    body = calendar(edition.title, f"edition-{edition.id}-program", (session_event(s) for s in sessions))
    return ics_response(body, f"programm-{edition.number}.ics")


@bp.route("/editions/<int:edition_id>/sessions/<int:session_id>.ics")
def session_ics(edition_id: int, session_id: int):
    edition = editions.get_edition(edition_id)
    entry = program.get_session(edition, session_id)
    body = calendar(entry.session.title, f"session-{session_id}-calendar", [session_event(entry.session)])
    return ics_response(body, f"angebot-{session_id}.ics")


def personal_calendar(registration) -> bytes:
    events = []
    for booking in registration.bookings:
        if booking.status in (BookingStatus.BOOKED, BookingStatus.ATTENDED):
            events.append(session_event(booking.session))
        elif booking.status == BookingStatus.WAITLISTED:
            events.append(session_event(booking.session, status="TENTATIVE"))
    return calendar(registration.edition.title, f"registration-{registration.id}", events)


@bp.route("/registrations/<token:token>/calendar.ics")
def personal_feed(token: str):
    """Subscribable: it follows the bookings as they change (cancelled ones drop out)."""
    registration = registrations.get_by_manage_token(token)
    return ics_response(personal_calendar(registration), "meine-anmeldung.ics", private=True)


@bp.route("/editions/<int:edition_id>/schedule.json")
def schedule_json(edition_id: int):
    from flask import jsonify

    from conference.program.schedule_export import schedule_json as build

    response = jsonify(build(editions.get_edition(edition_id)))
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response


@bp.route("/editions/<int:edition_id>/schedule.xml")
def schedule_xml(edition_id: int):
    from conference.program.schedule_export import schedule_xml as build

    response = Response(build(editions.get_edition(edition_id)), mimetype="application/xml")
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response
