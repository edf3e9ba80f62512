"""Subject access: the export (JSON and readable HTML) from the manage link and for staff, and the staff
search by e-mail address."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from conference.audit.models import AuditEntry
from conference.mail.models import OutboxStatus
from conference.privacy import access
from conference.registration import services as registrations
from tests.factories import make_open_day, make_person
from tests.privacy.builders import ended_open_day, invite, mail, survey_of, visitor


@pytest.fixture
def person(db):
    """Konrad has a registration for an upcoming open day (confirmed), one for a past one (attended, with a
    survey invitation), mails, and he sits on the council under the same address."""
    edition, (session, _) = make_open_day(capacity=5)
    upcoming = registrations.register(edition, registrations.Visitor(
        name="Konrad Ziegenbalg", email="konrad@example.net", organisation="Realschule Nord", role="teacher",
        accessibility_needs="Gebärdensprache", accessibility_consent=True), [session.id],
        privacy_notice_version="2026-11")
    upcoming.confirmed_at = upcoming.created_at
    past = ended_open_day()
    earlier = visitor(past, name="Konrad Ziegenbalg", email="Konrad@example.net")
    invite(survey_of(past), earlier, answered=True)
    mail("konrad@example.net", subject="Bitte bestätigen Sie Ihre Anmeldung", status=OutboxStatus.PENDING)
    member = make_person("Ziegenbalg", "Konrad", email="konrad@example.net")
    db.session.commit()
    return upcoming, earlier, member


def test_the_json_export_from_the_manage_link(english, client, db, person):
    upcoming, _earlier, _member = person
    response = client.get(f"/registrations/{upcoming.manage_token}/my-data.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    data = json.loads(response.get_data(as_text=True))
    assert data["format"] == "conference.subject-access/1" and data["email"] == "konrad@example.net"
    [registration] = data["registrations"]  # only this registration: the link proves no more
    assert registration["name"] == "Konrad Ziegenbalg" and registration["accessibility_needs"] == "Gebärdensprache"
    assert registration["bookings"][0]["status"] == "booked" and registration["bookings"][0]["session"]["title"]
    assert sorted(c["kind"] for c in registration["consent_records"]) == ["privacy_notice", "special_category"]
    assert {c["text_version"] for c in registration["consent_records"]} == {"2026-11"}
    # Filed under the confirmed address: the survey invitation (not the answer), the mail, the council record
    assert [i["survey"]["title"] for i in data["survey_invitations"]] == ["Ihre Meinung"]
    assert "answered" not in json.dumps(data["survey_invitations"])
    assert [(m["subject"], m["status"]) for m in data["outbox"]] == [("Bitte bestätigen Sie Ihre Anmeldung",
                                                                     "pending")]
    assert data["council_persons"][0]["family_name"] == "Ziegenbalg"
    assert any("anonymous" in note for note in data["notes"])
    text = response.get_data(as_text=True)
    for secret in (upcoming.manage_token, upcoming.confirm_token, upcoming.ticket_code):
        assert secret not in text
    # Deterministic: the same data gives the same bytes
    assert client.get(f"/registrations/{upcoming.manage_token}/my-data.json").get_data() == response.get_data()


def test_an_unconfirmed_address_gets_only_its_own_registration(english, client, db, person):
    upcoming = person[0]
    upcoming.confirmed_at = None
    db.session.commit()
    data = json.loads(client.get(f"/registrations/{upcoming.manage_token}/my-data.json").get_data(as_text=True))
    assert len(data["registrations"]) == 1 and data["email"] is None
    assert data["survey_invitations"] == data["outbox"] == data["council_persons"] == []
    assert any("confirmed" in note for note in data["notes"])


def test_the_readable_export_from_the_manage_link(english, client, db, person):
    upcoming = person[0]
    manage = client.get(f"/registrations/{upcoming.manage_token}").get_data(as_text=True)
    assert f"/registrations/{upcoming.manage_token}/my-data" in manage
    response = client.get(f"/registrations/{upcoming.manage_token}/my-data")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    html = response.get_data(as_text=True)
    for expected in ("Konrad Ziegenbalg", "Gebärdensprache", "Special-category data (Art. 9 GDPR)", "Booked",
                     "Ihre Meinung", "Bitte bestätigen Sie Ihre Anmeldung", "waiting to be sent",
                     f"/registrations/{upcoming.manage_token}/my-data.json"):
        assert expected in html, expected
    assert upcoming.confirm_token not in html
    assert client.get("/registrations/not-a-token/my-data").status_code == 404
    assert client.get("/registrations/not-a-token/my-data.json").status_code == 404


def test_the_readable_export_names_the_survey_in_the_readers_language(client, db, person):
    """The survey's English title for an English reader, its German title for a German one; the JSON holds
    both."""
    upcoming = person[0]
    [invitation] = access.find("konrad@example.net").survey_invitations
    invitation.survey.title_en = "Your opinion"
    db.session.commit()
    german = client.get(f"/registrations/{upcoming.manage_token}/my-data").get_data(as_text=True)
    assert "Ihre Meinung" in german and "Your opinion" not in german
    client.set_cookie("lang", "en")
    english = client.get(f"/registrations/{upcoming.manage_token}/my-data").get_data(as_text=True)
    assert "Your opinion" in english and "Ihre Meinung" not in english
    data = json.loads(client.get(f"/registrations/{upcoming.manage_token}/my-data.json").get_data(as_text=True))
    assert [(i["survey"]["title"], i["survey"]["title_en"]) for i in data["survey_invitations"]] == [
        ("Ihre Meinung", "Your opinion")]


def test_staff_find_everything_under_an_address(english, client, db, login_as, person):
    upcoming, earlier, _member = person
    login_as("organiser")
    assert client.get("/manage/privacy/").status_code == 200
    response = client.post("/manage/privacy/", data={"email": " KONRAD@example.net "})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    html = response.get_data(as_text=True)
    assert html.count("Konrad Ziegenbalg") >= 3  # two registrations and the council member
    assert f"/manage/privacy/registrations/{upcoming.id}/export" in html
    assert f"/manage/privacy/registrations/{earlier.id}/export.json" in html
    assert "1 mail to this address is in the outbox." in html
    empty = client.post("/manage/privacy/", data={"email": "niemand@example.net"})
    empty_page = empty.get_data(as_text=True)
    assert "Nothing is stored under niemand@example.net." in empty_page and "Found under" not in empty_page
    assert client.post("/manage/privacy/", data={"email": "no address"}).status_code == 422


def test_every_staff_export_is_in_the_audit_log(client, db, login_as, person):
    upcoming, earlier, _ = person
    login_as("organiser")
    as_json = client.get(f"/manage/privacy/registrations/{earlier.id}/export.json")
    assert as_json.status_code == 200 and "attachment" in as_json.headers["Content-Disposition"]
    data = json.loads(as_json.get_data(as_text=True))
    assert [r["id"] for r in data["registrations"]] == [earlier.id]
    assert data["registrations"][0]["bookings"][0]["status"] == "attended"
    assert client.get(f"/manage/privacy/registrations/{upcoming.id}/export").status_code == 200
    whole = client.post("/manage/privacy/address/export.json", data={"email": "konrad@example.net"})
    assert [r["id"] for r in json.loads(whole.get_data(as_text=True))["registrations"]] == sorted(
        [upcoming.id, earlier.id])
    assert client.post("/manage/privacy/address/export", data={"email": "konrad@example.net"}).status_code == 200
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export.subject_access")
                                 .order_by(AuditEntry.id)).all()
    assert [(e.subject_type, e.subject_id, e.details["format"]) for e in entries] == [
        ("registration", earlier.id, "json"), ("registration", upcoming.id, "html"), ("address", None, "json"),
        ("address", None, "html")]
    assert entries[2].details["registrations"] == 2 and entries[2].details["council_persons"] == 1
    assert all("konrad" not in (e.summary + json.dumps(e.details)).lower() for e in entries)
    assert client.get("/manage/privacy/registrations/999999/export").status_code == 404


def test_the_document_lists_everything_in_id_order_and_leaves_out_secrets(db, person):
    upcoming, earlier, _ = person
    data = access.document([upcoming, earlier], "konrad@example.net")
    assert [r["id"] for r in data["registrations"]] == sorted([upcoming.id, earlier.id])
    flat = access.dumps(data)
    keys = set()

    def collect(value):
        if isinstance(value, dict):
            keys.update(value)
            for v in value.values():
                collect(v)
        elif isinstance(value, list):
            for v in value:
                collect(v)

    collect(data)
    assert not {k for k in keys if "token" in k or "ticket" in k}
    assert upcoming.manage_token not in flat and upcoming.ticket_code not in flat
    assert access.dumps(access.document([earlier, upcoming], "KONRAD@example.net")) == flat


@pytest.mark.parametrize("role", ["analyst", "reviewer", "provider"])
def test_only_organisers_see_the_staff_privacy_pages(client, db, login_as, person, role):
    login_as(role)
    upcoming = person[0]
    assert client.get("/manage/privacy/").status_code == 403
    assert client.get(f"/manage/privacy/registrations/{upcoming.id}/export.json").status_code == 403
    assert client.post(f"/manage/privacy/registrations/{upcoming.id}/erase").status_code == 403
    assert client.get(f"/manage/editions/{upcoming.edition_id}/privacy/").status_code == 403


def test_admins_may_and_anonymous_visitors_are_sent_to_login(client, db, login_as, person):
    assert client.get("/manage/privacy/").status_code == 302
    login_as("admin")
    assert client.get("/manage/privacy/").status_code == 200


def test_the_address_export_includes_co_presenter_entries_feedback_and_the_council(english, client, db, login_as):
    from tests.privacy.builders import filed_under

    traces = filed_under("ottilie@example.net", "Ottilie", "Brennecke")
    db.session.commit()
    data = access.document([traces.forum], "OTTILIE@example.net")
    [registration] = data["registrations"]
    assert registration["council_rsvp"] == {"edition_number": traces.council.number, "seat": "Sitz A",
                                            "status": "attending", "note": "Ich komme etwas später.",
                                            "responded_at": None}
    [member] = data["council_persons"]
    assert [r["note"] for r in member["rsvps"]] == ["Ich komme etwas später."]  # the RSVPs of her seat's term
    assert [(c["name"], c["offer"]["title"]) for c in data["co_presenters"]] == [
        ("Ottilie Brennecke", "Lernwerkstatt Wald")]  # not the other co-presenter
    [feedback] = data["accessibility_feedback"]
    assert feedback["email"] == "OTTILIE@EXAMPLE.NET" and feedback["page_url"] == "/programm"
    assert "Die PDF-Datei" in feedback["message"]
    # What others wrote about her in the council's records: another seat's note and a substitute's name
    assert sorted((m["kind"], m.get("note") or m.get("substitute_name")) for m in data["council_mentions"]) == [
        ("rsvp_note", "Statt mir kommt Ottilie Brennecke (ottilie@example.net)."),
        ("substitute_name", "Ottilie Brennecke (Schulleitung)")]
    assert access.counts_of(data) == {"registrations": 1, "survey_invitations": 0, "outbox": 0, "council_persons": 1,
                                      "co_presenters": 1, "accessibility_feedback": 1, "council_mentions": 2}

    login_as("organiser")
    page = client.post("/manage/privacy/", data={"email": "ottilie@example.net"}).get_data(as_text=True)
    assert "Lernwerkstatt Wald" in page and f"Message {traces.feedback.id} of" in page
    html = client.post("/manage/privacy/address/export", data={"email": "ottilie@example.net"}).get_data(
        as_text=True)
    for expected in ("Named as co-presenter on offers", "Lernwerkstatt Wald", "Accessibility feedback",
                     "Die PDF-Datei ist nicht barrierefrei.", "Ich komme etwas später.",
                     "Substitute for seat", "Ottilie Brennecke (Schulleitung)", "Attending"):
        assert expected in html, expected
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.subject_access"))
    assert entry.details["co_presenters"] == 1 and entry.details["accessibility_feedback"] == 1


def test_without_a_confirmed_address_nothing_filed_under_it_is_shown(db):
    from tests.privacy.builders import filed_under

    traces = filed_under("ottilie@example.net", "Ottilie", "Brennecke")
    data = access.document([traces.forum], None)
    assert data["co_presenters"] == data["accessibility_feedback"] == data["council_mentions"] == []
    assert data["registrations"][0]["council_rsvp"]["seat"] == "Sitz A"  # the registration's own RSVP
