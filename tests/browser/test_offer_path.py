"""The call for offers end to end in Chromium – the issue's "Done when": a provider can submit, a reviewer
can review and an organiser can decide, and the accepted offer appears as a draft session.

Each person works in their own browser (a context of their own, so a session of their own). Elements are
found by id, name or address rather than by their words where the words are new: the German translations
of the call for offers are still being written. Where the test does compare words, it asks the app what
it shows in German (translated or not yet). axe-core checks every page on the way."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from conference.database import utcnow
from conference.editions.models import Edition, TimeSlot
from conference.mail.models import OutboxMessage
from conference.program.models import Session, SessionKind
from conference.submissions import services as calls
from conference.submissions.models import Review, ReviewCriterion, Submission, SubmissionStatus
from tests import factories
from tests.browser.conftest import PASSWORD, assert_accessible, follow, visit

TITLE = "Roboter bauen mit Calliope mini"


def in_german(text) -> str:
    """What the UI shows for ``text`` (a lazy string, or a msgid for gettext) in German, the default language."""
    with force_locale("de"):
        return gettext(text) if isinstance(text, str) else str(text)


@dataclass
class Call:
    edition: Edition
    slot: TimeSlot
    relevance: ReviewCriterion
    practice: ReviewCriterion


@pytest.fixture
def call(db) -> Call:
    """An open day with one time slot and a call for offers, open now, with two weighted criteria."""
    edition = factories.make_edition(day=date(2099, 5, 9))
    slot = factories.make_slot(edition, label="Runde 1")
    now = utcnow()
    call = calls.save_call(edition, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30),
                           intro="Wir suchen Workshops und Vorträge.", kinds=["workshop", "talk"], score_max=5,
                           reviews_per_offer=1)
    relevance = calls.add_criterion(call, label="Relevanz für die Zielgruppe", weight=2)
    practice = calls.add_criterion(call, label="Praxisbezug", weight=1)
    db.session.commit()
    return Call(edition, slot, relevance, practice)


@pytest.fixture
def people(db) -> dict[str, str]:
    """The three people of the story, by role: their e-mail addresses (all with the password PASSWORD)."""
    library = factories.make_organisation("Stadtbibliothek")
    factories.make_user("provider", email="paula@stadtbibliothek.example", name="Paula Partner",
                        organisation_id=library.id, password=PASSWORD)
    factories.make_user("reviewer", email="rita@example.org", name="Rita Review", password=PASSWORD)
    factories.make_user("organiser", email="olga@example.org", name="Olga Orga", password=PASSWORD)
    db.session.commit()
    return {"provider": "paula@stadtbibliothek.example", "reviewer": "rita@example.org",
            "organiser": "olga@example.org"}








def status_badge(page) -> str:
    return page.locator("main .kern-badge").first.inner_text().strip()


def test_provider_submits_reviewer_reviews_organiser_accepts_into_a_draft_session(db, call, people, sign_in):
    edition = call.edition
    manage = f"/manage/editions/{edition.id}"

    # 1. The provider finds the open call in the partner area and submits an offer.
    provider = sign_in(people["provider"])
    visit(provider, "/partner/")
    assert_accessible(provider)
    follow(provider, provider.locator(f"main a[href='/partner/editions/{edition.id}/offers/new']").click)
    provider.locator("#kind").select_option("workshop")
    provider.locator("#title").fill(TITLE)
    provider.locator("#abstract").fill("Kinder bauen und programmieren in 45 Minuten ihren ersten Roboter.")
    provider.locator("input[name=target_groups][value=primary]").check()
    provider.locator("#expected_audience").fill("15")
    provider.locator(f"input[name=slot_ids][value='{call.slot.id}']").check()
    assert_accessible(provider)
    follow(provider, provider.locator("button[name=submit]").click)

    offer = db.session.scalar(select(Submission).where(Submission.title == TITLE))
    assert offer is not None and offer.status == SubmissionStatus.SUBMITTED
    assert provider.url.endswith(f"/partner/offers/{offer.id}")
    assert provider.get_by_role("heading", level=1).inner_text() == TITLE
    assert status_badge(provider) == in_german(SubmissionStatus.SUBMITTED.label)
    assert_accessible(provider)
    visit(provider, "/partner/")
    assert in_german(SubmissionStatus.SUBMITTED.label) in provider.locator("tr", has_text=TITLE).inner_text()

    # 2. The organiser checks the call and assigns the reviewer on the offer's page.
    organiser = sign_in(people["organiser"])
    visit(organiser, f"{manage}/call")
    assert "Relevanz für die Zielgruppe" in organiser.locator("section[aria-labelledby=criteria]").inner_text()
    assert_accessible(organiser)
    visit(organiser, f"{manage}/submissions/")
    assert_accessible(organiser)
    follow(organiser, organiser.get_by_role("link", name=TITLE).click)
    assert organiser.url.endswith(f"{manage}/submissions/{offer.id}")
    assert_accessible(organiser)
    organiser.locator("#reviewer_id").select_option(label="Rita Review")
    follow(organiser, organiser.locator("form[action$='/assign'] button[type=submit]").click)
    assert "Rita Review" in organiser.locator("section[aria-labelledby=reviews-heading] tbody").inner_text()
    db.session.expire_all()
    assert db.session.get(Submission, offer.id).status == SubmissionStatus.UNDER_REVIEW

    # 3. The reviewer finds the offer among their reviews and scores it by keyboard.
    reviewer = sign_in(people["reviewer"])
    visit(reviewer, "/manage/reviews/")
    assert_accessible(reviewer)
    follow(reviewer, reviewer.get_by_role("link", name=TITLE).click)
    assert_accessible(reviewer)
    relevance, practice = f"criterion_{call.relevance.id}", f"criterion_{call.practice.id}"
    reviewer.locator(f"#{relevance}-0").focus()
    reviewer.keyboard.press("Space")  # 1 …
    for _ in range(3):
        reviewer.keyboard.press("ArrowRight")  # … 2, 3, 4: arrows move the choice within the group
    reviewer.keyboard.press("Tab")  # into the next criterion's group
    assert reviewer.evaluate("document.activeElement.name") == practice
    reviewer.keyboard.press("Space")
    for _ in range(4):
        reviewer.keyboard.press("ArrowRight")
    assert reviewer.locator(f"input[name={relevance}]:checked").get_attribute("value") == "4"
    assert reviewer.locator(f"input[name={practice}]:checked").get_attribute("value") == "5"
    reviewer.keyboard.press("Tab")
    assert reviewer.evaluate("document.activeElement.id") == "comment"
    reviewer.keyboard.type("Sehr anschaulich, gut für die Grundschule.")
    reviewer.keyboard.press("Tab")
    assert reviewer.evaluate("document.activeElement.type") == "submit"
    follow(reviewer, lambda: reviewer.keyboard.press("Enter"))
    assert reviewer.url.endswith("/manage/reviews/")
    assert in_german("done") in reviewer.locator("tr", has_text=TITLE).inner_text()
    assert_accessible(reviewer)
    db.session.expire_all()
    review = db.session.scalar(select(Review).where(Review.submission_id == offer.id))
    assert review.is_done
    assert {s.criterion_id: s.score for s in review.scores} == {call.relevance.id: 4, call.practice.id: 5}

    # 4. The organiser sees the score (weighted mean (2·4 + 5) / 3) and accepts the offer.
    visit(organiser, f"{manage}/reviews/progress")
    assert_accessible(organiser)
    visit(organiser, f"{manage}/submissions/{offer.id}")
    reviews = organiser.locator("section[aria-labelledby=reviews-heading]")
    assert "4.33" in reviews.locator("tr", has_text="Rita Review").inner_text()
    assert "4.33" in reviews.locator("p").first.inner_text()  # the mean over all reviews
    assert_accessible(organiser)
    organiser.locator("#decision").select_option("accepted")
    assert organiser.locator("#notify").is_checked()
    follow(organiser, organiser.locator("form[action$='/decide'] button[type=submit]").click)
    assert in_german(SubmissionStatus.ACCEPTED.label) in organiser.locator("main .kern-subline").first.inner_text()
    assert organiser.locator("form[action$='/decide']").count() == 0  # decided: no second decision
    assert_accessible(organiser)
    visit(organiser, f"{manage}/submissions/")
    assert in_german(SubmissionStatus.ACCEPTED.label) in organiser.locator("tr", has_text=TITLE).inner_text()

    # 5. The accepted offer waits in the programme as a draft session, ready for scheduling.
    visit(organiser, f"{manage}/sessions/")
    row = organiser.locator("tr", has_text=TITLE)
    assert row.count() == 1
    assert row.locator(".kern-badge").inner_text().strip() == in_german("Draft")
    assert_accessible(organiser)
    db.session.expire_all()
    session = db.session.scalar(select(Session).where(Session.submission_id == offer.id))
    assert session is not None and not session.is_published
    assert (session.title, session.kind, session.edition_id) == (TITLE, SessionKind.WORKSHOP, edition.id)
    assert session.organisation_id == offer.organisation_id and session.target_groups == ["primary"]

    # … and the provider is told, by mail and on the offer's page.
    mails = db.session.scalars(select(OutboxMessage.template).where(OutboxMessage.recipient == people["provider"]))
    assert set(mails) == {"submission_received", "submission_decision"}
    visit(provider, f"/partner/offers/{offer.id}")
    assert status_badge(provider) == in_german(SubmissionStatus.ACCEPTED.label)
    assert_accessible(provider)
