"""Calls for offers, the offers partner institutions submit, their reviews and the decision mails."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Enum,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from conference.accounts.models import User
from conference.database import UTCDateTime, utcnow
from conference.editions.models import Edition, TimeSlot
from conference.errors import InvalidTransitionError
from conference.extensions import db
from conference.organisations.models import Organisation
from conference.program.models import SessionKind


class SubmissionStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WAITLISTED = "waitlisted"
    WITHDRAWN = "withdrawn"

    @property
    def label(self):
        return STATUS_LABELS[self]


STATUS_LABELS = {
    SubmissionStatus.DRAFT: _l("Draft"),
    SubmissionStatus.SUBMITTED: _l("Submitted"),
    SubmissionStatus.UNDER_REVIEW: _l("Under review"),
    SubmissionStatus.ACCEPTED: _l("Accepted"),
    SubmissionStatus.REJECTED: _l("Not accepted"),
    SubmissionStatus.WAITLISTED: _l("Waiting list"),
    SubmissionStatus.WITHDRAWN: _l("Withdrawn"),
}

# Decisions may be taken with or without reviews; a waitlisted offer can still be accepted or
# rejected; the provider may withdraw at any time before a rejection.
TRANSITIONS: dict[SubmissionStatus, tuple[SubmissionStatus, ...]] = {
    SubmissionStatus.DRAFT: (SubmissionStatus.SUBMITTED, SubmissionStatus.WITHDRAWN),
    SubmissionStatus.SUBMITTED: (SubmissionStatus.UNDER_REVIEW, SubmissionStatus.ACCEPTED,
                                 SubmissionStatus.REJECTED, SubmissionStatus.WAITLISTED,
                                 SubmissionStatus.WITHDRAWN),
    SubmissionStatus.UNDER_REVIEW: (SubmissionStatus.ACCEPTED, SubmissionStatus.REJECTED,
                                    SubmissionStatus.WAITLISTED, SubmissionStatus.WITHDRAWN,
                                    SubmissionStatus.SUBMITTED),  # when the last reviewer is removed
    SubmissionStatus.WAITLISTED: (SubmissionStatus.ACCEPTED, SubmissionStatus.REJECTED,
                                  SubmissionStatus.WITHDRAWN),
    SubmissionStatus.ACCEPTED: (SubmissionStatus.WITHDRAWN,),
    SubmissionStatus.REJECTED: (),
    SubmissionStatus.WITHDRAWN: (),
}
DECISIONS = (SubmissionStatus.ACCEPTED, SubmissionStatus.REJECTED, SubmissionStatus.WAITLISTED)
# Offers that take part in the review: submitted and not yet finally decided.
IN_REVIEW = (SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_REVIEW, SubmissionStatus.WAITLISTED)
# What the provider may still change (until the call closes).
EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_REVIEW)

# The kinds a call may offer (forums and plenaries are the organisers' own).
OFFER_KINDS = (SessionKind.WORKSHOP, SessionKind.TALK, SessionKind.PRESENTATION, SessionKind.STAND,
               SessionKind.HANDS_ON)

# What providers can ask for; rooms list their equipment in the same words.
EQUIPMENT = {
    "Beamer": _l("Projector"),
    "Bildschirm": _l("Screen"),
    "Mikrofonanlage": _l("Microphone and speakers"),
    "Flipchart": _l("Flip chart"),
    "Stellwände": _l("Display boards"),
    "Induktionsschleife": _l("Induction loop"),
    "Werkbänke": _l("Workbenches"),
}


def _status_column():
    return Enum(SubmissionStatus, name="submission_status", native_enum=False, length=32, validate_strings=True,
                values_callable=lambda e: [m.value for m in e])


class CallForOffers(db.Model):
    """One call per open-day edition: when partners may submit, what, and how offers are reviewed."""

    __tablename__ = "call_for_offers"
    __table_args__ = (
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        CheckConstraint("score_max BETWEEN 2 AND 10", name="score_scale"),
        CheckConstraint("reviews_per_offer BETWEEN 1 AND 10", name="reviews_per_offer_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), unique=True)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    intro: Mapped[str] = mapped_column(Text, default="")
    kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Every criterion is scored from 1 to score_max.
    score_max: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    reviews_per_offer: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    edition: Mapped[Edition] = relationship()
    criteria: Mapped[list[ReviewCriterion]] = relationship(
        back_populates="call", cascade="all, delete-orphan", order_by="ReviewCriterion.position, ReviewCriterion.id")

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now: datetime) -> bool:
        return now >= self.closes_at

    @property
    def offered_kinds(self) -> list[SessionKind]:
        return [SessionKind(k) for k in self.kinds if k in SessionKind._value2member_map_]


class ReviewCriterion(db.Model):
    __tablename__ = "review_criterion"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call_for_offers.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    call: Mapped[CallForOffers] = relationship(back_populates="criteria")


submission_slot = Table(
    "submission_slot", db.metadata,
    Column("submission_id", ForeignKey("submission.id", ondelete="CASCADE"), primary_key=True),
    Column("slot_id", ForeignKey("time_slot.id", ondelete="CASCADE"), primary_key=True),
)


class Submission(db.Model):
    """An offer for the programme from a partner institution."""

    __tablename__ = "submission"
    __table_args__ = (
        CheckConstraint("expected_audience IS NULL OR expected_audience >= 0", name="audience_not_negative"),
        CheckConstraint("room_size IS NULL OR room_size >= 0", name="room_size_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    kind: Mapped[SessionKind] = mapped_column(
        Enum(SessionKind, name="session_kind", native_enum=False, length=32,
             values_callable=lambda e: [m.value for m in e]))
    title: Mapped[str] = mapped_column(String(300))
    abstract: Mapped[str] = mapped_column(Text, default="")
    target_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    expected_audience: Mapped[int | None] = mapped_column(Integer)
    # Needs: the smallest room (seats), equipment, step-free access, power.
    room_size: Mapped[int | None] = mapped_column(Integer)
    equipment: Mapped[list[str]] = mapped_column(JSON, default=list)
    needs_step_free: Mapped[bool] = mapped_column(default=False, server_default=false())
    needs_power: Mapped[bool] = mapped_column(default=False, server_default=false())
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[SubmissionStatus] = mapped_column(
        _status_column(), default=SubmissionStatus.DRAFT, server_default=SubmissionStatus.DRAFT.value, index=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The attachment lives in the upload folder under this random key, never under the client's name.
    attachment_key: Mapped[str | None] = mapped_column(String(64))
    attachment_name: Mapped[str] = mapped_column(String(200), default="")
    attachment_type: Mapped[str] = mapped_column(String(100), default="")
    attachment_size: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    edition: Mapped[Edition] = relationship()
    organisation: Mapped[Organisation] = relationship()
    submitted_by: Mapped[User | None] = relationship()
    slots: Mapped[list[TimeSlot]] = relationship(secondary=submission_slot, order_by="TimeSlot.starts_at")
    co_presenters: Mapped[list[CoPresenter]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="CoPresenter.position")
    reviews: Mapped[list[Review]] = relationship(back_populates="submission", cascade="all, delete-orphan",
                                                 order_by="Review.id")

    def __repr__(self) -> str:
        return f"<Submission {self.id} {self.status.value}>"

    def can_transition_to(self, target: SubmissionStatus) -> bool:
        return target in TRANSITIONS[self.status]

    def transition_to(self, target: SubmissionStatus) -> None:
        """The only way to change the status; raises :class:`InvalidTransitionError`."""
        from flask_babel import gettext

        if not self.can_transition_to(target):
            raise InvalidTransitionError(gettext(
                "An offer in status “%(current)s” cannot change to “%(target)s”.",
                current=self.status.label, target=target.label))
        self.status = target

    @property
    def is_decided(self) -> bool:
        return self.status in (SubmissionStatus.ACCEPTED, SubmissionStatus.REJECTED)


class CoPresenter(db.Model):
    __tablename__ = "co_presenter"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    submission: Mapped[Submission] = relationship(back_populates="co_presenters")


class Review(db.Model):
    """One reviewer's assignment to one offer; scored once ``submitted_at`` is set."""

    __tablename__ = "review"
    __table_args__ = (UniqueConstraint("submission_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    submission: Mapped[Submission] = relationship(back_populates="reviews")
    reviewer: Mapped[User] = relationship()
    scores: Mapped[list[ReviewScore]] = relationship(back_populates="review", cascade="all, delete-orphan")

    @property
    def is_done(self) -> bool:
        return self.submitted_at is not None

    @property
    def is_open(self) -> bool:
        """Can still be scored: the offer is in review (not decided, not withdrawn)."""
        return self.submission.status in IN_REVIEW


class ReviewScore(db.Model):
    __tablename__ = "review_score"
    __table_args__ = (UniqueConstraint("review_id", "criterion_id"),
                      CheckConstraint("score >= 1", name="score_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("review_criterion.id", ondelete="CASCADE"), index=True)
    score: Mapped[int] = mapped_column(Integer)

    review: Mapped[Review] = relationship(back_populates="scores")
    criterion: Mapped[ReviewCriterion] = relationship()


class DecisionTemplate(db.Model):
    """An organiser's wording of a decision mail, per decision and language (defaults live in code)."""

    __tablename__ = "decision_template"
    __table_args__ = (UniqueConstraint("call_id", "decision", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("call_for_offers.id", ondelete="CASCADE"), index=True)
    decision: Mapped[SubmissionStatus] = mapped_column(_status_column())
    locale: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
