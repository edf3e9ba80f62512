"""The call for offers of every demo Tag der Bildung: criteria, 100+ offers from 40+ partner
institutions in every status, and their reviews.

The published sessions of the programme become the accepted offers they came from (linked
through ``Session.submission_id``); the other offers were rejected, waitlisted or withdrawn, or
are still drafts, submitted or in review. Statuses change only through ``transition_to``; no mail
is queued. Idempotent: an edition that already has a call is left alone."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from conference.accounts.models import Role, User
from conference.demo import data
from conference.editions.models import Edition, TimeSlot
from conference.editions.services import LOCAL_TZ, from_local
from conference.extensions import db
from conference.organisations.models import Organisation
from conference.program.models import Session, SessionKind
from conference.submissions import services
from conference.submissions.models import (
    EQUIPMENT,
    OFFER_KINDS,
    CallForOffers,
    CoPresenter,
    Review,
    ReviewScore,
    Submission,
    SubmissionStatus,
)
from conference.submissions.reviews import has_conflict

DRAFT, SUBMITTED, UNDER_REVIEW = SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_REVIEW
ACCEPTED, REJECTED, WAITLISTED = SubmissionStatus.ACCEPTED, SubmissionStatus.REJECTED, SubmissionStatus.WAITLISTED
WITHDRAWN = SubmissionStatus.WITHDRAWN

# The offers besides the accepted ones (which are the programme's sessions), by status.
CLOSED_CALL = {REJECTED: 14, WAITLISTED: 6, WITHDRAWN: 4, UNDER_REVIEW: 2, SUBMITTED: 2, DRAFT: 3}
OPEN_CALL = {REJECTED: 5, WAITLISTED: 4, WITHDRAWN: 3, UNDER_REVIEW: 9, SUBMITTED: 8, DRAFT: 6}
# The demo partner's own offers in a call that is still open: one of them a draft to finish.
PARTNER_OFFERS = (DRAFT, SUBMITTED, UNDER_REVIEW)
# The mean score reviewers gave, by the decision that followed.
SCORE_MEAN = {ACCEPTED: 4.1, WAITLISTED: 3.2, REJECTED: 2.1, WITHDRAWN: 3.0}
# (smallest room, largest room) a kind of offer asks for, and the equipment it may want.
ROOM_SIZE = {"workshop": (16, 30), "talk": (40, 120), "presentation": (25, 60), "hands_on": (15, 40)}
EQUIPMENT_BY_KIND = {
    "workshop": ["Flipchart", "Beamer", "Stellwände"],
    "talk": ["Beamer", "Mikrofonanlage", "Induktionsschleife"],
    "presentation": ["Beamer", "Bildschirm", "Mikrofonanlage"],
    "hands_on": ["Werkbänke", "Stellwände", "Flipchart"],
    "stand": ["Stellwände", "Bildschirm"],
}
ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "ş": "s"})


def demo_reviewers(users: dict[str, User]) -> list[User]:
    return [users[email] for email, role, _, _ in data.DEMO_USERS if role == "reviewer"
            and users[email].role == Role.REVIEWER]


def demo_partner(users: dict[str, User]) -> User | None:
    return next((users[email] for email, role, _, _ in data.DEMO_USERS if role == "provider"
                 and users[email].organisation_id is not None), None)


def seed_call(edition: Edition, organisations: list[Organisation], reviewers: list[User], partner: User | None,
              today: date) -> CallForOffers | None:
    """Give an open day its call with offers and reviews, unless it has a call already."""
    if services.get_call(edition) is not None:
        return None
    call = _create_call(edition, today)
    _CallSeeder(edition, call, organisations, reviewers, partner, from_local(today, time(0))).run()
    db.session.flush()
    return call


def _create_call(edition: Edition, today: date) -> CallForOffers:
    day = edition.starts_at.astimezone(LOCAL_TZ).date()
    if edition.ends_at.astimezone(LOCAL_TZ).date() < today:  # long closed: ~8 to ~4 months before the day
        opens, closes = day - timedelta(weeks=34), day - timedelta(weeks=17)
    else:  # still open: opened months ago, closes four weeks before the day
        closes = day - timedelta(weeks=4)
        opens = min(day - timedelta(weeks=30), today - timedelta(weeks=13), closes - timedelta(weeks=4))
    call = services.save_call(
        edition, opens_at=from_local(opens, time(9, 0)), closes_at=from_local(closes, time(23, 59)),
        intro=data.CALL_INTRO.format(theme=edition.theme), kinds=[k.value for k in OFFER_KINDS],
        score_max=5, reviews_per_offer=2)
    call.created_at = call.updated_at = call.opens_at - timedelta(weeks=3)
    for label, description, weight in data.CALL_CRITERIA:
        services.add_criterion(call, label=label, description=description, weight=weight)
    return call


class _CallSeeder:
    def __init__(self, edition: Edition, call: CallForOffers, organisations: list[Organisation],
                 reviewers: list[User], partner: User | None, now: datetime) -> None:
        self.edition, self.call, self.organisations, self.partner = edition, call, organisations, partner
        self.reviewers = reviewers
        self.load = {r.id: 0 for r in reviewers}
        # (offer, review row, scores by criterion): written once the offers have their ids.
        self.reviews: list[tuple[Submission, dict, list[int]]] = []
        self.reviewed_by: dict[int, set[int]] = {}  # id(offer) -> reviewer ids
        self.rng = random.Random(f"offers-{edition.number}")
        self.slots: list[TimeSlot] = sorted(edition.time_slots, key=lambda s: s.starts_at)
        self.is_open = call.is_open(now)
        # Offers are handed in until the deadline (or two weeks ago); reviews follow the deadline,
        # or, while the call is open, each offer as it comes in; decisions come six weeks after it.
        self.submit_window = (call.opens_at, min(call.closes_at, now - timedelta(weeks=2)))
        self.review_end = now if self.is_open else min(call.closes_at + timedelta(weeks=6), now)

    def run(self) -> None:
        sessions = db.session.scalars(
            select(Session).where(Session.edition_id == self.edition.id, Session.is_published.is_(True),
                                  Session.organisation_id.is_not(None), Session.submission_id.is_(None))
            .options(selectinload(Session.room), selectinload(Session.slot)).order_by(Session.id)).all()
        # Built apart from the database session and added at once: much faster than piece by piece.
        accepted = [self._from_session(session) for session in sessions]
        others = self._more_offers({s.organisation_id for s in sessions}, {s.title for s in sessions})
        db.session.add_all(accepted + others)
        for session, submission in zip(sessions, accepted, strict=True):
            session.submission = submission
        db.session.flush()
        if not self.reviews:
            return
        # The reviews and their scores, hundreds of rows, in two bulk statements.
        review_ids = db.session.scalars(
            insert(Review).returning(Review.id, sort_by_parameter_order=True),
            [{"submission_id": submission.id, **row} for submission, row, _ in self.reviews]).all()
        scores = [{"review_id": review_id, "criterion_id": criterion.id, "score": score}
                  for review_id, (_, _, given) in zip(review_ids, self.reviews, strict=True) if given
                  for criterion, score in zip(self.call.criteria, given, strict=True)]
        if scores:
            db.session.execute(insert(ReviewScore), scores)

    # --- the programme: accepted offers -----------------------------------------------------------

    def _from_session(self, session: Session) -> Submission:
        rng, room = self.rng, session.room
        if session.slot is None:  # a stand, the whole day
            slots, audience, room_size = self.slots, rng.randint(8, 30) * 10, None
        else:
            others = [s for s in self.slots if s.id != session.slot_id]
            slots = sorted([session.slot, *rng.sample(others, rng.choice((0, 0, 1, 2)))], key=lambda s: s.starts_at)
            capacity = session.capacity or (room.capacity if room else 30)
            audience, room_size = rng.randint(max(capacity // 2, 5), capacity), capacity
        equipment = [e for e in (room.equipment if room else []) if e in EQUIPMENT and rng.random() < 0.7]
        submission = self._offer(
            self._organisation(session.organisation_id), session.kind, session.title,
            f"{session.description} {data.OFFER_KIND_TEXT.get(session.kind.value, '')}".strip(),
            session.target_groups, session.topics, audience=audience, room_size=room_size, equipment=equipment,
            needs_step_free=bool(room and room.is_step_free and rng.random() < 0.15),
            needs_power=bool(room and "Strom" in room.equipment and session.kind in (SessionKind.STAND,
                                                                                     SessionKind.HANDS_ON)),
            slots=slots)
        self._lifecycle(submission, ACCEPTED)
        return submission

    # --- everything else: rejected, waitlisted, withdrawn, still open --------------------------------

    def _more_offers(self, in_programme: set[int], programme_titles: set[str]) -> list[Submission]:
        rng = self.rng
        plan = OPEN_CALL if self.is_open else CLOSED_CALL
        statuses = [status for status, n in plan.items() for _ in range(n + rng.randint(0, 2))]
        rng.shuffle(statuses)
        owners: list[Organisation | None] = [None] * len(statuses)
        if self.is_open and self.partner is not None:  # the demo partner has something to look at
            for wanted in PARTNER_OFFERS:
                statuses.remove(wanted)
            statuses[:0] = PARTNER_OFFERS
            owners[:len(PARTNER_OFFERS)] = [self._organisation(self.partner.organisation_id)] * len(PARTNER_OFFERS)
        # Every partner takes part: those without a session in the programme come first.
        missing = [o for o in self.organisations if o.id not in in_programme]
        rng.shuffle(missing)
        for index, owner in enumerate(owners):
            if owner is None:
                owners[index] = missing.pop() if missing else rng.choice(self.organisations)
        pool = list(data.MORE_OFFERS) + [
            (title, kind, topics, groups, f"{title}: ein Angebot zum Leitthema „{self.edition.theme}“.")
            for title, kind, topics, groups, _ in data.OFFERS if title not in programme_titles]
        chosen = rng.sample(pool, len(statuses))
        return [self._more_offer(owner, status, offer) for owner, status, offer in zip(owners, statuses, chosen,
                                                                                      strict=True)]

    def _more_offer(self, organisation: Organisation, status: SubmissionStatus, offer) -> Submission:
        rng = self.rng
        title, kind, topics, groups, abstract = offer
        abstract = f"{abstract} {data.OFFER_KIND_TEXT[kind]}"
        if kind == "stand":
            slots, audience, room_size = self.slots, rng.randint(5, 25) * 10, None
        else:
            slots = sorted(rng.sample(self.slots, rng.randint(1, 3)), key=lambda s: s.starts_at)
            low, high = ROOM_SIZE[kind]
            room_size = rng.randint(low, high)
            audience = rng.randint(max(low // 2, 5), room_size)
        equipment = [e for e in EQUIPMENT_BY_KIND[kind] if rng.random() < 0.4]
        if status == DRAFT and rng.random() < 0.6:  # drafts are often unfinished
            abstract, audience, slots = "" if rng.random() < 0.5 else abstract, None, []
        submission = self._offer(organisation, SessionKind(kind), title, abstract, groups, topics, audience=audience,
                                 room_size=room_size, equipment=equipment, needs_step_free=rng.random() < 0.1,
                                 needs_power=kind in ("stand", "hands_on") and rng.random() < 0.5, slots=slots)
        self._lifecycle(submission, status)
        return submission

    # --- building blocks -------------------------------------------------------------------------------

    def _organisation(self, organisation_id: int | None) -> Organisation:
        return next(o for o in self.organisations if o.id == organisation_id)

    def _offer(self, organisation: Organisation, kind: SessionKind, title: str, abstract: str, groups, topics, *,
               audience, room_size, equipment, needs_step_free, needs_power, slots) -> Submission:
        rng = self.rng
        contact = self.partner if self.partner and self.partner.organisation_id == organisation.id else None
        submission = Submission(
            edition_id=self.edition.id, organisation_id=organisation.id, kind=kind, title=title,
            abstract=abstract, target_groups=list(groups), topics=list(topics), expected_audience=audience,
            room_size=room_size, equipment=equipment, needs_step_free=needs_step_free, needs_power=needs_power,
            notes=rng.choice(data.OFFER_NOTES) if rng.random() < 0.2 else "", slots=list(slots),
            status=DRAFT)
        if contact is not None:
            submission.submitted_by = contact
        for position in range(rng.choice((0, 0, 0, 1, 1, 2))):
            first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
            email = f"{first}.{last}@example.org".lower().translate(ASCII)
            submission.co_presenters.append(CoPresenter(name=f"{first} {last}", email=email, position=position))
        return submission

    def _moments(self, start: datetime, end: datetime, n: int) -> list[datetime]:
        """n random moments between start and end, in order, to the minute."""
        span = max((end - start).total_seconds(), 0)
        return sorted((start + timedelta(seconds=self.rng.uniform(0, span))).replace(second=0, microsecond=0)
                      for _ in range(n))

    def _lifecycle(self, submission: Submission, status: SubmissionStatus) -> None:
        """Walk the offer from draft to ``status`` with plausible times and reviews."""
        rng = self.rng
        created, handed_in = self._moments(*self.submit_window, 2)
        submission.created_at, submission.updated_at = created, handed_in
        if status == DRAFT:
            return
        submission.transition_to(SUBMITTED)
        submission.submitted_at = handed_in
        start = handed_in + timedelta(days=1) if self.is_open else self.call.closes_at
        if status == SUBMITTED:
            return
        if status == WITHDRAWN:
            assigned, withdrawn = self._moments(start, self.review_end, 2)
            if rng.random() < 0.5:  # withdrawn while a reviewer had it, before the review was done
                self._review(submission, assigned, None, SCORE_MEAN[WITHDRAWN])
            submission.transition_to(WITHDRAWN)
            submission.decided_at = submission.updated_at = withdrawn
            return
        if status == UNDER_REVIEW:
            wanted = rng.choice((1, 2, 2))
            assigned, *done = self._moments(start, self.review_end, 1 + wanted)
            mean = rng.uniform(2.0, 4.5)
            for finished in done:
                self._review(submission, assigned, finished if rng.random() < 0.5 else None, mean)
            submission.updated_at = max(submission.updated_at, assigned)
            return
        assigned, first, second, decided = self._moments(start, self.review_end, 4)
        for finished in (first, second):
            self._review(submission, assigned, finished, SCORE_MEAN[status])
        submission.transition_to(status)
        submission.decided_at = submission.updated_at = decided

    def _review(self, submission: Submission, assigned: datetime, finished: datetime | None, mean: float) -> None:
        """Assign the least busy reviewer without a conflict of interest (and score, if finished)."""
        taken = self.reviewed_by.setdefault(id(submission), set())
        eligible = [r for r in self.reviewers if r.id not in taken and not has_conflict(r, submission)]
        if not eligible:
            return
        reviewer = min(eligible, key=lambda r: (self.load[r.id], self.rng.random()))
        self.load[reviewer.id] += 1
        taken.add(reviewer.id)
        if submission.status == SUBMITTED:
            submission.transition_to(UNDER_REVIEW)
        row = {"reviewer_id": reviewer.id, "assigned_at": assigned, "submitted_at": finished, "comment": ""}
        scores = []
        if finished is not None:
            scores = [min(max(round(self.rng.gauss(mean, 0.7)), 1), self.call.score_max) for _ in self.call.criteria]
            average = sum(scores) / len(scores)
            level = "low" if average < 2.5 else "mid" if average < 3.7 else "high"
            row["comment"] = self.rng.choice(data.REVIEW_COMMENTS[level]) if self.rng.random() < 0.8 else ""
        self.reviews.append((submission, row, scores))
