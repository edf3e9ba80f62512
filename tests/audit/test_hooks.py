"""Each act in the organiser area writes exactly its audit entry (actor, edition, subject, details), in the
same transaction: a failed or rolled-back act leaves no entry. Entries never carry a visitor's name or
address, nor a free-text reason."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from conference.accounts.models import User
from conference.audit.models import AuditEntry
from conference.audit.services import record
from conference.council.models import Decision, FollowUpStatus
from conference.editions.models import EditionStatus
from conference.program.models import Session
from conference.registration import services as registrations
from conference.registration.models import CapacityChange
from conference.submissions import decisions
from conference.submissions.models import SubmissionStatus
from tests.audit.helpers import entries, raw_audit_rows, the_entry
from tests.council.agenda_helpers import make_item, make_recommendation, report
from tests.council.test_seat_xlsx import as_bytes, confirm, upload
from tests.factories import (
    make_call,
    make_council,
    make_edition,
    make_offer,
    make_open_day,
    make_organisation,
    make_person,
    make_provider,
    make_seat,
    make_slot,
    make_user,
)

VISITOR_NAME, VISITOR_EMAIL = "Zephyrine Quackenbusch", "zephyrine.quackenbusch@example.org"


def visit(edition, session, n: int, name: str | None = None, email: str | None = None):
    return registrations.register(edition, registrations.Visitor(name or f"Gast {n}", email or f"gast{n}@example.org"),
                                  [session.id], privacy_notice_version="v")


def edit_form(session, **fields) -> dict:
    return {"kind": "workshop", "title": session.title, "room_id": session.room_id, "slot_id": session.slot_id,
            "registration_required": "y", "is_published": "y", **fields}


# --- Capacity ---------------------------------------------------------------------------------------

def test_a_capacity_change_is_logged_with_old_and_new_capacity(db):
    edition, (session, _) = make_open_day(capacity=1)
    visit(edition, session, 1)
    visit(edition, session, 2)  # waits
    organiser = make_user("organiser")
    change = registrations.change_capacity(session, 3, user_id=organiser.id)
    db.session.commit()
    entry = the_entry("capacity.change")
    assert (entry.actor_id, entry.edition_id, entry.subject_type, entry.subject_id) == (
        organiser.id, edition.id, "session", session.id)
    assert entry.details == {"old_capacity": 1, "new_capacity": 3, "seats_taken": 1, "promoted": 1,
                             "capacity_change_id": change.id}


def test_lowering_below_the_bookings_by_override_is_logged_as_an_override(client, db, login_as):
    organiser = login_as("organiser")
    edition, (session, _) = make_open_day(capacity=2)
    visit(edition, session, 1)
    visit(edition, session, 2)
    db.session.commit()
    url = f"/manage/editions/{edition.id}/sessions/{session.id}/edit"
    assert client.post(url, data=edit_form(session, capacity="1")).status_code == 422  # no override: refused
    assert client.post(url, data=edit_form(session, capacity="1", override="y", reason="")).status_code == 422
    assert entries() == []
    assert client.post(url, data=edit_form(session, capacity="1", override="y",
                                           reason="Raumwechsel")).status_code == 302
    entry = the_entry("capacity.override")
    change = db.session.scalar(select(CapacityChange))
    assert (entry.actor_id, entry.edition_id, entry.subject_type, entry.subject_id) == (
        organiser.id, edition.id, "session", session.id)
    assert entry.details == {"old_capacity": 2, "new_capacity": 1, "seats_taken": 2, "promoted": 0,
                             "capacity_change_id": change.id}
    assert entry.summary == "" and not any("Raumwechsel" in value for value in raw_audit_rows())


def test_moving_a_waitlisted_visitor_up_is_logged_as_an_override(client, db, login_as):
    organiser = login_as("organiser")
    edition, (session, _) = make_open_day(capacity=1)
    visit(edition, session, 1)
    waiting = visit(edition, session, 2)
    db.session.commit()
    booking_id = waiting.bookings[0].id
    url = f"/manage/editions/{edition.id}/bookings/{booking_id}/override"
    client.post(url, data={"reason": ""})  # refused with a message
    assert entries() == []
    assert client.post(url, data={"reason": "Presse"}).status_code == 302
    entry = the_entry("capacity.override")
    change = db.session.scalar(select(CapacityChange))
    assert (entry.actor_id, entry.edition_id, entry.subject_type, entry.subject_id) == (
        organiser.id, edition.id, "session", session.id)
    assert entry.details == {"old_capacity": 1, "new_capacity": 1, "seats_taken": 2, "booking_id": booking_id,
                             "capacity_change_id": change.id}
    client.post(url, data={"reason": "Presse"})  # no longer waiting: refused, nothing more logged
    assert len(entries()) == 1


def test_a_rolled_back_capacity_change_leaves_no_entry(db):
    _, (session, _) = make_open_day(capacity=2)
    db.session.commit()
    registrations.change_capacity(session, 5, user_id=None)
    assert db.session.scalar(select(AuditEntry.action)) == "capacity.change"  # in the open transaction
    db.session.rollback()
    assert entries() == []
    assert db.session.get(Session, session.id).capacity == 2


def test_no_visitor_name_or_address_reaches_the_log(client, db, login_as):
    login_as("organiser")
    edition, (session, _) = make_open_day(capacity=2)
    visit(edition, session, 1, name=VISITOR_NAME, email=VISITOR_EMAIL)
    visit(edition, session, 2)
    db.session.commit()
    assert client.post(f"/manage/editions/{edition.id}/sessions/{session.id}/edit",
                       data=edit_form(session, capacity="1", override="y",
                                      reason=f"Bitte {VISITOR_EMAIL} informieren")).status_code == 302
    waiting = visit(edition, session, 3, name=f"{VISITOR_NAME} II", email=f"ii.{VISITOR_EMAIL}")
    db.session.commit()
    assert client.post(f"/manage/editions/{edition.id}/bookings/{waiting.bookings[0].id}/override",
                       data={"reason": f"für {VISITOR_NAME}"}).status_code == 302
    assert [e.action for e in entries()] == ["capacity.override", "capacity.override"]
    values = raw_audit_rows()
    for secret in (VISITOR_NAME, "Quackenbusch", VISITOR_EMAIL):
        assert not any(secret in value for value in values), secret


# --- Decisions on offers -----------------------------------------------------------------------------

@pytest.fixture
def call(db):
    edition = make_edition()
    make_slot(edition)
    return make_call(edition)


def test_a_decision_on_an_offer_is_logged_and_a_refused_one_is_not(client, db, login_as, call):
    offer = make_offer(call.edition, make_provider(name="Petra Partner", email="petra@example.org"))
    db.session.commit()
    organiser = login_as("organiser")
    url = f"/manage/editions/{call.edition_id}/submissions/{offer.id}/decide"
    assert client.post(url, data={"decision": "accepted", "notify": "y"}).status_code == 302
    entry = the_entry("submission.decision")
    assert (entry.actor_id, entry.edition_id, entry.subject_type, entry.subject_id) == (
        organiser.id, call.edition_id, "submission", offer.id)
    assert entry.details == {"status": "accepted", "previous_status": "submitted", "mails": 1}
    assert client.post(url, data={"decision": "rejected"}).status_code == 409  # accepted is final
    assert len(entries()) == 1
    assert not any("Petra" in value or "petra@" in value for value in raw_audit_rows())


def test_a_bulk_decision_logs_one_entry_per_decided_offer(client, db, login_as, call):
    offers = [make_offer(call.edition, make_provider()) for _ in range(3)]
    draft = make_offer(call.edition, make_provider(), submit=False)
    db.session.commit()
    organiser = login_as("organiser")
    response = client.post(f"/manage/editions/{call.edition_id}/submissions/decide", data={
        "submission_ids": [o.id for o in [*offers, draft]], "decision": "waitlisted"})
    assert response.status_code == 302
    logged = entries("submission.decision")
    assert [(e.subject_id, e.actor_id, e.edition_id) for e in logged] == [
        (o.id, organiser.id, call.edition_id) for o in offers]  # the draft was skipped: no entry
    assert all(e.details == {"status": "waitlisted", "previous_status": "submitted", "mails": 0, "bulk": True}
               for e in logged)


def test_a_rolled_back_decision_leaves_no_entry(db, call):
    offer = make_offer(call.edition, make_provider())
    db.session.commit()
    decisions.decide(offer, call, SubmissionStatus.REJECTED)
    assert db.session.scalar(select(AuditEntry.action)) == "submission.decision"  # in the open transaction
    db.session.rollback()
    assert entries() == []
    assert offer.status == SubmissionStatus.SUBMITTED


# --- Council decisions on recommendations ------------------------------------------------------------

def test_a_council_decision_is_logged_with_the_reference(client, db, login_as):
    edition = make_council(day=date(2024, 3, 13), status=EditionStatus.HELD)
    rec = make_recommendation(make_item(edition), decision=Decision.PENDING)
    db.session.commit()
    organiser = login_as("organiser")
    url = f"/manage/editions/{edition.id}/council/agenda/recommendations/{rec.id}/decision"
    assert client.post(url, data={"decision": "adopted"}).status_code == 302
    entry = the_entry("recommendation.decision")
    assert (entry.actor_id, entry.edition_id, entry.subject_type, entry.subject_id) == (
        organiser.id, edition.id, "recommendation", rec.id)
    assert entry.details == {"decision": "adopted", "previous_decision": "pending", "reference": rec.reference,
                             "decided_on": "2024-03-13"}


def test_a_refused_council_decision_leaves_no_entry(client, db, login_as):
    edition = make_council(day=date(2024, 3, 13), status=EditionStatus.HELD)
    rec = make_recommendation(make_item(edition))  # adopted (an entry by the system)
    report(rec, FollowUpStatus.IN_PROGRESS, date(2024, 6, 1))
    db.session.commit()
    assert [(e.action, e.actor_id) for e in entries()] == [("recommendation.decision", None)]
    login_as("organiser")
    url = f"/manage/editions/{edition.id}/council/agenda/recommendations/{rec.id}/decision"
    assert client.post(url, data={"decision": "not_adopted"}).status_code == 409
    assert len(entries()) == 1


# --- Exports of personal data and the seat import -----------------------------------------------------

def test_the_offers_export_is_logged_per_download_without_the_contacts(client, db, login_as, call):
    make_offer(call.edition, make_provider(name="Petra Partner", email="petra@example.org"))
    make_offer(call.edition, make_provider())
    db.session.commit()
    organiser = login_as("organiser")
    base = f"/manage/editions/{call.edition_id}"
    assert client.get(f"{base}/submissions.xlsx").status_code == 200
    assert client.get(f"{base}/submissions.csv").status_code == 200
    logged = entries()
    assert [(e.action, e.actor_id, e.edition_id, e.details) for e in logged] == [
        ("export.submissions", organiser.id, call.edition_id, {"format": "xlsx", "rows": 2}),
        ("export.submissions", organiser.id, call.edition_id, {"format": "csv", "rows": 2})]
    assert not any("Petra" in value or "petra@" in value for value in raw_audit_rows())


def test_an_export_refused_for_a_missing_call_is_not_logged(client, db, login_as):
    edition = make_edition()
    db.session.commit()
    login_as("organiser")
    assert client.get(f"/manage/editions/{edition.id}/submissions.csv").status_code == 404
    assert entries() == []


def test_the_seats_export_and_the_signature_list_are_logged(client, db, login_as):
    edition = make_council()
    for _ in range(3):
        make_seat()
    db.session.commit()
    organiser = login_as("organiser")
    assert client.get("/manage/council/seats.xlsx").status_code == 200
    assert client.get(f"/manage/editions/{edition.id}/council/checkin/signature-list.pdf").status_code == 200
    logged = entries()
    assert [(e.action, e.actor_id, e.edition_id, e.details) for e in logged] == [
        ("export.seats", organiser.id, None, {"format": "xlsx", "seats": 3}),
        ("export.signature_list", organiser.id, edition.id, {"format": "pdf", "seats": 3})]


def test_an_applied_seat_import_is_logged_with_counts_and_no_names(client, db, login_as):
    make_seat(group="Schulen", label="Grundschulen", organisation=make_organisation("Grundschule Nord"),
              member=make_person("Meier", given_name="Eva", email="eva@example.org"), deputy=False)
    db.session.commit()
    organiser = login_as("organiser")
    workbook = load_workbook(io.BytesIO(client.get("/manage/council/seats.xlsx").data))
    workbook.worksheets[0].append(["Hochschulen", "Universität", "Universität Musterstadt", "ja", "", "Ida",
                                   "Lang", "lang@example.org", date(2023, 10, 1), "", "", "", "", "", "", ""])
    html = upload(client, as_bytes(workbook)).get_data(as_text=True)
    assert not entries("import.seats")  # the preview writes nothing
    assert client.post("/manage/council/seats/import/confirm", data={"payload": "forged"}).status_code == 422
    assert not entries("import.seats")
    assert confirm(client, html).status_code == 302
    [entry] = entries("import.seats")
    assert (entry.actor_id, entry.edition_id) == (organiser.id, None)
    local_today = datetime.now(ZoneInfo("Europe/Berlin")).date()  # the import's default: today where the office is
    assert entry.details["rows"] == 2 and entry.details["valid_from"] == local_today.isoformat()
    assert {k: entry.details[k] for k in ("new_groups", "new_organisations", "new_seats", "new_people",
                                          "new_holders", "ended", "unchanged")} == {
        "new_groups": 1, "new_organisations": 1, "new_seats": 1, "new_people": 1, "new_holders": 1, "ended": 0,
        "unchanged": 1}
    values = raw_audit_rows()
    assert not any(secret in value for value in values for secret in ("Lang", "lang@", "Meier", "Musterstadt"))


# --- Partner accounts -------------------------------------------------------------------------------

def pending_provider(verified: bool = True, **fields) -> User:
    provider = make_provider(**fields)
    provider.approved_at = None
    provider.email_verified_at = provider.created_at if verified else None
    return provider


def test_approving_and_refusing_partners_is_logged(client, db, login_as):
    joining = pending_provider(name="Anna Antrag", email="anna@example.org")
    refused = pending_provider(name="Rudi Refus", email="rudi@example.org")
    unverified = pending_provider(verified=False)
    db.session.commit()
    organiser = login_as("organiser")
    assert client.post(f"/manage/partners/{unverified.id}/approve").status_code == 409
    assert entries() == []
    assert client.post(f"/manage/partners/{joining.id}/approve").status_code == 302
    assert client.post(f"/manage/partners/{joining.id}/approve").status_code == 302  # again: harmless, not logged
    refused_id, refused_organisation = refused.id, refused.organisation_id
    assert client.post(f"/manage/partners/{refused_id}/reject").status_code == 302
    assert [(e.action, e.actor_id, e.subject_type, e.subject_id, e.details) for e in entries()] == [
        ("partner.approve", organiser.id, "user_account", joining.id, {"organisation_id": joining.organisation_id}),
        ("partner.reject", organiser.id, "user_account", refused_id,
         {"organisation_id": refused_organisation, "organisation_removed": True})]
    assert not any(s in value for value in raw_audit_rows() for s in ("Anna", "anna@", "Rudi", "rudi@"))


# --- Accounts deleted since ---------------------------------------------------------------------------

def test_an_entry_of_a_deleted_account_is_marked_as_such(db):
    organiser = make_user("organiser")
    record("export.seats", actor_id=organiser.id, details={"seats": 2})
    record("privacy.purge", details={"registrations": 4})
    db.session.commit()
    db.session.delete(organiser)
    db.session.commit()
    by_account, by_system = entries()
    assert (by_account.actor_id, by_account.details) == (None, {"seats": 2, "actor_deleted": True})
    assert (by_system.actor_id, by_system.details) == (None, {"registrations": 4})
