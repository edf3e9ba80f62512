"""Messages sent through the accessibility feedback form (BITV NRW § 5)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from conference.database import UTCDateTime, utcnow
from conference.extensions import db


class AccessibilityFeedback(db.Model):
    __tablename__ = "accessibility_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    page_url: Mapped[str] = mapped_column(String(500), default="")
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    is_resolved: Mapped[bool] = mapped_column(default=False, server_default=false())
