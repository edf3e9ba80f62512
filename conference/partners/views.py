"""The area for signed-in partner institutions under /partner/: their calls, offers and turnout."""

from dataclasses import dataclass

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from conference.accounts.access import guard_area
from conference.accounts.forms import EmptyForm
from conference.accounts.models import Role
from conference.editions import services as editions
from conference.editions.models import PUBLIC_STATUSES, Edition, EditionStatus
from conference.errors import NotFoundError
from conference.extensions import db
from conference.program import manage_services
from conference.program.manage_views import slot_label
from conference.program.models import Session
from conference.registration.models import Booking, BookingStatus
from conference.registration.services import seat_counts
from conference.submissions import services as submissions
from conference.surveys.session_feedback import EditionFeedback, session_feedback

bp = Blueprint("partner", __name__, url_prefix="/partner")
guard_area(bp, Role.PROVIDER)

AFTER_THE_EVENT = (EditionStatus.HELD, EditionStatus.EVALUATED, EditionStatus.ARCHIVED)


@dataclass(frozen=True)
class Turnout:
    """One past edition for a partner: its sessions with their figures, and the visitors' ratings."""

    edition: Edition
    rows: list[tuple[Session, dict[str, int]]]
    feedback: EditionFeedback


def _turnout(organisation_id: int) -> list[Turnout]:
    """Per past edition, the organisation's sessions with registrations, attendance, walk-ins and ratings."""
    sessions = db.session.scalars(
        select(Session).join(Edition).where(Session.organisation_id == organisation_id,
                                            Session.is_published.is_(True), Edition.status.in_(AFTER_THE_EVENT))
        .options(selectinload(Session.edition), selectinload(Session.slot))
        .order_by(Edition.starts_at.desc(), Session.slot_id, Session.title)).all()
    ids = [s.id for s in sessions]
    counts = seat_counts(ids)
    attended = dict(db.session.execute(
        select(Booking.session_id, func.count(Booking.id))
        .where(Booking.session_id.in_(ids), Booking.status == BookingStatus.ATTENDED)
        .group_by(Booking.session_id)).all()) if ids else {}
    grouped: dict[int, tuple[Edition, list]] = {}
    for session in sessions:
        figures = {"registered": counts[session.id]["booked"], "attended": attended.get(session.id, 0),
                   "walk_ins": session.walk_in_count}
        grouped.setdefault(session.edition_id, (session.edition, []))[1].append((session, figures))
    feedback = session_feedback(grouped, ids)
    return [Turnout(edition, rows, feedback[edition_id]) for edition_id, (edition, rows) in grouped.items()]


@bp.route("/")
def dashboard():
    organisation_id = current_user.organisation_id
    counting = [] if organisation_id is None else db.session.scalars(
        select(Edition).where(Edition.status.in_(PUBLIC_STATUSES), Edition.id.in_(
            select(Session.edition_id).where(Session.organisation_id == organisation_id)))
        .order_by(Edition.starts_at.desc())).all()
    return render_template(
        "partner/dashboard.html", editions=counting, calls=submissions.open_calls(),
        offers=submissions.organisation_submissions(organisation_id) if organisation_id else [],
        turnout=_turnout(organisation_id) if organisation_id else [], slot_label=slot_label)


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
