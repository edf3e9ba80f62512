"""Review rules: assignment by hand or evenly by machine, conflicts of interest, scores, statistics.

A reviewer never sees an offer of their own organisation, nor one whose submitting contact or
co-presenters share their e-mail address: such an assignment is refused, automatic distribution
skips it, and every reviewer's list filters it out again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from conference.accounts.models import Role, User
from conference.database import utcnow
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db
from conference.stats import Summary, summarise, weighted_mean
from conference.submissions.models import (
    IN_REVIEW,
    CallForOffers,
    Review,
    ReviewScore,
    Submission,
    SubmissionStatus,
)


def reviewers() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role == Role.REVIEWER, User.is_active_account.is_(True))
                                   .order_by(User.name, User.email)))


def has_conflict(reviewer: User, submission: Submission) -> bool:
    if reviewer.organisation_id is not None and reviewer.organisation_id == submission.organisation_id:
        return True
    email = reviewer.email.lower()
    contact = submission.submitted_by.email.lower() if submission.submitted_by else None
    return email == contact or any(email == p.email.lower() for p in submission.co_presenters)


def assign(submission: Submission, reviewer: User, now: datetime | None = None) -> Review:
    if reviewer.role not in (Role.REVIEWER, Role.ORGANISER, Role.ADMIN):
        raise DomainError(gettext("Only reviewers can review offers."), field="reviewer_id")
    if submission.status not in IN_REVIEW:
        raise ConflictError(gettext("Only submitted offers that are not decided yet can be reviewed."))
    if submission.edition.starts_at <= (now or utcnow()):
        raise ConflictError(gettext("The event has taken place: its offers are no longer reviewed."))
    if has_conflict(reviewer, submission):
        raise ConflictError(gettext("%(name)s has a conflict of interest with this offer (own organisation or "
                                    "contact) and cannot review it.", name=reviewer.name or reviewer.email),
                            field="reviewer_id")
    existing = next((r for r in submission.reviews if r.reviewer_id == reviewer.id), None)
    if existing is not None:
        return existing
    review = Review(submission=submission, reviewer=reviewer, assigned_at=now or utcnow())
    db.session.add(review)
    if submission.status == SubmissionStatus.SUBMITTED:
        submission.transition_to(SubmissionStatus.UNDER_REVIEW)
    db.session.flush()
    return review


def unassign(submission: Submission, review_id: int) -> None:
    review = next((r for r in submission.reviews if r.id == review_id), None)
    if review is None:
        raise NotFoundError(gettext("This review does not exist."))
    submission.reviews.remove(review)
    if not submission.reviews and submission.status == SubmissionStatus.UNDER_REVIEW:
        submission.transition_to(SubmissionStatus.SUBMITTED)
    db.session.flush()


def distribute(call: CallForOffers, now: datetime | None = None) -> int:
    """Give every offer in review up to ``call.reviews_per_offer`` reviewers, evenly: each new
    assignment goes to the eligible reviewer with the fewest assignments in this edition (ties by
    name). Offers with the fewest eligible reviewers are served first, so conflicts of interest do not
    leave the load uneven. Returns how many assignments were made."""
    now = now or utcnow()
    pool = reviewers()
    if not pool:
        raise ConflictError(gettext("There are no reviewer accounts yet."))
    if call.edition.starts_at <= now:
        raise ConflictError(gettext("The event has taken place: its offers are no longer reviewed."))
    offers = list(db.session.scalars(
        select(Submission).where(Submission.edition_id == call.edition_id, Submission.status.in_(IN_REVIEW))
        .options(selectinload(Submission.reviews), selectinload(Submission.co_presenters),
                 selectinload(Submission.submitted_by)).order_by(Submission.id)))
    load = {r.id: 0 for r in pool}
    for offer in offers:
        for review in offer.reviews:
            if review.reviewer_id in load:
                load[review.reviewer_id] += 1
    order = {r.id: i for i, r in enumerate(pool)}
    eligible = {o.id: [r for r in pool if not has_conflict(r, o)] for o in offers}
    made = 0
    # The most constrained offers first: those few reviewers may take them before the others fill up.
    for offer in sorted(offers, key=lambda o: (len(eligible[o.id]), len(o.reviews), o.id)):
        taken = {r.reviewer_id for r in offer.reviews}
        needed = call.reviews_per_offer - len(offer.reviews)
        candidates = sorted((r for r in eligible[offer.id] if r.id not in taken),
                            key=lambda r: (load[r.id], order[r.id]))
        for reviewer in candidates[:max(needed, 0)]:
            assign(offer, reviewer, now)
            load[reviewer.id] += 1
            made += 1
    return made


def assignments_of(reviewer: User, edition_id: int | None = None) -> list[Review]:
    """The reviewer's assignments, conflicts filtered out once more (defence in depth)."""
    query = (select(Review).join(Submission).where(Review.reviewer_id == reviewer.id)
             .options(selectinload(Review.submission).selectinload(Submission.edition),
                      selectinload(Review.submission).selectinload(Submission.co_presenters),
                      selectinload(Review.submission).selectinload(Submission.submitted_by))
             .order_by(Submission.edition_id.desc(), Submission.id))
    if edition_id is not None:
        query = query.where(Submission.edition_id == edition_id)
    return [r for r in db.session.scalars(query) if not has_conflict(reviewer, r.submission)]


def review_for(reviewer: User, review_id: int) -> Review:
    review = db.session.get(Review, review_id)
    if review is None or review.reviewer_id != reviewer.id or has_conflict(reviewer, review.submission):
        raise NotFoundError(gettext("This review does not exist."))
    return review


def save_review(review: Review, call: CallForOffers, scores: dict[int, int | None], comment: str,
                now: datetime | None = None) -> Review:
    """Score every criterion from 1 to the call's maximum; editable until the offer is decided."""
    if not review.is_open:
        raise ConflictError(gettext("This offer is no longer in review (%(status)s); the review can no longer "
                                    "change.", status=review.submission.status.label))
    if not call.criteria:
        raise ConflictError(gettext("The organisers have not set any review criteria yet."))
    existing = {s.criterion_id: s for s in review.scores}
    for criterion in call.criteria:
        value = scores.get(criterion.id)
        if value is None or not 1 <= value <= call.score_max:
            raise DomainError(gettext("Please score “%(label)s” from 1 to %(max)d.", label=criterion.label,
                                      max=call.score_max), field=f"criterion_{criterion.id}")
        if criterion.id in existing:
            existing[criterion.id].score = value
        else:
            review.scores.append(ReviewScore(criterion=criterion, score=value))
    review.comment = comment.strip()
    review.submitted_at = now or utcnow()
    db.session.flush()
    return review


def review_total(review: Review, call: CallForOffers) -> float | None:
    """The weighted mean of a finished review's scores."""
    if not review.is_done:
        return None
    weights = {c.id: c.weight for c in call.criteria}
    return weighted_mean((s.score, weights.get(s.criterion_id, 1)) for s in review.scores)


@dataclass(frozen=True)
class OfferScores:
    assigned: int
    done: int
    summary: Summary


def offer_scores(submission: Submission, call: CallForOffers) -> OfferScores:
    totals = [t for t in (review_total(r, call) for r in submission.reviews) if t is not None]
    return OfferScores(assigned=len(submission.reviews), done=len(totals), summary=summarise(totals))


def scores_for(call: CallForOffers, submissions: list[Submission]) -> dict[int, OfferScores]:
    """Scores of many offers from one query for all their reviews and scores."""
    ids = [s.id for s in submissions]
    reviews = db.session.scalars(select(Review).where(Review.submission_id.in_(ids))
                                 .options(selectinload(Review.scores))).all() if ids else []
    by_offer: dict[int, list[Review]] = {i: [] for i in ids}
    for review in reviews:
        by_offer[review.submission_id].append(review)
    result = {}
    for submission_id, offer_reviews in by_offer.items():
        totals = [t for t in (review_total(r, call) for r in offer_reviews) if t is not None]
        result[submission_id] = OfferScores(assigned=len(offer_reviews), done=len(totals), summary=summarise(totals))
    return result


def progress(call: CallForOffers) -> list[tuple[User, int, int]]:
    """Per reviewer: assigned and finished reviews of the offers still in review in this call's edition."""
    rows = db.session.execute(
        select(User, func.count(Review.id), func.count(Review.submitted_at))
        .join(Review, Review.reviewer_id == User.id).join(Submission, Submission.id == Review.submission_id)
        .where(Submission.edition_id == call.edition_id, Submission.status.in_(IN_REVIEW))
        .group_by(User.id).order_by(User.name, User.email)).all()
    return [(user, assigned, done) for user, assigned, done in rows]
