"""The outbox: mail written in the same transaction as the change that caused it."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Enum, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from conference.database import UTCDateTime, utcnow
from conference.extensions import db


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"

    @property
    def label(self):
        return {OutboxStatus.PENDING: _l("waiting to be sent"), OutboxStatus.SENT: _l("sent"),
                OutboxStatus.FAILED: _l("failed")}[self]


class OutboxMessage(db.Model):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    # [{"filename", "content_type", "content"}]: text attachments such as an .ics invitation.
    attachments: Mapped[list[dict]] = mapped_column(JSON, default=list, server_default="[]")
    template: Mapped[str] = mapped_column(String(100), default="")
    # A body rendered at send time (see mail/deferred.py): the arguments of the template's context
    # builder and the language to render in. Empty bodies with these set are not rendered yet.
    render_args: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    locale: Mapped[str] = mapped_column(String(8), default="", server_default="")
    status: Mapped[OutboxStatus] = mapped_column(
        Enum(OutboxStatus, name="outbox_status", native_enum=False, length=16,
             values_callable=lambda e: [m.value for m in e]),
        default=OutboxStatus.PENDING, server_default=OutboxStatus.PENDING.value, index=True,
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Retry no earlier than this: failed deliveries back off instead of hammering the server.
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_rendered(self) -> bool:
        return self.render_args is None or bool(self.body_text)

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.status.value}>"
