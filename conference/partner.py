"""The area for signed-in partner institutions under /partner/."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from conference.accounts.access import guard_area
from conference.accounts.forms import EmptyForm
from conference.accounts.models import Role
from conference.editions import services as editions
from conference.errors import NotFoundError
from conference.extensions import db
from conference.program import manage_services
from conference.program.manage_views import slot_label
from conference.program.models import Session

bp = Blueprint("partner", __name__, url_prefix="/partner")
guard_area(bp, Role.PROVIDER)


@bp.route("/")
def dashboard():
    from conference.editions.models import PUBLIC_STATUSES, Edition

    editions_with_offers = [] if current_user.organisation_id is None else db.session.scalars(
        select(Edition).where(Edition.status.in_(PUBLIC_STATUSES), Edition.id.in_(
            select(Session.edition_id).where(Session.organisation_id == current_user.organisation_id)))
        .order_by(Edition.starts_at.desc())
    ).all()
    return render_template("partner/dashboard.html", editions=editions_with_offers)


def _own_sessions(edition):
    if current_user.organisation_id is None:
        return []
    return db.session.scalars(
        select(Session).where(Session.edition_id == edition.id,
                              Session.organisation_id == current_user.organisation_id)
        .options(selectinload(Session.slot), selectinload(Session.room)).order_by(Session.slot_id, Session.title)
    ).all()


@bp.route("/editions/<int:edition_id>/walk-ins")
def walk_ins(edition_id: int):
    """Partner institutions count walk-in visitors at their own offers, on a phone."""
    edition = editions.get_edition(edition_id)
    return render_template("program/manage/walk_ins.html", edition=edition, sessions=_own_sessions(edition),
                           form=EmptyForm(), slot_label=slot_label,
                           action=lambda s: url_for(".walk_in", edition_id=edition.id, session_id=s.id))


@bp.route("/editions/<int:edition_id>/sessions/<int:session_id>/walk-in", methods=["POST"])
def walk_in(edition_id: int, session_id: int):
    edition = editions.get_edition(edition_id)
    session = next((s for s in _own_sessions(edition) if s.id == session_id), None)
    if session is None:
        raise NotFoundError(gettext("This offer does not exist."))
    if EmptyForm().validate_on_submit():
        manage_services.count_walk_in(session, -1 if request.form.get("delta") == "-1" else 1)
    return redirect(url_for(".walk_ins", edition_id=edition.id, _anchor=f"s{session.id}"))
