"""Consent records: written with every registration, so that it can be shown which text a person agreed to
and when (Art. 7(1) GDPR)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from conference.database import utcnow
from conference.extensions import db
from conference.privacy.models import ConsentKind, ConsentRecord

# The Art. 9 consent is given by ticking a box whose text is part of the registration form; its version is
# the version of the privacy notice shown with it.


def record_consents(registration, now: datetime | None = None) -> list[ConsentRecord]:
    """Add the consent records of a new registration (written with it in the same flush): the privacy
    notice in the version shown, and the consent to special-category data when accessibility needs were
    given with it."""
    now = now or utcnow()
    records = [ConsentRecord(registration=registration, kind=ConsentKind.PRIVACY_NOTICE,
                             text_version=registration.privacy_notice_version, given_at=registration.consent_at or now)]
    if registration.accessibility_consent_at is not None and registration.accessibility_needs:
        records.append(ConsentRecord(registration=registration, kind=ConsentKind.SPECIAL_CATEGORY,
                                     text_version=registration.privacy_notice_version,
                                     given_at=registration.accessibility_consent_at))
    db.session.add_all(records)
    return records


def consents_of(registration_ids: Sequence[int]) -> dict[int, list[ConsentRecord]]:
    """``{registration_id: [records by kind and time]}`` in one query."""
    found: dict[int, list[ConsentRecord]] = {rid: [] for rid in registration_ids}
    if not found:
        return found
    for record in db.session.scalars(select(ConsentRecord).where(ConsentRecord.registration_id.in_(list(found)))
                                     .order_by(ConsentRecord.registration_id, ConsentRecord.given_at,
                                               ConsentRecord.id)):
        found[record.registration_id].append(record)
    return found
