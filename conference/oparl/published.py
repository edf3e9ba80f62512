"""What OParl publishes, as SQL: for every object type, a select of ``(id, created, modified)`` over the
published objects only. Lists, filters and single-object lookups all start here, so each publication
rule lives in one place:

- meetings are the public council editions (not drafts, council format only);
- agenda items are the public items of those editions, files the public documents of those items;
- papers (and their consultations) are the recommendations decided under such an item;
- people are only those who consented to publishing their name, memberships only theirs;
- organisations are the council itself (id 0) and every institution that holds a seat.

``modified`` is the latest change of everything an object's JSON is built from (an agenda item changes
when a document or a recommendation under it changes), as the spec asks ("aus Sicht des Clients"), so
``modified_since`` finds every object whose output changed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import and_, exists, false, func, literal, select, union_all
from sqlalchemy.sql import ColumnElement, Select

from conference.council.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    CouncilMeeting,
    Decision,
    FollowUp,
    Membership,
    Person,
    Recommendation,
    Seat,
    SeatGroup,
)
from conference.database import UTCDateTime
from conference.editions.models import PUBLIC_STATUSES, Edition, EditionFormat, Venue
from conference.organisations.models import Organisation

# When the API went live: System and Body (whose content is fixed) were created then.
OPARL_SINCE = datetime(2026, 11, 23, tzinfo=UTC)
COUNCIL_ID = 0  # the council's row among the organisations (institutions have ids from 1)
DECIDED = (Decision.ADOPTED, Decision.NOT_ADOPTED, Decision.DEFERRED)


def public_council() -> ColumnElement[bool]:
    return and_(Edition.format == EditionFormat.COUNCIL, Edition.status.in_(PUBLIC_STATUSES))


def consenting() -> ColumnElement[bool]:
    return Person.publication_consent_at.is_not(None)


def _part(owner, stamp) -> Select:
    return select(owner.label("owner"), stamp.label("stamp"))


def _latest(*parts: Select):
    """``(owner, modified)``: per owner, the latest of the timestamps the parts yield for it."""
    stamps = union_all(*parts).subquery()
    return (select(stamps.c.owner, func.max(stamps.c.stamp).label("modified"))
            .group_by(stamps.c.owner).subquery())


def _rows(id_col, created_col, latest, *where) -> Select:
    return (select(id_col.label("id"), created_col.label("created"), latest.c.modified.label("modified"))
            .join(latest, latest.c.owner == id_col).where(*where))


def meetings() -> Select:
    latest = _latest(
        _part(Edition.id, Edition.updated_at),
        _part(CouncilMeeting.edition_id, CouncilMeeting.updated_at),
        _part(AgendaItem.edition_id, AgendaItem.updated_at),
        _part(AgendaItem.edition_id, AgendaDocument.updated_at).select_from(AgendaDocument)
        .join(AgendaDocument.agenda_item),
        _part(AgendaItem.edition_id, Recommendation.updated_at).select_from(Recommendation)
        .join(Recommendation.agenda_item),
        _part(Attendance.edition_id, Attendance.updated_at),
        # A participant appears or disappears with their consent.
        _part(Attendance.edition_id, Person.updated_at).select_from(Attendance).join(Attendance.person),
    )
    return _rows(Edition.id, Edition.created_at, latest, public_council())


def locations() -> Select:
    """A meeting's venue; a venue keeps no timestamps of its own, so its edition's are used."""
    latest = _latest(_part(Venue.id, Edition.updated_at).select_from(Venue).join(Venue.edition))
    return _rows(Venue.id, Edition.created_at, latest, public_council()).join(Venue.edition)


def agenda_items() -> Select:
    latest = _latest(
        _part(AgendaItem.id, AgendaItem.updated_at),
        _part(AgendaDocument.agenda_item_id, AgendaDocument.updated_at),
        _part(Recommendation.agenda_item_id, Recommendation.updated_at),
    )
    return (_rows(AgendaItem.id, AgendaItem.created_at, latest, AgendaItem.is_public.is_(True), public_council())
            .join(AgendaItem.edition))


def files() -> Select:
    latest = _latest(_part(AgendaDocument.id, AgendaDocument.updated_at))
    return (_rows(AgendaDocument.id, AgendaDocument.created_at, latest, AgendaDocument.is_public.is_(True),
                  AgendaItem.is_public.is_(True), public_council())
            .join(AgendaDocument.agenda_item).join(AgendaItem.edition))


def _decided(rows: Select) -> Select:
    return (rows.join(Recommendation.agenda_item).join(AgendaItem.edition)
            .where(Recommendation.decision.in_(DECIDED), AgendaItem.is_public.is_(True), public_council()))


def papers() -> Select:
    latest = _latest(
        _part(Recommendation.id, Recommendation.updated_at),
        _part(FollowUp.recommendation_id, FollowUp.updated_at),
    )
    return _decided(_rows(Recommendation.id, Recommendation.created_at, latest))


def consultations() -> Select:
    """One consultation per published paper (the meeting that decided it), under the paper's id."""
    latest = _latest(_part(Recommendation.id, Recommendation.updated_at))
    return _decided(_rows(Recommendation.id, Recommendation.created_at, latest))


def people() -> Select:
    latest = _latest(
        _part(Person.id, Person.updated_at),
        _part(Membership.person_id, Membership.updated_at),
        _part(Membership.person_id, Seat.updated_at).select_from(Membership).join(Membership.seat),
        _part(Membership.person_id, SeatGroup.updated_at).select_from(Membership).join(Membership.seat)
        .join(Seat.group),
    )
    return _rows(Person.id, Person.created_at, latest, consenting())


def memberships() -> Select:
    latest = _latest(
        _part(Membership.id, Membership.updated_at),
        _part(Membership.id, Seat.updated_at).select_from(Membership).join(Membership.seat),
        _part(Membership.id, SeatGroup.updated_at).select_from(Membership).join(Membership.seat)
        .join(Seat.group),
    )
    return _rows(Membership.id, Membership.created_at, latest, consenting()).join(Membership.person)


def organizations() -> Select:
    """The council (id 0) and the institutions holding a seat. The council's membership list changes
    with every membership, seat or person (consent) change."""
    council = _latest(
        _part(literal(COUNCIL_ID), literal(OPARL_SINCE, UTCDateTime)),
        _part(literal(COUNCIL_ID), Membership.updated_at),
        _part(literal(COUNCIL_ID), Seat.updated_at),
        _part(literal(COUNCIL_ID), Person.updated_at).join(Membership, Membership.person_id == Person.id),
    )
    # The council exists since its first seat (before any seat: since go-live).
    created = func.coalesce(select(func.min(Seat.created_at)).scalar_subquery(), literal(OPARL_SINCE, UTCDateTime))
    council_row = select(council.c.owner.label("id"), created.label("created"), council.c.modified.label("modified"))
    institutions = (select(Organisation.id.label("id"), Organisation.created_at.label("created"),
                           Organisation.updated_at.label("modified"))
                    .where(exists().where(Seat.organisation_id == Organisation.id)))
    both = union_all(council_row, institutions).subquery()
    return select(both.c.id, both.c.created, both.c.modified)


def bodies() -> Select:
    """The one body: its content is configuration, so it was created and last changed at go-live."""
    stamp = literal(OPARL_SINCE, UTCDateTime)
    return select(literal(1).label("id"), stamp.label("created"), stamp.label("modified"))


def legislative_terms() -> Select:
    """The council has no elected terms: an empty list (with the same filters as every other)."""
    stamp = literal(OPARL_SINCE, UTCDateTime)
    return select(literal(1).label("id"), stamp.label("created"), stamp.label("modified")).where(false())
