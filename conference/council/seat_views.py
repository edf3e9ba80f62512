"""Staff pages for the council's seats, people and memberships (/manage/council/).

Every page shows personal data (names, addresses), so every route is for organisers (and admins)."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import func, select

from conference.accounts.access import STAFF, guard_area, roles_required
from conference.accounts.forms import EmptyForm
from conference.accounts.models import Role
from conference.council import seats as services
from conference.council.core import seats_with_holders
from conference.council.models import MembershipRole, Person, Seat
from conference.council.seat_forms import (
    AssignForm,
    DeactivateForm,
    EndForm,
    GroupForm,
    MoveForm,
    SeatForm,
)
from conference.date_formats import format_date
from conference.errors import DomainError, NotFoundError
from conference.extensions import db
from conference.form_errors import attach_error
from conference.organisations.models import Organisation

bp = Blueprint("council_seats", __name__, url_prefix="/manage/council")
guard_area(bp, *STAFF)



# --- Overview -------------------------------------------------------------------------------------------

@bp.route("/")
@roles_required(Role.ORGANISER)
def index():
    day = services.today()
    holders = seats_with_holders(day, active_only=False)
    active = [h for h in holders if h.seat.is_active]
    counts = {"active": len(active), "inactive": len(holders) - len(active),
              "vacant_member": sum(1 for h in active if h.member is None),
              "vacant_deputy": sum(1 for h in active if h.deputy is None),
              "no_consent": sum(1 for h in active for m in (h.member, h.deputy) if m and not m.person.is_name_public)}
    by_group = [(group, list(rows)) for group, rows in groupby(holders, key=lambda h: h.seat.group)]
    return render_template("council/seats/index.html", by_group=by_group, counts=counts, day=day)


# --- Groups ---------------------------------------------------------------------------------------------

def _rename_form(group, formdata=None):
    form = GroupForm(prefix=f"group-{group.id}", formdata=formdata, data={"name": group.name})
    form.name.label.text = gettext("New name for “%(name)s”", name=group.name)
    return form


def _render_groups(form=None, status=200, rename_forms=None):
    groups = services.groups()
    counts = {group_id: n for group_id, n in db.session.execute(
        select(Seat.group_id, func.count()).group_by(Seat.group_id))}
    rename_forms = rename_forms or {}
    return render_template("council/seats/groups.html", groups=groups, counts=counts,
                           form=form or GroupForm(formdata=None),
                           rename_forms={g.id: rename_forms.get(g.id) or _rename_form(g) for g in groups},
                           move_form=MoveForm(formdata=None)), status


@bp.route("/groups/", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def groups():
    form = GroupForm()
    if form.validate_on_submit():
        try:
            group = services.create_group(form.name.data)
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("Group “%(name)s” added.", name=group.name), "success")
            return redirect(url_for(".groups"))
    return _render_groups(form, 422 if form.errors else 200)


@bp.route("/groups/<int:group_id>/rename", methods=["POST"])
@roles_required(Role.ORGANISER)
def rename_group(group_id: int):
    group = services.get_group(group_id)
    form = _rename_form(group, request.form)
    if form.validate_on_submit():
        try:
            services.rename_group(group, form.name.data)
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("Group renamed."), "success")
            return redirect(url_for(".groups"))
    return _render_groups(status=422, rename_forms={group.id: form})


@bp.route("/groups/<int:group_id>/move", methods=["POST"])
@roles_required(Role.ORGANISER)
def move_group(group_id: int):
    group = services.get_group(group_id)
    form = MoveForm()
    if form.validate_on_submit():
        services.move_group(group, form.step)
    return redirect(url_for(".groups", _anchor=f"group-{group.id}"))


# --- Seats ----------------------------------------------------------------------------------------------

def _organisation_names() -> list[str]:
    return list(db.session.scalars(select(Organisation.name).order_by(func.lower(Organisation.name))))


def _seat_form_page(form, seat=None):
    return render_template("council/seats/seat_form.html", form=form, seat=seat,
                           organisation_names=_organisation_names()), 422 if form.errors else 200


@bp.route("/seats/new", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def seat_new():
    groups = services.groups()
    if not groups:
        flash(gettext("Please add a group first: every seat belongs to one."), "info")
        return redirect(url_for(".groups"))
    form = SeatForm()
    form.set_choices(groups)
    if not form.is_submitted() and request.args.get("group", type=int):
        form.group_id.data = request.args.get("group", type=int)
    if form.validate_on_submit():
        try:
            seat = services.create_seat(services.get_group(form.group_id.data), form.organisation.data,
                                        form.label.data, form.position.data)
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("Seat added. Now assign its member and deputy."), "success")
            return redirect(url_for(".seat_detail", seat_id=seat.id))
    return _seat_form_page(form)


@bp.route("/seats/<int:seat_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def seat_edit(seat_id: int):
    seat = services.get_seat(seat_id)
    form = SeatForm(data={"group_id": seat.group_id, "label": seat.label, "organisation": seat.organisation.name,
                          "position": seat.position})
    form.set_choices(services.groups())
    if form.validate_on_submit():
        try:
            services.edit_seat(seat, group=services.get_group(form.group_id.data),
                               organisation=form.organisation.data, label=form.label.data,
                               position=seat.position if form.position.data is None else form.position.data)
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("Saved."), "success")
            return redirect(url_for(".seat_detail", seat_id=seat.id))
    return _seat_form_page(form, seat)


def _people() -> list[Person]:
    return list(db.session.scalars(select(Person).order_by(func.lower(Person.family_name),
                                                           func.lower(Person.given_name), Person.id)))


def _render_seat(seat, *, assign_form=None, end_form=None, end_id=None, deactivate_form=None, status=200):
    if assign_form is None:
        assign_form = AssignForm(formdata=None, data={"starts_on": services.today(),
                                                      "role": MembershipRole.MEMBER.value})
        assign_form.set_choices(_people())
    day = services.today()
    return render_template(
        "council/seats/seat_detail.html", seat=seat, day=day,
        member=seat.holder(MembershipRole.MEMBER, day), deputy=seat.holder(MembershipRole.DEPUTY, day),
        history=sorted(seat.memberships, key=lambda m: (m.starts_on, m.id), reverse=True),
        assign_form=assign_form, end_form=end_form or EndForm(formdata=None, data={"ends_on": day}), end_id=end_id,
        deactivate_form=deactivate_form or DeactivateForm(formdata=None), empty_form=EmptyForm()), status


@bp.route("/seats/<int:seat_id>")
@roles_required(Role.ORGANISER)
def seat_detail(seat_id: int):
    return _render_seat(services.get_seat(seat_id))


@bp.route("/seats/<int:seat_id>/assign", methods=["POST"])
@roles_required(Role.ORGANISER)
def assign(seat_id: int):
    seat = services.get_seat(seat_id)
    form = AssignForm()
    form.set_choices(_people())
    if form.validate_on_submit():
        try:
            if form.wants_new_person:
                person = services.create_person(title=form.title.data, given_name=form.given_name.data,
                                                family_name=form.family_name.data, email=form.email.data,
                                                locale=form.locale.data)
            else:
                person = db.session.get(Person, int(form.person_id.data))
                if person is None:
                    raise NotFoundError(gettext("This person does not exist."), field="person_id")
            membership = services.assign(seat, MembershipRole(form.role.data), person, form.starts_on.data)
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("%(name)s is %(role)s of this seat from %(date)s.", name=membership.person.name,
                          role=membership.role.label, date=format_date(membership.starts_on)), "success")
            if not person.is_name_public:
                flash(gettext("There is no consent to publish %(name)s's name: it stays internal.",
                              name=person.name), "info")
            return redirect(url_for(".seat_detail", seat_id=seat.id))
    return _render_seat(seat, assign_form=form, status=422)


@bp.route("/seats/<int:seat_id>/memberships/<int:membership_id>/end", methods=["POST"])
@roles_required(Role.ORGANISER)
def end_membership(seat_id: int, membership_id: int):
    seat = services.get_seat(seat_id)
    membership = services.get_membership(seat, membership_id)
    form = EndForm()
    if form.validate_on_submit():
        try:
            services.end_membership(membership, form.ends_on.data)
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("The term of %(name)s ends on %(date)s.", name=membership.person.name,
                          date=format_date(membership.ends_on)), "success")
            return redirect(url_for(".seat_detail", seat_id=seat.id))
    return _render_seat(seat, end_form=form, end_id=membership.id, status=422)


@bp.route("/seats/<int:seat_id>/deactivate", methods=["POST"])
@roles_required(Role.ORGANISER)
def deactivate(seat_id: int):
    seat = services.get_seat(seat_id)
    form = DeactivateForm()
    if form.validate_on_submit():
        try:
            services.deactivate_seat(seat, form.ends_terms_on.data)
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("The seat is inactive: it keeps its history but gets no more invitations."), "success")
            return redirect(url_for(".seat_detail", seat_id=seat.id))
    return _render_seat(seat, deactivate_form=form, status=422)


@bp.route("/seats/<int:seat_id>/reactivate", methods=["POST"])
@roles_required(Role.ORGANISER)
def reactivate(seat_id: int):
    seat = services.get_seat(seat_id)
    if EmptyForm().validate_on_submit():
        services.reactivate_seat(seat)
        flash(gettext("The seat is active again."), "success")
    return redirect(url_for(".seat_detail", seat_id=seat.id))


# The people and the XLSX routes live in their own modules, on this blueprint.
from conference.council import person_views, seat_xlsx_views  # noqa: E402,F401
