"""The meeting day: check-in list per seat and the printable signature list (PDF)."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from conference.accounts.access import STAFF, guard_area, roles_required
from conference.accounts.models import Role
from conference.audit import services as audit
from conference.council import attendance as service
from conference.council.checkin_forms import SEARCH_MAX, CheckInForm, UndoForm
from conference.council.core import council_edition
from conference.council.models import AttendanceRole, RsvpStatus
from conference.council.signature_pdf import signature_list_pdf
from conference.database import utcnow
from conference.editions.models import EditionStatus
from conference.errors import DomainError
from conference.forms_base import drop_control_characters

bp = Blueprint("council_checkin", __name__, url_prefix="/manage/editions/<int:edition_id>/council/checkin")
guard_area(bp, *STAFF)


def _back(edition_id: int, seat_id: int, query: str | None):
    return redirect(url_for(".index", edition_id=edition_id, q=query or None, _anchor=f"seat-{seat_id}"))


def _refuse(form) -> None:
    """A form that does not validate (a tampered role, an overlong name) is refused like a domain error."""
    raise DomainError(" ".join(str(m) for messages in form.errors.values() for m in messages)
                      or gettext("The form has expired. Please submit it again."))


@bp.route("/")
@roles_required(Role.ORGANISER)
def index(edition_id: int):
    edition = council_edition(edition_id)
    query = drop_control_characters(request.args.get("q", "")).strip()[:SEARCH_MAX]
    rows = service.checkin_rows(edition)
    summary = service.attendance_summary(edition, rows)
    shown = service.search(rows, query)
    groups: dict = {}
    for row in shown:
        groups.setdefault(row.seat.group, []).append(row)
    return render_template("council/checkin/index.html", edition=edition, groups=groups, query=query,
                           summary=summary, shown=len(shown), total=len(rows), form=CheckInForm(formdata=None),
                           undo_form=UndoForm(formdata=None), roles=AttendanceRole, RsvpStatus=RsvpStatus,
                           is_draft=edition.status == EditionStatus.DRAFT, attendee_name=service.attendee_name)


@bp.route("/seats/<int:seat_id>", methods=["POST"])
@roles_required(Role.ORGANISER)
def check_in(edition_id: int, seat_id: int):
    edition = council_edition(edition_id)
    form = CheckInForm()
    if not form.validate_on_submit():
        _refuse(form)
    attendance = service.check_in(edition, seat_id, form.role.data, substitute_name=form.substitute_name.data or "",
                                  by_user_id=current_user.id, now=utcnow())
    flash(gettext("%(name)s is checked in for “%(seat)s” (%(role)s).", name=service.attendee_name(attendance),
                  role=attendance.role.label, seat=attendance.seat.label), "success")
    return _back(edition.id, seat_id, form.q.data)


@bp.route("/attendances/<int:attendance_id>/undo", methods=["POST"])
@roles_required(Role.ORGANISER)
def undo(edition_id: int, attendance_id: int):
    edition = council_edition(edition_id)
    form = UndoForm()
    if not form.validate_on_submit():
        _refuse(form)
    attendance = service.undo_check_in(edition, attendance_id)
    flash(gettext("The check-in of %(name)s (%(role)s) for “%(seat)s” was undone.",
                  name=service.attendee_name(attendance), role=attendance.role.label,
                  seat=attendance.seat.label), "success")
    return _back(edition.id, attendance.seat_id, form.q.data)


@bp.route("/signature-list.pdf")
@roles_required(Role.ORGANISER)
def signature_list(edition_id: int):
    edition = council_edition(edition_id)
    rows = service.checkin_rows(edition)
    pdf = signature_list_pdf(edition, rows)
    audit.record("export.signature_list", edition=edition, details={"format": "pdf", "seats": len(rows)})
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="unterschriftenliste-{edition.number}.pdf"'
    # Names of members and deputies: not for shared caches or the browser's history.
    response.headers["Cache-Control"] = "private, no-store"
    return response
