"""The retention purge: its windows per edition, ``--before``, dry runs, idempotence, and what it removes
where (and what it keeps)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from conference.audit.models import AuditEntry
from conference.audit.services import record
from conference.mail.models import OutboxMessage, OutboxStatus
from conference.privacy import retention
from conference.privacy.models import ConsentKind, ConsentRecord
from conference.program.models import SessionKind
from conference.registration.models import Booking, BookingStatus, CapacityChange, Registration
from conference.submissions.models import CoPresenter, Submission
from conference.surveys.models import EditionResult, SurveyInvitation
from tests.factories import make_organisation
from tests.privacy.builders import ENDED, ended_council, ended_open_day, invite, mail, session_of, survey_of, visitor


def count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


# --- When it is due --------------------------------------------------------------------------------------------

def test_months_are_calendar_months_and_the_day_is_clamped():
    assert retention.add_months(datetime(2025, 1, 31, 12, tzinfo=UTC), 1) == datetime(2025, 2, 28, 12, tzinfo=UTC)
    assert retention.add_months(datetime(2024, 8, 31, tzinfo=UTC), 6) == datetime(2025, 2, 28, tzinfo=UTC)
    assert retention.add_months(datetime(2025, 11, 15, tzinfo=UTC), 14) == datetime(2027, 1, 15, tzinfo=UTC)


def test_special_data_goes_after_one_month_and_everything_after_six(db):
    edition = ended_open_day()
    guest = visitor(edition, needs="Gebärdensprache")
    db.session.commit()
    assert retention.due_scope(edition, ENDED + timedelta(days=27)) is None
    assert retention.purge(now=ENDED + timedelta(days=27)) == []

    month = ENDED + timedelta(days=31)
    assert retention.due_scope(edition, month) == retention.SPECIAL
    [result] = retention.purge(now=month)
    assert (result.scope, result.counts.special_data, result.counts.consent_records) == (retention.SPECIAL, 1, 1)
    db.session.refresh(guest)
    assert guest.accessibility_needs == "" and guest.accessibility_consent_at is None
    assert guest.name.startswith("Henrietta") and guest.anonymised_at is None  # the rest is still needed
    assert [c.kind for c in db.session.scalars(select(ConsentRecord))] == [ConsentKind.PRIVACY_NOTICE]
    assert edition.special_data_purged_at == month and edition.personal_data_purged_at is None

    assert retention.purge(now=ENDED + timedelta(days=150))[0].scope == retention.SPECIAL
    half_year = retention.add_months(ENDED, 6)
    [result] = retention.purge(now=half_year)
    assert (result.scope, result.counts.registrations, result.counts.consent_records) == (retention.ALL, 1, 1)
    db.session.refresh(guest)
    assert guest.anonymised_at == half_year and guest.name == "" and guest.email == ""
    assert edition.personal_data_purged_at == half_year and edition.special_data_purged_at == month


def test_each_edition_keeps_its_own_periods(db):
    short = ended_open_day(retention_months=2, special_retention_months=2)
    long = ended_open_day(retention_months=24, special_retention_months=12)
    db.session.commit()
    later = ENDED + timedelta(days=70)
    assert retention.due_scope(short, later) == retention.ALL
    assert retention.due_scope(long, later) is None
    assert retention.due_scope(long, ENDED + timedelta(days=400)) == retention.SPECIAL


def test_an_event_that_has_not_ended_is_never_due_without_before(db):
    edition = ended_open_day(ends_at=ENDED + timedelta(days=400), status="registration_open")
    db.session.commit()
    assert retention.due_scope(edition, ENDED) is None
    assert retention.due_scope(edition, ENDED, before=ENDED + timedelta(days=401)) == retention.ALL
    assert retention.due_scope(edition, ENDED, before=ENDED + timedelta(days=399)) is None


def test_before_purges_every_edition_that_ended_earlier_whatever_its_retention(db, runner):
    old = ended_open_day(retention_months=120, special_retention_months=120)
    guest = visitor(old, name="Bartholomäus Feldkamp", needs="Rollstuhl")
    newer = ended_open_day(ends_at=datetime(2030, 6, 1, 16, tzinfo=UTC), status="registration_open")
    upcoming_guest = visitor(newer, name="Walburga Eichenlaub", status=BookingStatus.BOOKED)
    db.session.commit()
    result = runner.invoke(args=["purge-personal-data", "--before", "2026-01-01"])
    assert result.exit_code == 0, result.output
    assert f"edition {old.number} (all personal data): removed registrations=1, special_data=1" in result.output
    db.session.expire_all()
    assert db.session.get(Registration, guest.id).anonymised_at is not None
    assert db.session.get(Registration, upcoming_guest.id).name == "Walburga Eichenlaub"
    # "held or not": the upcoming one goes too once the date lies after its end; its seats stay taken
    assert runner.invoke(args=["purge-personal-data", "--before", "2031-01-01"]).exit_code == 0
    db.session.expire_all()
    kept = db.session.get(Registration, upcoming_guest.id)
    assert kept.anonymised_at is not None and kept.bookings[0].status == BookingStatus.BOOKED


def test_a_bad_date_is_a_usage_error(runner, db):
    result = runner.invoke(args=["purge-personal-data", "--before", "1.1.2026"])
    assert result.exit_code == 2 and "%Y-%m-%d" in result.output


# --- What goes, what stays --------------------------------------------------------------------------------------

@pytest.fixture
def past(db):
    """An ended open day with two visitors, their survey invitations and mails, an offer with a co-presenter,
    a mention in the audit log and in a capacity change, and a frozen result."""
    edition = ended_open_day()
    ada = visitor(edition, name="Adelheid Vogelsang", email="adelheid@example.net", needs="Induktionsschleife")
    bo = visitor(edition, name="Bonifaz Unterholzer", email="Bonifaz@Example.net", status=BookingStatus.BOOKED)
    survey = survey_of(edition)
    invite(survey, ada, answered=True)
    invite(survey, bo)
    mail("adelheid@example.net")
    mail("bonifaz@example.net", status=OutboxStatus.PENDING)
    mail("someone.else@example.net")
    offer = Submission(edition=edition, organisation=make_organisation(), kind=SessionKind.WORKSHOP, title="Werkstatt",
                       co_presenters=[CoPresenter(name="Cosima Reisiger", email="cosima@example.net")])
    db.session.add(offer)
    record("test.note", edition=edition, summary="Anruf von Adelheid Vogelsang",
           details={"contact": "BONIFAZ@example.net", "kept": "Werkstatt"})
    db.session.add(CapacityChange(session_id=session_of(edition).id, old_capacity=1, new_capacity=2,
                                  reason="für adelheid vogelsang (Rollstuhl)"))
    db.session.add(EditionResult(edition_id=edition.id, data={"metrics": {"visitors": 2}, "note": "Adelheid"}))
    db.session.commit()
    return edition, ada, bo, offer


def test_all_personal_data_goes_and_every_count_stays(db, past):
    _edition, ada, bo, _offer = past
    # A later edition's capacity change that names Adelheid: not that edition's data, but her name goes
    later = ended_open_day(ends_at=datetime(2030, 6, 1, 16, tzinfo=UTC), status="registration_open")
    elsewhere = CapacityChange(session_id=session_of(later).id, old_capacity=5, new_capacity=6,
                               reason="Wunsch von Adelheid Vogelsang")
    db.session.add(elsewhere)
    db.session.commit()
    frozen = json.dumps([r.data for r in db.session.scalars(select(EditionResult))], sort_keys=True)
    old_links = (ada.manage_token, ada.confirm_token, ada.ticket_code)
    [result] = retention.purge(now=ENDED + timedelta(days=200))
    db.session.commit()
    assert result.counts.as_dict() == {
        "registrations": 2, "special_data": 1, "consent_records": 3, "capacity_reasons": 1, "survey_invitations": 2,
        "council_notes": 0, "substitute_names": 0, "co_presenters": 1, "outbox_messages": 2,
        "audit_entries": 1, "capacity_changes": 1}
    for guest in (ada, bo):
        db.session.refresh(guest)
        assert (guest.name, guest.email, guest.organisation, guest.accessibility_needs) == ("", "", "", "")
        assert guest.role == "teacher" and guest.anonymised_at is not None  # the category counts, not the person
    assert ada.ticket_code is None and ada.manage_token not in old_links and ada.confirm_token not in old_links
    assert count(db, Booking, Booking.status == BookingStatus.ATTENDED) == 1  # the attendance figure stays
    assert count(db, Booking) == 2 and count(db, ConsentRecord) == 0 and count(db, CoPresenter) == 0
    # The answered invitation stays (anonymous) and still blocks a second answer; the closed survey keeps both
    invitations = db.session.scalars(select(SurveyInvitation).order_by(SurveyInvitation.id)).all()
    assert [(i.email, i.name) for i in invitations] == [(f"erased-{i.id}", "") for i in invitations]
    assert [m.recipient for m in db.session.scalars(select(OutboxMessage))] == ["someone.else@example.net"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "test.note"))
    assert entry.summary == "Anruf von [erased]" and entry.details == {"contact": "[erased]", "kept": "Werkstatt"}
    # The edition's own reasons go whole (they may tell of health); elsewhere the name is replaced
    assert [c.reason for c in db.session.scalars(select(CapacityChange).order_by(CapacityChange.id))] == [
        "[removed after the retention period]", "Wunsch von [erased]"]
    assert json.dumps([r.data for r in db.session.scalars(select(EditionResult))], sort_keys=True) == frozen


def test_the_purge_is_logged_with_counts_only(db, past, caplog):
    edition = past[0]
    with caplog.at_level(logging.INFO, logger="conference.privacy.retention"):
        retention.purge(now=ENDED + timedelta(days=200))
    db.session.commit()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.purge"))
    assert entry.actor_id is None and entry.edition_id == edition.id
    assert entry.details["scope"] == "all" and entry.details["registrations"] == 2
    logged = " ".join(json.dumps(r.__dict__, default=str) for r in caplog.records)
    assert '"registrations": 2' in logged and f'"edition_number": {edition.number}' in logged
    for secret in ("adelheid", "bonifaz", "vogelsang", "cosima", "example.net"):
        assert secret not in logged.lower() and secret not in json.dumps(entry.details).lower()


def test_a_dry_run_counts_exactly_what_a_real_run_removes_and_changes_nothing(db, past):
    now = ENDED + timedelta(days=200)
    tables = (Registration, ConsentRecord, SurveyInvitation, OutboxMessage, CoPresenter, AuditEntry)
    before = {m: count(db, m) for m in tables}
    dry = retention.purge(now=now, dry_run=True)
    db.session.rollback()
    assert {m: count(db, m) for m in tables} == before
    assert db.session.scalar(select(func.count()).where(Registration.anonymised_at.is_not(None))) == 0
    assert past[0].personal_data_purged_at is None
    real = retention.purge(now=now)
    assert [r.counts for r in dry] == [r.counts for r in real]


def test_the_dry_run_command_prints_what_would_go_and_keeps_it(runner, db, past):
    result = runner.invoke(args=["purge-personal-data", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "would remove registrations=2" in result.output
    assert result.output.rstrip().endswith("records would be removed")
    db.session.expire_all()
    assert count(db, Registration, Registration.anonymised_at.is_(None)) == 2
    assert count(db, AuditEntry, AuditEntry.action == "privacy.purge") == 0


def test_a_second_run_finds_nothing_and_writes_nothing(runner, db, past):
    first = runner.invoke(args=["purge-personal-data"])
    assert first.exit_code == 0 and "1 with personal data" in first.output
    entries = count(db, AuditEntry)
    second = runner.invoke(args=["purge-personal-data"])
    assert second.exit_code == 0
    assert f"edition {past[0].number} (all personal data): removed nothing left" in second.output
    assert "0 with personal data, 0 records removed" in second.output
    assert count(db, AuditEntry) == entries  # no entry for a run that changed nothing


def test_an_open_surveys_unanswered_invitation_is_deleted_an_answered_one_kept(db):
    edition = ended_open_day()
    ada, bo = visitor(edition), visitor(edition)
    survey = survey_of(edition, closes_at=ENDED + timedelta(days=400))  # still open when the purge runs
    answered, silent = invite(survey, ada, answered=True), invite(survey, bo)
    db.session.commit()
    retention.purge(now=ENDED + timedelta(days=200))
    db.session.commit()
    assert db.session.get(SurveyInvitation, silent.id) is None  # no mail can go to it any more
    kept = db.session.get(SurveyInvitation, answered.id)
    assert kept.email == f"erased-{kept.id}" and kept.name == ""


def test_a_pending_mail_to_an_address_still_in_use_is_kept(db):
    edition = ended_open_day()
    later = ended_open_day(ends_at=datetime(2030, 5, 1, 16, tzinfo=UTC), status="registration_open")
    visitor(edition, email="again@example.net")
    visitor(later, email="again@example.net", status=BookingStatus.BOOKED)
    waiting = mail("again@example.net", status=OutboxStatus.PENDING, subject="Bitte bestätigen")
    mail("again@example.net", subject="Alt")
    db.session.commit()
    [result] = retention.purge(now=ENDED + timedelta(days=200))
    assert result.counts.outbox_messages == 1
    assert [m.id for m in db.session.scalars(select(OutboxMessage))] == [waiting.id]


def test_council_notes_and_substitute_names_go_the_members_stay(db):
    edition, invitation, attendance = ended_council()
    record("council.checkin", edition=edition, summary="Konstanze Wetterhahn eingecheckt")
    db.session.commit()
    [result] = retention.purge(now=ENDED + timedelta(days=200))
    db.session.commit()
    assert (result.counts.council_notes, result.counts.substitute_names, result.counts.audit_entries) == (1, 1, 1)
    db.session.refresh(invitation)
    db.session.refresh(attendance)
    assert invitation.note == "" and attendance.substitute_name == ""
    assert attendance.role.value == "substitute" and invitation.status.value == "pending"  # the counts stay
    assert invitation.seat.holder("member", invitation.seat.memberships[0].starts_on).person.family_name


def test_the_frozen_results_are_never_touched(db, past):
    result_row = db.session.scalar(select(EditionResult))
    before = (result_row.id, json.dumps(result_row.data, sort_keys=True), result_row.frozen_at)
    retention.purge(now=ENDED + timedelta(days=200), before=datetime(2100, 1, 1, tzinfo=UTC))
    db.session.commit()
    db.session.expire_all()
    after = db.session.scalar(select(EditionResult))
    assert (after.id, json.dumps(after.data, sort_keys=True), after.frozen_at) == before
    assert "Adelheid" in json.dumps(after.data)  # even a name in a frozen result is left alone: it is immutable


# --- Art. 9 data in free text: the reasons of capacity changes ------------------------------------------------

def test_the_special_purge_removes_the_reasons_of_the_editions_capacity_changes(db):
    edition = ended_open_day()
    guest = visitor(edition, name="Gottfried Achterberg", needs="Rollstuhl")
    change = CapacityChange(session_id=session_of(edition).id, old_capacity=10, new_capacity=11, is_override=True,
                            reason="Platz für Herrn Achterberg wegen Rollstuhl")
    later = ended_open_day(ends_at=datetime(2030, 6, 1, 16, tzinfo=UTC), status="registration_open")
    other = CapacityChange(session_id=session_of(later).id, old_capacity=5, new_capacity=8, reason="größerer Raum")
    db.session.add_all([change, other])
    db.session.commit()
    month = ENDED + timedelta(days=31)
    [dry] = retention.purge(now=month, dry_run=True)
    db.session.rollback()
    [result] = retention.purge(now=month)
    db.session.commit()
    assert result.scope == retention.SPECIAL and result.counts.capacity_reasons == 1 == dry.counts.capacity_reasons
    db.session.refresh(change)
    assert change.reason == "[removed after the retention period]"
    assert (change.old_capacity, change.new_capacity, change.is_override) == (10, 11, True)  # the figures stay
    assert db.session.get(CapacityChange, other.id).reason == "größerer Raum"  # another edition's: not yet due
    assert db.session.get(Registration, guest.id).name == "Gottfried Achterberg"  # the rest is still needed
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.purge"))
    assert entry.details["capacity_reasons"] == 1
    # Idempotent: the marker is not removed again, and the purge of all personal data finds nothing more
    assert retention.purge(now=month + timedelta(days=1))[0].counts.total == 0
    [full] = retention.purge(now=ENDED + timedelta(days=200))
    assert full.counts.capacity_reasons == 0


# --- Accessibility feedback: its own retention ---------------------------------------------------------------

@pytest.fixture
def feedback(db):
    """Two messages with name and address (and their staff mails), one received 13 months before the purge
    runs, one 2 months before, and an anonymous old one."""
    from conference.pages.models import AccessibilityFeedback
    from conference.pages.services import submit_feedback

    now = datetime(2026, 11, 22, 3, 30, tzinfo=UTC)
    old = submit_feedback(message="Hier schreibt Mechthild Sauerbier: das Formular ist nicht bedienbar.",
                          name="Mechthild Sauerbier", email="mechthild@example.net")
    recent = submit_feedback(message="Die Karte hat keine Textalternative.", name="Ruprecht Lindwurm",
                             email="ruprecht@example.net")
    anonymous = submit_feedback(message="Zu wenig Kontrast.")
    db.session.flush()
    for item, months in ((old, 13), (recent, 2), (anonymous, 14)):
        item.created_at = retention.add_months(now, -months)
        for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.like(f"%(#{item.id})"))):
            message.created_at, message.status = item.created_at, OutboxStatus.SENT
    db.session.commit()
    return now, db.session.get(AccessibilityFeedback, old.id), db.session.get(AccessibilityFeedback, recent.id)


def test_accessibility_feedback_loses_name_and_address_after_twelve_months(db, feedback):
    from conference.privacy import feedback as feedback_privacy

    now, old, recent = feedback
    mails = count(db, OutboxMessage)
    dry = feedback_privacy.purge(now=now, dry_run=True)
    db.session.rollback()
    result = feedback_privacy.purge(now=now)
    db.session.commit()
    assert result.counts.as_dict() == dry.counts.as_dict() == {"accessibility_feedback": 1, "outbox_messages": 2}
    db.session.refresh(old)
    db.session.refresh(recent)
    assert (old.name, old.email) == ("", "")
    assert old.message == "Hier schreibt [erased]: das Formular ist nicht bedienbar."  # the barrier stays known
    assert (recent.name, recent.email) == ("Ruprecht Lindwurm", "ruprecht@example.net")
    assert count(db, OutboxMessage) == mails - 2  # the staff mails of the old and the anonymous message
    assert [m.subject for m in db.session.scalars(select(OutboxMessage))] == [
        f"Neue Rückmeldung zur Barrierefreiheit (#{recent.id})"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.purge"))
    assert entry.details == {"scope": "accessibility_feedback", "received_before": "2025-11-22",
                             "accessibility_feedback": 1, "outbox_messages": 2}
    assert feedback_privacy.purge(now=now).counts.total == 0  # idempotent


@pytest.mark.config(ACCESSIBILITY_FEEDBACK_RETENTION_MONTHS=24)
def test_the_feedback_retention_is_a_setting(db, feedback):
    from conference.privacy import feedback as feedback_privacy

    now, old, _recent = feedback
    assert feedback_privacy.purge(now=now).counts.total == 0
    assert old.email == "mechthild@example.net"


def test_before_also_anonymises_the_feedback_received_earlier(runner, db, feedback):
    _now, old, recent = feedback
    result = runner.invoke(args=["purge-personal-data", "--before", "2100-01-01"])
    assert result.exit_code == 0, result.output
    assert "accessibility feedback received before 2100-01-01: removed accessibility_feedback=2" in result.output
    db.session.expire_all()
    assert all((f.name, f.email) == ("", "") for f in (db.session.merge(old), db.session.merge(recent)))
    assert count(db, OutboxMessage) == 0
    for secret in ("mechthild", "ruprecht", "sauerbier"):
        assert secret not in result.output.lower()
    again = runner.invoke(args=["purge-personal-data", "--before", "2100-01-01"])
    assert "accessibility feedback received before 2100-01-01: removed nothing left" in again.output
    assert "0 records removed" in again.output


# --- The organiser's preview ---------------------------------------------------------------------------------

def test_the_preview_counts_what_a_purge_would_remove_without_running_it(db, past):
    edition = past[0]
    preview = retention.preview(edition, now=ENDED + timedelta(days=200))
    dry = retention.purge_edition(edition, retention.ALL, now=ENDED + timedelta(days=200), dry_run=True).counts
    db.session.rollback()
    # Everything but the free-text search (audit log, reasons elsewhere), which only the purge itself does
    assert preview.counts.as_dict() == {**dry.as_dict(), "audit_entries": 0, "capacity_changes": 0}
    assert preview.counts.registrations == 2 and preview.counts.outbox_messages == 2
    assert preview.has_ended and count(db, Registration, Registration.anonymised_at.is_not(None)) == 0


def test_the_privacy_page_does_not_grow_with_registrations_or_audit_entries(client, db, login_as, count_queries):
    edition = ended_open_day()
    visitor(edition)
    record("test.note", summary="eins")
    db.session.commit()
    login_as("organiser")
    url = f"/manage/editions/{edition.id}/privacy/"
    client.get(url)  # warm up (caches, the session)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for n in range(40):
        guest = visitor(edition, needs="Rampe" if n % 3 == 0 else "")
        mail(guest.email)
        record("test.note", edition=edition, summary=f"Anruf {n} von {guest.name}")
    db.session.commit()
    with count_queries() as many:
        page = client.get(url)
    assert page.status_code == 200 and "41" in page.get_data(as_text=True)
    assert many.count == few.count, many.statements
    # Counted, not loaded: no row of the audit log or of a registration is read to show the page
    assert not [s for s in many.statements if "audit_entry" in s]
    assert all(s.lstrip().startswith("SELECT count") for s in many.statements if "FROM registration" in s)
