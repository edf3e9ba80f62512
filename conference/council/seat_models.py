"""The council's seats, the people who hold them and their terms (memberships), with their history."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from conference.database import Timestamps, UTCDateTime, enum_column
from conference.extensions import db
from conference.organisations.models import Organisation

# --- Seats, people and memberships -------------------------------------------------------------------------

class SeatGroup(Timestamps, db.Model):
    """A bench of seats: school forms, Kita providers, youth services, business, universities, …"""

    __tablename__ = "seat_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    seats: Mapped[list[Seat]] = relationship(back_populates="group", order_by="Seat.position, Seat.id")


class Seat(Timestamps, db.Model):
    """One of the council's about 55 seats, held by an institution; a member and a deputy sit on it."""

    __tablename__ = "seat"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("seat_group.id", ondelete="RESTRICT"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="RESTRICT"), index=True)
    # What the seat stands for, e.g. "Grundschulen" or "Träger der freien Jugendhilfe (1)".
    label: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # A seat that was abolished stays for the history, but gets no more invitations.
    is_active: Mapped[bool] = mapped_column(default=True, server_default=true())

    group: Mapped[SeatGroup] = relationship(back_populates="seats")
    organisation: Mapped[Organisation] = relationship()
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="seat", order_by="Membership.starts_on, Membership.id")

    def holder(self, role: MembershipRole, on: date) -> Membership | None:
        """The membership in ``role`` that runs on ``on`` (needs ``memberships`` loaded)."""
        for membership in self.memberships:
            if membership.role == role and membership.runs_on(on):
                return membership
        return None


class Person(Timestamps, db.Model):
    """Someone who sits on a seat. Minimal personal data; the name is public only with consent."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(String(100), default="")
    family_name: Mapped[str] = mapped_column(String(100))
    # "Dr.", "Prof. Dr." – printed before the name on lists and letters.
    title: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    locale: Mapped[str] = mapped_column(String(8), default="de", server_default="de")
    # Consent to publishing the name (public pages and OParl): when it was given and recorded, and
    # what the person was told (the text version). None means no consent: the name stays internal.
    publication_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    publication_consent_text: Mapped[str] = mapped_column(String(40), default="")

    memberships: Mapped[list[Membership]] = relationship(back_populates="person",
                                                         order_by="Membership.starts_on")

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.title, self.given_name, self.family_name) if part)

    @property
    def sort_name(self) -> str:
        return f"{self.family_name}, {self.given_name}".strip(", ")

    @property
    def is_name_public(self) -> bool:
        return self.publication_consent_at is not None


class MembershipRole(enum.StrEnum):
    MEMBER = "member"
    DEPUTY = "deputy"

    @property
    def label(self):
        return MEMBERSHIP_ROLE_LABELS[self]


MEMBERSHIP_ROLE_LABELS = {MembershipRole.MEMBER: _l("Member"), MembershipRole.DEPUTY: _l("Deputy")}


class Membership(Timestamps, db.Model):
    """A person on a seat in one role for a term. A change of person ends the old membership and starts a
    new one, so the history of every seat stays."""

    __tablename__ = "membership"
    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="term_ends_after_start"),
        Index("ix_membership_seat_id_role", "seat_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    seat_id: Mapped[int] = mapped_column(ForeignKey("seat.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[MembershipRole] = mapped_column(enum_column(MembershipRole, "membership_role", 16))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)

    seat: Mapped[Seat] = relationship(back_populates="memberships")
    person: Mapped[Person] = relationship(back_populates="memberships")

    def runs_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)
