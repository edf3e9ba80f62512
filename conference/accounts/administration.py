"""What administrators do to accounts: lift a lock, deactivate, reactivate. Every change is logged in the
audit log, in the same transaction; asking for what is already so changes nothing and logs nothing."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext
from sqlalchemy import select

from conference.accounts import lockout
from conference.accounts.models import Role, User
from conference.audit import services as audit
from conference.errors import ConflictError, NotFoundError
from conference.extensions import db
from conference.row_locks import lock_rows


def get_account(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFoundError(gettext("This account does not exist."))
    return user


def unlock(user: User, now: datetime, *, actor_id: int) -> bool:
    """Lift the lock and forget the failed sign-ins, as a password reset would. False: nothing to lift."""
    was_locked = user.locked_until is not None and user.locked_until > now
    failures = user.failed_logins or 0
    if not was_locked and not failures:
        user.locked_until = None  # a lock that has run out: nothing to lift, nothing to record
        return False
    lockout.clear(user)
    audit.record("account.unlock", subject=user, actor_id=actor_id,
                 details={"was_locked": was_locked, "failed_logins": failures})
    db.session.flush()
    return True


def deactivate(user: User, *, actor_id: int) -> bool:
    """Switch the account off: it can no longer sign in, and its open sessions end. Nobody can switch off
    their own account (an administrator would lock themselves out, possibly the last one). False: it was off."""
    if user.id == actor_id:
        raise ConflictError(gettext("You cannot deactivate your own account."))
    if user.role == Role.ADMIN and actor_id not in _lock_active_administrators():
        # Two administrators switching each other off at the same moment: the second waits for the first's
        # commit, finds itself switched off, and stops here, so one active administrator always remains.
        raise ConflictError(gettext("Your own account has just been deactivated."))
    _lock_account(user)
    if not user.is_active_account:
        return False
    user.is_active_account = False
    audit.record("account.deactivate", subject=user, actor_id=actor_id, details={"role": user.role.value})
    db.session.flush()
    return True


def _lock_account(user: User) -> None:
    """Re-read the account under a lock held until commit (:mod:`conference.row_locks`), so that of two
    administrators switching the same account off at once, the second finds it off already and neither the
    change nor its audit entry is made twice."""
    lock_rows(User, User.id == user.id)
    db.session.refresh(user)


def _lock_active_administrators() -> set[int]:
    """The ids of the active administrators, read under a lock held until commit (:mod:`conference.row_locks`;
    on PostgreSQL a row switched off while we waited for its lock is left out)."""
    active = (User.role == Role.ADMIN, User.is_active_account.is_(True))
    lock_rows(User, *active)
    return set(db.session.scalars(select(User.id).where(*active)))


def reactivate(user: User, *, actor_id: int) -> bool:
    """Switch the account on again. False: it was on."""
    _lock_account(user)
    if user.is_active_account:
        return False
    user.is_active_account = True
    audit.record("account.reactivate", subject=user, actor_id=actor_id, details={"role": user.role.value})
    db.session.flush()
    return True
