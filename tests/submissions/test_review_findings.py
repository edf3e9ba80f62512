"""Defects found by trying the call for offers as a newcomer, each pinned by a test."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from conference.mail.models import OutboxMessage
from conference.submissions import decisions, reviews
from conference.submissions.models import Submission, SubmissionStatus
from tests.factories import make_call, make_edition, make_offer, make_organisation, make_provider, make_slot, make_user


@pytest.fixture
def call(db):
    edition = make_edition()
    make_slot(edition)
    return make_call(edition)


def sign_in(client, user):
    assert client.post("/login", data={"email": user.email, "password": "secret"}).status_code == 302


def outbox(db, template):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)).all()


def test_offers_cannot_be_withdrawn_once_the_event_has_begun(client, db):
    past = make_edition(day=date.today() - timedelta(days=30))
    call = make_call(past, opens_days=-90, closes_days=-60)
    provider = make_provider()
    offer = Submission(edition=past, organisation_id=provider.organisation_id, submitted_by_id=provider.id,
                       kind="workshop", title="Alt", status=SubmissionStatus.SUBMITTED)
    db.session.add(offer)
    decisions.decide(offer, call, SubmissionStatus.ACCEPTED, notify=False)
    db.session.commit()
    sign_in(client, provider)
    assert client.post(f"/partner/offers/{offer.id}/withdraw").status_code == 409
    assert "/withdraw" not in client.get(f"/partner/offers/{offer.id}").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Submission, offer.id).status == SubmissionStatus.ACCEPTED


def test_an_accepted_offer_with_bookings_is_not_withdrawn_behind_the_visitors_backs(client, db, call):
    from conference.registration import services as registrations

    call.edition.status = "registration_open"
    provider = make_provider()
    offer = make_offer(call.edition, provider)
    session = decisions.decide(offer, call, SubmissionStatus.ACCEPTED, notify=False)
    session.is_published, session.registration_required, session.capacity = True, True, 10
    db.session.flush()
    registrations.register(call.edition, registrations.Visitor("V", "v@example.org"), [session.id],
                           privacy_notice_version="v")
    db.session.commit()
    sign_in(client, provider)
    assert client.post(f"/partner/offers/{offer.id}/withdraw").status_code == 409
    db.session.expire_all()
    assert db.session.get(Submission, offer.id).status == SubmissionStatus.ACCEPTED


def test_withdrawing_an_accepted_offer_tells_the_organisers(client, db, call):
    organiser = make_user("organiser")
    provider = make_provider()
    offer = make_offer(call.edition, provider)
    decisions.decide(offer, call, SubmissionStatus.ACCEPTED, notify=False)
    db.session.commit()
    sign_in(client, provider)
    assert client.post(f"/partner/offers/{offer.id}/withdraw").status_code == 302
    [mail] = outbox(db, "submission_withdrawn")
    assert mail.recipient == organiser.email and offer.title in mail.body_text


@pytest.mark.parametrize("body", ["{title:d}", "{title!r}", "{title:>50000000}", "{title.__class__}"])
def test_placeholders_take_no_format_spec_conversion_or_attribute(client, db, login_as, call, body):
    login_as("organiser")
    url = f"/manage/editions/{call.edition_id}/call/templates/rejected/de"
    assert client.post(url, data={"subject": "S", "body": body}).status_code == 422


def test_a_template_with_an_unclosed_brace_is_422_at_the_field(client, db, login_as, call):
    login_as("organiser")
    response = client.post(f"/manage/editions/{call.edition_id}/call/templates/rejected/de",
                           data={"subject": "S", "body": "Hallo {title"})
    assert response.status_code == 422 and 'id="body-error"' in response.get_data(as_text=True)


def test_bulk_decisions_with_absurd_ids_answer_without_a_500(client, db, login_as, call):
    login_as("organiser")
    response = client.post(f"/manage/editions/{call.edition_id}/submissions/decide",
                           data={"submission_ids": ["99999999999999999999999", "-4", "abc"], "decision": "accepted"})
    assert response.status_code == 302


def test_a_submitted_offer_cannot_be_emptied_by_editing(client, db, call):
    provider = make_provider()
    offer = make_offer(call.edition, provider)
    db.session.commit()
    sign_in(client, provider)
    response = client.post(f"/partner/offers/{offer.id}/edit", data={"kind": "workshop", "title": "Leer", "save": "1"})
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Submission, offer.id).abstract == "Worum es geht."


def test_decision_mails_reach_the_institutions_contacts_or_the_organiser_is_told(client, db, login_as, call):
    school = make_organisation()
    colleague = make_provider(school, name="Kollegin")
    offer = make_offer(call.edition, make_provider(school))
    offer.submitted_by.is_active_account = False  # the submitting contact has left
    lonely = Submission(edition=call.edition, organisation_id=make_organisation().id, kind="workshop",
                        title="Ohne Konto", status=SubmissionStatus.SUBMITTED)
    db.session.add(lonely)
    db.session.commit()
    login_as("organiser")
    client.post(f"/manage/editions/{call.edition_id}/submissions/{offer.id}/decide", data={"decision": "accepted",
                                                                                           "notify": "y"})
    assert [m.recipient for m in outbox(db, "submission_decision")] == [colleague.email]
    client.post(f"/manage/editions/{call.edition_id}/submissions/{lonely.id}/decide",
                data={"decision": "rejected", "notify": "y"})
    page = client.get(f"/manage/editions/{call.edition_id}/submissions/{lonely.id}").get_data(as_text=True)
    assert "kein Partnerkonto" in page


def test_mails_to_an_english_partner_are_english_from_subject_to_date(client, db, call):
    provider = make_provider(name="Pat")
    provider.locale = "en"
    db.session.commit()
    sign_in(client, provider)  # the pages are German, the partner reads English
    slots = [str(s.id) for s in call.edition.time_slots]
    client.post(f"/partner/editions/{call.edition_id}/offers/new", data={
        "kind": "workshop", "title": "Robots", "abstract": "a", "target_groups": ["primary"],
        "expected_audience": "5", "slot_ids": slots, "submit": "1"})
    [receipt] = outbox(db, "submission_received")
    assert receipt.subject == "We have received your offer: Robots" and receipt.body_text.startswith("Hello Pat")
    offer = db.session.scalar(select(Submission))
    decisions.save_template(call, SubmissionStatus.ACCEPTED, "en", "In: {title}", "See you on {date}.")
    decisions.decide(offer, call, SubmissionStatus.ACCEPTED)
    [decision] = outbox(db, "submission_decision")
    assert decision.body_text.strip() == "See you on 8 May 2027."


def test_removing_the_last_reviewer_puts_the_offer_back_and_closed_reviews_are_409(client, db, login_as, call):
    offer = make_offer(call.edition, make_provider())
    reviewer = make_user("reviewer")
    review = reviews.assign(offer, reviewer)
    reviews.unassign(offer, review.id)
    assert offer.status == SubmissionStatus.SUBMITTED
    review = reviews.assign(offer, reviewer)
    decisions.decide(offer, call, SubmissionStatus.REJECTED, notify=False)
    db.session.commit()
    sign_in(client, reviewer)
    scores = {f"criterion_{c.id}": "3" for c in call.criteria}
    assert client.post(f"/manage/reviews/{review.id}", data=scores).status_code == 409
    assert "/manage/reviews/" in client.get("/manage/reviews/").get_data(as_text=True)


def test_no_reviews_after_the_event(db):
    from conference.errors import ConflictError

    past = make_edition(day=date.today() - timedelta(days=3))
    call = make_call(past, opens_days=-60, closes_days=-30)
    offer = Submission(edition=past, organisation_id=make_organisation().id, kind="workshop", title="x",
                       status=SubmissionStatus.SUBMITTED)
    db.session.add(offer)
    make_user("reviewer")
    with pytest.raises(ConflictError):
        reviews.distribute(call)
    with pytest.raises(ConflictError):
        reviews.assign(offer, make_user("reviewer"))


def test_an_offer_keeps_a_kind_the_call_no_longer_asks_for(client, db, call):
    provider = make_provider()
    offer = make_offer(call.edition, provider, kind="talk")
    call.kinds = ["workshop"]
    db.session.commit()
    sign_in(client, provider)
    page = client.get(f"/partner/offers/{offer.id}/edit").get_data(as_text=True)
    assert 'value="talk" selected' in page or 'selected value="talk"' in page
    slots = [str(s.id) for s in call.edition.time_slots]
    response = client.post(f"/partner/offers/{offer.id}/edit", data={
        "kind": "talk", "title": "Weiter", "abstract": "a", "target_groups": ["primary"], "expected_audience": "5",
        "slot_ids": slots, "save": "1"})
    assert response.status_code == 302


def test_co_presenter_errors_are_listed_readably_in_german_and_duplicates_dropped(client, db, call):
    provider = make_provider()
    db.session.commit()
    sign_in(client, provider)
    slots = [str(s.id) for s in call.edition.time_slots]
    base = {"kind": "workshop", "title": "T", "abstract": "a", "target_groups": ["primary"],
            "expected_audience": "5", "slot_ids": slots, "submit": "1"}
    response = client.post(f"/partner/editions/{call.edition_id}/offers/new",
                           data={**base, "co_presenters-1-name": "Ann", "co_presenters-1-email": "kaputt"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Ungültige E-Mail-Adresse." in page
    assert 'href="#co_presenters-1-email"' in page and "{&#39;" not in page and "{'" not in page
    response = client.post(f"/partner/editions/{call.edition_id}/offers/new", data={
        **base, "co_presenters-0-name": "Ann", "co_presenters-0-email": "ann@example.org",
        "co_presenters-1-name": "Ann B.", "co_presenters-1-email": "ANN@example.org"})
    assert response.status_code == 302
    assert len(db.session.scalar(select(Submission)).co_presenters) == 1


def test_a_closed_call_invites_no_more_offers(client, db):
    edition = make_edition()
    make_call(edition, opens_days=-30, closes_days=-1)
    provider = make_provider()
    db.session.commit()
    sign_in(client, provider)
    assert client.get(f"/partner/editions/{edition.id}/offers/new").status_code == 302
    assert f"/partner/editions/{edition.id}/offers/new" not in client.get(f"/editions/{edition.id}/call").get_data(
        as_text=True)


def test_pages_with_several_forms_repeat_no_id(client, db, login_as, call, app):
    offer = make_offer(call.edition, make_provider())
    reviews.assign(offer, make_user("reviewer"))
    db.session.commit()
    login_as("organiser")
    app.config["WTF_CSRF_ENABLED"] = True
    for path in (f"/manage/editions/{call.edition_id}/call",
                 f"/manage/editions/{call.edition_id}/submissions/{offer.id}"):
        page = client.get(path).get_data(as_text=True)
        assert page.count('id="csrf_token"') == 0 and page.count('name="csrf_token"') >= 2, path


def test_a_session_from_an_offer_shows_the_offer_its_needs_and_availability(client, db, login_as, call):
    offer = make_offer(call.edition, make_provider(), needs_step_free=True, equipment=["Beamer"])
    session = decisions.decide(offer, call, SubmissionStatus.ACCEPTED, notify=False)
    db.session.commit()
    login_as("organiser")
    page = client.get(f"/manage/editions/{call.edition_id}/sessions/{session.id}").get_data(as_text=True)
    assert f"/submissions/{offer.id}" in page and "Beamer" in page


def test_the_approval_page_lists_partner_contacts_only(db):
    from conference.partners.services import contacts_of

    school = make_organisation()
    contact = make_provider(school)
    make_user("reviewer", organisation_id=school.id)
    assert contacts_of(school.id) == [contact]

