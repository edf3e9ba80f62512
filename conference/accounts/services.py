"""Account rules: authentication, creation, password reset."""

from __future__ import annotations

import logging

from flask import current_app
from flask_babel import gettext
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from conference.accounts import lockout
from conference.accounts.models import Role, User
from conference.accounts.passwords import verify_dummy
from conference.database import utcnow
from conference.errors import ConflictError, DomainError
from conference.extensions import db

log = logging.getLogger(__name__)
RESET_SALT = "password-reset"


def normalise_email(email: str) -> str:
    return email.strip().lower()


def load_user(session_id: str) -> User | None:
    user_id, _, fragment = str(session_id).partition(":")
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError, OverflowError):
        return None
    if user is None or user.password_hash[-12:] != fragment:
        return None
    if not user.is_active:  # deactivated by an administrator: the open sessions end too
        return None
    return user


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with these credentials, or None. Takes equally long for unknown e-mails.
    A pending partner sign-up with the right password raises a ConflictError that says why. Too many
    failures in a row lock the account for a while (AccountLockedError, see ``lockout`` for the trade-offs);
    while it is locked, the password is not even checked."""
    user = find_user_by_email(email)
    if user is None:
        verify_dummy(password)
        return None
    now = utcnow()
    try:
        lockout.check_not_locked(user, now)
    except lockout.AccountLockedError:
        verify_dummy(password)  # the same time as a real check: the lock does not show in the timing
        raise
    if not user.check_password(password) or not user.is_active_account:
        log.info("login failed", extra={"user_id": user.id})
        lockout.record_failure(user, now)
        return None
    if user.is_pending:  # the right password: say what is missing (only the account holder learns it)
        raise ConflictError(gettext("Please confirm your e-mail address first: we have sent you a link.")
                            if user.email_verified_at is None else
                            gettext("Your account is waiting for approval by the organisers. We will let you "
                                    "know by e-mail."))
    lockout.clear(user)
    user.last_login_at = now
    return user


def check_password_policy(password: str) -> None:
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        raise DomainError(gettext("The password must have at least %(n)d characters.", n=minimum),
                          field="password")


def create_user(email: str, password: str, role: Role | str, *, name: str = "",
                organisation_id: int | None = None, enforce_policy: bool = True) -> User:
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise ConflictError(gettext("An account with this e-mail address already exists."), field="email")
    if enforce_policy:
        check_password_policy(password)
    now = utcnow()  # made by staff or the CLI: trusted, so confirmed and approved from the start
    user = User(email=email, name=name, role=Role(role), organisation_id=organisation_id, email_verified_at=now,
                approved_at=now)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def make_reset_token(user: User) -> str:
    # The hash fragment makes the token single-use: once the password changes, it no longer matches.
    return _serializer().dumps({"uid": user.id, "h": user.password_hash[-16:]})


def request_password_reset(email: str, reset_url_for) -> None:
    """Queue a reset mail if the account exists. Says nothing either way, to avoid account probing."""
    from conference.mail.services import queue_mail

    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    token = make_reset_token(user)
    queue_mail(
        user.email, "password_reset", subject=gettext("Reset your password"),
        reset_url=reset_url_for(token), user=user,
        max_age_minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60,
    )


def user_for_reset_token(token: str) -> User:
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except SignatureExpired:
        raise DomainError(gettext("This link has expired. Please request a new one.")) from None
    except BadSignature:
        raise DomainError(gettext("This link is not valid. Please request a new one.")) from None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or user.password_hash[-16:] != data.get("h"):
        raise DomainError(gettext("This link has already been used. Please request a new one."))
    return user


def reset_password(token: str, new_password: str) -> User:
    user = user_for_reset_token(token)
    check_password_policy(new_password)
    user.set_password(new_password)
    lockout.clear(user)  # whoever can read the account's mail may sign in again at once
    return user
