"""Erasure on request: by the visitor through the manage link (a confirm step, POST, CSRF) and by staff, for
one registration or for everything under an address. Anonymised, keeping counts; idempotent."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from conference.audit.models import AuditEntry
from conference.audit.services import record
from conference.mail.models import OutboxMessage
from conference.privacy import erasure
from conference.privacy.models import ConsentRecord
from conference.registration import services as registrations
from conference.registration.models import Booking, BookingStatus, Registration
from conference.surveys.models import SurveyInvitation
from tests.factories import make_open_day
from tests.privacy.builders import ended_open_day, invite, mail, survey_of, visitor


def register(edition, session, name="Rosalind Fichtelberg", email="rosalind@example.net", **extra):
    return registrations.register(edition, registrations.Visitor(name=name, email=email, **extra), [session.id],
                                  privacy_notice_version="2026-11")


@pytest.fixture
def upcoming(db):
    """An upcoming open day with one seat: Rosalind holds it (with accessibility needs), Tassilo waits."""
    edition, (session, _) = make_open_day(capacity=1)
    rosalind = register(edition, session, accessibility_needs="Rampe", accessibility_consent=True)
    tassilo = register(edition, session, name="Tassilo Brandauer", email="tassilo@example.net")
    mail("rosalind@example.net")
    record("test.note", edition=edition, summary="Rosalind Fichtelberg rief an")
    db.session.commit()
    return edition, session, rosalind, tassilo


def test_the_visitor_erases_their_registration_from_the_manage_link(english, client, db, upcoming):
    _edition, _session, rosalind, tassilo = upcoming
    old = f"/registrations/{rosalind.manage_token}"
    page = client.get(old)
    assert f'href="{old}/erase"' in page.get_data(as_text=True)
    confirm = client.get(f"{old}/erase")
    assert confirm.status_code == 200 and confirm.headers["Cache-Control"] == "private, no-store"
    assert "your places go to the next people" in confirm.get_data(as_text=True)
    refused = client.post(f"{old}/erase", data={})
    assert refused.status_code == 422 and db.session.get(Registration, rosalind.id).anonymised_at is None
    done = client.post(f"{old}/erase", data={"confirm": "y"})
    assert done.status_code == 302 and done.headers["Location"] == "/privacy/erased"
    assert client.get("/privacy/erased").status_code == 200
    db.session.expire_all()
    erased = db.session.get(Registration, rosalind.id)
    assert (erased.name, erased.email, erased.organisation, erased.accessibility_needs) == ("", "", "", "")
    assert erased.anonymised_at is not None and erased.cancelled_at is not None
    assert client.get(old).status_code == 404 and client.get(f"{old}/erase").status_code == 404
    # Before the event the seat goes to the waiting list; the booking row stays (cancelled)
    assert [b.status for b in erased.bookings] == [BookingStatus.CANCELLED]
    assert db.session.get(Registration, tassilo.id).bookings[0].status == BookingStatus.BOOKED
    assert not db.session.scalar(select(func.count(ConsentRecord.id)).where(
        ConsentRecord.registration_id == erased.id))
    assert not db.session.scalar(select(func.count(OutboxMessage.id)).where(
        func.lower(OutboxMessage.recipient) == "rosalind@example.net"))
    assert db.session.scalar(select(OutboxMessage.recipient).where(OutboxMessage.template == "booking_promoted")) \
        == "tassilo@example.net"
    note = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "test.note"))
    assert note.summary == "[erased] rief an"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.erasure"))
    assert entry.subject_id == rosalind.id and entry.details["via"] == "manage_link"
    assert entry.details["registrations"] == 1 and entry.details["bookings_cancelled"] == 1
    assert "rosalind" not in (entry.summary + str(entry.details)).lower()


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_erasing_needs_the_forms_csrf_token(client, db, upcoming):
    rosalind = upcoming[2]
    url = f"/registrations/{rosalind.manage_token}/erase"
    assert client.post(url, data={"confirm": "y"}).status_code == 400
    assert db.session.get(Registration, rosalind.id).anonymised_at is None
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(url).get_data(as_text=True))
    assert client.post(url, data={"confirm": "y", "csrf_token": token.group(1)}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, rosalind.id).anonymised_at is not None


def test_after_the_event_the_bookings_keep_their_status(db):
    edition = ended_open_day()
    guest = visitor(edition, name="Quirin Schattenhofer", needs="Rollstuhl")
    survey = survey_of(edition)
    answered = invite(survey, guest, answered=True)
    other_edition_survey = survey_of(ended_open_day())
    elsewhere = invite(other_edition_survey, email=guest.email, name=guest.name)
    db.session.commit()
    address = guest.email
    counts = erasure.erase_registration(guest, via="staff")
    db.session.commit()
    assert counts.bookings_cancelled == 0 and counts.consent_records == 2 and counts.survey_invitations == 1
    assert guest.bookings[0].status == BookingStatus.ATTENDED and guest.cancelled_at is None
    db.session.refresh(answered)
    assert answered.email == f"erased-{answered.id}"
    db.session.refresh(elsewhere)  # another edition's invitation is not this registration's: erased by address
    assert (elsewhere.email, elsewhere.name) == (address, "Quirin Schattenhofer")


def test_erasing_twice_changes_nothing_the_second_time(db, upcoming):
    rosalind = upcoming[2]
    erasure.erase_registration(rosalind, via="staff")
    db.session.commit()
    entries = db.session.scalar(select(func.count(AuditEntry.id)))
    tokens = (rosalind.manage_token, rosalind.confirm_token)
    assert erasure.erase_registration(rosalind, via="staff").total == 0
    assert (rosalind.manage_token, rosalind.confirm_token) == tokens
    assert db.session.scalar(select(func.count(AuditEntry.id))) == entries


def test_staff_erase_one_registration(english, client, db, login_as, upcoming):
    rosalind = upcoming[2]
    login_as("organiser")
    response = client.post(f"/manage/privacy/registrations/{rosalind.id}/erase")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, rosalind.id).anonymised_at is not None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.erasure"))
    assert entry.details["via"] == "staff" and entry.actor_id is not None
    again = client.post(f"/manage/privacy/registrations/{rosalind.id}/erase", follow_redirects=True)
    assert again.status_code == 200 and "already been erased" in again.get_data(as_text=True)
    assert client.post("/manage/privacy/registrations/999999/erase").status_code == 404


def test_staff_erase_everything_under_an_address(english, client, db, login_as):
    past = ended_open_day()
    first = visitor(past, email="Vinzenz@Example.net", name="Vinzenz Lerchenfeld")
    survey = survey_of(past)
    invite(survey, first)
    upcoming, (session, _) = make_open_day(capacity=3)
    second = register(upcoming, session, name="Vinzenz Lerchenfeld", email="vinzenz@example.net")
    bystander = register(upcoming, session, name="Notburga Kessler", email="notburga@example.net")
    db.session.commit()
    login_as("organiser")
    response = client.post("/manage/privacy/address/erase", data={"email": "VINZENZ@example.net"})
    assert response.status_code == 302
    db.session.expire_all()
    assert all(db.session.get(Registration, r.id).anonymised_at for r in (first, second))
    assert db.session.get(Registration, bystander.id).name == "Notburga Kessler"
    assert [i.name for i in db.session.scalars(select(SurveyInvitation))] == [""]
    assert db.session.get(Registration, second.id).bookings[0].status == BookingStatus.CANCELLED
    assert db.session.get(Registration, first.id).bookings[0].status == BookingStatus.ATTENDED
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.erasure"))
    assert entry.subject_type == "address" and sorted(entry.details["registration_ids"]) == [first.id, second.id]
    assert "vinzenz" not in str(entry.details).lower()
    nothing = client.post("/manage/privacy/address/erase", data={"email": "vinzenz@example.net"},
                          follow_redirects=True)
    assert "Nothing was left to erase" in nothing.get_data(as_text=True)
    assert client.post("/manage/privacy/address/erase", data={"email": "kein-address"}).status_code == 422


def test_the_erased_registration_keeps_its_ranking_and_counts(db):
    edition = ended_open_day()
    guest = visitor(edition)
    bookings = db.session.scalar(select(func.count(Booking.id)))
    erasure.erase_registration(guest, via="staff", now=edition.ends_at + timedelta(days=3))
    db.session.commit()
    assert db.session.scalar(select(func.count(Booking.id))) == bookings
    assert db.session.scalar(select(func.count(Registration.id))) == 1


def test_a_waiting_mail_about_the_erased_registration_goes_even_if_the_address_is_still_in_use(db):
    from conference.mail.models import OutboxStatus
    from conference.registration.notifications import notify_registered
    from tests.factories import make_person

    edition, (session, _) = make_open_day(capacity=3)
    make_person("Hollerbach", "Severin", email="severin@example.net")  # a council member, kept
    guest = register(edition, session, name="Severin Hollerbach", email="severin@example.net")
    notify_registered(guest)  # rendered at send time from the registration's id
    council_mail = mail("severin@example.net", subject="Einladung zur Sitzung", status=OutboxStatus.PENDING)
    db.session.commit()
    counts = erasure.erase_registration(guest, via="staff")
    db.session.commit()
    assert counts.outbox_messages == 1
    assert [m.id for m in db.session.scalars(select(OutboxMessage))] == [council_mail.id]


def test_erasing_an_address_takes_its_co_presenter_entries_feedback_and_council_traces(db):
    from conference.council.models import Attendance, Invitation, Person
    from conference.pages.models import AccessibilityFeedback
    from conference.submissions.models import CoPresenter, Submission
    from tests.privacy.builders import filed_under

    traces = filed_under("ottilie@example.net", "Ottilie", "Brennecke")
    record("test.note", summary="Rückruf an ottilie@example.net")
    db.session.commit()
    staff_mails = db.session.scalar(select(func.count(OutboxMessage.id)))
    assert staff_mails >= 2  # one per feedback message (and recipient)

    counts = erasure.erase_address("Ottilie@Example.net")
    db.session.commit()
    db.session.expire_all()
    assert (counts.registrations, counts.co_presenters, counts.accessibility_feedback) == (1, 1, 1)
    assert (counts.council_notes, counts.substitute_names, counts.audit_entries) == (2, 1, 1)
    assert counts.outbox_messages == staff_mails // 2  # the mails about her message, not about the other
    # Co-presenters: her entry goes, the offer and the other co-presenter stay
    offer = db.session.get(Submission, traces.offer.id)
    assert [c.name for c in offer.co_presenters] == ["Irmgard Nebelung"] and offer.title == "Lernwerkstatt Wald"
    assert db.session.scalar(select(func.count(CoPresenter.id))) == 1
    # Feedback: no name or address, the message stays with her name replaced; the other one is untouched
    feedback = db.session.get(AccessibilityFeedback, traces.feedback.id)
    assert (feedback.name, feedback.email) == ("", "")
    assert feedback.message == "Ich bin [erased]: Die PDF-Datei ist nicht barrierefrei."
    assert feedback.page_url == "/programm"
    other = db.session.get(AccessibilityFeedback, traces.other_feedback.id)
    assert (other.name, other.email) == ("Irmgard Nebelung", "irmgard@example.net")
    assert all(f"(#{feedback.id})" not in m.subject for m in db.session.scalars(select(OutboxMessage)))
    assert any(f"(#{other.id})" in m.subject for m in db.session.scalars(select(OutboxMessage)))
    # Council: the RSVP of her forum registration loses its note, but keeps its answer; mentions elsewhere go
    own = db.session.get(Invitation, traces.own_rsvp.id)
    assert own.note == "" and own.status.value == "attending"
    assert db.session.get(Invitation, traces.other_rsvp.id).note == "Statt mir kommt [erased] ([erased])."
    assert db.session.get(Attendance, traces.substitute.id).substitute_name == "[erased] (Schulleitung)"
    assert db.session.get(Registration, traces.forum.id).anonymised_at is not None
    # The council's record of its member stays: it is changed on the seats page
    assert db.session.get(Person, traces.member.id).email == "ottilie@example.net"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.erasure"))
    assert entry.details["co_presenters"] == 1 and entry.details["accessibility_feedback"] == 1
    assert "ottilie" not in (entry.summary + str(entry.details)).lower()
    assert erasure.erase_address("ottilie@example.net").total == 0  # nothing left under the address


def test_an_address_with_only_feedback_or_a_co_presenter_entry_can_be_erased(english, client, db, login_as):
    from conference.pages.models import AccessibilityFeedback
    from conference.pages.services import submit_feedback

    submit_feedback(message="Zu kleine Schrift.", name="Leopoldine Haberkorn", email="leo@example.net")
    db.session.commit()
    login_as("organiser")
    found = client.post("/manage/privacy/", data={"email": "leo@example.net"}).get_data(as_text=True)
    assert "Nothing is stored under" not in found and "Leopoldine Haberkorn" in found
    done = client.post("/manage/privacy/address/erase", data={"email": "leo@example.net"}, follow_redirects=True)
    assert "1 accessibility feedback messages" in done.get_data(as_text=True)
    feedback = db.session.scalar(select(AccessibilityFeedback))
    assert (feedback.name, feedback.email, feedback.message) == ("", "", "Zu kleine Schrift.")
