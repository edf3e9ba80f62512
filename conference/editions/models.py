"""Editions of the Bildungskonferenz, their venues, rooms and time slots."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from conference.database import UTCDateTime, enum_column, utcnow
from conference.errors import InvalidTransitionError
from conference.extensions import db


class EditionFormat(enum.StrEnum):
    COUNCIL = "council"
    OPEN_DAY = "open_day"

    @property
    def label(self):
        return FORMAT_LABELS[self]


FORMAT_LABELS = {
    EditionFormat.COUNCIL: _l("Regionale Bildungskonferenz"),
    EditionFormat.OPEN_DAY: _l("Tag der Bildung"),
}


class EditionStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    REGISTRATION_OPEN = "registration_open"
    REGISTRATION_CLOSED = "registration_closed"
    HELD = "held"
    EVALUATED = "evaluated"
    ARCHIVED = "archived"

    @property
    def label(self):
        return STATUS_LABELS[self]


STATUS_LABELS = {
    EditionStatus.DRAFT: _l("Draft"),
    EditionStatus.PUBLISHED: _l("Published"),
    EditionStatus.REGISTRATION_OPEN: _l("Registration open"),
    EditionStatus.REGISTRATION_CLOSED: _l("Registration closed"),
    EditionStatus.HELD: _l("Held"),
    EditionStatus.EVALUATED: _l("Evaluated"),
    EditionStatus.ARCHIVED: _l("Archived"),
}

# The lifecycle runs forwards; two steps back are allowed because organisers need them:
# unpublishing a draft published by mistake, and reopening registration after closing it.
TRANSITIONS: dict[EditionStatus, tuple[EditionStatus, ...]] = {
    EditionStatus.DRAFT: (EditionStatus.PUBLISHED,),
    EditionStatus.PUBLISHED: (EditionStatus.REGISTRATION_OPEN, EditionStatus.DRAFT),
    EditionStatus.REGISTRATION_OPEN: (EditionStatus.REGISTRATION_CLOSED,),
    EditionStatus.REGISTRATION_CLOSED: (EditionStatus.HELD, EditionStatus.REGISTRATION_OPEN),
    EditionStatus.HELD: (EditionStatus.EVALUATED,),
    EditionStatus.EVALUATED: (EditionStatus.ARCHIVED,),
    EditionStatus.ARCHIVED: (),
}

TRANSITION_ACTIONS = {
    EditionStatus.PUBLISHED: _l("Publish"),
    EditionStatus.DRAFT: _l("Back to draft"),
    EditionStatus.REGISTRATION_OPEN: _l("Open registration"),
    EditionStatus.REGISTRATION_CLOSED: _l("Close registration"),
    EditionStatus.HELD: _l("Mark as held"),
    EditionStatus.EVALUATED: _l("Mark as evaluated"),
    EditionStatus.ARCHIVED: _l("Archive"),
}

PUBLIC_STATUSES = frozenset(EditionStatus) - {EditionStatus.DRAFT}


class BookingMode(enum.StrEnum):
    FIRST_COME = "first_come"
    PREFERENCE = "preference"

    @property
    def label(self):
        return BOOKING_MODE_LABELS[self]


BOOKING_MODE_LABELS = {
    BookingMode.FIRST_COME: _l("First come, first served"),
    BookingMode.PREFERENCE: _l("By ranked preference (allocated after a choice window)"),
}




class Edition(db.Model):
    __tablename__ = "edition"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    format: Mapped[EditionFormat] = mapped_column(enum_column(EditionFormat, "edition_format", 32))
    title: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[EditionStatus] = mapped_column(
        enum_column(EditionStatus, "edition_status", 32), default=EditionStatus.DRAFT,
        server_default=EditionStatus.DRAFT.value,
    )
    previous_edition_id: Mapped[int | None] = mapped_column(
        ForeignKey("edition.id", ondelete="SET NULL"), index=True
    )
    # How capacity-limited workshops are booked. In preference mode the sessions that share a
    # workshop_key are ranked during the choice window and allocated afterwards; others stay first come.
    booking_mode: Mapped[BookingMode] = mapped_column(
        enum_column(BookingMode, "booking_mode", 32), default=BookingMode.FIRST_COME,
        server_default=BookingMode.FIRST_COME.value)
    choice_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    choice_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Scheduling: at most this many sessions for one target group in one time slot (None: no limit).
    target_group_limit: Mapped[int | None] = mapped_column(Integer)
    # Privacy (issue 8): the edition's own notice (empty: the site's), and how long personal data is kept
    # after the event: in general, and special-category data (Art. 9 GDPR: accessibility, diet).
    privacy_notice: Mapped[str] = mapped_column(Text, default="", server_default="")
    privacy_notice_version: Mapped[str] = mapped_column(String(40), default="", server_default="")
    retention_months: Mapped[int] = mapped_column(Integer, default=6, server_default="6")
    special_retention_months: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    special_data_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    personal_data_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Certificates of attendance: the share of the booked time that must be attended, and who signs.
    certificate_min_share: Mapped[float] = mapped_column(Float, default=0.5, server_default="0.5")
    certificate_signatory: Mapped[str] = mapped_column(String(200), default="", server_default="")
    certificate_signatory_role: Mapped[str] = mapped_column(String(200), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    previous_edition: Mapped[Edition | None] = relationship(remote_side=[id])
    venues: Mapped[list[Venue]] = relationship(
        back_populates="edition", cascade="all, delete-orphan", order_by="Venue.position, Venue.id"
    )
    time_slots: Mapped[list[TimeSlot]] = relationship(
        back_populates="edition", cascade="all, delete-orphan", order_by="TimeSlot.starts_at"
    )

    def __repr__(self) -> str:
        return f"<Edition {self.number} {self.format.value} {self.status.value}>"

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    def allowed_transitions(self) -> tuple[EditionStatus, ...]:
        return TRANSITIONS[self.status]

    def can_transition_to(self, target: EditionStatus) -> bool:
        return target in TRANSITIONS[self.status]

    def transition_to(self, target: EditionStatus | str) -> None:
        """Move to ``target`` or raise :class:`InvalidTransitionError`; the only way to change status."""
        from flask_babel import gettext

        try:
            target = EditionStatus(target)
        except ValueError:
            raise InvalidTransitionError(gettext("Unknown status: %(status)s", status=target)) from None
        if not self.can_transition_to(target):
            raise InvalidTransitionError(
                gettext(
                    "An edition in status “%(current)s” cannot change to “%(target)s”.",
                    current=self.status.label, target=target.label,
                )
            )
        self.status = target

    # Named steps of the lifecycle, so callers read like the domain.
    def publish(self) -> None:
        self.transition_to(EditionStatus.PUBLISHED)

    def open_registration(self) -> None:
        self.transition_to(EditionStatus.REGISTRATION_OPEN)

    def close_registration(self) -> None:
        self.transition_to(EditionStatus.REGISTRATION_CLOSED)

    def mark_held(self) -> None:
        self.transition_to(EditionStatus.HELD)

    def mark_evaluated(self) -> None:
        self.transition_to(EditionStatus.EVALUATED)

    def archive(self) -> None:
        self.transition_to(EditionStatus.ARCHIVED)


class Venue(db.Model):
    __tablename__ = "venue"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    edition: Mapped[Edition] = relationship(back_populates="venues")
    rooms: Mapped[list[Room]] = relationship(
        back_populates="venue", cascade="all, delete-orphan", order_by="Room.name"
    )


class Room(db.Model):
    __tablename__ = "room"
    __table_args__ = (CheckConstraint("capacity >= 0", name="capacity_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    is_step_free: Mapped[bool] = mapped_column(default=False, server_default=false())
    equipment: Mapped[list[str]] = mapped_column(JSON, default=list)

    venue: Mapped[Venue] = relationship(back_populates="rooms")

    @property
    def label(self) -> str:
        return f"{self.venue.name}, {self.name}"


class TimeSlot(db.Model):
    __tablename__ = "time_slot"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)

    edition: Mapped[Edition] = relationship(back_populates="time_slots")
