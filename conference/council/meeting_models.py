"""One council meeting: its settings, the invitation of every seat with its answer, and who came."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from conference.council.seat_models import Person, Seat
from conference.database import Timestamps, UTCDateTime, enum_column, new_token, utcnow
from conference.editions.models import Edition
from conference.extensions import db
from conference.registration.models import Registration

# --- A council meeting: settings, invitations, attendance -----------------------------------------------

class CouncilMeeting(Timestamps, db.Model):
    """The council-specific settings of one council edition (one meeting per edition)."""

    __tablename__ = "council_meeting"
    __table_args__ = (CheckConstraint("quorum_share > 0 AND quorum_share <= 1", name="quorum_share_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), unique=True)
    # Answers can be changed until then (None: until the meeting starts).
    rsvp_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Share of active seats that must be represented for the quorum (Beschlussfähigkeit).
    quorum_share: Mapped[float] = mapped_column(Float, default=0.5, server_default="0.5")
    invitation_text: Mapped[str] = mapped_column(Text, default="")
    invitations_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    edition: Mapped[Edition] = relationship()


class RsvpStatus(enum.StrEnum):
    PENDING = "pending"
    ATTENDING = "attending"
    DEPUTY_ATTENDS = "deputy_attends"
    DECLINED = "declined"

    @property
    def label(self):
        return RSVP_LABELS[self]


RSVP_LABELS = {
    RsvpStatus.PENDING: _l("No answer yet"),
    RsvpStatus.ATTENDING: _l("Attending"),
    RsvpStatus.DEPUTY_ATTENDS: _l("Deputy attends"),
    RsvpStatus.DECLINED: _l("Declined"),
}
# Answers that mean the seat will be represented.
REPRESENTED = (RsvpStatus.ATTENDING, RsvpStatus.DEPUTY_ATTENDS)


class Invitation(Timestamps, db.Model):
    """The invitation of one seat to one council edition. The member and the deputy get the same link;
    the answer is the seat's, and it can be changed until the RSVP deadline."""

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("edition_id", "seat_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    seat_id: Mapped[int] = mapped_column(ForeignKey("seat.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    status: Mapped[RsvpStatus] = mapped_column(enum_column(RsvpStatus, "rsvp_status"), default=RsvpStatus.PENDING,
                                               server_default=RsvpStatus.PENDING.value)
    note: Mapped[str] = mapped_column(Text, default="")
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Bumped when the meeting's time or place changes, so calendars replace the event (iCalendar SEQUENCE).
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # While the seat is represented, the person coming holds a registration for the edition: through it they
    # rank the parallel forums and get their forum bookings, exactly as open-day visitors do with workshops.
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id", ondelete="SET NULL"),
                                                        unique=True)

    edition: Mapped[Edition] = relationship()
    seat: Mapped[Seat] = relationship()
    registration: Mapped[Registration | None] = relationship()


class AttendanceRole(enum.StrEnum):
    MEMBER = "member"
    DEPUTY = "deputy"
    # Someone else sent by the institution when neither could come.
    SUBSTITUTE = "substitute"

    @property
    def label(self):
        return ATTENDANCE_ROLE_LABELS[self]


ATTENDANCE_ROLE_LABELS = {
    AttendanceRole.MEMBER: _l("Member"),
    AttendanceRole.DEPUTY: _l("Deputy"),
    AttendanceRole.SUBSTITUTE: _l("Substitute"),
}


class Attendance(Timestamps, db.Model):
    """Who actually came for a seat on the meeting day, checked in by staff."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("edition_id", "seat_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    seat_id: Mapped[int] = mapped_column(ForeignKey("seat.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    role: Mapped[AttendanceRole] = mapped_column(enum_column(AttendanceRole, "attendance_role", 16))
    # The name of a substitute, who has no Person record.
    substitute_name: Mapped[str] = mapped_column(String(200), default="")
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    seat: Mapped[Seat] = relationship()
    person: Mapped[Person | None] = relationship()
