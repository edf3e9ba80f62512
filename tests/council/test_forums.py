"""The council's parallel forums: whoever comes for a seat ranks them through the RSVP link, the open
day's exactly optimal allocation assigns them, and publishing books them and mails the person."""

from datetime import time, timedelta

import pytest
from sqlalchemy import func, select

from conference.council import forums, invitations
from conference.council.models import RsvpStatus
from conference.database import utcnow
from conference.editions.models import BookingMode, EditionStatus
from conference.extensions import db as db_module
from conference.mail.models import OutboxMessage
from conference.privacy.models import ConsentRecord
from conference.registration import preferences
from conference.registration.models import Booking, BookingStatus, Registration
from tests.council.invitation_setup import council_with_seats, invitation_of
from tests.factories import make_session, make_slot, make_venue

FAR = {"day": (utcnow() + timedelta(days=60)).date()}


@pytest.fixture
def council(db):
    """A council meeting with six seats and three forums (A, B, C), each in two rounds with two places;
    the choice window is open and the invitations are out."""
    edition, seats = council_with_seats(6, **FAR)
    venue = make_venue(edition, name="Rathaus, Nebenräume", rooms=[("F1", 20, True), ("F2", 20, True),
                                                                  ("F3", 20, True)])
    slots = [make_slot(edition, time(15, 30), label="Forenrunde 1"), make_slot(edition, time(16, 30),
                                                                                 label="Forenrunde 2")]
    for key, room in zip("ABC", venue.rooms, strict=True):
        for slot in slots:
            make_session(edition, title=f"Forum {key}", capacity=2, slot=slot, room=room, workshop_key=key,
                         kind="forum")
    now = utcnow()
    preferences.save_settings(edition, mode=BookingMode.PREFERENCE, opens_at=now - timedelta(days=1),
                              closes_at=now + timedelta(days=7))
    invitations.generate_invitations(edition)
    db.session.commit()
    return edition, seats


def answer(client, invitation, status):
    return client.post(f"/rsvp/{invitation.token}", data={"status": status, "note": ""})


def rank(client, invitation, *keys):
    return client.post(f"/rsvp/{invitation.token}/forums",
                       data={f"choice_{i}": key for i, key in enumerate(keys, start=1)})


def test_the_person_coming_ranks_the_forums_on_the_rsvp_page(client, db, council):
    edition, seats = council
    invitation = invitation_of(edition, seats[0])
    page = client.get(f"/rsvp/{invitation.token}").get_data(as_text=True)
    assert "forums-heading" in page and "choice_1" not in page  # nobody is coming yet

    assert answer(client, invitation, "attending").status_code == 303
    page = client.get(f"/rsvp/{invitation.token}").get_data(as_text=True)
    assert 'name="choice_1"' in page and "Forum B" in page

    assert rank(client, invitation, "B", "A", "C").status_code == 303
    registration = db.session.get(Registration, invitation_of(edition, seats[0]).registration_id)
    member = seats[0].memberships[0].person
    assert (registration.name, registration.email) == (member.name, member.email)
    assert registration.confirmed_at is not None and registration.edition_id == edition.id
    assert [r.workshop_key for r in registration.rankings] == ["B", "A", "C"]

    assert rank(client, invitation, "C", "B", "A").status_code == 303  # changed, not doubled
    assert db.session.scalar(select(func.count(Registration.id))) == 1
    assert [r.workshop_key for r in db.session.get(Registration, registration.id).rankings] == ["C", "B", "A"]


def test_the_open_days_ranking_rules_apply(client, db, council):
    edition, seats = council
    invitation = invitation_of(edition, seats[0])
    answer(client, invitation, "attending")
    response = rank(client, invitation, "A", "A", "B")
    assert response.status_code == 422 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert rank(client, invitation, "A").status_code == 422  # rounds + 2 = 3 ranks (all three forums)
    assert rank(client, invitation, "A", "B", "nope").status_code == 422
    assert db.session.scalar(select(func.count(Registration.id))) == 0


def test_nobody_coming_or_a_closed_window_cannot_rank(client, db, council):
    edition, seats = council
    invitation = invitation_of(edition, seats[0])
    assert rank(client, invitation, "A", "B", "C").status_code == 409  # no answer yet
    answer(client, invitation, "declined")
    assert rank(client, invitation, "A", "B", "C").status_code == 409
    answer(client, invitation, "attending")
    edition.choice_closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert rank(client, invitation, "A", "B", "C").status_code == 409
    assert db.session.scalar(select(func.count(Registration.id))) == 0


def consents(registration_id: int) -> list[ConsentRecord]:
    return list(db_module.session.scalars(select(ConsentRecord).where(ConsentRecord.registration_id == registration_id)
                                          .order_by(ConsentRecord.given_at, ConsentRecord.id)))


def test_the_registration_follows_the_answer(client, db, council):
    edition, seats = council
    invitation = invitation_of(edition, seats[0])
    answer(client, invitation, "attending")
    rank(client, invitation, "A", "B", "C")
    registration_id = invitation_of(edition, seats[0]).registration_id

    answer(client, invitation, "deputy_attends")
    deputy = next(m.person for m in seats[0].memberships if m.role.value == "deputy")
    registration = db.session.get(Registration, registration_id)
    assert (registration.name, registration.email) == (deputy.name, deputy.email)
    # The deputy comes under the council's rules with a record of their own; the member's stays.
    records = consents(registration_id)
    assert [(r.kind.value, r.text_version) for r in records] == [("privacy_notice", "council")] * 2
    assert records[1].given_at > records[0].given_at and registration.consent_at == records[1].given_at
    answer(client, invitation, "deputy_attends")  # the same person again: nothing new to agree to
    assert len(consents(registration_id)) == 2

    answer(client, invitation, "declined")
    assert db.session.get(Registration, registration_id).cancelled_at is not None
    assert invitation_of(edition, seats[0]).registration_id is None


def test_allocation_and_publishing_book_the_forums_and_mail_the_members(client, db, council):
    edition, seats = council
    wishes = ["ABC", "ABC", "ABC", "BAC", "CBA", "ACB"]
    for seat, keys in zip(seats, wishes, strict=True):
        invitation = invitation_of(edition, seat)
        answer(client, invitation, "attending")
        assert rank(client, invitation, *keys).status_code == 303
    edition.choice_closes_at = utcnow() - timedelta(minutes=1)
    edition.status = EditionStatus.REGISTRATION_OPEN
    db.session.commit()

    record = preferences.run(edition)
    assert record.report["participants"] == 6
    assert record.report["assigned_pairs"] == 12  # everyone gets two forums: 3 forums × 2 rounds × 2 seats
    before = db.session.scalar(select(func.count(OutboxMessage.id)))
    assert preferences.publish(record) == 12
    db.session.commit()
    booked = db.session.scalars(select(Booking).where(Booking.status == BookingStatus.BOOKED)).all()
    assert len(booked) == 12
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == before + 6

    page = client.get(f"/rsvp/{invitation_of(edition, seats[0]).token}").get_data(as_text=True)
    assert "Forum A (15:30, F1)" in page and "choice_1" not in page  # the booked forums, with time and room


def test_declining_after_publishing_frees_the_forum_places(client, db, council):
    edition, seats = council
    invitation = invitation_of(edition, seats[0])
    answer(client, invitation, "attending")
    rank(client, invitation, "A", "B", "C")
    edition.choice_closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    preferences.publish(preferences.run(edition))
    db.session.commit()
    assert db.session.scalar(select(func.count(Booking.id)).where(Booking.status == BookingStatus.BOOKED)) == 2

    answer(client, invitation, "declined")
    assert db.session.scalar(select(func.count(Booking.id)).where(Booking.status == BookingStatus.BOOKED)) == 0


def test_an_edition_without_forums_shows_no_forum_section(client, db):
    edition, seats = council_with_seats(1, **FAR)
    invitations.generate_invitations(edition)
    db.session.commit()
    invitation = invitation_of(edition, seats[0])
    assert not forums.offers_forums(invitation)
    answer(client, invitation, RsvpStatus.ATTENDING.value)
    assert "forums-heading" not in client.get(f"/rsvp/{invitation.token}").get_data(as_text=True)
    assert rank(client, invitation, "A", "B", "C").status_code == 409


def test_the_language_switch_on_a_refused_ranking_leads_back_to_the_rsvp_page(client, db, council):
    from tests.pages.language_switch import follow_switch, switch_link

    edition, seats = council
    invitation = invitation_of(edition, seats[0])
    answer(client, invitation, "attending")
    refused = client.post(f"/rsvp/{invitation.token}/forums", data={},
                          headers={"Referer": f"http://localhost/rsvp/{invitation.token}"})
    assert refused.status_code == 422  # shown at the POST-only URL …/forums
    html = refused.get_data(as_text=True)
    assert "forums" not in switch_link(html, "en")
    page = follow_switch(client, html)
    assert page.status_code == 200 and '<html lang="en">' in page.get_data(as_text=True)

    # Without a Referer (browsers may leave it out) the switch goes up to the RSVP page all the same.
    html = client.post(f"/rsvp/{invitation.token}/forums", data={}).get_data(as_text=True)
    assert switch_link(html, "de").endswith(f"next=/rsvp/{invitation.token}")
    assert follow_switch(client, html, "de").status_code == 200


def test_the_ranking_speaks_of_forums_not_workshops(client, db, council):
    edition, seats = council
    invitation = invitation_of(edition, seats[0])
    answer(client, invitation, "attending")
    client.set_cookie("lang", "en")
    page = client.get(f"/rsvp/{invitation.token}").get_data(as_text=True)
    assert "– choose a forum –" in page and "workshop" not in page.lower()
    refused = client.post(f"/rsvp/{invitation.token}/forums", data={}).get_data(as_text=True)
    assert "Please choose a forum for this rank." in refused and "workshop" not in refused.lower()
