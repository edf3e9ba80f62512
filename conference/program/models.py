"""Sessions of an edition's programme: workshops, talks, stands, forums and plenaries."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, Integer, String, Text, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from conference.database import UTCDateTime, utcnow
from conference.editions.models import Edition, Room, TimeSlot
from conference.extensions import db
from conference.organisations.models import Organisation

if TYPE_CHECKING:
    from conference.submissions.models import Submission


class SessionKind(enum.StrEnum):
    WORKSHOP = "workshop"
    TALK = "talk"
    PRESENTATION = "presentation"
    STAND = "stand"
    HANDS_ON = "hands_on"
    FORUM = "forum"
    PLENARY = "plenary"

    @property
    def label(self):
        return KIND_LABELS[self]


KIND_LABELS = {
    SessionKind.WORKSHOP: _l("Workshop"),
    SessionKind.TALK: _l("Talk"),
    SessionKind.PRESENTATION: _l("Presentation"),
    SessionKind.STAND: _l("Stand"),
    SessionKind.HANDS_ON: _l("Hands-on activity"),
    SessionKind.FORUM: _l("Forum"),
    SessionKind.PLENARY: _l("Plenary"),
}

TARGET_GROUPS = {
    "kita": _l("Early childhood (Kita)"),
    "primary": _l("Primary school"),
    "secondary": _l("Secondary school"),
    "vocational": _l("Vocational education"),
    "parents": _l("Parents"),
    "teachers": _l("Teachers"),
    "youth_work": _l("Youth services"),
    "adult": _l("Adult education"),
    "public": _l("General public"),
}

TOPICS = {
    "digital": _l("Digital education"),
    "language": _l("Language and reading"),
    "transition": _l("School-to-work transition"),
    "inclusion": _l("Inclusion"),
    "democracy": _l("Democracy education"),
    "sustainability": _l("Sustainability (ESD)"),
    "health": _l("Health and wellbeing"),
    "stem": _l("STEM"),
    "culture": _l("Arts and culture"),
    "all_day": _l("All-day schooling"),
}


class Session(db.Model):
    __tablename__ = "session"
    __table_args__ = (CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    kind: Mapped[SessionKind] = mapped_column(
        Enum(SessionKind, name="session_kind", native_enum=False, length=32,
             values_callable=lambda e: [m.value for m in e])
    )
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id", ondelete="SET NULL"), index=True)
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("time_slot.id", ondelete="SET NULL"), index=True)
    capacity: Mapped[int | None] = mapped_column(Integer)
    registration_required: Mapped[bool] = mapped_column(default=False, server_default=false())
    target_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Draft sessions (e.g. from accepted offers) are invisible to the public and the API.
    is_published: Mapped[bool] = mapped_column(default=True, server_default=true())
    # iCalendar SEQUENCE: raised whenever time or place changes, so calendars replace the event.
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    walk_in_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The accepted offer this session came from: its needs and availability guide scheduling.
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id", ondelete="SET NULL"),
                                                      unique=True)
    # A pinned session keeps its room and slot when a schedule is proposed.
    is_pinned: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Sessions with the same key are one workshop repeated in several time slots (rounds); in
    # preference mode participants rank workshops, not sessions.
    workshop_key: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    edition: Mapped[Edition] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    room: Mapped[Room | None] = relationship()
    slot: Mapped[TimeSlot | None] = relationship()
    submission: Mapped[Submission | None] = relationship()

    @property
    def starts_at(self) -> datetime | None:
        return self.slot.starts_at if self.slot else None

    @property
    def ends_at(self) -> datetime | None:
        return self.slot.ends_at if self.slot else None

    def overlaps(self, other: Session) -> bool:
        if not (self.slot and other.slot):
            return False
        return self.slot.starts_at < other.slot.ends_at and other.slot.starts_at < self.slot.ends_at


class ProposalStatus(enum.StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    APPLIED = "applied"
    DISCARDED = "discarded"

    @property
    def label(self):
        return {ProposalStatus.RUNNING: _l("running"), ProposalStatus.DONE: _l("ready"),
                ProposalStatus.FAILED: _l("failed"), ProposalStatus.APPLIED: _l("applied"),
                ProposalStatus.DISCARDED: _l("discarded")}[self]


class ScheduleProposal(db.Model):
    """A schedule the solver proposed for an edition: shown as a diff, then applied or discarded."""

    __tablename__ = "schedule_proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    status: Mapped[ProposalStatus] = mapped_column(
        Enum(ProposalStatus, name="proposal_status", native_enum=False, length=16,
             values_callable=lambda e: [m.value for m in e]), default=ProposalStatus.RUNNING)
    # [{"session_id", "room_id", "slot_id"}] and [{"session_id", "reason"}]
    placements: Mapped[list[dict]] = mapped_column(JSON, default=list)
    unplaced: Mapped[list[dict]] = mapped_column(JSON, default=list)
    # {"solutions", "objective", "bound", "elapsed", "solver_status"}: updated while the solver runs
    progress: Mapped[dict] = mapped_column(JSON, default=dict)
    message: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
