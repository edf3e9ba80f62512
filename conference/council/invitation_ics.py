"""The iCalendar invitation (iMIP, RFC 6047) attached to a council invitation mail: METHOD:REQUEST.

A feed or download says PUBLISH (``conference.calendar.ics``); an invitation says REQUEST, names the
ORGANIZER and the one ATTENDEE it goes to, and the mail part carries the same ``method`` in its
content type, or calendar programs show it as a plain file. The UID is stable per invitation (and
includes the host), so a later mail with a higher SEQUENCE replaces the event instead of adding one.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr

from flask import current_app
from flask_babel import gettext
from icalendar import Calendar, Event, vCalAddress

from conference.calendar.ics import BERLIN, berlin_vtimezone
from conference.council.models import Invitation, MembershipRole, Person
from conference.editions.models import Edition

CONTENT_TYPE = "text/calendar; method=REQUEST"
ROLES = {MembershipRole.MEMBER: "REQ-PARTICIPANT", MembershipRole.DEPUTY: "OPT-PARTICIPANT"}


def invitation_uid(invitation: Invitation) -> str:
    return f"council-invitation-{invitation.id}@{current_app.config['SERVER_HOST']}"


def meeting_location(edition: Edition) -> str:
    """Where the council meets: the venue, its room when there is only one, and the address."""
    if not edition.venues:
        return ""
    venue = edition.venues[0]
    room = venue.rooms[0].name if len(venue.rooms) == 1 else ""
    return ", ".join(part for part in (venue.name, room, venue.address) if part)


def organizer() -> vCalAddress:
    """The office that sends the mail: replies from calendar programs go to the same address."""
    name, address = parseaddr(current_app.config.get("MAIL_SENDER") or "")
    if "@" not in address:
        name, address = "", current_app.config["CONTACT_EMAIL"]
    return vCalAddress.new(address, cn=name or current_app.config["OFFICE_NAME"])


def invitation_ics(invitation: Invitation, person: Person, role: MembershipRole, *, rsvp_url: str,
                   now: datetime) -> str:
    """The REQUEST calendar for ``person`` (member or deputy of the invited seat), as text, in the
    current locale (the caller forces the person's)."""
    edition = invitation.edition
    attendee = vCalAddress.new(person.email, cn=person.name, role=ROLES[role], partstat="NEEDS-ACTION",
                               rsvp=True, cutype="INDIVIDUAL")
    event = Event.new(
        uid=invitation_uid(invitation), summary=edition.title, start=edition.starts_at.astimezone(BERLIN),
        end=edition.ends_at.astimezone(BERLIN), location=meeting_location(edition) or None,
        sequence=invitation.sequence, stamp=now, organizer=organizer(), attendees=[attendee], url=rsvp_url,
        # Calendar programs answer the organiser by mail, which is not counted: the link is.
        description="\n\n".join(part for part in (edition.theme, gettext(
            "Please answer for your seat with this link (an answer from your calendar program is not counted): "
            "%(url)s", url=rsvp_url)) if part),
    )
    event.add("status", "CONFIRMED")
    cal = Calendar.new(prodid=f"-//{current_app.config['SITE_NAME']}//conference//DE", method="REQUEST",
                       uid=f"council-invitation-{invitation.id}-calendar@{current_app.config['SERVER_HOST']}")
    year = event.start.year
    cal.add_component(berlin_vtimezone(year - 1, year + 1))
    cal.add_component(event)
    return cal.to_ical().decode()


def attachment(invitation: Invitation, person: Person, role: MembershipRole, *, rsvp_url: str,
               now: datetime) -> dict:
    """The outbox attachment; its content type carries ``method=REQUEST`` into the mail part."""
    return {"filename": "einladung.ics", "content_type": CONTENT_TYPE,
            "content": invitation_ics(invitation, person, role, rsvp_url=rsvp_url, now=now)}
