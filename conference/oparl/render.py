"""Load published objects by id and build their JSON, in a fixed number of queries per call whatever the
number of ids (a list page of 20 costs what a page of 2 costs).

Every ``render_*`` takes ids that came out of :mod:`conference.oparl.published` (so they are published),
their ``(created, modified)`` stamps, and whether embedded lists may be left out (``omit_internal``);
it returns the objects in the order of ``ids``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from conference.council.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    CouncilMeeting,
    Membership,
    Person,
    Recommendation,
    Seat,
)
from conference.editions.models import Edition, EditionFormat, Venue
from conference.extensions import db
from conference.oparl import serializers as oparl
from conference.oparl.published import COUNCIL_ID, DECIDED, consenting, public_council
from conference.organisations.models import Organisation
from conference.partners.services import ORGANISATION_KINDS

Stamps = dict[int, tuple[datetime, datetime]]

ITEM_OPTIONS = (
    selectinload(AgendaItem.documents),
    selectinload(AgendaItem.recommendations),
    selectinload(AgendaItem.follow_up_of).selectinload(Recommendation.agenda_item).selectinload(AgendaItem.edition),
)


def _by_id(rows: Iterable, ids: list[int]) -> list:
    found = {row.id: row for row in rows}
    return [found[i] for i in ids if i in found]


def _is_published_paper(recommendation: Recommendation | None) -> bool:
    """The same rule as ``published.papers()``, on loaded rows (item and its edition)."""
    if recommendation is None or recommendation.decision not in DECIDED or not recommendation.agenda_item.is_public:
        return False
    edition = recommendation.agenda_item.edition
    return edition.format == EditionFormat.COUNCIL and edition.is_public


def _public_orders(edition_ids: set[int]) -> dict[int, int]:
    """Each public item's place (from 1) among the public items of its meeting."""
    rows = db.session.execute(
        select(AgendaItem.id, AgendaItem.edition_id).where(AgendaItem.edition_id.in_(edition_ids),
                                                           AgendaItem.is_public.is_(True))
        .order_by(AgendaItem.edition_id, AgendaItem.position, AgendaItem.id))
    orders, counters = {}, defaultdict(int)
    for item_id, edition_id in rows:
        counters[edition_id] += 1
        orders[item_id] = counters[edition_id]
    return orders


def _items(items: list[AgendaItem], include_files: bool) -> list[dict]:
    orders = _public_orders({item.edition_id for item in items})
    return [oparl.agenda_item(item, orders[item.id], include_files=include_files,
                              follow_up_of=oparl.link("paper", paper_id=item.follow_up_of_id)
                              if _is_published_paper(item.follow_up_of) else None)
            for item in items]


def render_agenda_items(ids: list[int], stamps: Stamps, omit_internal: bool) -> list[dict]:
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.id.in_(ids)).options(*ITEM_OPTIONS))
    return _items(_by_id(items, ids), include_files=not omit_internal)


def render_meetings(ids: list[int], stamps: Stamps, omit_internal: bool) -> list[dict]:
    editions = _by_id(db.session.scalars(
        select(Edition).where(Edition.id.in_(ids)).options(selectinload(Edition.venues).selectinload(Venue.rooms))),
        ids)
    invited = set(db.session.scalars(select(CouncilMeeting.edition_id).where(
        CouncilMeeting.edition_id.in_(ids), CouncilMeeting.invitations_sent_at.is_not(None))))
    # The agenda stays embedded even with omit_internal: its order matters (spec, "Filter").
    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.edition_id.in_(ids), AgendaItem.is_public.is_(True))
        .options(*ITEM_OPTIONS).order_by(AgendaItem.position, AgendaItem.id)).all()
    items_by_meeting = defaultdict(list)
    for item, rendered in zip(items, _items(items, include_files=not omit_internal), strict=True):
        items_by_meeting[item.edition_id].append(rendered)
    participants = defaultdict(list)
    for edition_id, person_id in db.session.execute(
            select(Attendance.edition_id, Person.id).join(Attendance.person)
            .where(Attendance.edition_id.in_(ids), consenting()).distinct().order_by(Person.id)):
        participants[edition_id].append(person_id)
    return [oparl.meeting(edition, stamps[edition.id][1], invitations_sent=edition.id in invited,
                          venue=edition.venues[0] if edition.venues else None,
                          items=items_by_meeting[edition.id], participant_ids=participants[edition.id])
            for edition in editions]


def render_locations(ids: list[int], stamps: Stamps, omit_internal: bool) -> list[dict]:
    venues = db.session.scalars(select(Venue).where(Venue.id.in_(ids))
                                .options(selectinload(Venue.rooms), selectinload(Venue.edition)))
    return [oparl.location(venue, venue.edition) for venue in _by_id(venues, ids)]


def render_files(ids: list[int], stamps: Stamps, omit_internal: bool) -> list[dict]:
    documents = db.session.scalars(select(AgendaDocument).where(AgendaDocument.id.in_(ids))
                                   .options(selectinload(AgendaDocument.agenda_item)))
    return [oparl.file(document, document.agenda_item) for document in _by_id(documents, ids)]


def _recommendations(ids: list[int]) -> list[Recommendation]:
    return _by_id(db.session.scalars(
        select(Recommendation).where(Recommendation.id.in_(ids))
        .options(selectinload(Recommendation.agenda_item).selectinload(AgendaItem.edition),
                 selectinload(Recommendation.follow_ups))), ids)


def render_papers(ids: list[int], stamps: Stamps, omit_internal: bool) -> list[dict]:
    recommendations = _recommendations(ids)
    report_editions = {f.edition_id for r in recommendations for f in r.follow_ups if f.edition_id}
    public_editions = set(db.session.scalars(
        select(Edition.id).where(Edition.id.in_(report_editions), public_council()))) if report_editions else set()
    return [oparl.paper(r, stamps[r.id][1], public_editions) for r in recommendations]


def render_consultations(ids: list[int], stamps: Stamps, omit_internal: bool) -> list[dict]:
    return [oparl.consultation(r) for r in _recommendations(ids)]


def _memberships(query) -> list[Membership]:
    return list(db.session.scalars(
        query.options(selectinload(Membership.seat).selectinload(Seat.group))
        .order_by(Membership.starts_on, Membership.id)))


def render_memberships(ids: list[int], stamps: Stamps, omit_internal: bool) -> list[dict]:
    return [oparl.membership(m) for m in _by_id(_memberships(select(Membership).where(Membership.id.in_(ids))), ids)]


def render_people(ids: list[int], stamps: Stamps, omit_internal: bool) -> list[dict]:
    people = _by_id(db.session.scalars(select(Person).where(Person.id.in_(ids))), ids)
    memberships = defaultdict(list)
    if not omit_internal:
        for m in _memberships(select(Membership).where(Membership.person_id.in_(ids))):
            memberships[m.person_id].append(oparl.membership(m))
    return [oparl.person(p, stamps[p.id][1], None if omit_internal else memberships[p.id]) for p in people]


def render_organizations(ids: list[int], stamps: Stamps, omit_internal: bool) -> list[dict]:
    organisations = {o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(ids)))}
    rendered = []
    for i in ids:
        if i == COUNCIL_ID:
            membership_ids = list(db.session.scalars(
                select(Membership.id).join(Membership.person).where(consenting()).order_by(Membership.id)))
            rendered.append(oparl.council(*stamps[i], membership_ids))
        elif i in organisations:
            rendered.append(oparl.institution(organisations[i], ORGANISATION_KINDS))
    return rendered


def render_bodies(ids: list[int], stamps: Stamps, omit_internal: bool) -> list[dict]:
    return [oparl.body()] if ids else []


def render_nothing(ids: list[int], stamps: Stamps, omit_internal: bool) -> list[dict]:
    return []
