"""The schedule grid of an edition: placing sessions in rooms × time slots, live conflict checks, and
the solver's proposal (``conference.scheduling``) shown as a diff, then applied or discarded.

The database is translated into the scheduling core's plain data here and nowhere else: a session's
needs and availability come from the offer it was accepted from, its people are the offer's contact and
co-presenters."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from conference import scheduling
from conference.database import utcnow
from conference.editions.models import Edition, Room, TimeSlot
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db
from conference.program.manage_services import update_session_placement
from conference.program.models import ProposalStatus, ScheduleProposal, Session, SessionKind
from conference.registration.models import SEAT_HOLDING, Booking
from conference.submissions.models import Submission

POWER = "Strom"  # rooms list power outlets among their equipment


@dataclass(frozen=True)
class Layout:
    """What the grid and the solver see of an edition."""

    sessions: list[Session]
    rooms: list[Room]
    slots: list[TimeSlot]
    items: list[scheduling.Item]
    core_rooms: list[scheduling.Room]
    core_slots: list[scheduling.Slot]

    def placements(self) -> list[scheduling.Placement]:
        return [scheduling.Placement(s.id, s.room_id, s.slot_id) for s in self.sessions]


def _item(session: Session, booked: bool = False) -> scheduling.Item:
    offer: Submission | None = session.submission
    audience = max(session.capacity or 0, (offer.expected_audience or 0) if offer else 0)
    if session.kind == SessionKind.STAND:
        audience = 0  # a stand's visitors come and go all day: no room capacity applies
    pinned = _pinned(session) or (booked and session.room_id is not None and session.slot_id is not None)
    if offer is None:
        return scheduling.Item(id=session.id, audience=audience, organisation_id=session.organisation_id,
                               target_groups=frozenset(session.target_groups or ()),
                               topics=frozenset(session.topics or ()), pinned=pinned)
    equipment = set(offer.equipment or ())
    if offer.needs_power:
        equipment.add(POWER)
    people = {p.email.lower() for p in offer.co_presenters if p.email}
    if offer.submitted_by is not None:
        people.add(offer.submitted_by.email.lower())
    return scheduling.Item(
        id=session.id, audience=max(audience, offer.room_size or 0), needs_step_free=offer.needs_step_free,
        equipment=frozenset(equipment), available_slots=frozenset(s.id for s in offer.slots) or None,
        people=frozenset(people), organisation_id=session.organisation_id,
        target_groups=frozenset(session.target_groups or ()), topics=frozenset(session.topics or ()),
        pinned=pinned)


def _pinned(session: Session) -> bool:
    # Stands stand all day in their place: the solver leaves them where the organisers put them.
    return session.is_pinned or session.kind == SessionKind.STAND


def is_all_day(session: Session) -> bool:
    """A stand with a room and no time slot is placed for the whole day."""
    return session.kind == SessionKind.STAND and session.room_id is not None and session.slot_id is None


def layout(edition: Edition) -> Layout:
    sessions = list(db.session.scalars(
        select(Session).where(Session.edition_id == edition.id)
        .options(selectinload(Session.submission).selectinload(Submission.slots),
                 selectinload(Session.submission).selectinload(Submission.co_presenters),
                 selectinload(Session.submission).selectinload(Submission.submitted_by),
                 selectinload(Session.organisation))
        .order_by(Session.title, Session.id)))
    rooms = [room for venue in edition.venues for room in venue.rooms]
    slots = sorted(edition.time_slots, key=lambda s: (s.starts_at, s.id))
    booked = set(db.session.scalars(select(Booking.session_id).where(
        Booking.session_id.in_([s.id for s in sessions]), Booking.status.in_(SEAT_HOLDING)).distinct()))
    return Layout(
        sessions=sessions, rooms=rooms, slots=slots, items=[_item(s, s.id in booked) for s in sessions],
        core_rooms=[scheduling.Room(r.id, r.venue_id, r.capacity or 0, r.is_step_free, frozenset(r.equipment or ()))
                    for r in rooms],
        core_slots=[scheduling.Slot(s.id, s.starts_at, s.ends_at) for s in slots])


def conflicts(edition: Edition, grid: Layout | None = None) -> list[scheduling.Conflict]:
    grid = grid or layout(edition)
    return scheduling.find_conflicts(grid.items, grid.core_rooms, grid.core_slots, grid.placements(),
                                     target_group_limit=edition.target_group_limit)


def move(edition: Edition, session_id: int, *, room_id: int | None, slot_id: int | None,
         pinned: bool | None = None) -> list[scheduling.Conflict]:
    """Place (or take out) one session; returns the conflicts that now touch it."""
    session = db.session.get(Session, session_id)
    if session is None or session.edition_id != edition.id:
        raise NotFoundError(gettext("This offer does not exist."))
    rooms = {r.id: r for venue in edition.venues for r in venue.rooms}
    slots = {s.id: s for s in edition.time_slots}
    if room_id is not None and room_id not in rooms:
        raise DomainError(gettext("Please choose a room of this edition."), field="room_id")
    if slot_id is not None and slot_id not in slots:
        raise DomainError(gettext("Please choose a time slot of this edition."), field="slot_id")
    update_session_placement(session, slot=slots.get(slot_id), room=rooms.get(room_id))
    if pinned is not None:
        session.is_pinned = pinned
    db.session.flush()
    grid = layout(edition)
    return scheduling.conflicts_for(session.id, grid.items, grid.core_rooms, grid.core_slots, grid.placements(),
                                    target_group_limit=edition.target_group_limit)


# --- proposals ----------------------------------------------------------------------------------

def create_proposal(edition: Edition, user_id: int | None) -> ScheduleProposal:
    if not edition.time_slots or not any(v.rooms for v in edition.venues):
        raise ConflictError(gettext("The edition needs rooms and time slots before a schedule can be proposed."))
    running = db.session.scalar(select(ScheduleProposal).where(
        ScheduleProposal.edition_id == edition.id, ScheduleProposal.status == ProposalStatus.RUNNING))
    if running is not None:
        # A run lives in a thread of the web process; a restart ends it without a word. Long past its
        # time limit, it is taken as interrupted instead of blocking every new proposal.
        stale_after = timedelta(seconds=2 * current_app.config["SCHEDULE_TIME_LIMIT"] + 60)
        if running.started_at > utcnow() - stale_after:
            raise ConflictError(gettext("A proposal is being computed already."))
        running.status, running.finished_at = ProposalStatus.FAILED, utcnow()
        running.message = "interrupted (the server restarted while the solver ran)"
    proposal = ScheduleProposal(edition_id=edition.id, created_by_id=user_id, status=ProposalStatus.RUNNING,
                                placements=[], unplaced=[], progress={}, message="")
    db.session.add(proposal)
    db.session.flush()
    return proposal


def compute_proposal(proposal_id: int, time_limit: float | None = None) -> None:
    """Run the solver for a proposal, writing its progress to the row (needs an app context; commits
    itself, because it runs outside any request)."""
    proposal = db.session.get(ScheduleProposal, proposal_id)
    edition = db.session.get(Edition, proposal.edition_id)
    grid = layout(edition)
    last = [0.0]

    def report(progress: scheduling.ProposalProgress) -> None:
        if time.monotonic() - last[0] < 0.5 and progress.stage != "done":
            return
        last[0] = time.monotonic()
        proposal.progress = {"solutions": progress.solutions, "objective": progress.objective,
                             "bound": progress.bound, "elapsed": round(progress.elapsed, 1), "stage": progress.stage,
                             "placed": progress.placed, "limit": limit}
        db.session.commit()

    limit = time_limit or current_app.config["SCHEDULE_TIME_LIMIT"]
    try:
        result = scheduling.propose(grid.items, grid.core_rooms, grid.core_slots, grid.placements(),
                                    target_group_limit=edition.target_group_limit, time_limit=limit,
                                    progress=report, workers=current_app.config["SCHEDULE_SOLVER_WORKERS"])
    except Exception as error:  # the organiser must see that it failed, not a spinner forever
        db.session.rollback()
        proposal = db.session.get(ScheduleProposal, proposal_id)
        proposal.status, proposal.message = ProposalStatus.FAILED, f"{type(error).__name__}: {error}"[:1000]
        proposal.finished_at = utcnow()
        db.session.commit()
        raise
    proposal.placements = [{"session_id": p.item_id, "room_id": p.room_id, "slot_id": p.slot_id}
                           for p in result.placements]
    basis = {str(p.item_id): [p.room_id, p.slot_id] for p in grid.placements()}
    proposal.unplaced = [{"session_id": i, "reason": result.unplaced_reasons.get(i, "")} for i in result.unplaced]
    proposal.progress = {**(proposal.progress or {}), "solver_status": result.status, "objective": result.objective,
                         "bound": result.bound, "elapsed": round(result.wall_time, 1), "stage": "done",
                         "placed": result.placed_count, "limit": limit, "basis": basis}
    proposal.status, proposal.finished_at = ProposalStatus.DONE, utcnow()
    db.session.commit()


def start_in_background(proposal_id: int) -> threading.Thread:
    app = current_app._get_current_object()

    def work():
        with app.app_context():
            try:
                compute_proposal(proposal_id)
            except Exception:  # recorded on the proposal by compute_proposal
                app.logger.exception("schedule proposal failed")
            finally:
                db.session.remove()

    thread = threading.Thread(target=work, name=f"schedule-proposal-{proposal_id}", daemon=True)
    thread.start()
    return thread


def get_proposal(edition: Edition, proposal_id: int) -> ScheduleProposal:
    proposal = db.session.get(ScheduleProposal, proposal_id)
    if proposal is None or proposal.edition_id != edition.id:
        raise NotFoundError(gettext("This proposal does not exist."))
    return proposal


@dataclass(frozen=True)
class Change:
    session: Session
    old_room: Room | None
    old_slot: TimeSlot | None
    new_room: Room | None
    new_slot: TimeSlot | None


def diff(edition: Edition, proposal: ScheduleProposal, grid: Layout | None = None) -> list[Change]:
    grid = grid or layout(edition)
    rooms = {r.id: r for r in grid.rooms}
    slots = {s.id: s for s in grid.slots}
    by_id = {s.id: s for s in grid.sessions}
    changes = []
    for p in proposal.placements:
        session = by_id.get(p["session_id"])
        if session is None or (session.room_id, session.slot_id) == (p["room_id"], p["slot_id"]):
            continue
        changes.append(Change(session, session.room, session.slot, rooms.get(p["room_id"]), slots.get(p["slot_id"])))
    return sorted(changes, key=lambda c: (c.new_slot.starts_at if c.new_slot else utcnow(), c.session.title))


def apply(edition: Edition, proposal: ScheduleProposal) -> int:
    """Move every session as proposed; returns how many moved. Pinned sessions never move, and a
    placed session is never taken off the grid (the organisers decide that). A proposal computed on a
    grid that has changed since is refused: it would undo the later moves."""
    if proposal.status != ProposalStatus.DONE:
        raise ConflictError(gettext("Only a finished proposal can be applied."))
    grid = layout(edition)
    basis = (proposal.progress or {}).get("basis")
    if basis is not None and any(basis.get(str(s.id), [None, None]) != [s.room_id, s.slot_id] for s in grid.sessions):
        raise ConflictError(gettext("The schedule has changed since this proposal was computed. Please propose "
                                    "again."))
    moved = 0
    for change in diff(edition, proposal, grid):
        if change.session.is_pinned or (change.new_room is None or change.new_slot is None):
            continue
        update_session_placement(change.session, slot=change.new_slot, room=change.new_room)
        moved += 1
    proposal.status = ProposalStatus.APPLIED
    db.session.flush()
    return moved


def discard(proposal: ScheduleProposal) -> None:
    if proposal.status not in (ProposalStatus.DONE, ProposalStatus.FAILED):
        raise ConflictError(gettext("This proposal can no longer be discarded."))
    proposal.status = ProposalStatus.DISCARDED
