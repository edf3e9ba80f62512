"""Organiser pages for an edition's programme: sessions, capacity, bookings, import, walk-ins."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from conference.accounts.access import STAFF, guard_area, roles_required
from conference.accounts.forms import EmptyForm
from conference.accounts.models import Role
from conference.date_formats import format_time
from conference.editions import services as editions
from conference.errors import DomainError, NotFoundError
from conference.extensions import db
from conference.form_errors import attach_error
from conference.organisations.models import Organisation
from conference.program import importer, manage_services
from conference.program.manage_forms import ImportForm, OverrideForm, SessionForm
from conference.program.models import Session, SessionKind
from conference.registration import services as registrations
from conference.registration.models import Booking, CapacityChange

bp = Blueprint("program_manage", __name__, url_prefix="/manage/editions/<int:edition_id>")
guard_area(bp, *STAFF)


def slot_label(slot) -> str:
    return f"{format_time(slot.starts_at, 'HH:mm')}–{format_time(slot.ends_at, 'HH:mm')} {slot.label}".strip()


def _edition(edition_id):
    return editions.get_edition(edition_id, include_drafts=True, with_layout=True)


def _session(edition, session_id) -> Session:
    session = db.session.get(Session, session_id)
    if session is None or session.edition_id != edition.id:
        raise NotFoundError(gettext("This offer does not exist."))
    return session


@bp.route("/sessions/")
def sessions(edition_id: int):
    edition = _edition(edition_id)
    return render_template("program/manage/sessions.html", edition=edition,
                           rows=manage_services.sessions_with_counts(edition), slot_label=slot_label)


@bp.route("/sessions/new", methods=["GET", "POST"])
@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def session_form(edition_id: int, session_id: int | None = None):
    edition = _edition(edition_id)
    session = _session(edition, session_id) if session_id else None
    form = SessionForm(obj=session)
    form.set_choices(edition, db.session.scalars(select(Organisation).order_by(Organisation.name)), slot_label)
    if session is not None and not form.is_submitted():
        form.kind.data = session.kind.value
        form.organisation_id.data = str(session.organisation_id or "")
        form.room_id.data = str(session.room_id or "")
        form.slot_id.data = str(session.slot_id or "")
    if form.validate_on_submit():
        rooms = {r.id: r for v in edition.venues for r in v.rooms}
        slots = {s.id: s for s in edition.time_slots}
        try:
            saved = manage_services.save_session(
                edition, session, kind=SessionKind(form.kind.data), title=form.title.data,
                description=form.description.data or "",
                organisation_id=int(form.organisation_id.data) if form.organisation_id.data else None,
                room=rooms.get(int(form.room_id.data)) if form.room_id.data else None,
                slot=slots.get(int(form.slot_id.data)) if form.slot_id.data else None,
                capacity=form.capacity.data, registration_required=form.registration_required.data,
                target_groups=form.target_groups.data or [], topics=form.topics.data or [],
                is_published=form.is_published.data, user_id=current_user.id, override=form.override.data,
                workshop_key=form.workshop_key.data,
                reason=form.reason.data or "",
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("Saved."), "success")
            return redirect(url_for(".session_detail", edition_id=edition.id, session_id=saved.id))
    return render_template("program/manage/session_form.html", edition=edition, session=session, form=form), (
        422 if form.errors else 200)


@bp.route("/sessions/<int:session_id>")
def session_detail(edition_id: int, session_id: int):
    """An offer's counts for all staff; its bookings (visitors' names), the offer's contacts and the reasons
    given for overrides only for organisers (and admins): analysts and reviewers see aggregates only."""
    edition = _edition(edition_id)
    session = _session(edition, session_id)
    shows_people = current_user.has_role(Role.ORGANISER)
    bookings, positions, changes = [], {}, []
    if shows_people:
        bookings = db.session.scalars(
            select(Booking).where(Booking.session_id == session.id).options(selectinload(Booking.registration))
            .order_by(Booking.status, Booking.waitlisted_at, Booking.id)
        ).all()
        changes = db.session.scalars(select(CapacityChange).where(CapacityChange.session_id == session.id)
                                     .order_by(CapacityChange.id.desc())).all()
        positions = {b.id: registrations.waitlist_position(b) for b in bookings}
    return render_template("program/manage/session_detail.html", edition=edition, session=session,
                           shows_people=shows_people, bookings=bookings, positions=positions, changes=changes,
                           override_form=OverrideForm(), delete_form=EmptyForm(),
                           taken=registrations.seats_taken(session.id), slot_label=slot_label)


@bp.route("/sessions/<int:session_id>/delete", methods=["POST"])
@roles_required(Role.ORGANISER)
def session_delete(edition_id: int, session_id: int):
    edition = _edition(edition_id)
    if EmptyForm().validate_on_submit():
        manage_services.delete_session(_session(edition, session_id))
        flash(gettext("The offer has been deleted."), "success")
    return redirect(url_for(".sessions", edition_id=edition.id))


@bp.route("/bookings/<int:booking_id>/override", methods=["POST"])
@roles_required(Role.ORGANISER)
def booking_override(edition_id: int, booking_id: int):
    edition = _edition(edition_id)
    booking = db.session.get(Booking, booking_id)
    if booking is None or booking.session.edition_id != edition.id:
        raise NotFoundError(gettext("You have no booking for this offer."))
    form = OverrideForm()
    if form.validate_on_submit():
        registrations.override_booking(booking, user_id=current_user.id, reason=form.reason.data)
        flash(gettext("The seat has been given beyond the capacity; the override is recorded."), "success")
    else:
        flash(gettext("Please give a reason for the override."), "danger")
    return redirect(url_for(".session_detail", edition_id=edition.id, session_id=booking.session_id))


@bp.route("/sessions/import", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def session_import(edition_id: int):
    edition = _edition(edition_id)
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        upload = form.file.data
        report = importer.import_sessions(edition, upload.filename or "", upload.read())
        if report.ok:
            flash(gettext("%(n)d offers have been imported.", n=report.imported), "success")
            return redirect(url_for(".sessions", edition_id=edition.id))
    status = 422 if form.errors or (report and not report.ok) else 200
    return render_template("program/manage/import.html", edition=edition, form=form, report=report), status


@bp.route("/walk-ins")
def walk_ins(edition_id: int):
    edition = _edition(edition_id)
    sessions = db.session.scalars(select(Session).where(Session.edition_id == edition.id)
                                  .options(selectinload(Session.slot), selectinload(Session.room))
                                  .order_by(Session.slot_id, Session.title)).all()
    return render_template("program/manage/walk_ins.html", edition=edition, sessions=sessions,
                           form=EmptyForm(), slot_label=slot_label,
                           action=lambda s: url_for(".walk_in", edition_id=edition.id, session_id=s.id))


@bp.route("/sessions/<int:session_id>/walk-in", methods=["POST"])
@roles_required(*STAFF)  # anyone on duty at a door may count
def walk_in(edition_id: int, session_id: int):
    edition = _edition(edition_id)
    session = _session(edition, session_id)
    if EmptyForm().validate_on_submit():
        manage_services.count_walk_in(session, -1 if request.form.get("delta") == "-1" else 1)
    return redirect(url_for(".walk_ins", edition_id=edition.id, _anchor=f"s{session.id}"))
