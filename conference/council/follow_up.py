"""Follow-up of adopted recommendations across editions ("Beschlusskontrolle"): dated status reports,
the traffic light, the time since adoption, and the follow-up items carried into the agenda of every
council edition that has not met yet."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext, ngettext
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from conference.council.core import HELD_STATUSES, in_record_language, is_held
from conference.council.models import (
    AgendaItem,
    AgendaItemKind,
    Decision,
    FollowUp,
    FollowUpStatus,
    Recommendation,
)
from conference.database import utcnow
from conference.editions.models import Edition, EditionFormat
from conference.editions.services import local
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db


def today() -> date:
    return local(utcnow()).date()


# --- Status reports ----------------------------------------------------------------------------------

def get_report(report_id: int) -> FollowUp:
    report = db.session.get(FollowUp, report_id)
    if report is None:
        raise NotFoundError(gettext("This status report does not exist."))
    return report


def council_editions() -> list[Edition]:
    """Every council edition, newest first (where a report can have been given)."""
    return list(db.session.scalars(select(Edition).where(Edition.format == EditionFormat.COUNCIL)
                                   .order_by(Edition.starts_at.desc())))


def add_report(recommendation: Recommendation, *, status: FollowUpStatus | str, text: str = "",
               reported_on: date | None = None, edition: Edition | None = None, user=None) -> FollowUp:
    """A dated status report on an adopted recommendation (``reported_on`` defaults to today; ``edition``
    is the council edition at which it was reported). The latest report is the current status, and
    the follow-up items of the coming meetings are brought up to date."""
    if not recommendation.is_adopted:
        raise ConflictError(gettext("Only adopted recommendations get status reports."))
    reported_on = reported_on or today()
    if recommendation.decided_on and reported_on < recommendation.decided_on:
        raise DomainError(gettext("A report cannot be dated before the adoption (%(date)s).",
                                  date=recommendation.decided_on.isoformat()), field="reported_on")
    if reported_on > today():
        raise DomainError(gettext("A report cannot be dated in the future."), field="reported_on")
    if edition is not None and edition.format != EditionFormat.COUNCIL:
        raise DomainError(gettext("Please choose a council meeting."), field="edition_id")
    report = FollowUp(recommendation=recommendation, status=FollowUpStatus(status), text=(text or "").strip(),
                      reported_on=reported_on, edition=edition,
                      created_by_id=getattr(user, "id", None))
    db.session.add(report)
    db.session.flush()
    db.session.expire(recommendation, ["follow_ups"])  # reload in report order: the latest is the status
    sync_upcoming()
    return report


def delete_report(report: FollowUp) -> None:
    """Remove a report entered by mistake; the previous one becomes the status again."""
    recommendation = report.recommendation
    db.session.delete(report)
    db.session.flush()
    db.session.expire(recommendation, ["follow_ups"])
    sync_upcoming()


# --- The traffic light and the time since adoption ----------------------------------------------------

@dataclass(frozen=True)
class Age:
    months: int
    days: int


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age(since: date, on: date) -> Age:
    """Whole months and the remaining days from ``since`` to ``on`` (0, 0 when ``on`` is not later)."""
    if on <= since:
        return Age(0, 0)
    months = (on.year - since.year) * 12 + on.month - since.month
    if _add_months(since, months) > on:
        months -= 1
    return Age(months, (on - _add_months(since, months)).days)


def age_label(since: date | None, on: date | None = None) -> str:
    """"14 months, 3 days" since ``since`` (today by default): the time an adopted recommendation has run."""
    if since is None:
        return ""
    span = age(since, on or today())
    parts = []
    if span.months:
        parts.append(ngettext("%(num)d month", "%(num)d months", span.months))
    if span.days or not span.months:
        parts.append(ngettext("%(num)d day", "%(num)d days", span.days))
    return ", ".join(parts)


def overview(*, status: FollowUpStatus | None = None, edition_id: int | None = None) -> list[Recommendation]:
    """Every adopted recommendation (of ``edition_id``, with ``status`` when given), the longest-running
    first, with reports and edition loaded: two queries however many there are."""
    query = (select(Recommendation).join(Recommendation.edition)
             .where(Recommendation.decision == Decision.ADOPTED)
             .options(contains_eager(Recommendation.edition), selectinload(Recommendation.follow_ups))
             .order_by(Recommendation.decided_on, Edition.starts_at, Recommendation.id))
    if edition_id is not None:
        query = query.where(Recommendation.edition_id == edition_id)
    rows = list(db.session.scalars(query).unique())
    return [r for r in rows if status is None or r.status == status]


# --- Carrying open recommendations into the agenda of the coming meetings -------------------------------

@dataclass(frozen=True)
class CarryResult:
    added: int
    removed: int


def _keeps(item: AgendaItem, wanted: set[int], reported_here: set[int]) -> bool:
    """A follow-up item stays while its recommendation is open, and also once it was worked on at this
    meeting (recommendations, documents, minutes or a report given here)."""
    return (item.follow_up_of_id in wanted or bool(item.recommendations) or bool(item.documents)
            or bool(item.minutes) or item.follow_up_of_id in reported_here)


def update_follow_up_items(edition: Edition) -> CarryResult:
    """Bring the follow-up items of a council edition that has not met yet up to date: one item for
    every recommendation adopted at an earlier council edition whose status is not final (appended
    after the other items, numbered F1, F2, …), and none for those that have become final meanwhile.
    Idempotent; held editions and open days are left alone."""
    if edition.format != EditionFormat.COUNCIL or is_held(edition):
        return CarryResult(0, 0)
    # One update at a time per edition (PostgreSQL): the unique (edition, recommendation) pair would
    # otherwise turn two simultaneous updates into an integrity error.
    db.session.execute(select(Edition.id).where(Edition.id == edition.id).with_for_update())
    candidates = db.session.scalars(
        select(Recommendation).join(Recommendation.edition)
        .where(Recommendation.decision == Decision.ADOPTED, Edition.format == EditionFormat.COUNCIL,
               Edition.starts_at < edition.starts_at)
        .options(contains_eager(Recommendation.edition), selectinload(Recommendation.follow_ups),
                 selectinload(Recommendation.agenda_item))
        .order_by(Edition.starts_at, Recommendation.id)).unique()
    wanted = [r for r in candidates if not r.status.is_final]
    wanted_ids = {r.id for r in wanted}
    items = list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.edition_id == edition.id)
        .options(selectinload(AgendaItem.documents), selectinload(AgendaItem.recommendations))
        .order_by(AgendaItem.position, AgendaItem.id)))
    reported_here = set(db.session.scalars(select(FollowUp.recommendation_id)
                                           .where(FollowUp.edition_id == edition.id)))
    removed = 0
    for item in [i for i in items if i.kind == AgendaItemKind.FOLLOW_UP]:
        if not _keeps(item, wanted_ids, reported_here):
            items.remove(item)
            db.session.delete(item)
            removed += 1
    present = {i.follow_up_of_id for i in items if i.follow_up_of_id is not None}
    numbers = {i.number for i in items}
    counter = 0
    added = 0
    for recommendation in wanted:
        if recommendation.id in present:
            continue
        counter += 1
        while f"F{counter}" in numbers:
            counter += 1
        with in_record_language():
            title = gettext("Follow-up: %(reference)s %(title)s", reference=recommendation.reference,
                            title=recommendation.title)
        item = AgendaItem(edition_id=edition.id, kind=AgendaItemKind.FOLLOW_UP, follow_up_of=recommendation,
                          number=f"F{counter}", title=title[:300],
                          is_public=recommendation.agenda_item.is_public)
        db.session.add(item)
        items.append(item)
        added += 1
    for position, item in enumerate(items):
        item.position = position
    db.session.flush()
    return CarryResult(added, removed)


def carry_open_recommendations(edition: Edition) -> int:
    """Carry every open recommendation of earlier council editions into ``edition``'s agenda as a
    follow-up item (see :func:`update_follow_up_items`); returns how many items were added."""
    return update_follow_up_items(edition).added


def sync_upcoming() -> None:
    """Update the follow-up items of every council edition that has not met yet (after a decision or
    a status report changed what is open)."""
    # By id: concurrent updates take the edition locks in the same order, so they cannot deadlock.
    for edition in db.session.scalars(select(Edition).where(Edition.format == EditionFormat.COUNCIL,
                                                            Edition.status.not_in(HELD_STATUSES))
                                      .order_by(Edition.id)):
        update_follow_up_items(edition)
