"""Staff pages for the follow-up of adopted recommendations: the overview with its traffic lights, one
recommendation's status reports, adding and removing reports."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from conference.accounts.access import roles_required
from conference.accounts.forms import EmptyForm
from conference.accounts.models import Role
from conference.council import follow_up, recommendations
from conference.council.agenda_views import edition_choice, follow_up_bp, report_form
from conference.council.core import council_edition
from conference.council.models import FOLLOW_UP_LABELS, AgendaItem, FollowUpStatus
from conference.errors import ConflictError, DomainError
from conference.extensions import db
from conference.form_errors import attach_error


def _arg_int(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdecimal() and len(value) < 10 else None


@follow_up_bp.route("/")
@roles_required(Role.ORGANISER)
def overview():
    status_arg = request.args.get("status", "")
    status = FollowUpStatus(status_arg) if status_arg in FollowUpStatus._value2member_map_ else None
    edition_id = _arg_int("edition")
    rows = follow_up.overview(status=status, edition_id=edition_id)
    counts = {s: 0 for s in FollowUpStatus}
    for row in follow_up.overview(edition_id=edition_id) if status else rows:
        counts[row.status] += 1
    return render_template("council/follow_up/overview.html", rows=rows, status=status, edition_id=edition_id,
                           statuses=FOLLOW_UP_LABELS, counts=counts, editions=follow_up.council_editions(),
                           age_label=follow_up.age_label,
                           today=follow_up.today(), edition_choice=edition_choice)


def _page(rec, form, status=200):
    return render_template("council/follow_up/recommendation.html", recommendation=rec, form=form,
                           button=EmptyForm(), age_label=follow_up.age_label), status


@follow_up_bp.route("/recommendations/<int:recommendation_id>")
@roles_required(Role.ORGANISER)
def recommendation(recommendation_id: int):
    return _page(recommendations.get_recommendation(recommendation_id), report_form())


@follow_up_bp.route("/recommendations/<int:recommendation_id>/reports", methods=["POST"])
@roles_required(Role.ORGANISER)
def add_report(recommendation_id: int):
    rec = recommendations.get_recommendation(recommendation_id)
    if not rec.is_adopted:
        raise ConflictError(gettext("Only adopted recommendations get status reports."))
    form = report_form(submitted=True)
    if form.validate_on_submit():
        try:
            edition = council_edition(form.edition_id.data) if form.edition_id.data else None
            follow_up.add_report(rec, status=form.status.data, text=form.text.data or "",
                                 reported_on=form.reported_on.data, edition=edition, user=current_user)
        except DomainError as error:
            attach_error(form, error)
            return _page(rec, form, error.status_code)
        flash(gettext("The status report has been added. The status is now “%(status)s”.",
                      status=rec.status.label), "success")
        back = form.from_agenda.data or ""
        if back.isdecimal() and len(back) < 10:
            item = db.session.scalar(select(AgendaItem).where(AgendaItem.edition_id == int(back),
                                                              AgendaItem.follow_up_of_id == rec.id))
            if item is not None:
                return redirect(url_for("council_agenda.item", edition_id=item.edition_id, item_id=item.id))
        return redirect(url_for(".recommendation", recommendation_id=rec.id))
    return _page(rec, form, 422)


@follow_up_bp.route("/reports/<int:report_id>/delete", methods=["POST"])
@roles_required(Role.ORGANISER)
def delete_report(report_id: int):
    report = follow_up.get_report(report_id)
    recommendation_id = report.recommendation_id
    if EmptyForm().validate_on_submit():
        follow_up.delete_report(report)
        flash(gettext("The status report has been deleted."), "success")
    return redirect(url_for(".recommendation", recommendation_id=recommendation_id))
