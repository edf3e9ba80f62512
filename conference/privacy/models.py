"""Consent records: which text a person agreed to, and when. Personal data: erased and purged with the
registration they belong to."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from conference.database import UTCDateTime, enum_column, utcnow
from conference.extensions import db


class ConsentKind(enum.StrEnum):
    PRIVACY_NOTICE = "privacy_notice"  # the edition's privacy notice, read and accepted at registration
    SPECIAL_CATEGORY = "special_category"  # Art. 9 GDPR: accessibility needs and dietary requirements

    @property
    def label(self):
        return CONSENT_KIND_LABELS[self]


CONSENT_KIND_LABELS = {
    ConsentKind.PRIVACY_NOTICE: _l("Privacy notice"),
    ConsentKind.SPECIAL_CATEGORY: _l("Special-category data (Art. 9 GDPR)"),
}


class ConsentRecord(db.Model):
    __tablename__ = "consent_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ConsentKind] = mapped_column(enum_column(ConsentKind, "consent_kind"))
    text_version: Mapped[str] = mapped_column(String(40))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # One way only (the registration model knows nothing of consent): a record can be added together with a
    # new registration and is written in the same flush, after it.
    registration = relationship("Registration")
