"""What the public may see of the council: adopted recommendations from public agenda items of public
council editions, their status reports, public agenda items and their public documents.

Every public query goes through :func:`_public_recommendations` or :func:`_public_items`, so the rule
lives in one place."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from flask_babel import gettext
from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager, selectinload

from conference.council.core import is_held
from conference.council.models import (
    ADDRESSEES,
    AgendaDocument,
    AgendaItem,
    Decision,
    FollowUp,
    FollowUpStatus,
    Recommendation,
)
from conference.editions.models import PUBLIC_STATUSES, Edition, EditionFormat
from conference.errors import NotFoundError
from conference.extensions import db

PAGE_SIZE = 20


def _public_recommendations():
    return (select(Recommendation).join(Recommendation.edition).join(Recommendation.agenda_item)
            .where(Recommendation.decision == Decision.ADOPTED, AgendaItem.is_public.is_(True),
                   Edition.format == EditionFormat.COUNCIL, Edition.status.in_(PUBLIC_STATUSES))
            .options(contains_eager(Recommendation.edition), contains_eager(Recommendation.agenda_item),
                     selectinload(Recommendation.follow_ups)))


@dataclass(frozen=True)
class Filters:
    q: str = ""
    edition_id: int | None = None
    addressee: str | None = None
    status: FollowUpStatus | None = None

    @classmethod
    def parse(cls, args) -> Filters:
        """Filters from query arguments; anything unknown is ignored rather than an error."""
        edition = args.get("edition", "")
        status = args.get("status", "")
        addressee = args.get("addressee", "")
        return cls(q=(args.get("q") or "").strip()[:200],
                   edition_id=int(edition) if edition.isdecimal() and len(edition) < 10 else None,
                   addressee=addressee if addressee in ADDRESSEES else None,
                   status=FollowUpStatus(status) if status in FollowUpStatus._value2member_map_ else None)

    @property
    def active(self) -> bool:
        return bool(self.q or self.edition_id or self.addressee or self.status)


def search(filters: Filters) -> list[Recommendation]:
    """The public adopted recommendations matching ``filters`` (text in title, text or reference, case
    does not matter), newest edition first and in reference order within an edition."""
    query = _public_recommendations().order_by(Edition.starts_at.desc(), Recommendation.id)
    if filters.q:
        # autoescape: % and _ typed by a visitor are literal characters, not wildcards.
        query = query.where(or_(*(column.icontains(filters.q, autoescape=True) for column in
                                  (Recommendation.title, Recommendation.text, Recommendation.reference))))
    if filters.edition_id:
        query = query.where(Recommendation.edition_id == filters.edition_id)
    rows = db.session.scalars(query).unique()
    # Addressees (a JSON list) and the status (the latest report) are checked here rather than in SQL:
    # the same on every backend, and there are a few hundred recommendations at most.
    return [r for r in rows if (filters.addressee is None or filters.addressee in (r.addressees or []))
            and (filters.status is None or r.status == filters.status)]


@dataclass(frozen=True)
class Page:
    rows: list
    number: int
    pages: int
    total: int

    @property
    def by_edition(self) -> list[tuple[Edition, list[Recommendation]]]:
        return [(edition, list(group)) for edition, group in groupby(self.rows, key=lambda r: r.edition)]


def paginate(rows: list, page: int, size: int = PAGE_SIZE) -> Page:
    pages = max(1, -(-len(rows) // size))
    number = min(max(page, 1), pages)
    return Page(rows[(number - 1) * size:number * size], number, pages, len(rows))


def editions_with_recommendations() -> list[Edition]:
    """Public council editions that adopted public recommendations, newest first (for the filter)."""
    return list(db.session.scalars(
        select(Edition).where(Edition.id.in_(_public_recommendations().with_only_columns(Recommendation.edition_id)))
        .order_by(Edition.starts_at.desc())))


def public_recommendation(recommendation_id: int) -> Recommendation:
    """One public adopted recommendation with its reports (and the editions they were given at)."""
    recommendation = db.session.scalars(
        _public_recommendations().where(Recommendation.id == recommendation_id)
        .options(selectinload(Recommendation.follow_ups).selectinload(FollowUp.edition))).unique().one_or_none()
    if recommendation is None:
        raise NotFoundError(gettext("This recommendation does not exist or is not public."))
    return recommendation


def public_document(edition_id: int, document_id: int) -> AgendaDocument:
    """A public document of a public agenda item of the public council edition ``edition_id``, or
    NotFoundError."""
    document = db.session.scalars(
        select(AgendaDocument).join(AgendaDocument.agenda_item).join(AgendaItem.edition)
        .where(AgendaDocument.id == document_id, AgendaItem.edition_id == edition_id,
               AgendaDocument.is_public.is_(True), AgendaItem.is_public.is_(True),
               Edition.format == EditionFormat.COUNCIL, Edition.status.in_(PUBLIC_STATUSES))).one_or_none()
    if document is None:
        raise NotFoundError(gettext("This document does not exist or is not public."))
    return document


def is_public(recommendation: Recommendation) -> bool:
    """Whether ``recommendation`` has its own public page (needs edition and agenda item loaded)."""
    return (recommendation.is_adopted and recommendation.agenda_item.is_public
            and recommendation.edition.format == EditionFormat.COUNCIL and recommendation.edition.is_public)


@dataclass(frozen=True)
class EditionRecord:
    """A council edition's public record: agenda, documents, adopted recommendations and results."""

    items: list[AgendaItem]
    recommendations: list[Recommendation]
    show_minutes: bool

    @property
    def adopted(self) -> int:
        return len(self.recommendations)

    @property
    def implemented(self) -> int:
        return sum(1 for r in self.recommendations if r.status == FollowUpStatus.IMPLEMENTED)


def edition_record(edition: Edition) -> EditionRecord:
    """The public agenda items of ``edition`` (public documents only) and the recommendations adopted
    there; minutes are shown once the edition has been held."""
    items = list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.edition_id == edition.id, AgendaItem.is_public.is_(True))
        .options(selectinload(AgendaItem.documents),
                 selectinload(AgendaItem.follow_up_of).selectinload(Recommendation.follow_ups),
                 selectinload(AgendaItem.follow_up_of).selectinload(Recommendation.agenda_item),
                 selectinload(AgendaItem.follow_up_of).selectinload(Recommendation.edition))
        .order_by(AgendaItem.position, AgendaItem.id)))
    recommendations = list(db.session.scalars(
        _public_recommendations().where(Recommendation.edition_id == edition.id)
        .order_by(Recommendation.id)).unique())
    return EditionRecord(items, recommendations, show_minutes=is_held(edition))
