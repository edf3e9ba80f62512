"""Organisers approve or refuse partner contacts who signed up: /manage/partners/."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext

from conference.accounts.access import STAFF, guard_area, roles_required
from conference.accounts.forms import EmptyForm
from conference.accounts.models import Role
from conference.partners import services

bp = Blueprint("partners_manage", __name__, url_prefix="/manage/partners")
guard_area(bp, *STAFF)


@bp.route("/")
@roles_required(Role.ORGANISER)
def index():
    pending = services.pending_accounts()
    others = {u.id: services.contacts_of(u.organisation_id) for u in pending if u.organisation_id}
    return render_template("partners/manage/index.html", pending=pending, others=others,
                           unconfirmed=services.unconfirmed_accounts(), contacts=services.partner_contacts(),
                           form=EmptyForm())


@bp.route("/<int:user_id>/approve", methods=["POST"])
@roles_required(Role.ORGANISER)
def approve(user_id: int):
    if EmptyForm().validate_on_submit():
        user = services.approve(user_id)
        flash(gettext("%(name)s can now sign in.", name=user.name or user.email), "success")
    return redirect(url_for(".index"))


@bp.route("/<int:user_id>/reject", methods=["POST"])
@roles_required(Role.ORGANISER)
def reject(user_id: int):
    if EmptyForm().validate_on_submit():
        services.reject(user_id)
        flash(gettext("The sign-up has been refused and removed."), "success")
    return redirect(url_for(".index"))
