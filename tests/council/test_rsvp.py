"""The RSVP page behind the invitation link: no login, one seat's data only, answers changeable until
the deadline and read-only afterwards, documents of the own edition only."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from conference.council import invitations
from conference.council.core import meeting_of
from conference.council.models import Invitation, RsvpStatus
from conference.database import utcnow
from conference.editions.models import EditionStatus
from tests.council.invitation_setup import PDF, add_document, add_item, council_with_seats, invitation_of
from tests.factories import make_council, make_person, make_seat


@pytest.fixture
def invited(db, client):
    """A council with two seats (invitations generated) and an agenda with a public and a closed item;
    the client reads English."""
    client.set_cookie("lang", "en")
    edition, seats = council_with_seats(2)
    item = add_item(edition, "Ganztag an Grundschulen", "TOP 1", description="Bericht der Verwaltung")
    closed = add_item(edition, "Personalfragen", "TOP 2", is_public=False, position=1)
    add_document(item, "Vorlage Ganztag")
    add_document(closed, "Vertrauliche Vorlage", is_public=False)
    invitations.generate_invitations(edition)
    db.session.commit()
    return edition, seats


def names(seat):
    return {m.role.value: m.person.name for m in seat.memberships}


def test_the_page_shows_the_meeting_the_seat_its_people_and_the_agenda(client, invited):
    edition, (seat, other) = invited
    invitation = invitation_of(edition, seat)
    response = client.get(f"/rsvp/{invitation.token}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert edition.title in html and "10 March 2027" in html and "Rathaus, Ratssaal" in html
    assert seat.label in html and names(seat)["member"] in html and names(seat)["deputy"] in html
    assert "Ganztag an Grundschulen" in html and "Personalfragen" in html and "Bericht der Verwaltung" in html
    assert "Vorlage Ganztag" in html and "Vertrauliche Vorlage" in html
    assert f"/rsvp/{invitation.token}/documents/" in html
    # Nothing of the other seat.
    assert other.label not in html and names(other)["member"] not in html
    assert invitation_of(edition, other).token not in html
    # An accessible form that works without JavaScript.
    assert '<fieldset class="kern-fieldset" id="status">' in html and "<legend" in html
    assert 'type="radio" value="attending"' in html and 'for="note"' in html
    assert 'method="post"' in html
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]


def test_answering_saves_the_answer_and_thanks(client, db, invited):
    edition, (seat, other) = invited
    token = invitation_of(edition, seat).token
    response = client.post(f"/rsvp/{token}", data={"status": "deputy_attends", "note": "Frau B. kommt."})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/rsvp/{token}")
    db.session.expire_all()
    invitation = invitation_of(edition, seat)
    assert invitation.status == RsvpStatus.DEPUTY_ATTENDS and invitation.note == "Frau B. kommt."
    assert invitation.responded_at is not None
    assert invitation_of(edition, other).status == RsvpStatus.PENDING
    page = client.get(f"/rsvp/{token}").get_data(as_text=True)
    assert "Thank you, your answer has been saved" in page
    assert "<strong>Deputy attends</strong>" in page
    assert re.search(r'<input checked[^>]*value="deputy_attends"', page)
    assert len(re.findall(r"<input checked", page)) == 1


def test_the_answer_can_be_changed_until_the_deadline(client, db, invited):
    edition, (seat, _) = invited
    token = invitation_of(edition, seat).token
    client.post(f"/rsvp/{token}", data={"status": "declined"})
    first = invitation_of(edition, seat).responded_at
    assert client.post(f"/rsvp/{token}", data={"status": "attending", "note": ""}).status_code == 303
    db.session.expire_all()
    invitation = invitation_of(edition, seat)
    assert invitation.status == RsvpStatus.ATTENDING and invitation.responded_at >= first


def close_answers(db, edition):
    meeting_of(edition).rsvp_deadline = utcnow() - timedelta(minutes=1)
    db.session.commit()


def test_after_the_deadline_the_answer_is_read_only_and_a_post_changes_nothing(client, db, invited):
    edition, (seat, _) = invited
    token = invitation_of(edition, seat).token
    client.post(f"/rsvp/{token}", data={"status": "attending", "note": "Bis dann"})
    close_answers(db, edition)
    page = client.get(f"/rsvp/{token}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "The deadline for answers has passed" in html and "<strong>Attending</strong>" in html
    assert 'name="status"' not in html
    response = client.post(f"/rsvp/{token}", data={"status": "declined", "note": "doch nicht"})
    assert response.status_code == 409
    assert "your answer was not changed" in response.get_data(as_text=True)
    db.session.expire_all()
    invitation = invitation_of(edition, seat)
    assert (invitation.status, invitation.note) == (RsvpStatus.ATTENDING, "Bis dann")


def test_without_a_deadline_answers_close_when_the_meeting_starts(db, invited):
    edition, _ = invited
    meeting = meeting_of(edition)
    assert meeting.rsvp_deadline is None
    assert invitations.answers_open(edition, meeting, edition.starts_at - timedelta(seconds=1))
    assert not invitations.answers_open(edition, meeting, edition.starts_at)
    meeting.rsvp_deadline = edition.starts_at - timedelta(days=7)
    assert not invitations.answers_open(edition, meeting, edition.starts_at - timedelta(days=6))


def test_a_held_meeting_takes_no_answers(client, db, invited):
    edition, (seat, _) = invited
    token = invitation_of(edition, seat).token
    edition.status = EditionStatus.HELD
    db.session.commit()
    assert client.post(f"/rsvp/{token}", data={"status": "declined"}).status_code == 409
    db.session.expire_all()
    assert invitation_of(edition, seat).status == RsvpStatus.PENDING


def test_an_unknown_token_is_a_404_page(client, invited):
    response = client.get("/rsvp/not-a-real-token")
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.get_data(as_text=True)
    assert client.post("/rsvp/not-a-real-token", data={"status": "attending"}).status_code == 404
    assert client.get("/rsvp/bad%20token!").status_code == 404


@pytest.mark.parametrize("data", [
    {"status": "maybe"},
    {"status": "pending"},
    {},
    {"status": "attending", "note": "x" * 1001},
])
def test_bad_answers_are_form_errors_not_500(client, db, invited, data):
    edition, (seat, _) = invited
    token = invitation_of(edition, seat).token
    response = client.post(f"/rsvp/{token}", data=data)
    assert response.status_code == 422
    assert "Please correct the following" in response.get_data(as_text=True)
    db.session.expire_all()
    assert invitation_of(edition, seat).status == RsvpStatus.PENDING


def test_control_characters_are_stripped_from_the_note(client, db, invited):
    edition, (seat, _) = invited
    token = invitation_of(edition, seat).token
    assert client.post(f"/rsvp/{token}", data={"status": "attending", "note": "A\x00B\x07C\nD"}).status_code == 303
    db.session.expire_all()
    assert invitation_of(edition, seat).note == "ABC\nD"


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_the_answer_needs_the_csrf_token(client, db, invited):
    edition, (seat, _) = invited
    token = invitation_of(edition, seat).token
    assert client.post(f"/rsvp/{token}", data={"status": "attending"}).status_code == 400
    assert invitation_of(edition, seat).status == RsvpStatus.PENDING


@pytest.mark.config(RATELIMIT_ENABLED=True, FORM_RATE_LIMIT="2 per minute")
def test_answers_are_rate_limited(client, invited):
    edition, (seat, _) = invited
    token = invitation_of(edition, seat).token
    statuses = [client.post(f"/rsvp/{token}", data={"status": "attending"}).status_code for _ in range(3)]
    assert statuses == [303, 303, 429]
    assert client.get(f"/rsvp/{token}").status_code == 200  # reading is not limited


def test_documents_download_through_the_token_only_for_its_own_edition(client, db, invited):
    edition, (seat, _) = invited
    token = invitation_of(edition, seat).token
    documents = [d for item in invitations.agenda_of(edition) for d in item.documents]
    for document in documents:  # the closed item's document too: invited members see it
        with client.get(f"/rsvp/{token}/documents/{document.id}") as response:
            assert response.status_code == 200
            assert response.data == PDF
            assert response.headers["Content-Disposition"].startswith("attachment")
            assert response.headers["Content-Type"] == "application/pdf"
            assert response.headers["Cache-Control"] == "no-store"
    other_edition = make_council(day=edition.starts_at.date() + timedelta(days=180))
    foreign = add_document(add_item(other_edition, "Anderes"), "Fremde Vorlage")
    db.session.commit()
    assert client.get(f"/rsvp/{token}/documents/{foreign.id}").status_code == 404
    assert client.get(f"/rsvp/{token}/documents/999999").status_code == 404
    assert client.get(f"/rsvp/unknown-token/documents/{documents[0].id}").status_code == 404


def test_a_seat_without_a_deputy_still_shows(client, db):
    edition = make_council()
    seat = make_seat(member=make_person(family_name="Solo"), deputy=False)
    invitations.generate_invitations(edition)
    db.session.commit()
    token = db.session.scalar(select(Invitation.token).where(Invitation.seat_id == seat.id))
    html = client.get(f"/rsvp/{token}").get_data(as_text=True)
    assert "Solo" in html
