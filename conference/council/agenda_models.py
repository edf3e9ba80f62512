"""A council meeting's agenda with documents, the recommendations decided under it and their follow-up."""

from __future__ import annotations

import enum
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from conference.database import Timestamps, enum_column
from conference.editions.models import Edition
from conference.extensions import db

# --- Agenda, documents, recommendations, follow-up ----------------------------------------------------

class AgendaItemKind(enum.StrEnum):
    REGULAR = "regular"
    # Carried over automatically: a recommendation of an earlier edition that is not yet implemented.
    FOLLOW_UP = "follow_up"


class AgendaItem(Timestamps, db.Model):
    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("edition_id", "follow_up_of_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # "TOP 3", "3.1": as printed on the agenda.
    number: Mapped[str] = mapped_column(String(20), default="")
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    is_public: Mapped[bool] = mapped_column(default=True, server_default=true())
    minutes: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[AgendaItemKind] = mapped_column(enum_column(AgendaItemKind, "agenda_item_kind", 16),
                                                 default=AgendaItemKind.REGULAR,
                                                 server_default=AgendaItemKind.REGULAR.value)
    follow_up_of_id: Mapped[int | None] = mapped_column(ForeignKey("recommendation.id", ondelete="SET NULL",
                                                                   use_alter=True),
                                                        index=True)

    edition: Mapped[Edition] = relationship()
    documents: Mapped[list[AgendaDocument]] = relationship(
        back_populates="agenda_item", cascade="all, delete-orphan", order_by="AgendaDocument.id")
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="agenda_item", foreign_keys="Recommendation.agenda_item_id", order_by="Recommendation.id")
    follow_up_of: Mapped[Recommendation | None] = relationship(foreign_keys=[follow_up_of_id])


class AgendaDocument(Timestamps, db.Model):
    """A PDF attached to an agenda item; public documents are published (and listed in OParl)."""

    __tablename__ = "agenda_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    file_key: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    is_public: Mapped[bool] = mapped_column(default=True, server_default=true())

    agenda_item: Mapped[AgendaItem] = relationship(back_populates="documents")


ADDRESSEES = {
    "school_supervision": _l("School supervision (Schulaufsicht)"),
    "school_authority": _l("School authority (Schulträger)"),
    "youth_services": _l("Youth services (Jugendhilfe)"),
    "kita_providers": _l("Kita providers"),
    "schools": _l("Schools"),
    "city_council": _l("City council and committees"),
    "education_office": _l("Education office (Bildungsbüro)"),
    "business": _l("Business and chambers"),
    "civil_society": _l("Civil society"),
}


class Decision(enum.StrEnum):
    PENDING = "pending"
    ADOPTED = "adopted"
    NOT_ADOPTED = "not_adopted"
    DEFERRED = "deferred"

    @property
    def label(self):
        return DECISION_LABELS[self]


DECISION_LABELS = {
    Decision.PENDING: _l("Draft, not yet decided"),
    Decision.ADOPTED: _l("Adopted by consensus"),
    Decision.NOT_ADOPTED: _l("Not adopted"),
    Decision.DEFERRED: _l("Deferred"),
}


class Recommendation(Timestamps, db.Model):
    """A recommendation drafted under an agenda item and decided by the council."""

    __tablename__ = "recommendation"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="RESTRICT"), index=True)
    # "BK 29/2": edition number and a running number, given when it is drafted.
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, default="")
    addressees: Mapped[list[str]] = mapped_column(JSON, default=list)
    decision: Mapped[Decision] = mapped_column(enum_column(Decision, "recommendation_decision", 16),
                                               default=Decision.PENDING, server_default=Decision.PENDING.value)
    decided_on: Mapped[date | None] = mapped_column(Date)

    edition: Mapped[Edition] = relationship()
    agenda_item: Mapped[AgendaItem] = relationship(back_populates="recommendations",
                                                   foreign_keys=[agenda_item_id])
    follow_ups: Mapped[list[FollowUp]] = relationship(
        back_populates="recommendation", cascade="all, delete-orphan",
        order_by="FollowUp.reported_on, FollowUp.id")

    @property
    def is_adopted(self) -> bool:
        return self.decision == Decision.ADOPTED

    @property
    def status(self) -> FollowUpStatus | None:
        """The latest reported status of an adopted recommendation (open until a report says otherwise);
        None for one that was not adopted. Needs ``follow_ups`` loaded."""
        if not self.is_adopted:
            return None
        return self.follow_ups[-1].status if self.follow_ups else FollowUpStatus.OPEN


class FollowUpStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    DROPPED = "dropped"

    @property
    def label(self):
        return FOLLOW_UP_LABELS[self]

    @property
    def is_final(self) -> bool:
        return self in (FollowUpStatus.IMPLEMENTED, FollowUpStatus.DROPPED)


FOLLOW_UP_LABELS = {
    FollowUpStatus.OPEN: _l("Open"),
    FollowUpStatus.IN_PROGRESS: _l("In progress"),
    FollowUpStatus.IMPLEMENTED: _l("Implemented"),
    FollowUpStatus.DROPPED: _l("Dropped"),
}


class FollowUp(Timestamps, db.Model):
    """A dated status report on an adopted recommendation, usually given at a later council edition."""

    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"), index=True)
    # The council edition at which it was reported, if any.
    edition_id: Mapped[int | None] = mapped_column(ForeignKey("edition.id", ondelete="SET NULL"), index=True)
    status: Mapped[FollowUpStatus] = mapped_column(enum_column(FollowUpStatus, "follow_up_status", 16))
    reported_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    recommendation: Mapped[Recommendation] = relationship(back_populates="follow_ups")
    edition: Mapped[Edition | None] = relationship()
