"""Reviews: assignment by hand and evenly by machine, conflicts of interest, scores and their statistics."""

from collections import Counter

import pytest
from sqlalchemy import select

from conference.errors import ConflictError, DomainError, NotFoundError
from conference.stats import summarise, weighted_mean
from conference.submissions import reviews
from conference.submissions.models import Review, SubmissionStatus
from tests.factories import make_call, make_edition, make_offer, make_organisation, make_provider, make_user


@pytest.fixture
def call(db):
    return make_call(make_edition())


def test_assigning_a_reviewer_puts_the_offer_under_review(db, call):
    offer = make_offer(call.edition, make_provider())
    reviewer = make_user("reviewer")
    review = reviews.assign(offer, reviewer)
    assert offer.status == SubmissionStatus.UNDER_REVIEW and review.reviewer_id == reviewer.id
    assert reviews.assign(offer, reviewer) is review  # assigning twice changes nothing


def test_a_reviewer_never_reviews_an_offer_of_their_own_institution_or_their_own_offer(db, call):
    school = make_organisation()
    colleague = make_user("reviewer", organisation_id=school.id)
    own = make_offer(call.edition, make_provider(school))
    with pytest.raises(ConflictError):
        reviews.assign(own, colleague)
    outsider = make_user("reviewer", email="ko@example.org")
    co_presented = make_offer(call.edition, make_provider(), co_presenters=[("Karla Ko", "KO@example.org")])
    with pytest.raises(ConflictError):
        reviews.assign(co_presented, outsider)
    assert reviews.has_conflict(colleague, own) and not reviews.has_conflict(outsider, own)


def test_drafts_and_decided_offers_cannot_be_assigned(db, call):
    draft = make_offer(call.edition, make_provider(), submit=False)
    with pytest.raises(ConflictError):
        reviews.assign(draft, make_user("reviewer"))
    with pytest.raises(DomainError):
        reviews.assign(make_offer(call.edition, make_provider()), make_user("analyst"))


def test_automatic_distribution_is_even_and_respects_conflicts(db):
    call = make_call(make_edition(), reviews_per_offer=2)
    school = make_organisation()
    pool = [make_user("reviewer") for _ in range(3)] + [make_user("reviewer", organisation_id=school.id)]
    offers = [make_offer(call.edition, make_provider()) for _ in range(9)]
    offers += [make_offer(call.edition, make_provider(school)) for _ in range(2)]
    make_offer(call.edition, make_provider(), submit=False)  # a draft is not reviewed
    assert reviews.distribute(call) == 22
    load = Counter(r.reviewer_id for o in offers for r in o.reviews)
    assert max(load.values()) - min(load.values()) <= 1 and set(load) == {u.id for u in pool}
    assert all(len(o.reviews) == 2 for o in offers)
    assert all(r.reviewer_id != pool[3].id for o in offers[9:] for r in o.reviews)
    assert reviews.distribute(call) == 0  # nothing left to do


def test_reviewers_see_only_their_own_assignments(client, db, login_as, call):
    offer = make_offer(call.edition, make_provider())
    other = reviews.assign(offer, make_user("reviewer"))
    db.session.commit()
    me = login_as("reviewer")
    mine = reviews.assign(make_offer(call.edition, make_provider(), title="Meins"), me)
    db.session.commit()
    page = client.get("/manage/reviews/").get_data(as_text=True)
    assert "Meins" in page and offer.title not in page
    assert client.get(f"/manage/reviews/{mine.id}").status_code == 200
    assert client.get(f"/manage/reviews/{other.id}").status_code == 404
    assert client.post(f"/manage/reviews/{other.id}").status_code == 404


def test_a_reviewer_sees_who_presents_but_not_their_addresses(client, db, login_as, call):
    """Contact data is for the organisers and the provider; the review page names the co-presenters only."""
    me = login_as("reviewer")
    offer = make_offer(call.edition, make_provider(), co_presenters=[("Sara Wagner", "sara.wagner@example.org")])
    review = reviews.assign(offer, me)
    db.session.commit()
    page = client.get(f"/manage/reviews/{review.id}").get_data(as_text=True)
    assert "Sara Wagner" in page and "sara.wagner@example.org" not in page
    client.post("/logout")
    login_as("organiser", email="orga@example.org")
    organiser_page = client.get(f"/manage/editions/{call.edition.id}/submissions/{offer.id}")
    assert "sara.wagner@example.org" in organiser_page.get_data(as_text=True)


def test_an_assignment_that_became_a_conflict_disappears_from_the_reviewers_list(db, call):
    reviewer = make_user("reviewer")
    offer = make_offer(call.edition, make_provider())
    review = reviews.assign(offer, reviewer)
    reviewer.organisation_id = offer.organisation_id  # the reviewer changed jobs
    db.session.flush()
    assert reviews.assignments_of(reviewer) == []
    with pytest.raises(NotFoundError):
        reviews.review_for(reviewer, review.id)


def test_scoring_through_the_form_and_the_organisers_statistics(client, db, login_as, call):
    offer = make_offer(call.edition, make_provider())
    first, second = call.criteria  # Relevanz weighs 2, Qualität 1
    peer = make_user("reviewer")
    reviews.save_review(reviews.assign(offer, peer), call, {first.id: 2, second.id: 2}, "Solide.")
    db.session.commit()
    me = login_as("reviewer")
    review = reviews.assign(offer, me)
    db.session.commit()
    incomplete = client.post(f"/manage/reviews/{review.id}", data={f"criterion_{first.id}": "5"})
    assert incomplete.status_code == 422
    out_of_range = client.post(f"/manage/reviews/{review.id}", data={f"criterion_{first.id}": "9",
                                                                       f"criterion_{second.id}": "1"})
    assert out_of_range.status_code == 422
    response = client.post(f"/manage/reviews/{review.id}", data={
        f"criterion_{first.id}": "5", f"criterion_{second.id}": "2", "comment": "Sehr gut für Kitas."})
    assert response.status_code == 302
    db.session.expire_all()
    done = db.session.get(Review, review.id)
    assert done.is_done and done.comment == "Sehr gut für Kitas."
    assert reviews.review_total(done, call) == pytest.approx(4.0)  # (5·2 + 2·1) / 3
    scores = reviews.offer_scores(offer, call)
    assert (scores.assigned, scores.done) == (2, 2)
    assert scores.summary.mean == pytest.approx(3.0) and scores.summary.sd == pytest.approx(1.41421, abs=1e-4)
    client.post("/logout")
    login_as("organiser")
    listing = client.get(f"/manage/editions/{call.edition_id}/submissions/").get_data(as_text=True)
    assert "3.00" in listing and "± 1.41" in listing and "2 / 2" in listing
    detail = client.get(f"/manage/editions/{call.edition_id}/submissions/{offer.id}").get_data(as_text=True)
    assert "Sehr gut für Kitas." in detail and "4.00" in detail


def test_a_review_is_frozen_once_the_offer_is_decided(db, call):
    from conference.submissions.decisions import decide

    offer = make_offer(call.edition, make_provider())
    review = reviews.assign(offer, make_user("reviewer"))
    decide(offer, call, SubmissionStatus.REJECTED, notify=False)
    with pytest.raises(ConflictError):
        reviews.save_review(review, call, {c.id: 3 for c in call.criteria}, "")


def test_the_progress_page_and_distribution_from_the_ui(client, db, login_as, call):
    make_user("reviewer", name="Rita Review")
    offers = [make_offer(call.edition, make_provider()) for _ in range(3)]
    db.session.commit()
    login_as("organiser")
    assert client.post(f"/manage/editions/{call.edition_id}/submissions/distribute").status_code == 302
    page = client.get(f"/manage/editions/{call.edition_id}/reviews/progress").get_data(as_text=True)
    assert "Rita Review" in page and all(o.title in page for o in offers)


def test_statistics_are_plain_functions():
    assert summarise([]).mean is None
    one = summarise([4.0])
    assert (one.n, one.mean, one.sd) == (1, 4.0, None)
    assert summarise([1, 3]).sd == pytest.approx(1.41421, abs=1e-4)
    assert weighted_mean([(5, 2), (2, 1)]) == pytest.approx(4.0)
    assert weighted_mean([]) is None


def test_removing_a_reviewer_drops_their_scores(client, db, login_as, call):
    offer = make_offer(call.edition, make_provider())
    review = reviews.save_review(reviews.assign(offer, make_user("reviewer")), call,
                                 {c.id: 4 for c in call.criteria}, "")
    db.session.commit()
    login_as("organiser")
    url = f"/manage/editions/{call.edition_id}/submissions/{offer.id}/reviews/{review.id}/remove"
    assert client.post(url).status_code == 302
    assert db.session.scalar(select(Review.id)) is None
