"""Booking by ranked preference: participants rank workshops during a choice window; afterwards the
organisers run the allocation (``conference.allocation``: exactly optimal), compare it with what first
come, first served would have given, re-run it if they like, and publish it as bookings.

A workshop is the set of an edition's published, registration-required sessions that share a
``workshop_key``; each of its sessions is one round (its time slot). Sessions without a key stay first
come, first served, so preference mode can cover just a group of sessions."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from conference import allocation
from conference.database import utcnow
from conference.editions.models import BookingMode, Edition
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db
from conference.privacy.consent import record_consents
from conference.program.models import Session
from conference.registration.locking import lock_sessions
from conference.registration.models import (
    AllocationRun,
    AllocationStatus,
    Booking,
    BookingStatus,
    Ranking,
    Registration,
)
from conference.registration.services import Visitor, seats_taken


@dataclass(frozen=True)
class Workshop:
    key: str
    title: str
    sessions: tuple[Session, ...]


def workshops(edition: Edition) -> list[Workshop]:
    sessions = db.session.scalars(
        select(Session).where(Session.edition_id == edition.id, Session.workshop_key.is_not(None),
                              Session.is_published.is_(True), Session.registration_required.is_(True))
        .options(selectinload(Session.slot), selectinload(Session.room)).order_by(Session.workshop_key, Session.id))
    grouped: dict[str, list[Session]] = {}
    for session in sessions:
        grouped.setdefault(session.workshop_key, []).append(session)
    return [Workshop(key, group[0].title, tuple(sorted(group, key=lambda s: (s.starts_at or edition.starts_at, s.id))))
            for key, group in sorted(grouped.items(), key=lambda kv: kv[1][0].title.casefold())]


def workshop_titles(edition_id: int) -> dict[str, str]:
    """``{workshop_key: title}`` of an edition, in one query (for showing rankings)."""
    return dict(db.session.execute(select(Session.workshop_key, Session.title).where(
        Session.edition_id == edition_id, Session.workshop_key.is_not(None)).order_by(Session.id.desc())).all())


def rounds(found: Sequence[Workshop]) -> list[int]:
    """The distinct time slots of the workshops' sessions, in time order (the rounds)."""
    slots = {s.slot_id: s.starts_at for w in found for s in w.sessions if s.slot_id is not None}
    return sorted(slots, key=lambda slot_id: slots[slot_id])


def ranks_required(found: Sequence[Workshop]) -> int:
    """At least as many ranks as rounds plus two (or every workshop, if there are fewer)."""
    return min(len(rounds(found)) + 2, len(found))


def choice_open(edition: Edition, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (edition.booking_mode == BookingMode.PREFERENCE and edition.choice_opens_at is not None
            and edition.choice_closes_at is not None and edition.choice_opens_at <= now < edition.choice_closes_at)


def save_settings(edition: Edition, *, mode: BookingMode, opens_at: datetime | None,
                  closes_at: datetime | None) -> None:
    if mode == BookingMode.PREFERENCE:
        if not workshops(edition):
            raise DomainError(gettext("Preference mode needs workshops: give repeated, registration-required "
                                      "sessions a workshop key first."), field="booking_mode")
        if opens_at is None or closes_at is None:
            raise DomainError(gettext("Preference mode needs a choice window."), field="choice_opens_at")
        if closes_at <= opens_at:
            raise DomainError(gettext("The choice window must close after it opens."), field="choice_closes_at")
    edition.booking_mode, edition.choice_opens_at, edition.choice_closes_at = mode, opens_at, closes_at


def check_ranking(found: Sequence[Workshop], keys: Sequence[str]) -> list[str]:
    known = {w.key for w in found}
    ranked = [k for k in keys if k]
    if len(set(ranked)) != len(ranked):
        raise DomainError(gettext("Each workshop can be ranked only once."), field="ranking")
    if any(k not in known for k in ranked):
        raise DomainError(gettext("Please rank only workshops of this edition."), field="ranking")
    needed = max(ranks_required(found), 1)
    if len(ranked) < needed:
        raise DomainError(gettext("Please rank at least %(n)d workshops.", n=needed), field="ranking")
    return ranked


def register_ranking(edition: Edition, visitor: Visitor, keys: Sequence[str], *, privacy_notice_version: str,
                     now: datetime | None = None) -> Registration:
    """A registration with a ranking and no bookings yet: seats come when the allocation is published."""
    now = now or utcnow()
    if not choice_open(edition, now):
        raise ConflictError(gettext("The choice window is not open."))
    ranked = check_ranking(workshops(edition), keys)
    registration = Registration(
        edition=edition, name=visitor.name.strip(), email=visitor.email.strip(),
        organisation=visitor.organisation.strip(), role=visitor.role,
        accessibility_needs=visitor.accessibility_needs.strip() if visitor.accessibility_consent else "",
        accessibility_consent_at=now if visitor.accessibility_consent and visitor.accessibility_needs.strip()
        else None, privacy_notice_version=privacy_notice_version, consent_at=now,
        confirm_by=max(now + timedelta(hours=current_app.config["REGISTRATION_CONFIRM_HOURS"]),
                       edition.choice_closes_at),
        bookings=[], rankings=[Ranking(workshop_key=key, rank=i) for i, key in enumerate(ranked, start=1)])
    db.session.add(registration)
    record_consents(registration, now)
    db.session.flush()
    return registration


def change_ranking(registration: Registration, keys: Sequence[str], now: datetime | None = None) -> None:
    if not choice_open(registration.edition, now):
        raise ConflictError(gettext("The choice window is not open."))
    ranked = check_ranking(workshops(registration.edition), keys)
    registration.rankings.clear()
    db.session.flush()  # the unique (registration, rank) rows must go before the new ones come
    registration.rankings.extend(Ranking(workshop_key=key, rank=i) for i, key in enumerate(ranked, start=1))
    db.session.flush()


# --- the allocation ---------------------------------------------------------------------------------

@dataclass
class Inputs:
    seats: list[allocation.SessionSeat]
    preferences: dict[str, list[str]]
    order: list[str]  # registration ids in the order they came (for the first-come comparison)
    sessions: dict[int, Session] = field(default_factory=dict)


def inputs(edition: Edition) -> Inputs:
    found = workshops(edition)
    round_of = {slot_id: i for i, slot_id in enumerate(rounds(found), start=1)}
    sessions = {s.id: s for w in found for s in w.sessions}
    seats = [allocation.SessionSeat(str(s.id), s.workshop_key, round_of[s.slot_id],
                                    max((s.capacity if s.capacity is not None else 10**6) - seats_taken(s.id), 0))
             for s in sessions.values() if s.slot_id in round_of]
    registrations = db.session.scalars(
        select(Registration).where(Registration.edition_id == edition.id, Registration.cancelled_at.is_(None),
                                   Registration.confirmed_at.is_not(None), Registration.rankings.any())
        .options(selectinload(Registration.rankings)).order_by(Registration.created_at, Registration.id)).all()
    preferences = {str(r.id): [x.workshop_key for x in r.rankings] for r in registrations}
    return Inputs(seats, preferences, [str(r.id) for r in registrations], sessions)


def _report_dict(rep: allocation.AllocationReport) -> dict:
    return {"participants": rep.participants, "assigned_pairs": rep.assigned_pairs,
            "unassigned": len(rep.unassigned), "under_assigned": len(rep.under_assigned),
            "rank_counts": {str(k): v for k, v in rep.rank_counts.items()},
            "fill": {k: list(v) for k, v in rep.fill.items()}, "sum_rank_squared": rep.sum_rank_squared}


def run(edition: Edition, user_id: int | None = None,
        progress: Callable[[str], None] | None = None) -> AllocationRun:
    """Allocate the edition's confirmed rankings and store the result with its report (not published)."""
    step = progress or (lambda _: None)
    if edition.booking_mode != BookingMode.PREFERENCE:
        raise ConflictError(gettext("This edition does not book by preference."))
    if choice_open(edition):
        raise ConflictError(gettext("The choice window is still open."))
    if _published(edition) is not None:
        raise ConflictError(gettext("The allocation has been published already."))
    step("load")
    data = inputs(edition)
    if not data.preferences:
        raise ConflictError(gettext("Nobody has ranked any workshops yet."))
    step("allocate")
    started = time.perf_counter()
    result = allocation.allocate(data.seats, data.preferences)
    seconds = time.perf_counter() - started
    step("compare")
    baseline = allocation.first_come(data.seats, data.preferences, data.order)
    step("save")
    for old in db.session.scalars(select(AllocationRun).where(AllocationRun.edition_id == edition.id,
                                                              AllocationRun.status == AllocationStatus.DONE)):
        old.status = AllocationStatus.DISCARDED  # a re-run replaces the previous result
    slots = {str(session_id): session.slot_id for session_id, session in data.sessions.items()}
    record = AllocationRun(edition_id=edition.id, created_by_id=user_id, status=AllocationStatus.DONE,
                           assignments=result, seconds=round(seconds, 3),
                           report={**_report_dict(allocation.report(data.seats, data.preferences, result)),
                                   "slots": slots},
                           first_come_report=_report_dict(allocation.report(data.seats, data.preferences, baseline)))
    db.session.add(record)
    db.session.flush()
    return record


def _published(edition: Edition) -> AllocationRun | None:
    return db.session.scalar(select(AllocationRun).where(AllocationRun.edition_id == edition.id,
                                                         AllocationRun.status == AllocationStatus.PUBLISHED))


def get_run(edition: Edition, run_id: int) -> AllocationRun:
    record = db.session.get(AllocationRun, run_id)
    if record is None or record.edition_id != edition.id:
        raise NotFoundError(gettext("This allocation does not exist."))
    return record


def latest_run(edition: Edition) -> AllocationRun | None:
    return db.session.scalar(select(AllocationRun).where(AllocationRun.edition_id == edition.id)
                             .order_by(AllocationRun.id.desc()).limit(1))


def publish(record: AllocationRun, now: datetime | None = None, *, notify: bool = True) -> int:
    """Turn the allocation into bookings (capacity is checked again under the session locks) and mail
    each participant their workshops. Returns the number of bookings made."""
    from conference.registration.notifications import notify_allocated

    now = now or utcnow()
    if record.status != AllocationStatus.DONE:
        raise ConflictError(gettext("Only the current allocation can be published."))
    edition = db.session.get(Edition, record.edition_id)
    if _published(edition) is not None:
        raise ConflictError(gettext("The allocation has been published already."))
    wanted: dict[int, int] = {}
    for session_ids in record.assignments.values():
        for session_id in session_ids:
            wanted[int(session_id)] = wanted.get(int(session_id), 0) + 1
    lock_sessions(wanted)
    slots = (record.report or {}).get("slots", {})
    for session_id, count in wanted.items():
        session = db.session.get(Session, session_id)
        if session is None or (session.capacity is not None and seats_taken(session_id) + count > session.capacity):
            raise ConflictError(gettext("Seats have changed since the allocation ran. Please run it again."))
        if str(session_id) in slots and slots[str(session_id)] != session.slot_id:
            raise ConflictError(gettext("A workshop has moved to another time slot since the allocation ran. Please "
                                        "run it again."))
    registrations = {r.id: r for r in db.session.scalars(
        select(Registration).where(Registration.id.in_([int(k) for k in record.assignments]))
        .options(selectinload(Registration.bookings)))}
    made = 0
    for registration_id, session_ids in record.assignments.items():
        registration = registrations.get(int(registration_id))
        if registration is None or registration.cancelled_at is not None:
            continue
        for session_id in session_ids:
            db.session.add(Booking(registration=registration, session_id=int(session_id),
                                   status=BookingStatus.BOOKED))
            made += 1
        if notify:
            notify_allocated(registration)
    record.status, record.published_at = AllocationStatus.PUBLISHED, now
    db.session.flush()
    return made
