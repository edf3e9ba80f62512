"""iCalendar documents with icalendar ≥ 7: feeds and downloads use METHOD:PUBLISH.

Pitfalls handled here: every TZID is the IANA ``Europe/Berlin`` with its VTIMEZONE (Outlook shifts
events without one, Thunderbird reads an undefined TZID as floating); UIDs are stable and include
the host; SEQUENCE comes from the session and is raised when its time or place changes; lines are
folded by the library without splitting UTF-8 characters.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import current_app
from icalendar import Calendar, Event, Timezone, vDuration

from conference.links import external_url
from conference.program.models import Session

BERLIN = ZoneInfo("Europe/Berlin")
REFRESH = timedelta(hours=1)  # how often subscribed feeds ask to be refreshed


def session_uid(session: Session) -> str:
    return f"session-{session.id}@{current_app.config['SERVER_HOST']}"


def location(session: Session) -> str:
    if session.room is None:
        return ""
    venue = session.room.venue
    return ", ".join(part for part in (venue.name, session.room.name, venue.address) if part)


def session_event(session: Session, *, status: str = "CONFIRMED") -> Event | None:
    if session.slot is None:
        return None
    event = Event.new(
        uid=session_uid(session), summary=session.title, start=session.starts_at.astimezone(BERLIN),
        end=session.ends_at.astimezone(BERLIN), location=location(session) or None,
        description=session.description or None, sequence=session.sequence, stamp=session.updated_at,
        url=external_url("program.session", edition_id=session.edition_id, session_id=session.id),
    )
    event.add("status", status)
    return event


def calendar(name: str, uid: str, events: Iterable[Event | None], *, feed_url: str | None = None) -> bytes:
    """A PUBLISH calendar (NAME and X-WR-CALNAME are set by icalendar) with the VTIMEZONE its events
    need, covering only the years they span.

    A ``feed_url`` makes it a subscription: SOURCE names the address to refresh it from, and a calendar app
    is asked to do so every hour (RFC 7986's REFRESH-INTERVAL, which needs its VALUE=DURATION, and Outlook's
    X-PUBLISHED-TTL); without one, apps poll at their own pace."""
    cal = Calendar.new(name=name, uid=f"{uid}@{current_app.config['SERVER_HOST']}",
                       prodid=f"-//{current_app.config['SITE_NAME']}//conference//DE", method="PUBLISH")
    cal.add("x-wr-timezone", "Europe/Berlin")
    if feed_url:
        cal.add("source", feed_url, parameters={"VALUE": "URI"})
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(REFRESH))
    years = set()
    for event in events:
        if event is not None:
            cal.add_component(event)
            years.add(event.start.year)
    if years:
        cal.subcomponents.insert(0, berlin_vtimezone(min(years) - 1, max(years) + 1))
    return cal.to_ical()


@lru_cache(maxsize=32)
def _berlin_vtimezone_ical(first_year: int, last_year: int) -> bytes:
    return Timezone.from_tzid("Europe/Berlin", first_date=date(first_year, 1, 1),
                              last_date=date(last_year + 1, 1, 1)).to_ical()


def berlin_vtimezone(first_year: int, last_year: int) -> Timezone:
    """The Europe/Berlin VTIMEZONE for these years; computed once per range (it is the slow part)."""
    return Timezone.from_ical(_berlin_vtimezone_ical(first_year, last_year))
