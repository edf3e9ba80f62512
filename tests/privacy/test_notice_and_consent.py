"""The privacy notice per edition (public page, organiser settings with their rules), the consent records
written with every registration, and the organiser's purge preview and "purge now"."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from flask import g
from sqlalchemy import select

from conference.audit.models import AuditEntry
from conference.database import utcnow
from conference.editions.models import BookingMode, EditionStatus
from conference.privacy.models import ConsentKind, ConsentRecord
from conference.registration import preferences
from conference.registration.models import Registration
from tests.factories import make_edition, make_open_day, make_session, make_slot, make_user, make_venue
from tests.privacy.builders import ended_open_day, visitor
from tests.test_csrf import csrf_token


def form(session_ids, **extra):
    return {"name": "Eleonore Brückner", "email": "eleonore@example.net", "consent": "y", "session_ids": session_ids,
            **extra}


def consents(db):
    return [(c.kind, c.text_version) for c in db.session.scalars(select(ConsentRecord).order_by(ConsentRecord.id))]


# --- Consent records ------------------------------------------------------------------------------------------

def test_a_registration_records_the_notice_it_agreed_to_and_the_art_9_consent(client, db):
    edition, (a, _) = make_open_day()
    db.session.commit()
    response = client.post(f"/editions/{edition.id}/register",
                           data=form([a.id], accessibility_needs="Induktionsschleife", accessibility_consent="y"))
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration))
    assert registration.privacy_notice_version == "2026-11"  # the site's notice: the edition has none
    assert consents(db) == [(ConsentKind.PRIVACY_NOTICE, "2026-11"), (ConsentKind.SPECIAL_CATEGORY, "2026-11")]
    records = db.session.scalars(select(ConsentRecord)).all()
    assert all(r.registration_id == registration.id for r in records)
    assert records[0].given_at == registration.consent_at
    assert records[1].given_at == registration.accessibility_consent_at


def test_without_accessibility_needs_there_is_no_art_9_record(client, db):
    edition, (a, _) = make_open_day()
    db.session.commit()
    assert client.post(f"/editions/{edition.id}/register", data=form([a.id])).status_code == 302
    assert consents(db) == [(ConsentKind.PRIVACY_NOTICE, "2026-11")]


@pytest.mark.config(PRIVACY_NOTICE_VERSION="2027-01")
def test_the_version_recorded_is_the_one_shown_the_editions_own_or_the_sites(english, client, db):
    edition, (a, b) = make_open_day()
    db.session.commit()
    page = client.get(f"/editions/{edition.id}/register").get_data(as_text=True)
    assert f'href="/editions/{edition.id}/privacy"' in page and "(version 2027-01)" in page
    client.post(f"/editions/{edition.id}/register", data=form([a.id]))
    edition.privacy_notice, edition.privacy_notice_version = "Unser eigener Text.", "BK31-v2"
    db.session.commit()
    assert "(version BK31-v2)" in client.get(f"/editions/{edition.id}/register").get_data(as_text=True)
    client.post(f"/editions/{edition.id}/register", data=form([b.id], email="zweite@example.net"))
    assert [r.privacy_notice_version for r in db.session.scalars(select(Registration).order_by(Registration.id))] \
        == ["2027-01", "BK31-v2"]
    assert [v for _, v in consents(db)] == ["2027-01", "BK31-v2"]


def test_ranking_registrations_record_their_consents_too(client, db):
    edition = make_edition(status=EditionStatus.REGISTRATION_OPEN)
    venue = make_venue(edition, rooms=[("R1", 30, True), ("R2", 30, True), ("R3", 30, True)])
    slots = [make_slot(edition, time(11)), make_slot(edition, time(13))]
    for key, room in zip("ABC", venue.rooms, strict=True):
        for slot in slots:
            make_session(edition, title=f"Workshop {key}", capacity=2, slot=slot, room=room, workshop_key=key)
    preferences.save_settings(edition, mode=BookingMode.PREFERENCE, opens_at=utcnow() - timedelta(days=1),
                              closes_at=utcnow() + timedelta(days=1))
    db.session.commit()
    data = {"name": "Gast", "email": "gast@example.net", "consent": "y", "accessibility_needs": "Rampe",
            "accessibility_consent": "y", "choice_1": "A", "choice_2": "B", "choice_3": "C"}
    assert client.post(f"/editions/{edition.id}/register", data=data).status_code == 302
    assert consents(db) == [(ConsentKind.PRIVACY_NOTICE, "2026-11"), (ConsentKind.SPECIAL_CATEGORY, "2026-11")]


def test_every_forum_registration_of_the_council_records_its_consent(client, db):
    """Whoever ranks the council's forums through the RSVP link gets a registration (and a new one after
    declining and coming again): each records the council's rules, version "council"."""
    from conference.council import invitations
    from tests.council.invitation_setup import council_with_seats, invitation_of

    edition, seats = council_with_seats(3, day=(utcnow() + timedelta(days=60)).date())
    venue = make_venue(edition, name="Nebenräume", rooms=[("F1", 20, True), ("F2", 20, True), ("F3", 20, True)])
    slots = [make_slot(edition, time(15, 30)), make_slot(edition, time(16, 30))]
    for key, room in zip("ABC", venue.rooms, strict=True):
        for slot in slots:
            make_session(edition, title=f"Forum {key}", capacity=2, slot=slot, room=room, workshop_key=key,
                         kind="forum")
    preferences.save_settings(edition, mode=BookingMode.PREFERENCE, opens_at=utcnow() - timedelta(days=1),
                              closes_at=utcnow() + timedelta(days=7))
    invitations.generate_invitations(edition)
    db.session.commit()
    ranking = {"choice_1": "A", "choice_2": "B", "choice_3": "C"}
    first, second = invitation_of(edition, seats[0]), invitation_of(edition, seats[1])
    for invitation, status in ((first, "attending"), (second, "deputy_attends")):
        assert client.post(f"/rsvp/{invitation.token}", data={"status": status, "note": ""}).status_code == 303
        assert client.post(f"/rsvp/{invitation.token}/forums", data=ranking).status_code == 303
    assert client.post(f"/rsvp/{first.token}/forums", data=ranking).status_code == 303  # changed: no new one
    client.post(f"/rsvp/{first.token}", data={"status": "declined", "note": ""})
    client.post(f"/rsvp/{first.token}", data={"status": "attending", "note": ""})
    assert client.post(f"/rsvp/{first.token}/forums", data=ranking).status_code == 303
    registrations = db.session.scalars(select(Registration).order_by(Registration.id)).all()
    assert len(registrations) == 3
    records = db.session.scalars(select(ConsentRecord).order_by(ConsentRecord.id)).all()
    assert [(r.registration_id, r.kind, r.text_version) for r in records] == [
        (registration.id, ConsentKind.PRIVACY_NOTICE, "council") for registration in registrations]
    assert all(r.given_at == registration.consent_at for r, registration in zip(records, registrations, strict=True))


# --- The public notice --------------------------------------------------------------------------------------

def test_the_public_notice_shows_the_editions_own_text_and_version(english, client, db):
    edition, _ = make_open_day()
    edition.privacy_notice = "Verantwortlich ist das Bildungsbüro.\n\nWir löschen alles nach drei Monaten."
    edition.privacy_notice_version, edition.retention_months = "2099-03", 3
    db.session.commit()
    response = client.get(f"/editions/{edition.id}/privacy")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Version 2099-03" in html
    assert "<p>Verantwortlich ist das Bildungsbüro.</p><p>Wir löschen alles nach drei Monaten.</p>" in html
    assert "all other personal data on" in html


def test_without_its_own_text_the_sites_notice_and_version_apply(english, client, db):
    edition, _ = make_open_day()
    db.session.commit()
    html = client.get(f"/editions/{edition.id}/privacy").get_data(as_text=True)
    assert "Version 2026-11" in html and "Controller" in html  # from templates/pages/content/privacy_en.html


def test_a_draft_editions_notice_is_not_public(client, db):
    edition = make_edition(status=EditionStatus.DRAFT)
    db.session.commit()
    assert client.get(f"/editions/{edition.id}/privacy").status_code == 404
    assert client.get("/editions/999999/privacy").status_code == 404


# --- The organiser's settings -----------------------------------------------------------------------------------

def settings(**extra):
    return {"privacy_notice": "", "privacy_notice_version": "", "retention_months": "6",
            "special_retention_months": "1", **extra}


@pytest.mark.parametrize(("data", "message"), [
    (settings(retention_months="0"), "between 1 and 120"),
    (settings(retention_months="121"), "between 1 and 120"),
    (settings(special_retention_months=""), "between 1 and 120"),
    (settings(special_retention_months="abc"), "Not a valid integer value"),
    (settings(retention_months="3", special_retention_months="4"), "cannot be kept longer"),
    (settings(privacy_notice="Ein Text"), "give the notice a version"),
    (settings(privacy_notice_version="v1"), "Without a text, the site"),
])
def test_bad_settings_are_refused_with_a_message(english, client, db, login_as, data, message):
    edition, _ = make_open_day()
    db.session.commit()
    login_as("organiser")
    response = client.post(f"/manage/editions/{edition.id}/privacy/", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.refresh(edition)
    assert (edition.retention_months, edition.special_retention_months, edition.privacy_notice) == (6, 1, "")


def test_the_organiser_sets_the_notice_and_the_periods(english, client, db, login_as):
    edition, _ = make_open_day()
    db.session.commit()
    login_as("organiser")
    page = client.get(f"/manage/editions/{edition.id}/privacy/")
    assert page.status_code == 200 and "What a purge would remove now" in page.get_data(as_text=True)
    response = client.post(f"/manage/editions/{edition.id}/privacy/", data=settings(
        privacy_notice="Unser Text.", privacy_notice_version="2099-01", retention_months="12",
        special_retention_months="2"))
    assert response.status_code == 302
    db.session.refresh(edition)
    assert (edition.privacy_notice, edition.privacy_notice_version) == ("Unser Text.", "2099-01")
    assert (edition.retention_months, edition.special_retention_months) == (12, 2)


def test_a_text_agreed_to_cannot_change_under_the_same_version(english, client, db, login_as):
    edition = ended_open_day()
    edition.privacy_notice, edition.privacy_notice_version = "Alter Text.", "2026-11"
    visitor(edition)  # agreed to version 2026-11
    db.session.commit()
    login_as("organiser")
    url = f"/manage/editions/{edition.id}/privacy/"
    changed = settings(privacy_notice="Neuer Text.", privacy_notice_version="2026-11")
    response = client.post(url, data=changed)
    assert response.status_code == 422 and "A changed text needs a new version" in response.get_data(as_text=True)
    assert client.post(url, data={**changed, "privacy_notice_version": "2026-12"}).status_code == 302
    assert client.post(url, data={**changed, "privacy_notice_version": "2026-12", "retention_months": "7"}
                       ).status_code == 302  # the same text again: nothing to version


def test_the_preview_counts_and_purge_now_removes_for_an_ended_edition(english, client, db, login_as):
    edition = ended_open_day()
    guest = visitor(edition, name="Wendelin Hagebutt", needs="Rollstuhl")
    db.session.commit()
    user = login_as("organiser")
    page = client.get(f"/manage/editions/{edition.id}/privacy/").get_data(as_text=True)
    assert "Purge the personal data of this edition now" in page and "due on" in page
    response = client.post(f"/manage/editions/{edition.id}/privacy/purge")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, guest.id).anonymised_at is not None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.purge"))
    assert entry.actor_id == user.id and entry.details["registrations"] == 1
    assert "purged on" in client.get(f"/manage/editions/{edition.id}/privacy/").get_data(as_text=True)


def test_purge_now_is_refused_before_the_event_has_ended(client, db, login_as):
    edition, (_session, _) = make_open_day()
    db.session.commit()
    login_as("organiser")
    assert "/privacy/purge" not in client.get(f"/manage/editions/{edition.id}/privacy/").get_data(as_text=True)
    assert client.post(f"/manage/editions/{edition.id}/privacy/purge").status_code == 409
    assert edition.personal_data_purged_at is None


def test_the_edition_page_and_the_dashboard_link_to_the_privacy_pages(client, db, login_as):
    edition, _ = make_open_day()
    db.session.commit()
    login_as("organiser")
    assert f"/manage/editions/{edition.id}/privacy/" in client.get(f"/manage/editions/{edition.id}").get_data(
        as_text=True)
    assert "/manage/privacy/" in client.get("/manage/").get_data(as_text=True)


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_the_staff_forms_need_their_csrf_token(client, db):
    edition = ended_open_day()
    visitor(edition)
    make_user("organiser", email="o@example.org")
    db.session.commit()
    client.post("/login", data={"email": "o@example.org", "password": "secret",
                                "csrf_token": csrf_token(client, "/login")})
    url = f"/manage/editions/{edition.id}/privacy/"
    assert client.post(f"{url}purge").status_code == 400
    assert client.post(url, data=settings()).status_code == 400
    assert client.post("/manage/privacy/", data={"email": "a@example.net"}).status_code == 400
    assert client.post("/manage/privacy/address/erase", data={"email": "a@example.net"}).status_code == 400
    db.session.refresh(edition)
    assert edition.personal_data_purged_at is None
    g.pop("csrf_token", None)  # made before the login cleared the session (see tests/certificates/test_manage.py)
    assert client.post(f"{url}purge", data={"csrf_token": csrf_token(client, url)}).status_code == 302
    db.session.refresh(edition)
    assert edition.personal_data_purged_at is not None
