"""Schedule exports that conference apps read (Giggity, EventFahrplan, ConfClerk):
the c3voc ``schedule.json`` and the frab ``schedule.xml``. Both come from one list of events.

Only timed, published sessions are exported (as in program.ics). Every event has a stable guid
(UUID v5 of its URL), so apps keep favourites across updates.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from conference.editions.models import Edition
from conference.extensions import db
from conference.links import external_url
from conference.program.models import TOPICS, Session
from conference.program.services import program_version, published_sessions_query

BERLIN = ZoneInfo("Europe/Berlin")
TYPES = {"hands_on": "hands-on"}
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(UMLAUTS)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "angebot"


def acronym(edition: Edition) -> str:
    return f"bildungskonferenz_{edition.number}"


def duration(start: datetime, end: datetime) -> str:
    minutes = int((end - start).total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class ExportEvent:
    session: Session
    guid: str
    room: str
    start: datetime  # local, Europe/Berlin
    end: datetime
    slug: str
    url: str


def room_name(session: Session) -> str:
    return f"{session.room.venue.name} – {session.room.name}" if session.room else "—"


def events(edition: Edition) -> list[ExportEvent]:
    sessions = db.session.scalars(published_sessions_query(edition).order_by(Session.id)).all()
    host = current_app.config["SERVER_HOST"]
    out = []
    for s in sessions:
        if s.slot is None:
            continue
        url = external_url("program.session", edition_id=edition.id, session_id=s.id)
        out.append(ExportEvent(
            session=s, guid=str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://{host}/sessions/{s.id}")),
            room=room_name(s), start=s.starts_at.astimezone(BERLIN), end=s.ends_at.astimezone(BERLIN),
            slug=f"{acronym(edition)}-{s.id:04d}-{slugify(s.title)[:60].strip('-')}", url=url,
        ))
    return sorted(out, key=lambda e: (e.start, e.room, e.session.id))


def _track(session: Session) -> str | None:
    return str(TOPICS[session.topics[0]]) if session.topics and session.topics[0] in TOPICS else None


def _days(edition: Edition, items: list[ExportEvent]) -> list[tuple[int, object, datetime, datetime, dict]]:
    """``[(index, date, day_start, day_end, {room: [events]})]``; one day per calendar date."""
    dates = sorted({e.start.date() for e in items}) or [edition.starts_at.astimezone(BERLIN).date()]
    days = []
    for index, day in enumerate(dates, start=1):
        todays = [e for e in items if e.start.date() == day]
        start = min([e.start for e in todays], default=edition.starts_at.astimezone(BERLIN))
        end = max([e.end for e in todays], default=edition.ends_at.astimezone(BERLIN))
        rooms: dict[str, list[ExportEvent]] = {}
        for e in todays:
            rooms.setdefault(e.room, []).append(e)
        days.append((index, day, start, end, rooms))
    return days


def version(edition: Edition, modified: datetime | None = None) -> str:
    """The schedule's version, which apps show and compare: the edition's number and the programme's last
    change (any session, offering institution, venue, room or time slot; see ``program_version``)."""
    if modified is None:
        modified = program_version(edition, seats=False)[1]
    return f"{edition.number}-{modified.astimezone(UTC):%Y%m%d%H%M%S}"


def schedule_json(edition: Edition, modified: datetime | None = None) -> dict:
    """``modified``: the programme's last change, if the caller has read it already."""
    items = events(edition)
    days = _days(edition, items)
    room_names = sorted({e.room for e in items})
    host = current_app.config["SERVER_HOST"]

    def event(e: ExportEvent) -> dict:
        s = e.session
        return {
            "guid": e.guid, "id": s.id, "date": e.start.isoformat(), "start": e.start.strftime("%H:%M"),
            "duration": duration(e.start, e.end), "room": e.room, "slug": e.slug, "url": e.url,
            "title": s.title, "subtitle": s.organisation.name if s.organisation else None, "track": _track(s),
            "type": TYPES.get(s.kind.value, s.kind.value), "language": "de", "abstract": s.description or None,
            "description": None, "persons": [], "links": [],
        }

    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": "conference", "version": "1"},
        "schedule": {
            "version": version(edition, modified),
            "base_url": external_url("pages.home"),
            "conference": {
                "acronym": acronym(edition), "title": edition.title, "description": edition.theme or "",
                "start": days[0][1].isoformat(), "end": days[-1][1].isoformat(), "daysCount": len(days),
                "timeslot_duration": "00:15", "time_zone_name": "Europe/Berlin",
                "url": external_url("program.program", edition_id=edition.id),
                "rooms": [{"name": name, "guid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://{host}/rooms/{name}"))}
                          for name in room_names],
                "days": [
                    {"index": index, "date": day.isoformat(), "day_start": start.isoformat(),
                     "day_end": end.isoformat(),
                     "rooms": {name: [event(e) for e in evs] for name, evs in rooms.items()}}
                    for index, day, start, end, rooms in days
                ],
            },
        },
    }


def schedule_xml(edition: Edition, modified: datetime | None = None) -> bytes:
    items = events(edition)
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name="conference", version="1")
    ET.SubElement(root, "url").text = external_url("calendar.schedule_xml", edition_id=edition.id)
    ET.SubElement(root, "version").text = version(edition, modified)
    conference = ET.SubElement(root, "conference")
    days = _days(edition, items)
    for tag, text in (("acronym", acronym(edition)), ("title", edition.title), ("start", days[0][1].isoformat()),
                      ("end", days[-1][1].isoformat()), ("days", str(len(days))), ("timeslot_duration", "00:15"),
                      ("base_url", external_url("pages.home")),
                      ("url", external_url("program.program", edition_id=edition.id)),
                      ("time_zone_name", "Europe/Berlin")):
        ET.SubElement(conference, tag).text = text
    for index, day, start, end, rooms in days:
        day_el = ET.SubElement(root, "day", index=str(index), date=day.isoformat(), start=start.isoformat(),
                               end=end.isoformat())
        for name, evs in rooms.items():
            room_el = ET.SubElement(day_el, "room", name=name)
            for e in evs:
                s = e.session
                ev = ET.SubElement(room_el, "event", id=str(s.id), guid=e.guid)
                for tag, text in (("room", e.room), ("title", s.title),
                                  ("subtitle", s.organisation.name if s.organisation else ""),
                                  ("type", TYPES.get(s.kind.value, s.kind.value)), ("date", e.start.isoformat()),
                                  ("start", e.start.strftime("%H:%M")), ("duration", duration(e.start, e.end)),
                                  ("abstract", s.description or ""), ("slug", e.slug), ("track", _track(s) or ""),
                                  ("language", "de"), ("url", e.url)):
                    ET.SubElement(ev, tag).text = text
                ET.SubElement(ev, "persons")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)

