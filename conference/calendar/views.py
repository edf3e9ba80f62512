"""Calendar downloads and feeds: the programme, one session, and a visitor's personal feed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import Blueprint, Response, jsonify, request
from flask_babel import get_locale

from conference import conditional
from conference.calendar.ics import calendar, session_event
from conference.editions import services as editions
from conference.extensions import db
from conference.links import external_url
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


def _versioned(edition, build: Callable[[datetime], Response]) -> Response:
    """A public feed of the edition's programme with conditional GET: calendar apps and conference apps poll
    these, and an unchanged programme costs them a 304 and us one aggregate query instead of the whole feed.
    The version leaves out bookings (no feed shows seats); ``build`` gets the programme's last change."""
    etag, last_modified = program.program_version(edition, request.path, str(get_locale()), seats=False)
    response = Response(status=304) if conditional.client_has(etag, last_modified) else build(last_modified)
    conditional.set_validators(response, etag, last_modified)
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response


@bp.route("/editions/<int:edition_id>/program.ics")
def program_ics(edition_id: int):
    edition = editions.get_edition(edition_id)

    def build(_modified):
        sessions = db.session.scalars(program.published_sessions_query(edition).order_by(Session.id)).all()
        body = calendar(edition.title, f"edition-{edition.id}-program", (session_event(s) for s in sessions),
                        feed_url=external_url("calendar.program_ics", edition_id=edition.id))
        return ics_response(body, f"programm-{edition.number}.ics")

    return _versioned(edition, build)


@bp.route("/editions/<int:edition_id>/sessions/<int:session_id>.ics")
def session_ics(edition_id: int, session_id: int):
    edition = editions.get_edition(edition_id)
    entry = program.get_session(edition, session_id)  # 404 for a session that is not (or no longer) public

    def build(_modified):
        body = calendar(entry.session.title, f"session-{session_id}-calendar", [session_event(entry.session)])
        return ics_response(body, f"angebot-{session_id}.ics")

    return _versioned(edition, build)


def personal_calendar(registration) -> bytes:
    events = []
    for booking in registration.bookings:
        if booking.status in (BookingStatus.BOOKED, BookingStatus.ATTENDED):
            events.append(session_event(booking.session))
        elif booking.status == BookingStatus.WAITLISTED:
            events.append(session_event(booking.session, status="TENTATIVE"))
    return calendar(registration.edition.title, f"registration-{registration.id}", events,
                    feed_url=external_url("calendar.personal_feed", token=registration.manage_token))


@bp.route("/registrations/<token:token>/calendar.ics")
def personal_feed(token: str):
    """Subscribable: it follows the bookings as they change (cancelled ones drop out)."""
    registration = registrations.get_by_manage_token(token)
    return ics_response(personal_calendar(registration), "meine-anmeldung.ics", private=True)


@bp.route("/editions/<int:edition_id>/schedule.json")
def schedule_json(edition_id: int):
    from conference.program.schedule_export import schedule_json as build

    edition = editions.get_edition(edition_id)
    return _versioned(edition, lambda modified: jsonify(build(edition, modified)))


@bp.route("/editions/<int:edition_id>/schedule.xml")
def schedule_xml(edition_id: int):
    from conference.program.schedule_export import schedule_xml as build

    edition = editions.get_edition(edition_id)
    return _versioned(edition, lambda modified: Response(build(edition, modified), mimetype="application/xml"))
