"""Registrations for an edition and bookings of capacity-limited sessions."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from conference.database import UTCDateTime, new_token, utcnow
from conference.editions.models import Edition
from conference.extensions import db
from conference.program.models import Session

PARTICIPANT_ROLES = {
    "teacher": _l("Teacher (Lehrkraft)"),
    "kita": _l("Early childhood (Kita)"),
    "parent": _l("Parent"),
    "youth_work": _l("Youth services (Jugendhilfe)"),
    "administration": _l("Administration (Verwaltung)"),
    "business": _l("Business (Wirtschaft)"),
    "student": _l("Pupil or student"),
    "other": _l("Other"),
}


class BookingStatus(enum.StrEnum):
    BOOKED = "booked"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    ATTENDED = "attended"

    @property
    def label(self):
        return BOOKING_STATUS_LABELS[self]


BOOKING_STATUS_LABELS = {
    BookingStatus.BOOKED: _l("Booked"),
    BookingStatus.WAITLISTED: _l("Waiting list"),
    BookingStatus.CANCELLED: _l("Cancelled"),
    BookingStatus.ATTENDED: _l("Attended"),
}
# Bookings that hold a seat. Waitlisted and cancelled ones do not.
SEAT_HOLDING = (BookingStatus.BOOKED, BookingStatus.ATTENDED)


TICKET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and typed


def new_ticket_code() -> str:
    """``XXXX-XXXX``: 40 bits of randomness in characters that cannot be confused."""
    code = "".join(secrets.choice(TICKET_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


class Registration(db.Model):
    """A visitor's registration for one edition: minimal personal data, tokenised access."""

    __tablename__ = "registration"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), index=True)
    organisation: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(40), default="")
    # Art. 9 GDPR data: kept only with its own consent, and purged first.
    accessibility_needs: Mapped[str] = mapped_column(Text, default="")
    accessibility_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    privacy_notice_version: Mapped[str] = mapped_column(String(40))
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    manage_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    confirm_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    confirm_by: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The code on the ticket (QR) that staff scan or type at check-in; short, unguessable, no personal data.
    ticket_code: Mapped[str | None] = mapped_column(String(16), unique=True, default=new_ticket_code)
    # Set when the person's data was anonymised (erasure on request, or the retention purge): the row stays
    # so that counts stay right, with no name, address or free text left.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    edition: Mapped[Edition] = relationship()
    bookings: Mapped[list[Booking]] = relationship(back_populates="registration", order_by="Booking.id")
    rankings: Mapped[list[Ranking]] = relationship(back_populates="registration", order_by="Ranking.rank",
                                                   cascade="all, delete-orphan")

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Booking(db.Model):
    """One registration's claim on one session: a seat, or a place in the FIFO waiting list."""

    __tablename__ = "booking"
    __table_args__ = (
        # Seat counts and waiting-list order read these columns under the session lock.
        Index("ix_booking_session_id_status", "session_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"))
    status: Mapped[BookingStatus] = mapped_column(
        Enum(BookingStatus, name="booking_status", native_enum=False, length=16,
             values_callable=lambda e: [m.value for m in e])
    )
    # FIFO order of the waiting list: the moment the visitor joined it (ties broken by id).
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When staff checked the person in for this session (status becomes ATTENDED).
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    registration: Mapped[Registration] = relationship(back_populates="bookings")
    session: Mapped[Session] = relationship()


class CapacityChange(db.Model):
    """Every change of a session's capacity, and every explicit overbooking, with who and why."""

    __tablename__ = "capacity_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    old_capacity: Mapped[int | None] = mapped_column(Integer)
    new_capacity: Mapped[int | None] = mapped_column(Integer)
    is_override: Mapped[bool] = mapped_column(default=False, server_default=false())
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Ranking(db.Model):
    """A participant's rank for one workshop (preference mode): rank 1 is the first choice."""

    __tablename__ = "ranking"
    __table_args__ = (
        UniqueConstraint("registration_id", "rank"),
        UniqueConstraint("registration_id", "workshop_key"),
        CheckConstraint("rank >= 1", name="rank_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    workshop_key: Mapped[str] = mapped_column(String(64))
    rank: Mapped[int] = mapped_column(Integer)

    registration: Mapped[Registration] = relationship(back_populates="rankings")


class AllocationStatus(enum.StrEnum):
    DONE = "done"
    PUBLISHED = "published"
    DISCARDED = "discarded"

    @property
    def label(self):
        return {AllocationStatus.DONE: _l("not published yet"), AllocationStatus.PUBLISHED: _l("published"),
                AllocationStatus.DISCARDED: _l("replaced by a later run")}[self]


class AllocationRun(db.Model):
    """One run of the allocation on an edition's rankings: the result, its report and the comparison
    with first come, first served; publishing turns the result into bookings."""

    __tablename__ = "allocation_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    status: Mapped[AllocationStatus] = mapped_column(
        Enum(AllocationStatus, name="allocation_status", native_enum=False, length=16,
             values_callable=lambda e: [m.value for m in e]), default=AllocationStatus.DONE)
    # {registration_id: [session_id, …]} (keys as strings: JSON)
    assignments: Mapped[dict] = mapped_column(JSON, default=dict)
    report: Mapped[dict] = mapped_column(JSON, default=dict)
    first_come_report: Mapped[dict] = mapped_column(JSON, default=dict)
    seconds: Mapped[float] = mapped_column(default=0.0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
