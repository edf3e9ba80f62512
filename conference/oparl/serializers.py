"""OParl 1.1 objects as dicts: one builder per type, from rows that are already loaded (no queries here).

Every object gets ``id`` (its absolute URL), ``type``, ``created`` and ``modified``; empty properties
are dropped by :func:`compact`. Values meant for people use the vocabulary German council information
systems use ("Gremium", "terminiert", "Mitglied"), because OParl clients show them as they are.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app, url_for
from flask_babel import force_locale
from werkzeug.routing import BuildError

from conference.council.core import is_held
from conference.council.models import (
    ADDRESSEES,
    AgendaDocument,
    AgendaItem,
    Decision,
    FollowUpStatus,
    Membership,
    MembershipRole,
    Person,
    Recommendation,
)
from conference.editions.models import Edition, EditionFormat, Venue
from conference.editions.services import local
from conference.links import external_url
from conference.oparl.published import COUNCIL_ID, OPARL_SINCE
from conference.organisations.models import Organisation

OPARL_VERSION = "https://schema.oparl.org/1.1/"
# Vendor-specific properties carry this prefix (see docs/council/oparl.md).
EXT = "bildungskonferenz:"

ROLES = {MembershipRole.MEMBER: "Mitglied", MembershipRole.DEPUTY: "Stellvertretung"}
DECISIONS = {Decision.ADOPTED: "einvernehmlich beschlossen", Decision.NOT_ADOPTED: "nicht beschlossen",
             Decision.DEFERRED: "vertagt"}
# AgendaItem.result, singular and plural, in the order they are listed.
RESULTS = {Decision.ADOPTED: ("Empfehlung beschlossen", "Empfehlungen beschlossen"),
           Decision.NOT_ADOPTED: ("Empfehlung nicht beschlossen", "Empfehlungen nicht beschlossen"),
           Decision.DEFERRED: ("Empfehlung vertagt", "Empfehlungen vertagt")}
FOLLOW_UP = {FollowUpStatus.OPEN: "offen", FollowUpStatus.IN_PROGRESS: "in Umsetzung",
             FollowUpStatus.IMPLEMENTED: "umgesetzt", FollowUpStatus.DROPPED: "nicht weiterverfolgt"}


# --- Helpers -------------------------------------------------------------------------------------------

def oparl_type(name: str) -> str:
    return f"{OPARL_VERSION}{name}"


def link(endpoint: str, **values) -> str:
    """The absolute URL of an OParl endpoint, from PUBLIC_BASE_URL (ids must not follow the Host header)."""
    return external_url(f"oparl.{endpoint}", **values)


def web_page(endpoint: str, **values) -> str | None:
    """The public HTML page of an object, or None while that page does not exist (other parts of the
    site own those routes; a missing one must not break the API)."""
    try:
        url_for(endpoint, **values)
    except BuildError:
        return None
    return external_url(endpoint, **values)


def stamp(moment: datetime | None) -> str | None:
    """ISO 8601 in local time with its offset, e.g. ``2027-03-10T15:00:00+01:00``."""
    return local(moment).isoformat(timespec="seconds") if moment else None


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def latest(*moments: datetime | None) -> datetime:
    return max(m for m in moments if m is not None)


def _empty(value) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


def compact(obj: dict, keep: tuple[str, ...] = ()) -> dict:
    """``obj`` without None, "", [] and {} values, also inside nested objects; ``keep`` names required
    properties that stay even when empty (the spec wants ``[]`` for an empty required list)."""
    result = {}
    for key, value in obj.items():
        if isinstance(value, dict):
            value = compact(value)
        elif isinstance(value, list):
            value = [compact(v) if isinstance(v, dict) else v for v in value]
        if key in keep or not _empty(value):
            result[key] = value
    return result


def _object(kind: str, url: str, created: datetime, modified: datetime, props: dict,
            keep: tuple[str, ...] = ()) -> dict:
    return compact({"id": url, "type": oparl_type(kind), **props,
                    "created": stamp(created), "modified": stamp(latest(created, modified))}, keep)


def _german(label) -> str:
    with force_locale("de"):
        return str(label)


# --- System, Body --------------------------------------------------------------------------------------

def system() -> dict:
    config = current_app.config
    return _object("System", link("system"), OPARL_SINCE, OPARL_SINCE, {
        "oparlVersion": OPARL_VERSION,
        "name": f"{config['SITE_NAME']} {config['CITY_NAME']}: OParl",
        "body": link("bodies"),
        "website": web_page("pages.home"),
        "contactEmail": config["CONTACT_EMAIL"],
        "contactName": config["OFFICE_NAME"],
        "license": config.get("OPARL_LICENSE"),
        "vendor": config.get("OPARL_VENDOR"),
        "product": config.get("OPARL_PRODUCT"),
        f"{EXT}extensions": [{
            "property": f"{EXT}followUp",
            "objectType": oparl_type("Paper"),
            "description": "Umsetzungsstand einer beschlossenen Empfehlung: Status (open, in_progress, "
                           "implemented, dropped), Bezeichnung und datierte Sachstandsberichte.",
        }],
    })


def body() -> dict:
    config = current_app.config
    lists = {name: link(endpoint, body_id=1) for name, endpoint in (
        ("organization", "organizations"), ("person", "people"), ("meeting", "meetings"), ("paper", "papers"),
        ("agendaItem", "agenda_items"), ("consultation", "consultations"), ("file", "files"),
        ("locationList", "locations"), ("legislativeTermList", "legislative_terms"), ("membership", "memberships"),
    )}
    return _object("Body", link("body", body_id=1), OPARL_SINCE, OPARL_SINCE, {
        "system": link("system"),
        "name": f"{_german(EditionFormat.COUNCIL.label)} {config['CITY_NAME']}",
        "shortName": config["SITE_NAME"],
        "website": web_page("pages.home"),
        "contactEmail": config["CONTACT_EMAIL"],
        "contactName": config["OFFICE_NAME"],
        "classification": "Bildungskonferenz",
        "oparlSince": stamp(OPARL_SINCE),
        "mainOrganization": link("council"),
        **lists,
        # Required, so present even though empty: the council has no elected terms.
        "legislativeTerm": [],
        "web": web_page("pages.home"),
    }, keep=("legislativeTerm",))


# --- Organizations, people, memberships -----------------------------------------------------------------

def organization_url(organisation_id: int) -> str:
    return link("council") if organisation_id == COUNCIL_ID else link("organization", organisation_id=organisation_id)


def council(created: datetime, modified: datetime, membership_ids: list[int]) -> dict:
    return _object("Organization", link("council"), created, modified, {
        "body": link("body", body_id=1),
        "name": _german(EditionFormat.COUNCIL.label),
        "shortName": current_app.config["SITE_NAME"],
        "organizationType": "Gremium",
        "classification": "Beirat",
        "membership": [link("membership", membership_id=i) for i in membership_ids],
        "meeting": link("meetings", body_id=1),
    })


def institution(organisation: Organisation, kinds: dict) -> dict:
    website = organisation.website if organisation.website.startswith(("https://", "http://")) else None
    return _object("Organization", organization_url(organisation.id), organisation.created_at,
                   organisation.updated_at, {
                       "body": link("body", body_id=1),
                       "name": organisation.name,
                       "organizationType": "Institution",
                       "classification": _german(kinds[organisation.kind]) if organisation.kind in kinds
                       else organisation.kind,
                       "website": website,
                   })


def membership(membership: Membership) -> dict:
    """Needs ``seat`` and ``seat.group`` loaded."""
    seat = membership.seat
    return _object("Membership", link("membership", membership_id=membership.id), membership.created_at,
                   latest(membership.updated_at, seat.updated_at, seat.group.updated_at), {
                       "person": link("person", person_id=membership.person_id),
                       "organization": link("council"),
                       "role": ROLES[membership.role],
                       # The deputy votes only in the member's stead.
                       "votingRight": membership.role == MembershipRole.MEMBER,
                       "startDate": day(membership.starts_on),
                       "endDate": day(membership.ends_on),
                       "onBehalfOf": organization_url(seat.organisation_id),
                       f"{EXT}seat": {"label": seat.label, "group": seat.group.name},
                   })


def person(person: Person, modified: datetime, memberships: list[dict] | None) -> dict:
    """``memberships`` are the embedded Membership objects (None when the client asked to omit them).
    Never the e-mail address: it is personal data nobody consented to publish."""
    return _object("Person", link("person", person_id=person.id), person.created_at, modified, {
        "body": link("body", body_id=1),
        "name": person.name,
        "familyName": person.family_name,
        "givenName": person.given_name,
        "title": [person.title] if person.title else [],
        "membership": memberships,
    })


# --- Meetings, agenda items, files, locations -----------------------------------------------------------

def meeting_name(edition: Edition) -> str:
    name = edition.title if edition.title.startswith(f"{edition.number}.") else f"{edition.number}. {edition.title}"
    return f"{name}: {edition.theme}" if edition.theme else name


def meeting_state(edition: Edition, invitations_sent: bool) -> str:
    """The states the spec recommends: planned, invited, held."""
    if is_held(edition):
        return "durchgeführt"
    return "eingeladen" if invitations_sent else "terminiert"


def location(venue: Venue, edition: Edition) -> dict:
    rooms = [room.name for room in venue.rooms]
    return _object("Location", link("location", location_id=venue.id), edition.created_at, edition.updated_at, {
        "description": ", ".join(part for part in (venue.name, venue.address) if part),
        "streetAddress": venue.address,
        "room": rooms[0] if len(rooms) == 1 else ", ".join(rooms),
        "meetings": [link("meeting", meeting_id=edition.id)],
    })


def meeting(edition: Edition, modified: datetime, *, invitations_sent: bool, venue: Venue | None,
            items: list[dict] | None, participant_ids: list[int]) -> dict:
    return _object("Meeting", link("meeting", meeting_id=edition.id), edition.created_at, modified, {
        "name": meeting_name(edition),
        "meetingState": meeting_state(edition, invitations_sent),
        "start": stamp(edition.starts_at),
        "end": stamp(edition.ends_at),
        "location": location(venue, edition) if venue else None,
        "organization": [link("council")],
        "participant": [link("person", person_id=i) for i in participant_ids],
        "agendaItem": items,
        "web": web_page("editions.show", edition_id=edition.id),
    })


def file(document: AgendaDocument, item: AgendaItem) -> dict:
    stem = document.title.removesuffix(".pdf")
    return _object("File", link("file", file_id=document.id), document.created_at, document.updated_at, {
        "name": stem,
        "fileName": document.file_name,
        "mimeType": document.content_type,
        "date": day(local(document.created_at).date()),
        "size": document.size,
        "accessUrl": link("file_access", file_id=document.id),
        "downloadUrl": link("file_download", file_id=document.id),
        "agendaItem": [link("agenda_item", agenda_item_id=item.id)],
        "meeting": [link("meeting", meeting_id=item.edition_id)],
    })


def agenda_result(recommendations: list[Recommendation]) -> str:
    """E.g. "Empfehlung beschlossen" or "2 Empfehlungen beschlossen; Empfehlung vertagt"."""
    parts = []
    for decision, (one, many) in RESULTS.items():
        count = sum(1 for r in recommendations if r.decision == decision)
        if count:
            parts.append(one if count == 1 else f"{count} {many}")
    return "; ".join(parts)


def resolution_text(recommendations: list[Recommendation]) -> str:
    return "\n\n".join(f"{r.reference}: {r.title}\n\n{r.text}".strip()
                       for r in recommendations if r.decision == Decision.ADOPTED)


def agenda_item(item: AgendaItem, order: int, *, follow_up_of: str | None, include_files: bool) -> dict:
    """Needs ``documents`` and ``recommendations`` loaded; ``order`` counts the public items from 1.
    ``follow_up_of`` is the Paper URL of the recommendation this item follows up, if it is published."""
    files = [file(d, item) for d in item.documents if d.is_public] if include_files else None
    return _object("AgendaItem", link("agenda_item", agenda_item_id=item.id), item.created_at,
                   latest(item.updated_at, *(d.updated_at for d in item.documents),
                          *(r.updated_at for r in item.recommendations)), {
                       "meeting": link("meeting", meeting_id=item.edition_id),
                       "number": item.number,
                       "order": order,
                       "name": item.title,
                       "public": True,
                       "result": agenda_result(item.recommendations),
                       "resolutionText": resolution_text(item.recommendations),
                       "auxiliaryFile": files,
                       f"{EXT}followUpOf": follow_up_of,
                   })


# --- Papers and consultations ---------------------------------------------------------------------------

def consultation(recommendation: Recommendation) -> dict:
    return _object("Consultation", link("consultation", consultation_id=recommendation.id),
                   recommendation.created_at, recommendation.updated_at, {
                       "paper": link("paper", paper_id=recommendation.id),
                       "agendaItem": link("agenda_item", agenda_item_id=recommendation.agenda_item_id),
                       "meeting": link("meeting", meeting_id=recommendation.agenda_item.edition_id),
                       "organization": [link("council")],
                       "authoritative": recommendation.decision != Decision.DEFERRED,
                       "role": "Beschlussfassung",
                   })


def follow_up(recommendation: Recommendation, public_editions: set[int]) -> dict | None:
    """The extension property: the status of an adopted recommendation and its dated reports.
    A report names the meeting it was given at only when that meeting is published."""
    if not recommendation.is_adopted:
        return None
    status = recommendation.status
    return {
        "status": status.value,
        "label": FOLLOW_UP[status],
        "final": status.is_final,
        "adoptedOn": day(recommendation.decided_on),
        "reports": [{
            "date": day(report.reported_on),
            "status": report.status.value,
            "label": FOLLOW_UP[report.status],
            "text": report.text,
            "meeting": link("meeting", meeting_id=report.edition_id) if report.edition_id in public_editions
            else None,
        } for report in recommendation.follow_ups],
    }


def paper(recommendation: Recommendation, modified: datetime, public_editions: set[int]) -> dict:
    """Needs ``agenda_item``, ``edition`` and ``follow_ups`` loaded."""
    decided_on = recommendation.decided_on or local(recommendation.agenda_item.edition.starts_at).date()
    return _object("Paper", link("paper", paper_id=recommendation.id), recommendation.created_at, modified, {
        "body": link("body", body_id=1),
        "name": recommendation.title,
        "reference": recommendation.reference,
        "date": day(decided_on),
        "paperType": "Empfehlung",
        "originatorOrganization": [link("council")],
        "consultation": [consultation(recommendation)],
        "web": web_page("council_public.recommendation", recommendation_id=recommendation.id)
        if recommendation.is_adopted else None,
        f"{EXT}decision": {"code": recommendation.decision.value, "label": DECISIONS[recommendation.decision]},
        f"{EXT}addressees": [{"code": code, "label": _german(ADDRESSEES[code])}
                              for code in (recommendation.addressees or []) if code in ADDRESSEES],
        f"{EXT}followUp": follow_up(recommendation, public_editions),
    })
