"""Account lockout with exponential backoff, after repeated failed sign-ins to one account.

After ``LOGIN_LOCKOUT_THRESHOLD`` consecutive failures the account is locked for
``LOGIN_LOCKOUT_BASE_SECONDS``; each further failure (once the lock has run out) doubles the lock, up to
``LOGIN_LOCKOUT_MAX_SECONDS``. A successful sign-in or a password reset clears the count and the lock, and
so does an administrator on the account page (/manage/accounts/, which lists the locks).
A threshold of 0 turns the lockout off. This complements the per-address limit (``LOGIN_RATE_LIMIT``):
that one slows one client down, this one protects one account from guesses spread over many clients.

Trade-offs, chosen deliberately:

- **Enumeration.** Only real accounts are locked: after ``THRESHOLD`` wrong passwords, a known address
  answers "too many attempts, try again in N minutes" where an unknown one still answers "e-mail address
  or password is incorrect". Whoever spends that many attempts per address can thus tell that an account
  exists. Hiding it would mean keeping a failure count for every address anyone typed in, which stores
  personal data about strangers and lets anyone fill the table. The leak is bounded: the per-client rate
  limit slows the probing, each probe locks (and so reveals itself to) the real account holder in the log,
  and the message says nothing more than that there were too many attempts and when to try again. It
  never says whether the password of the attempt was right: while locked, the password is not checked.
- **Denial of service.** Anyone who knows an address can keep its account locked. The cap keeps each lock
  short, and the password reset link (which works while locked) unlocks at once.
- **Concurrency.** Failures are counted with one atomic ``UPDATE … RETURNING``, so parallel guesses are
  all counted. Guesses already under way when the lock is set still finish; their number is bounded by
  the attacker's concurrency and the rate limit.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import or_, update

from conference.accounts.models import User
from conference.errors import DomainError
from conference.extensions import db

log = logging.getLogger(__name__)
_MAX_DOUBLINGS = 32  # far beyond any cap; keeps 2**n small whatever the count


class AccountLockedError(DomainError):
    """Sign-in refused because of too many failed attempts. The login view shows it on the re-rendered
    form with status 200, so the request boundary commits the failure that set the lock."""

    status_code = 429

    def __init__(self, remaining: timedelta):
        self.retry_after = max(1, math.ceil(remaining.total_seconds()))
        minutes = max(1, math.ceil(self.retry_after / 60))
        super().__init__(ngettext(
            "Too many failed sign-in attempts. Please try again in %(num)d minute, or reset your password.",
            "Too many failed sign-in attempts. Please try again in %(num)d minutes, or reset your password.",
            minutes))


def backoff(failures: int, *, threshold: int, base: timedelta, cap: timedelta) -> timedelta | None:
    """How long to lock an account after ``failures`` consecutive failures: nothing below the threshold,
    then ``base`` doubling with every further failure, never more than ``cap``. ``threshold`` 0: never."""
    if threshold <= 0 or failures < threshold:
        return None
    return min(base * 2 ** min(failures - threshold, _MAX_DOUBLINGS), cap)


def _policy() -> dict:
    config = current_app.config
    return {"threshold": config["LOGIN_LOCKOUT_THRESHOLD"],
            "base": timedelta(seconds=config["LOGIN_LOCKOUT_BASE_SECONDS"]),
            "cap": timedelta(seconds=config["LOGIN_LOCKOUT_MAX_SECONDS"])}


def check_not_locked(user: User, now: datetime) -> None:
    """Raise AccountLockedError while the user's lock lasts."""
    if user.locked_until is not None and user.locked_until > now:
        log.info("login refused: account locked", extra={"user_id": user.id})
        raise AccountLockedError(user.locked_until - now)


def record_failure(user: User, now: datetime) -> None:
    """Count a failed sign-in; raise AccountLockedError if this failure locks the account."""
    no_sync = {"synchronize_session": False}  # the loaded copy may be stale: it is expired below instead
    failures = db.session.execute(
        update(User).where(User.id == user.id).values(failed_logins=User.failed_logins + 1)
        .returning(User.failed_logins), execution_options=no_sync,
    ).scalar_one()
    delay = backoff(failures, **_policy())
    if delay is not None:
        until = now + delay
        # Of two parallel failures, the later lock wins (a smaller count must not shorten it).
        db.session.execute(
            update(User).where(User.id == user.id, or_(User.locked_until.is_(None), User.locked_until < until))
            .values(locked_until=until), execution_options=no_sync,
        )
    db.session.expire(user, ["failed_logins", "locked_until"])
    if delay is None:
        return
    log.warning("account locked", extra={"user_id": user.id, "failed_logins": failures,
                                         "locked_seconds": int(delay.total_seconds())})
    raise AccountLockedError(delay)


def clear(user: User) -> None:
    """Forget the failures and lift the lock (after a successful sign-in, a password reset or an administrator's
    unlock)."""
    user.failed_logins = 0
    user.locked_until = None
