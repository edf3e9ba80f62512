"""Offer rules: the call window, drafts, submission, editing until the deadline, withdrawal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from conference.accounts.models import Role, User
from conference.database import utcnow
from conference.editions.models import PUBLIC_STATUSES, Edition, EditionFormat, TimeSlot
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db
from conference.program.models import TARGET_GROUPS, TOPICS, SessionKind
from conference.submissions import storage
from conference.submissions.models import (
    EDITABLE,
    EQUIPMENT,
    OFFER_KINDS,
    CallForOffers,
    CoPresenter,
    ReviewCriterion,
    ReviewScore,
    Submission,
    SubmissionStatus,
)

MAX_CO_PRESENTERS = 5


# --- the call -----------------------------------------------------------------------------------

def get_call(edition: Edition) -> CallForOffers | None:
    return db.session.scalar(select(CallForOffers).where(CallForOffers.edition_id == edition.id)
                             .options(selectinload(CallForOffers.criteria)))


def require_call(edition: Edition) -> CallForOffers:
    call = get_call(edition)
    if call is None:
        raise NotFoundError(gettext("There is no call for offers for this edition."))
    return call


def save_call(edition: Edition, *, opens_at: datetime, closes_at: datetime, intro: str, kinds: Sequence[str],
              score_max: int, reviews_per_offer: int) -> CallForOffers:
    if edition.format != EditionFormat.OPEN_DAY:
        raise DomainError(gettext("Calls for offers are for the Tag der Bildung."))
    if closes_at <= opens_at:
        raise DomainError(gettext("The call must close after it opens."), field="closes_at")
    allowed = {k.value for k in OFFER_KINDS}
    kinds = [k for k in kinds if k in allowed]
    if not kinds:
        raise DomainError(gettext("Please offer at least one kind of offer."), field="kinds")
    call = get_call(edition)
    if call is None:
        call = CallForOffers(edition=edition)
        db.session.add(call)
    elif score_max != call.score_max and _has_scores(call):
        raise ConflictError(gettext("Reviews have already been scored on the old scale; the scale cannot change "
                                    "any more."), field="score_max")
    call.opens_at, call.closes_at, call.intro = opens_at, closes_at, intro.strip()
    call.kinds, call.score_max, call.reviews_per_offer = kinds, score_max, reviews_per_offer
    db.session.flush()
    return call


def _has_scores(call: CallForOffers) -> bool:
    return bool(db.session.scalar(select(func.count(ReviewScore.id)).join(ReviewCriterion)
                                  .where(ReviewCriterion.call_id == call.id)))


def add_criterion(call: CallForOffers, *, label: str, description: str = "", weight: int = 1) -> ReviewCriterion:
    if not label.strip():
        raise DomainError(gettext("Please name the criterion."), field="label")
    criterion = ReviewCriterion(call=call, label=label.strip(), description=description.strip(), weight=weight,
                                position=len(call.criteria))
    db.session.add(criterion)
    db.session.flush()
    return criterion


def delete_criterion(call: CallForOffers, criterion_id: int) -> None:
    criterion = next((c for c in call.criteria if c.id == criterion_id), None)
    if criterion is None:
        raise NotFoundError(gettext("This criterion does not exist."))
    if db.session.scalar(select(func.count(ReviewScore.id)).where(ReviewScore.criterion_id == criterion.id)):
        raise ConflictError(gettext("Reviewers have already scored this criterion, so it cannot be removed."))
    call.criteria.remove(criterion)
    db.session.flush()


def open_calls(now: datetime | None = None) -> list[CallForOffers]:
    """Calls that accept offers now, on public editions."""
    now = now or utcnow()
    return list(db.session.scalars(
        select(CallForOffers).join(Edition).where(Edition.status.in_(PUBLIC_STATUSES),
                                                  CallForOffers.opens_at <= now, CallForOffers.closes_at > now)
        .options(selectinload(CallForOffers.edition)).order_by(CallForOffers.closes_at)))


# --- offers -------------------------------------------------------------------------------------

@dataclass
class OfferData:
    """What a provider enters; lists hold codes (kinds, target groups, topics, equipment, slot ids)."""

    kind: str
    title: str
    abstract: str = ""
    target_groups: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    expected_audience: int | None = None
    room_size: int | None = None
    equipment: list[str] = field(default_factory=list)
    needs_step_free: bool = False
    needs_power: bool = False
    slot_ids: list[int] = field(default_factory=list)
    co_presenters: list[tuple[str, str]] = field(default_factory=list)
    notes: str = ""


def _check_provider(user: User) -> int:
    if user.role != Role.PROVIDER or user.organisation_id is None:
        raise ConflictError(gettext("Only contacts of a partner institution can submit offers."))
    return user.organisation_id


def _check_editable(call: CallForOffers, submission: Submission | None, now: datetime) -> None:
    if call.has_closed(now):
        raise ConflictError(gettext("The call for offers closed on %(date)s. Offers can no longer be changed.",
                                    date=_format(call.closes_at)))
    if submission is not None and submission.status not in EDITABLE:
        raise ConflictError(gettext("An offer in status “%(status)s” can no longer be changed.",
                                    status=submission.status.label))


def _format(dt: datetime) -> str:
    from conference.date_formats import format_datetime

    return format_datetime(dt, "short")


def _missing_for_submission(data: OfferData, *, has_slots: bool) -> dict[str, str]:
    missing = {}
    if not data.abstract.strip():
        missing["abstract"] = gettext("Please describe the offer.")
    if not data.target_groups:
        missing["target_groups"] = gettext("Please choose at least one target group.")
    if data.expected_audience is None:
        missing["expected_audience"] = gettext("Please estimate the audience.")
    if not data.slot_ids and has_slots:
        missing["slot_ids"] = gettext("Please choose at least one time slot in which you can take part.")
    return missing


def save_offer(user: User, edition: Edition, submission: Submission | None, data: OfferData, *,
               submit: bool = False, now: datetime | None = None) -> Submission:
    """Create or change an offer as a draft, or submit it (which needs every required field).

    Drafts may be saved while the call exists and has not closed; submitting needs the call open."""
    now = now or utcnow()
    organisation_id = _check_provider(user)
    call = require_call(edition)
    _check_editable(call, submission, now)
    if data.kind not in call.kinds and (submission is None or data.kind != submission.kind.value):
        raise DomainError(gettext("This call does not ask for this kind of offer."), field="kind")
    if not data.title.strip():
        raise DomainError(gettext("Please give the offer a title."), field="title")
    slots = list(db.session.scalars(select(TimeSlot).where(TimeSlot.edition_id == edition.id,
                                                           TimeSlot.id.in_(set(data.slot_ids)))))
    if len(slots) != len(set(data.slot_ids)):
        raise DomainError(gettext("Please choose time slots of this edition."), field="slot_ids")
    if len(data.co_presenters) > MAX_CO_PRESENTERS:
        raise DomainError(gettext("At most %(n)d co-presenters.", n=MAX_CO_PRESENTERS), field="co_presenters")
    if submit and not call.is_open(now):
        raise ConflictError(gettext("The call for offers opens on %(date)s. You can save a draft until then.",
                                    date=_format(call.opens_at)))
    if submit or (submission is not None and submission.status != SubmissionStatus.DRAFT):
        missing = _missing_for_submission(data, has_slots=bool(edition.time_slots))
        if missing:
            name, message = next(iter(missing.items()))
            raise DomainError(message, field=name)
    if submission is None:
        submission = Submission(edition=edition, organisation_id=organisation_id, submitted_by_id=user.id,
                                status=SubmissionStatus.DRAFT)
        db.session.add(submission)
    elif submission.organisation_id != organisation_id:
        raise NotFoundError(gettext("This offer does not exist."))
    submission.kind = SessionKind(data.kind)
    submission.title = data.title.strip()
    submission.abstract = data.abstract.strip()
    submission.target_groups = [g for g in data.target_groups if g in TARGET_GROUPS]
    submission.topics = [t for t in data.topics if t in TOPICS]
    submission.expected_audience = data.expected_audience
    submission.room_size = data.room_size
    submission.equipment = [e for e in data.equipment if e in EQUIPMENT]
    submission.needs_step_free, submission.needs_power = data.needs_step_free, data.needs_power
    submission.notes = data.notes.strip()
    submission.slots = sorted(slots, key=lambda s: s.starts_at)
    submission.co_presenters = [CoPresenter(name=name.strip(), email=email.strip().lower(), position=i)
                                for i, (name, email) in enumerate(data.co_presenters) if name.strip()]
    just_submitted = submit and submission.status == SubmissionStatus.DRAFT
    if just_submitted:
        submission.transition_to(SubmissionStatus.SUBMITTED)
        submission.submitted_at = now
    db.session.flush()
    if just_submitted:
        _notify_submitted(submission, user)
    return submission


def _notify_submitted(submission: Submission, user: User) -> None:
    from conference.links import external_url
    from conference.mail.services import queue_mail

    queue_mail(user.email, "submission_received", locale=user.locale,
               subject=_l("We have received your offer: %(title)s", title=submission.title),
               submission=submission, user=user, submission_call_closes=require_call(submission.edition).closes_at,
               link=external_url("submissions.show", submission_id=submission.id))


def attach_file(submission: Submission, stored: storage.StoredFile) -> None:
    """Replace the offer's attachment (the old file is removed once the new one is in place)."""
    old = submission.attachment_key
    submission.attachment_key, submission.attachment_name = stored.key, stored.name
    submission.attachment_type, submission.attachment_size = stored.content_type, stored.size
    if old and old != stored.key:
        storage.delete(old)


def remove_attachment(submission: Submission, now: datetime | None = None) -> None:
    _check_editable(require_call(submission.edition), submission, now or utcnow())
    storage.delete(submission.attachment_key)
    submission.attachment_key, submission.attachment_name, submission.attachment_type = None, "", ""
    submission.attachment_size = 0


def withdraw(submission: Submission, user: User, now: datetime | None = None) -> Submission:
    """The provider takes the offer back, up to the start of the event.

    An accepted offer's session leaves the programme (unpublished, not deleted) and the organisers
    are told; if visitors have already booked it, the provider must talk to the organisers instead."""
    from conference.program.models import Session
    from conference.registration.services import seat_counts

    now = now or utcnow()
    if submission.organisation_id != user.organisation_id:
        raise NotFoundError(gettext("This offer does not exist."))
    if submission.edition.starts_at <= now:
        raise ConflictError(gettext("The event has begun: offers can no longer be withdrawn."))
    session = db.session.scalar(select(Session).where(Session.submission_id == submission.id))
    if session is not None:
        counts = seat_counts([session.id])[session.id]
        if counts["booked"] or counts["waitlisted"]:
            raise ConflictError(gettext("Visitors have already registered for this offer. Please contact the "
                                        "organisers to cancel it, so that they can inform them."))
    submission.transition_to(SubmissionStatus.WITHDRAWN)
    submission.decided_at = now
    if session is not None:
        session.is_published = False
        _notify_organisers_of_withdrawal(submission)
    db.session.flush()
    return submission


def _notify_organisers_of_withdrawal(submission: Submission) -> None:
    from conference.links import external_url
    from conference.mail.services import queue_mail
    from conference.pages.services import feedback_recipients

    for recipient in feedback_recipients():
        queue_mail(recipient, "submission_withdrawn", locale="de", submission=submission,
                   subject=_l("Accepted offer withdrawn: %(title)s", title=submission.title),
                   link=external_url("submissions_manage.detail", edition_id=submission.edition_id,
                                     submission_id=submission.id))


def own_submission(user: User, submission_id: int) -> Submission:
    """Load-or-404 for a provider: only offers of their own organisation."""
    submission = db.session.get(Submission, submission_id)
    if submission is None or user.organisation_id is None or submission.organisation_id != user.organisation_id:
        raise NotFoundError(gettext("This offer does not exist."))
    return submission


def organisation_submissions(organisation_id: int) -> list[Submission]:
    return list(db.session.scalars(
        select(Submission).where(Submission.organisation_id == organisation_id)
        .options(selectinload(Submission.edition)).order_by(Submission.edition_id.desc(), Submission.id)))
