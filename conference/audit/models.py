"""One row per noteworthy act in the organiser area: capacity overrides, decisions, exports of personal data,
purges and erasures.

An entry names its actor (a staff account) and its subject by type and id, never by a visitor's name or
address: the log outlives the personal data it speaks of. ``details`` holds codes and counts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, event, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from conference.accounts.models import User
from conference.database import UTCDateTime, utcnow
from conference.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # None: the system (a command such as purge-personal-data), or an account deleted since.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(48), index=True)
    edition_id: Mapped[int | None] = mapped_column(ForeignKey("edition.id", ondelete="SET NULL"), index=True)
    subject_type: Mapped[str] = mapped_column(String(40), default="", server_default="")
    subject_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship()


@event.listens_for(User, "before_delete")
def _mark_entries_of_deleted_account(mapper, connection, target) -> None:
    """Deleting an account sets its entries' actor to NULL (the foreign key), which would make them read
    as the system's: mark them first, so the log says "deleted account" instead."""
    rows = connection.execute(select(AuditEntry.id, AuditEntry.details).where(AuditEntry.actor_id == target.id))
    for entry_id, details in rows.all():
        connection.execute(update(AuditEntry).where(AuditEntry.id == entry_id)
                           .values(details={**(details or {}), "actor_deleted": True}))
