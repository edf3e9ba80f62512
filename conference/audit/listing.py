"""Reading the audit log: filtered, newest first, one page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from conference.accounts.models import User
from conference.audit.actions import ACTION_LABELS
from conference.audit.models import AuditEntry
from conference.editions.models import Edition
from conference.editions.services import from_local
from conference.extensions import db

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilter:
    """What to show. ``actor_id`` 0 means entries without an account (the system, or an account deleted
    since); dates are local (Europe/Berlin) days, both included."""

    action: str | None = None
    edition_id: int | None = None
    actor_id: int | None = None
    since: date | None = None
    until: date | None = None

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.action, self.edition_id, self.actor_id, self.since, self.until))


@dataclass(frozen=True)
class Page:
    entries: list[AuditEntry]
    number: int
    pages: int
    total: int


def _where(query, filters: AuditFilter):
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.edition_id:
        query = query.where(AuditEntry.edition_id == filters.edition_id)
    if filters.actor_id == 0:
        query = query.where(AuditEntry.actor_id.is_(None))
    elif filters.actor_id is not None:
        query = query.where(AuditEntry.actor_id == filters.actor_id)
    if filters.since:
        query = query.where(AuditEntry.at >= from_local(filters.since, time(0)))
    if filters.until:
        query = query.where(AuditEntry.at < from_local(filters.until + timedelta(days=1), time(0)))
    return query


def page_of_entries(filters: AuditFilter, number: int) -> Page:
    """Page ``number`` (from 1; out of range: the nearest page) of the entries matching ``filters``, newest
    first, with their actors loaded: three queries however long the page."""
    total = db.session.scalar(_where(select(func.count(AuditEntry.id)), filters)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(number, 1), pages)
    entries = db.session.scalars(
        _where(select(AuditEntry), filters).options(selectinload(AuditEntry.actor))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return Page(list(entries), number, pages, total)


def action_codes() -> list[str]:
    """The known codes, then any other code found in the log (a filter for every entry there is)."""
    found = db.session.scalars(select(AuditEntry.action).distinct()).all()
    return [*ACTION_LABELS, *sorted(set(found) - set(ACTION_LABELS))]


def editions() -> list[Edition]:
    return list(db.session.scalars(select(Edition).order_by(Edition.starts_at.desc(), Edition.id.desc())))


def actors() -> list[User]:
    """The accounts that appear in the log, by name."""
    return list(db.session.scalars(
        select(User).where(User.id.in_(select(AuditEntry.actor_id).where(AuditEntry.actor_id.is_not(None))))
        .order_by(func.lower(User.name), func.lower(User.email))))
