"""The demo shows one past edition as the retention purge leaves it: the oldest Tag der Bildung."""

from datetime import date

from sqlalchemy import func, select

from conference.audit.models import AuditEntry
from conference.demo.seed import seed
from conference.editions.models import BookingMode, Edition, EditionFormat
from conference.privacy.models import ConsentKind, ConsentRecord
from conference.registration.models import Registration
from conference.submissions.models import CoPresenter, Submission
from conference.surveys.models import EditionResult, Survey, SurveyInvitation

TODAY = date(2026, 11, 22)


def test_the_oldest_past_open_day_is_already_purged_and_stays_so(db):
    seed(TODAY)
    db.session.commit()
    open_days = db.session.scalars(select(Edition).where(Edition.format == EditionFormat.OPEN_DAY)
                                   .order_by(Edition.ends_at)).all()
    oldest, others = open_days[0], open_days[1:]
    assert oldest.personal_data_purged_at is not None and oldest.special_data_purged_at is not None
    assert all(e.personal_data_purged_at is None for e in others)
    invitations = db.session.scalars(select(SurveyInvitation).join(Survey).where(Survey.edition_id == oldest.id)).all()
    assert invitations and all(i.email == f"erased-{i.id}" and i.name == "" for i in invitations)
    assert not db.session.scalar(select(func.count(CoPresenter.id)).join(Submission).where(
        Submission.edition_id == oldest.id))
    assert db.session.scalar(select(func.count(CoPresenter.id)))  # the other editions keep theirs
    assert all(r.anonymised_at for r in db.session.scalars(select(Registration).where(
        Registration.edition_id == oldest.id)))
    assert db.session.scalar(select(func.count(EditionResult.id)).where(EditionResult.edition_id == oldest.id))
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.purge"))
    assert entry.edition_id == oldest.id and entry.actor_id is None

    counts = {model: db.session.scalar(select(func.count()).select_from(model))
              for model in (Registration, SurveyInvitation, CoPresenter, AuditEntry)}
    seed(TODAY)
    db.session.commit()
    assert counts == {model: db.session.scalar(select(func.count()).select_from(model)) for model in counts}


def test_every_demo_registration_has_its_consent_records(db):
    """Registrations made through the services record their consents; so must those the demo writes in bulk
    (the past preference day) and the council members' forum registrations."""
    seed(TODAY)
    db.session.commit()
    records: dict[int, set] = {}
    for registration_id, kind, version in db.session.execute(
            select(ConsentRecord.registration_id, ConsentRecord.kind, ConsentRecord.text_version)):
        records.setdefault(registration_id, set()).add((kind, version))
    registrations = db.session.scalars(select(Registration).where(Registration.anonymised_at.is_(None))).all()
    missing = [r.id for r in registrations if (ConsentKind.PRIVACY_NOTICE, r.privacy_notice_version)
               not in records.get(r.id, set())]
    assert registrations and missing == []
    special = [r for r in registrations if r.accessibility_needs]
    assert special and all((ConsentKind.SPECIAL_CATEGORY, r.privacy_notice_version) in records[r.id]
                           for r in special)
    assert not [r.id for r in registrations if not r.accessibility_needs and any(
        kind == ConsentKind.SPECIAL_CATEGORY for kind, _ in records[r.id])]
    # Both paths the review found are in the demo: the bulk-written preference day and the council's forums
    preference_day = db.session.scalar(select(Edition).where(Edition.booking_mode == BookingMode.PREFERENCE,
                                                             Edition.format == EditionFormat.OPEN_DAY,
                                                             Edition.personal_data_purged_at.is_(None)))
    assert preference_day and any(r.edition_id == preference_day.id for r in registrations)
    assert any(r.privacy_notice_version == "council" for r in registrations)
