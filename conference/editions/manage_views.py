"""Organiser area for editions: list, create, edit, lifecycle, next edition, venues, rooms, slots."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext

from conference.accounts.access import STAFF, guard_area, roles_required
from conference.accounts.forms import EmptyForm
from conference.accounts.models import Role
from conference.editions import services, venues
from conference.editions.forms import (
    EditionForm,
    NextEditionForm,
    RoomForm,
    StatusForm,
    TimeSlotForm,
    VenueForm,
)
from conference.editions.models import TRANSITION_ACTIONS, EditionFormat
from conference.errors import DomainError
from conference.form_errors import attach_error
from conference.forms_base import unless_posted

bp = Blueprint("editions_manage", __name__, url_prefix="/manage/editions")
guard_area(bp, *STAFF)


def _edition(edition_id: int):
    return services.get_edition(edition_id, include_drafts=True)


@bp.route("/")
def index():
    return render_template("editions/manage/index.html", editions=services.all_editions())


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def create():
    form = EditionForm()
    if form.validate_on_submit():
        try:
            edition = services.create_edition(
                number=form.number.data, format=form.format.data, title=form.title.data, theme=form.theme.data or "",
                description=form.description.data or "", starts_at=form.starts_at.data, ends_at=form.ends_at.data,
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("The edition has been created as a draft."), "success")
            return redirect(url_for(".show", edition_id=edition.id))
    elif not form.is_submitted():
        form.number.data = services.next_number()
    return render_template("editions/manage/form.html", form=form, edition=None), 422 if form.errors else 200


@bp.route("/<int:edition_id>")
def show(edition_id: int):
    edition = services.get_edition(edition_id, include_drafts=True, with_layout=True)
    actions = [(target, TRANSITION_ACTIONS[target]) for target in edition.allowed_transitions()]
    return render_template("editions/manage/show.html", edition=edition, actions=actions,
                           status_form=StatusForm(), delete_form=EmptyForm())


@bp.route("/<int:edition_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def edit(edition_id: int):
    edition = _edition(edition_id)
    form = EditionForm(obj=unless_posted(edition))
    if not form.is_submitted():
        form.format.data = edition.format.value
    if form.validate_on_submit():
        try:
            services.update_edition(
                edition, number=form.number.data or edition.number, format=form.format.data,
                title=form.title.data, theme=form.theme.data or "", description=form.description.data or "",
                starts_at=form.starts_at.data, ends_at=form.ends_at.data,
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("The edition has been saved."), "success")
            return redirect(url_for(".show", edition_id=edition.id))
    return render_template("editions/manage/form.html", form=form, edition=edition), 422 if form.errors else 200


@bp.route("/<int:edition_id>/status", methods=["POST"])
@roles_required(Role.ORGANISER)
def change_status(edition_id: int):
    edition = _edition(edition_id)
    form = StatusForm()
    if not form.validate_on_submit():
        flash(gettext("Please choose a status."), "danger")
        return redirect(url_for(".show", edition_id=edition.id))
    services.change_status(edition, form.target.data)  # an illegal step raises → 409 page
    flash(gettext("The status is now “%(status)s”.", status=edition.status.label), "success")
    return redirect(url_for(".show", edition_id=edition.id))


@bp.route("/<int:edition_id>/next", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def create_next(edition_id: int):
    source = _edition(edition_id)
    form = NextEditionForm()
    if not form.is_submitted():
        number = services.next_number()
        form.number.data = number
        form.format.data = source.format.value
        label = gettext("Tag der Bildung") if source.format == EditionFormat.OPEN_DAY else gettext(
            "Regionale Bildungskonferenz")
        form.title.data = f"{number}. {label}"
    if form.validate_on_submit():
        try:
            edition = services.create_next_edition(
                source, starts_on=form.starts_on.data, title=form.title.data, theme=form.theme.data or "",
                format=form.format.data, number=form.number.data, copy_sessions=form.copy_sessions.data,
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("Edition %(n)d has been created from edition %(m)d.", n=edition.number, m=source.number),
                  "success")
            return redirect(url_for(".show", edition_id=edition.id))
    from conference.surveys import results_views  # the findings build on editions

    page = render_template("editions/manage/next.html", form=form, source=source,
                           session_count=services.session_count(source),
                           **results_views.helpers(), **results_views.findings_context(source))
    return page, 422 if form.errors else 200


# Venues, rooms and time slots ---------------------------------------------------------------------

def _render_or_save(form, template, save, success_url, **context):
    if form.validate_on_submit():
        try:
            save()
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("Saved."), "success")
            return redirect(success_url)
    return render_template(template, form=form, **context), 422 if form.errors else 200


@bp.route("/<int:edition_id>/venues/new", methods=["GET", "POST"])
@bp.route("/<int:edition_id>/venues/<int:venue_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def venue_form(edition_id: int, venue_id: int | None = None):
    edition = _edition(edition_id)
    venue = venues.get_venue(edition, venue_id) if venue_id else None
    form = VenueForm(obj=unless_posted(venue))
    return _render_or_save(
        form, "editions/manage/venue_form.html",
        lambda: venues.save_venue(edition, venue, name=form.name.data, address=form.address.data or "",
                                  description=form.description.data or ""),
        url_for(".show", edition_id=edition.id, _anchor="venues"), edition=edition, venue=venue,
    )


def _delete(edition_id: int, load, delete, message: str, anchor: str):
    """POST-only delete of one part of an edition; a refused delete raises a 409 with the reason."""
    edition = _edition(edition_id)
    if EmptyForm().validate_on_submit():
        delete(load(edition))
        flash(message, "success")
    return redirect(url_for(".show", edition_id=edition.id, _anchor=anchor))


@bp.route("/<int:edition_id>/venues/<int:venue_id>/delete", methods=["POST"])
@roles_required(Role.ORGANISER)
def venue_delete(edition_id: int, venue_id: int):
    return _delete(edition_id, lambda e: venues.get_venue(e, venue_id), venues.delete_venue,
                   gettext("The venue has been deleted."), "venues")


@bp.route("/<int:edition_id>/venues/<int:venue_id>/rooms/new", methods=["GET", "POST"])
@bp.route("/<int:edition_id>/rooms/<int:room_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def room_form(edition_id: int, venue_id: int | None = None, room_id: int | None = None):
    edition = _edition(edition_id)
    room = venues.get_room(edition, room_id) if room_id else None
    venue = room.venue if room else venues.get_venue(edition, venue_id)
    form = RoomForm(obj=unless_posted(room))
    return _render_or_save(
        form, "editions/manage/room_form.html",
        lambda: venues.save_room(venue, room, name=form.name.data, capacity=form.capacity.data,
                                 is_step_free=form.is_step_free.data,
                                 equipment=form.equipment.data or []),
        url_for(".show", edition_id=edition.id, _anchor="venues"), edition=edition, venue=venue, room=room,
    )


@bp.route("/<int:edition_id>/rooms/<int:room_id>/delete", methods=["POST"])
@roles_required(Role.ORGANISER)
def room_delete(edition_id: int, room_id: int):
    return _delete(edition_id, lambda e: venues.get_room(e, room_id), venues.delete_room,
                   gettext("The room has been deleted."), "venues")


@bp.route("/<int:edition_id>/slots/new", methods=["GET", "POST"])
@bp.route("/<int:edition_id>/slots/<int:slot_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def slot_form(edition_id: int, slot_id: int | None = None):
    edition = _edition(edition_id)
    slot = venues.get_slot(edition, slot_id) if slot_id else None
    form = TimeSlotForm(obj=unless_posted(slot))
    if slot is None and not form.is_submitted():
        form.starts_at.data, form.ends_at.data = edition.starts_at, edition.ends_at
    return _render_or_save(
        form, "editions/manage/slot_form.html",
        lambda: venues.save_slot(edition, slot, label=form.label.data or "",
                                 starts_at=form.starts_at.data, ends_at=form.ends_at.data),
        url_for(".show", edition_id=edition.id, _anchor="slots"), edition=edition, slot=slot,
    )


@bp.route("/<int:edition_id>/slots/<int:slot_id>/delete", methods=["POST"])
@roles_required(Role.ORGANISER)
def slot_delete(edition_id: int, slot_id: int):
    return _delete(edition_id, lambda e: venues.get_slot(e, slot_id), venues.delete_slot,
                   gettext("The time slot has been deleted."), "slots")
