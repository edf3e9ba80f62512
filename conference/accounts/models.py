"""Staff and partner accounts."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from conference.accounts.passwords import hash_password, needs_rehash, verify_password
from conference.database import UTCDateTime, utcnow
from conference.extensions import db
from conference.organisations.models import Organisation


class Role(enum.StrEnum):
    ADMIN = "admin"
    ORGANISER = "organiser"
    ANALYST = "analyst"
    REVIEWER = "reviewer"
    PROVIDER = "provider"

    @property
    def label(self):
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: _l("Administrator"),
    Role.ORGANISER: _l("Organiser"),
    Role.ANALYST: _l("Analyst"),
    Role.REVIEWER: _l("Reviewer"),
    Role.PROVIDER: _l("Partner institution"),
}

STAFF_ROLES = frozenset({Role.ADMIN, Role.ORGANISER, Role.ANALYST, Role.REVIEWER})


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, name="user_role", native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    is_active_account: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Partner contacts who sign up themselves confirm their address, then an organiser approves them.
    # Accounts made by staff or the CLI carry both dates from the start.
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The language for mails to this person (the language of the sign-up page).
    locale: Mapped[str] = mapped_column(String(8), default="de", server_default="de")
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Set after too many failed sign-ins (see conference.accounts.lockout); None: not locked.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation | None] = relationship()

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account and not self.is_pending

    @property
    def is_pending(self) -> bool:
        """Signed up, but the address is not confirmed or no organiser has approved the account yet."""
        return self.email_verified_at is None or self.approved_at is None

    def get_id(self) -> str:
        """The session and remember-me cookie carry a fragment of the password hash, so changing the
        password (e.g. by reset) signs out every other session and device."""
        return f"{self.id}:{self.password_hash[-12:]}"

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    def has_role(self, *roles: Role | str) -> bool:
        """Admins hold every role; everyone else exactly their own."""
        return self.role == Role.ADMIN or self.role in {Role(r) for r in roles}

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        if not verify_password(self.password_hash, password):
            return False
        if needs_rehash(self.password_hash):
            self.password_hash = hash_password(password)
        return True
