"""Partner accounts: a contact signs up, confirms the address, and an organiser approves them.

A contact belongs to an ``Organisation``; several contacts per organisation are allowed. Signing up
with the name of an existing organisation joins it, but only an organiser's approval lets the
contact in, and the approval page says which organisation they join and who else is there."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from conference.accounts.models import Role, User
from conference.accounts.services import check_password_policy, find_user_by_email, normalise_email
from conference.audit import services as audit
from conference.database import utcnow
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db
from conference.links import external_url
from conference.mail.services import queue_mail
from conference.organisations.models import Organisation
from conference.pages.services import feedback_recipients

SIGNUP_SALT = "partner-signup"

ORGANISATION_KINDS = {
    "school": _l("School"),
    "kita": _l("Kita or family centre"),
    "youth_services": _l("Youth services"),
    "welfare": _l("Welfare association"),
    "adult_education": _l("Adult education"),
    "university": _l("University or college"),
    "culture": _l("Culture (library, museum, music school, theatre)"),
    "business": _l("Business or chamber"),
    "public": _l("Public authority"),
    "association": _l("Association or initiative"),
    "other": _l("Other"),
}


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SIGNUP_SALT)


def _send_confirmation(user: User) -> None:
    token = _serializer().dumps({"uid": user.id, "email": user.email})
    queue_mail(user.email, "partner_confirm", locale=user.locale,
               subject=_l("Please confirm your e-mail address"), user=user,
               confirm_url=external_url("signup.confirm", token=token),
               hours=current_app.config["SIGNUP_CONFIRM_HOURS"])


def find_organisation(name: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(func.lower(Organisation.name) == name.strip().lower()))


def sign_up(*, name: str, email: str, password: str, organisation_name: str, organisation_kind: str = "",
            website: str = "", locale: str = "de") -> User | None:
    """Create a pending partner account and mail the confirmation link.

    An address that already has an account gets no new one and no hint on the page (that would let
    anyone probe for accounts): an unconfirmed account is sent its link again, a confirmed one a
    note that someone tried to sign up with it. Returns the new account, or None."""
    check_password_policy(password)
    if not organisation_name.strip():
        raise DomainError(gettext("Please name your institution."), field="organisation_name")
    existing = find_user_by_email(email)
    if existing is not None:
        if existing.email_verified_at is None:
            _send_confirmation(existing)
        else:
            queue_mail(existing.email, "partner_exists", locale=existing.locale,
                       subject=_l("Someone tried to sign up with your address"), user=existing,
                       reset_url=external_url("accounts.forgot_password"))
        return None
    organisation = find_organisation(organisation_name)
    if organisation is None:
        organisation = Organisation(name=organisation_name.strip(), kind=organisation_kind if organisation_kind
                                    in ORGANISATION_KINDS else "", website=website.strip())
        db.session.add(organisation)
    user = User(email=normalise_email(email), name=name.strip(), role=Role.PROVIDER, organisation=organisation,
                locale=locale if locale in ("de", "en") else "de")
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    _send_confirmation(user)
    return user


def confirm_email(token: str, now: datetime | None = None) -> User:
    """Mark the address confirmed and tell the organisers that an account waits for approval."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["SIGNUP_CONFIRM_HOURS"] * 3600)
    except SignatureExpired:
        raise DomainError(gettext("This link has expired. Sign up again with the same address to get a new one.")
                          ) from None
    except BadSignature:
        raise NotFoundError(gettext("This confirmation link is not valid.")) from None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or user.email != data.get("email"):
        raise NotFoundError(gettext("This confirmation link is not valid."))
    if user.email_verified_at is None:
        user.email_verified_at = now or utcnow()
        for recipient in feedback_recipients():
            queue_mail(recipient, "partner_pending", locale="de",
                       subject=_l("A partner account waits for approval: %(organisation)s",
                                       organisation=user.organisation.name),
                       user=user, approve_url=external_url("partners_manage.index"))
    return user


def pending_accounts() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.role == Role.PROVIDER, User.email_verified_at.is_not(None),
                           User.approved_at.is_(None)).order_by(User.created_at)))


def unconfirmed_accounts() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.role == Role.PROVIDER, User.email_verified_at.is_(None)).order_by(User.created_at)))


def partner_contacts() -> list[User]:
    return list(db.session.scalars(
        select(User).join(Organisation).where(User.role == Role.PROVIDER, User.approved_at.is_not(None))
        .order_by(Organisation.name, User.name)))


def contacts_of(organisation_id: int) -> list[User]:
    return list(db.session.scalars(select(User).where(User.organisation_id == organisation_id, User.role ==
                                                      Role.PROVIDER, User.approved_at.is_not(None))
                                   .order_by(User.name)))


def _pending(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.role != Role.PROVIDER:
        raise NotFoundError(gettext("This account does not exist."))
    return user


def approve(user_id: int, now: datetime | None = None) -> User:
    user = _pending(user_id)
    if user.email_verified_at is None:
        raise ConflictError(gettext("The address is not confirmed yet."))
    if user.approved_at is None:
        user.approved_at = now or utcnow()
        audit.record("partner.approve", subject=user, details={"organisation_id": user.organisation_id})
        queue_mail(user.email, "partner_approved", locale=user.locale,
                   subject=_l("Your partner account is ready"), user=user,
                   login_url=external_url("accounts.login"))
    return user


def reject(user_id: int) -> None:
    """Refuse a sign-up: the account goes, and so does an organisation made only for it."""
    user = _pending(user_id)
    if user.approved_at is not None:
        raise ConflictError(gettext("This account has already been approved."))
    organisation = user.organisation
    if user.email_verified_at is not None:
        queue_mail(user.email, "partner_rejected", locale=user.locale,
                   subject=_l("Your sign-up as a partner institution"), user=user)
    entry = audit.record("partner.reject", subject=user, details={"organisation_id": user.organisation_id,
                                                                  "organisation_removed": False})
    db.session.delete(user)
    db.session.flush()
    if organisation is not None and _is_unused(organisation):
        db.session.delete(organisation)
        entry.details = {**entry.details, "organisation_removed": True}
    db.session.flush()


def _is_unused(organisation: Organisation) -> bool:
    from conference.program.models import Session
    from conference.submissions.models import Submission

    for model, column in ((User, User.organisation_id), (Session, Session.organisation_id),
                          (Submission, Submission.organisation_id)):
        if db.session.scalar(select(func.count()).select_from(model).where(column == organisation.id)):
            return False
    return True
