"""Decisions: single and bulk, mails from editable templates in the partner's language, and the draft
session that an accepted offer becomes."""

import pytest
from sqlalchemy import select

from conference.errors import DomainError, InvalidTransitionError
from conference.mail.models import OutboxMessage
from conference.program.models import Session
from conference.submissions import decisions
from conference.submissions.models import Submission, SubmissionStatus
from tests.factories import make_call, make_edition, make_offer, make_provider, make_slot


@pytest.fixture
def call(db):
    edition = make_edition()
    make_slot(edition)
    return make_call(edition)


def test_accepting_makes_a_draft_session_that_keeps_the_link_to_the_offer(db, call):
    offer = make_offer(call.edition, make_provider(name="Petra"), kind="talk", topics=["digital"],
                       needs_step_free=True, room_size=30)
    session = decisions.decide(offer, call, SubmissionStatus.ACCEPTED)
    assert offer.status == SubmissionStatus.ACCEPTED and offer.decided_at is not None
    assert not session.is_published and session.submission_id == offer.id
    assert (session.title, session.kind.value, session.organisation_id) == (offer.title, "talk", offer.organisation_id)
    assert session.topics == ["digital"] and session.description == offer.abstract
    assert session.submission.needs_step_free and session.submission.room_size == 30  # for scheduling
    assert [s.id for s in session.submission.slots] == [s.id for s in call.edition.time_slots]
    assert session.room_id is None and session.slot_id is None
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "submission_decision"))
    assert mail.recipient == offer.submitted_by.email and mail.locale == "de"
    assert mail.subject == f"Ihr Angebot ist dabei: {offer.title}"
    assert "Guten Tag Petra" in mail.body_text and f"/partner/offers/{offer.id}" in mail.body_text


def test_the_mail_follows_the_partners_language_and_the_organisers_wording(db, call):
    provider = make_provider(name="Pat")
    provider.locale = "en"
    decisions.save_template(call, SubmissionStatus.REJECTED, "en", "About {title}",
                            "Dear {contact_name} of {organisation}, sorry. {{literally braces}}")
    offer = make_offer(call.edition, provider, title="Robots")
    decisions.decide(offer, call, SubmissionStatus.REJECTED)
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "submission_decision"))
    assert mail.subject == "About Robots"
    assert mail.body_text.strip() == f"Dear Pat of {offer.organisation.name}, sorry. {{literally braces}}"
    assert "<p>Dear Pat" in mail.body_html
    assert db.session.scalar(select(Session.id)) is None  # no session for a rejection


@pytest.mark.parametrize("body", ["Hallo {name}", "Kaputt {title", "{0}"])
def test_templates_accept_only_known_placeholders(db, call, body):
    with pytest.raises(DomainError):
        decisions.save_template(call, SubmissionStatus.ACCEPTED, "de", "Betreff", body)


def test_the_template_page_reports_mistakes_as_422(client, db, login_as, call):
    login_as("organiser")
    url = f"/manage/editions/{call.edition_id}/call/templates/accepted/de"
    assert "{contact_name}" in client.get(url).get_data(as_text=True)
    assert client.post(url, data={"subject": "S", "body": "Hallo {wer}"}).status_code == 422
    assert client.post(url, data={"subject": "S {title}", "body": "Hallo {contact_name}"}).status_code == 302
    assert decisions.template_for(call, SubmissionStatus.ACCEPTED, "de") == ("S {title}", "Hallo {contact_name}")
    assert client.get(f"/manage/editions/{call.edition_id}/call/templates/withdrawn/de").status_code == 404
    assert client.get(f"/manage/editions/{call.edition_id}/call/templates/accepted/fr").status_code == 404


def test_waitlisted_offers_can_be_accepted_later_but_decisions_do_not_go_backwards(db, call):
    offer = make_offer(call.edition, make_provider())
    decisions.decide(offer, call, SubmissionStatus.WAITLISTED, notify=False)
    decisions.decide(offer, call, SubmissionStatus.ACCEPTED, notify=False)
    with pytest.raises(InvalidTransitionError):
        decisions.decide(offer, call, SubmissionStatus.REJECTED)
    with pytest.raises(DomainError):
        decisions.decide(offer, call, SubmissionStatus.DRAFT)
    draft = make_offer(call.edition, make_provider(), submit=False)
    with pytest.raises(InvalidTransitionError):
        decisions.decide(draft, call, SubmissionStatus.ACCEPTED)
    assert db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.template == "submission_decision")) is None


def test_bulk_decisions_skip_what_cannot_change_and_say_so(client, db, login_as, call):
    offers = [make_offer(call.edition, make_provider()) for _ in range(3)]
    draft = make_offer(call.edition, make_provider(), submit=False)
    foreign = make_offer(make_call(make_edition()).edition, make_provider())
    db.session.commit()
    login_as("organiser")
    response = client.post(f"/manage/editions/{call.edition_id}/submissions/decide", data={
        "submission_ids": [o.id for o in [*offers, draft, foreign]], "decision": "accepted", "notify": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert [db.session.get(Submission, o.id).status for o in offers] == [SubmissionStatus.ACCEPTED] * 3
    assert db.session.get(Submission, draft.id).status == SubmissionStatus.DRAFT
    assert db.session.get(Submission, foreign.id).status == SubmissionStatus.SUBMITTED  # another edition
    assert len(db.session.scalars(select(Session)).all()) == 3
    assert len(db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "submission_decision"))
               .all()) == 3


def test_deciding_from_the_detail_page_and_the_session_in_the_programme(client, db, login_as, call):
    offer = make_offer(call.edition, make_provider())
    db.session.commit()
    login_as("organiser")
    url = f"/manage/editions/{call.edition_id}/submissions/{offer.id}"
    assert client.post(f"{url}/decide", data={"decision": "nonsense"}).status_code == 302  # a message, no change
    db.session.expire_all()
    assert db.session.get(Submission, offer.id).status == SubmissionStatus.SUBMITTED
    assert client.post(f"{url}/decide", data={"decision": "accepted"}).status_code == 302
    sessions = client.get(f"/manage/editions/{call.edition_id}/sessions/").get_data(as_text=True)
    assert offer.title in sessions
    assert client.get(f"/editions/{call.edition_id}/program").get_data(as_text=True).count(offer.title) == 0


def test_withdrawing_an_accepted_offer_keeps_its_session_unpublished(client, db, call):
    from conference.submissions.services import withdraw

    offer = make_offer(call.edition, make_provider())
    session = decisions.decide(offer, call, SubmissionStatus.ACCEPTED, notify=False)
    session.is_published = True
    withdraw(offer, offer.submitted_by)
    assert offer.status == SubmissionStatus.WITHDRAWN and not session.is_published
