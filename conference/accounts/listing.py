"""The administrators' list of accounts (staff and partners): filtered, searched, one page at a time.

An account's status is a set of marks, and the status filter finds exactly the accounts that carry the mark:
``deactivated`` (switched off by an administrator), ``unconfirmed`` / ``unapproved`` (a partner sign-up that
waits for its address or for an organiser; the filter ``pending`` finds both), ``locked`` (too many failed
sign-ins, until ``locked_until``) and ``active`` (none of the others: the person can sign in)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, not_, or_, select
from sqlalchemy.orm import selectinload

from conference.accounts.models import Role, User
from conference.extensions import db

PAGE_SIZE = 50
STATUS_FILTERS = ("active", "locked", "pending", "deactivated")


@dataclass(frozen=True)
class AccountFilter:
    """What to show: one role, one status (of ``STATUS_FILTERS``), and words that must all occur in the
    name or the e-mail address."""

    role: Role | None = None
    status: str | None = None
    q: str = ""

    @property
    def active(self) -> bool:
        return self.role is not None or self.status is not None or bool(self.q)


@dataclass(frozen=True)
class Page:
    accounts: list[User]
    number: int
    pages: int
    total: int


def _locked(now: datetime):
    return and_(User.locked_until.is_not(None), User.locked_until > now)


def _pending():
    return or_(User.email_verified_at.is_(None), User.approved_at.is_(None))


def _status_clause(status: str, now: datetime):
    if status == "locked":
        return _locked(now)
    if status == "pending":
        return _pending()
    if status == "deactivated":
        return User.is_active_account.is_(False)
    if status == "active":
        return and_(User.is_active_account.is_(True), not_(_pending()), not_(_locked(now)))
    raise ValueError(f"unknown status {status!r}")


def _where(query, filters: AccountFilter, now: datetime):
    if filters.role is not None:
        query = query.where(User.role == filters.role)
    if filters.status is not None:
        query = query.where(_status_clause(filters.status, now))
    for word in filters.q.split():
        query = query.where(or_(User.name.icontains(word, autoescape=True),
                                User.email.icontains(word, autoescape=True)))
    return query


def page_of_accounts(filters: AccountFilter, number: int, now: datetime) -> Page:
    """Page ``number`` (from 1; out of range: the nearest page) of the accounts matching ``filters``, by name,
    with their organisations loaded: three queries however long the page."""
    total = db.session.scalar(_where(select(func.count(User.id)), filters, now)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(number, 1), pages)
    accounts = db.session.scalars(
        _where(select(User), filters, now).options(selectinload(User.organisation))
        .order_by(func.lower(User.name), func.lower(User.email), User.id)
        .offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return Page(list(accounts), number, pages, total)


def count_locked(now: datetime) -> int:
    """How many accounts are locked at ``now`` (the dashboard shows it to administrators)."""
    return db.session.scalar(select(func.count(User.id)).where(_locked(now))) or 0


def marks(user: User, now: datetime) -> list[str]:
    """The status marks of ``user`` (see the module's docstring), in the order the page shows them."""
    found = []
    if not user.is_active_account:
        found.append("deactivated")
    if user.email_verified_at is None:
        found.append("unconfirmed")
    elif user.approved_at is None:
        found.append("unapproved")
    if user.locked_until is not None and user.locked_until > now:
        found.append("locked")
    return found or ["active"]
