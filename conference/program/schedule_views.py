"""The organisers' schedule grid: rooms (by venue) × time slots, moves by drag and drop or by form,
live conflict warnings, an edition-wide conflict list, and the solver's proposal."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from conference.accounts.access import STAFF, guard_area, roles_required
from conference.accounts.forms import EmptyForm
from conference.accounts.models import Role
from conference.editions import services as editions
from conference.errors import DomainError
from conference.extensions import db
from conference.form_errors import attach_error, flash_form_errors
from conference.program import schedule
from conference.program.conflict_text import describe, reason_text
from conference.program.manage_views import slot_label
from conference.program.models import ProposalStatus, ScheduleProposal
from conference.program.schedule_forms import MoveForm, ScheduleSettingsForm

bp = Blueprint("schedule", __name__, url_prefix="/manage/editions/<int:edition_id>/schedule")
guard_area(bp, *STAFF)


def _edition(edition_id):
    return editions.get_edition(edition_id, include_drafts=True, with_layout=True)


@bp.route("/")
def grid(edition_id: int):
    edition = _edition(edition_id)
    grid = schedule.layout(edition)
    found = schedule.conflicts(edition, grid)
    by_session: dict[int, list] = {}
    for conflict in found:
        for item_id in conflict.item_ids:
            by_session.setdefault(item_id, []).append(conflict)
    cells: dict[tuple[int, int], list] = {}
    unplaced = []
    all_day = []
    for session in grid.sessions:
        if session.room_id is not None and session.slot_id is not None:
            cells.setdefault((session.slot_id, session.room_id), []).append(session)
        elif schedule.is_all_day(session):
            all_day.append(session)
        else:
            unplaced.append(session)
    sessions = {s.id: s for s in grid.sessions}
    latest = db.session.scalar(db.select(ScheduleProposal).where(ScheduleProposal.edition_id == edition.id)
                               .order_by(ScheduleProposal.id.desc()).limit(1))
    settings = ScheduleSettingsForm(formdata=None, target_group_limit=edition.target_group_limit)
    return render_template("program/schedule/grid.html", edition=edition, grid=grid, cells=cells, unplaced=unplaced,
                           all_day=all_day,
                           conflicts=found, by_session=by_session, describe=lambda c: describe(c, sessions),
                           slot_label=slot_label, form=EmptyForm(), settings=settings, latest=latest)


@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def move(edition_id: int, session_id: int):
    """The keyboard and form path for a move; drag and drop posts here too (and asks for JSON)."""
    edition = _edition(edition_id)
    grid = schedule.layout(edition)
    session = next((s for s in grid.sessions if s.id == session_id), None)
    if session is None:
        from conference.errors import NotFoundError

        raise NotFoundError(gettext("This offer does not exist."))
    by_id = {s.id: s for s in grid.sessions}
    form = MoveForm(obj=session)
    form.set_choices(grid.rooms, grid.slots, slot_label)
    if not form.is_submitted():
        form.room_id.data, form.slot_id.data = str(session.room_id or ""), str(session.slot_id or "")
        form.pinned.data = session.is_pinned
    wants_json = request.accept_mimetypes.best == "application/json"
    if form.validate_on_submit():
        try:
            found = schedule.move(edition, session.id, room_id=int(form.room_id.data) if form.room_id.data else None,
                                  slot_id=int(form.slot_id.data) if form.slot_id.data else None,
                                  pinned=form.pinned.data)
        except DomainError as error:
            if wants_json:  # the page reloads after a drop: the message waits for it
                flash(error.message, "danger")
                return jsonify({"errors": {error.field or "non_field_errors": [error.message]}}), error.status_code
            attach_error(form, error)
        else:
            messages = [describe(c, by_id) for c in found]
            flash(gettext("“%(title)s” moved.", title=session.title), "success")
            for message in messages:
                flash(message, "warning")
            if wants_json:
                return jsonify({"ok": True, "conflicts": messages})
            return redirect(url_for(".grid", edition_id=edition.id, _anchor=f"s{session.id}"))
    elif wants_json and form.is_submitted():
        flash(gettext("The offer was not moved: %(reason)s", reason=" ".join(
            str(m) for messages in form.errors.values() for m in messages)), "danger")
        return jsonify({"errors": form.errors}), 422
    return render_template("program/schedule/move.html", edition=edition, session=session, form=form,
                           conflicts=[describe(c, by_id) for c in schedule.conflicts(edition, grid)
                                      if session.id in c.item_ids]), (
        422 if form.errors else 200)


@bp.route("/settings", methods=["POST"])
@roles_required(Role.ORGANISER)
def settings(edition_id: int):
    edition = _edition(edition_id)
    form = ScheduleSettingsForm()
    if form.validate_on_submit():
        edition.target_group_limit = form.target_group_limit.data
        flash(gettext("Saved."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for(".grid", edition_id=edition.id, _anchor="conflicts"))


@bp.route("/propose", methods=["POST"])
@roles_required(Role.ORGANISER)
def propose(edition_id: int):
    edition = _edition(edition_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for(".grid", edition_id=edition.id))
    try:
        proposal = schedule.create_proposal(edition, current_user.id)
    except DomainError as error:
        flash(error.message, "danger")
        return grid(edition.id), 409  # the grid, with the reason on it
    # The solver runs beside the request and writes its progress to this row: it must exist first.
    db.session.commit()
    if current_app.config["SCHEDULE_IN_BACKGROUND"]:
        schedule.start_in_background(proposal.id)
    else:
        schedule.compute_proposal(proposal.id)
    return redirect(url_for(".proposal", edition_id=edition.id, proposal_id=proposal.id))


def _progress(proposal: ScheduleProposal) -> dict:
    progress = proposal.progress or {}
    limit = progress.get("limit") or current_app.config["SCHEDULE_TIME_LIMIT"]
    return {"status": proposal.status.value, "elapsed": progress.get("elapsed", 0), "limit": limit,
            "solutions": progress.get("solutions", 0), "placed": progress.get("placed"),
            "percent": 100 if proposal.status != ProposalStatus.RUNNING else
            min(99, int(100 * (progress.get("elapsed") or 0) / limit))}


@bp.route("/proposals/<int:proposal_id>")
@roles_required(Role.ORGANISER)
def proposal(edition_id: int, proposal_id: int):
    edition = _edition(edition_id)
    item = schedule.get_proposal(edition, proposal_id)
    grid = schedule.layout(edition)
    sessions = {s.id: s for s in grid.sessions}
    return render_template("program/schedule/proposal.html", edition=edition, proposal=item,
                           progress=_progress(item),
                           changes=schedule.diff(edition, item, grid) if item.status == ProposalStatus.DONE else [],
                           unplaced=[(sessions.get(u["session_id"]), reason_text(u["reason"])) for u in item.unplaced
                                     if u["reason"] != "pinned_unplaced"],
                           slot_label=slot_label, form=EmptyForm())


@bp.route("/proposals/<int:proposal_id>/progress")
@roles_required(Role.ORGANISER)
def proposal_progress(edition_id: int, proposal_id: int):
    return jsonify(_progress(schedule.get_proposal(_edition(edition_id), proposal_id)))


@bp.route("/proposals/<int:proposal_id>/apply", methods=["POST"])
@roles_required(Role.ORGANISER)
def apply(edition_id: int, proposal_id: int):
    edition = _edition(edition_id)
    item = schedule.get_proposal(edition, proposal_id)
    if EmptyForm().validate_on_submit():
        try:
            moved = schedule.apply(edition, item)
        except DomainError as error:
            flash(error.message, "danger")
            return proposal(edition.id, item.id), 409  # the proposal, with the reason on it
        flash(gettext("Proposal applied: %(n)d offers moved.", n=moved), "success")
    return redirect(url_for(".grid", edition_id=edition.id))


@bp.route("/proposals/<int:proposal_id>/discard", methods=["POST"])
@roles_required(Role.ORGANISER)
def discard(edition_id: int, proposal_id: int):
    edition = _edition(edition_id)
    item = schedule.get_proposal(edition, proposal_id)
    if EmptyForm().validate_on_submit():
        try:
            schedule.discard(item)
        except DomainError as error:
            flash(error.message, "danger")
            return proposal(edition.id, item.id), 409  # the proposal, with the reason on it
        flash(gettext("Proposal discarded."), "info")
    return redirect(url_for(".grid", edition_id=edition.id))
