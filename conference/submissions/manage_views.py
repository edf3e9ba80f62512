"""Organiser pages for the call for offers: settings, criteria, mail templates, the offers with their
scores, reviewer assignment, decisions (single and bulk), progress and exports."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from conference.accounts.access import STAFF, guard_area, roles_required
from conference.accounts.forms import EmptyForm
from conference.accounts.models import Role, User
from conference.audit import services as audit
from conference.editions import services as editions
from conference.errors import DomainError, NotFoundError
from conference.extensions import db
from conference.form_errors import attach_error, flash_form_errors
from conference.form_filters import is_db_id, select_choices
from conference.forms_base import unless_posted
from conference.program.manage_views import slot_label
from conference.submissions import decisions, exports, reviews, services
from conference.submissions.forms import (
    AssignForm,
    BulkDecisionForm,
    CallForm,
    CriterionForm,
    DecisionForm,
    TemplateForm,
)
from conference.submissions.models import DECISIONS, STATUS_LABELS, Submission, SubmissionStatus
from conference.submissions.views import send_attachment

bp = Blueprint("submissions_manage", __name__, url_prefix="/manage/editions/<int:edition_id>")
guard_area(bp, *STAFF)


def _edition(edition_id):
    return editions.get_edition(edition_id, include_drafts=True, with_layout=True)


def _offer(edition, submission_id) -> Submission:
    submission = db.session.get(Submission, submission_id)
    if submission is None or submission.edition_id != edition.id:
        raise NotFoundError(gettext("This offer does not exist."))
    return submission


@bp.route("/call", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def call_settings(edition_id: int):
    edition = _edition(edition_id)
    call = services.get_call(edition)
    form = CallForm(obj=unless_posted(call))
    if call is not None and not form.is_submitted():
        form.kinds.data = list(call.kinds)
    elif call is None and not form.is_submitted():
        form.kinds.data = ["workshop", "talk", "presentation", "stand", "hands_on"]
    if form.validate_on_submit():
        try:
            services.save_call(edition, opens_at=form.opens_at.data, closes_at=form.closes_at.data,
                               intro=form.intro.data or "", kinds=form.kinds.data, score_max=form.score_max.data,
                               reviews_per_offer=form.reviews_per_offer.data)
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("Saved."), "success")
            return redirect(url_for(".call_settings", edition_id=edition.id))
    return render_template("submissions/manage/call.html", edition=edition, call=call, form=form,
                           criterion_form=CriterionForm(formdata=None), delete_form=EmptyForm(),
                           decisions=DECISIONS, locales=decisions.LOCALES), 422 if form.errors else 200


@bp.route("/call/criteria", methods=["POST"])
@roles_required(Role.ORGANISER)
def add_criterion(edition_id: int):
    edition = _edition(edition_id)
    call = services.require_call(edition)
    form = CriterionForm()
    if form.validate_on_submit():
        services.add_criterion(call, label=form.label.data, description=form.description.data or "",
                               weight=form.weight.data)
        flash(gettext("Criterion added."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for(".call_settings", edition_id=edition.id, _anchor="criteria"))


@bp.route("/call/criteria/<int:criterion_id>/delete", methods=["POST"])
@roles_required(Role.ORGANISER)
def delete_criterion(edition_id: int, criterion_id: int):
    edition = _edition(edition_id)
    if EmptyForm().validate_on_submit():
        services.delete_criterion(services.require_call(edition), criterion_id)
        flash(gettext("Criterion removed."), "success")
    return redirect(url_for(".call_settings", edition_id=edition.id, _anchor="criteria"))


@bp.route("/call/templates/<decision>/<locale>", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def template(edition_id: int, decision: str, locale: str):
    edition = _edition(edition_id)
    call = services.require_call(edition)
    try:
        status = SubmissionStatus(decision)
    except ValueError:
        raise NotFoundError(gettext("There is no such template.")) from None
    if status not in DECISIONS or locale not in decisions.LOCALES:
        raise NotFoundError(gettext("There is no such template."))
    subject, body = decisions.template_for(call, status, locale)
    form = TemplateForm(data={"subject": subject, "body": body})
    if form.validate_on_submit():
        try:
            decisions.save_template(call, status, locale, form.subject.data, form.body.data)
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("Template saved."), "success")
            return redirect(url_for(".call_settings", edition_id=edition.id, _anchor="templates"))
    return render_template("submissions/manage/template.html", edition=edition, form=form, decision=status,
                           locale=locale, placeholders=decisions.PLACEHOLDERS), 422 if form.errors else 200


def _offers(edition, status: str | None, kind: str | None) -> list[Submission]:
    query = (select(Submission).where(Submission.edition_id == edition.id)
             .options(selectinload(Submission.organisation), selectinload(Submission.submitted_by),
                      selectinload(Submission.slots)).order_by(Submission.id))
    if status in SubmissionStatus._value2member_map_:
        query = query.where(Submission.status == status)
    if kind:
        query = query.where(Submission.kind == kind) if kind in {k.value for k in services.OFFER_KINDS} else query
    return list(db.session.scalars(query))


@bp.route("/submissions/")
@roles_required(Role.ORGANISER)
def index(edition_id: int):
    edition = _edition(edition_id)
    call = services.get_call(edition)
    status, kind = request.args.get("status") or None, request.args.get("kind") or None
    offers = _offers(edition, status, kind) if call else []
    scores = reviews.scores_for(call, offers) if call else {}
    order = request.args.get("order")
    if order == "score":
        offers.sort(key=lambda o: (scores[o.id].summary.mean is None, -(scores[o.id].summary.mean or 0), o.id))
    bulk = BulkDecisionForm(formdata=None)
    bulk.submission_ids.choices = select_choices((o.id, o.title) for o in offers)
    counts = {s: 0 for s in SubmissionStatus}
    if call:
        for s, n in db.session.execute(select(Submission.status, func.count(Submission.id))
                                       .where(Submission.edition_id == edition.id).group_by(Submission.status)):
            counts[SubmissionStatus(s)] = n
    return render_template("submissions/manage/index.html", edition=edition, call=call, offers=offers,
                           scores=scores, bulk=bulk, counts=counts, status=status, kind=kind, order=order,
                           statuses=STATUS_LABELS, distribute_form=EmptyForm())


@bp.route("/submissions/decide", methods=["POST"])
@roles_required(Role.ORGANISER)
def decide_bulk(edition_id: int):
    edition = _edition(edition_id)
    call = services.require_call(edition)
    form = BulkDecisionForm()
    form.submission_ids.choices = select_choices(
        (i, "") for i in request.form.getlist("submission_ids", type=int) if is_db_id(i))
    if form.validate_on_submit():
        result = decisions.decide_many(call, form.submission_ids.data, SubmissionStatus(form.decision.data),
                                       notify=form.notify.data)
        flash(gettext("%(n)d offers decided.", n=result.decided), "success")
        if result.skipped:
            flash(gettext("Not changed: %(list)s", list="; ".join(f"{o.title} ({why})" for o, why in result.skipped)),
                  "warning")
        if result.unknown:
            flash(gettext("%(n)d of the selected offers do not exist in this edition.", n=result.unknown), "warning")
        if result.unreachable:
            flash(gettext("%(n)d institutions have no partner account, so no mail was sent to them.",
                          n=result.unreachable), "warning")
    else:
        flash_form_errors(form)
    return redirect(url_for(".index", edition_id=edition.id))


@bp.route("/submissions/distribute", methods=["POST"])
@roles_required(Role.ORGANISER)
def distribute(edition_id: int):
    edition = _edition(edition_id)
    if EmptyForm().validate_on_submit():
        made = reviews.distribute(services.require_call(edition))
        flash(gettext("%(n)d review assignments made.", n=made), "success")
    return redirect(url_for(".progress", edition_id=edition.id))


@bp.route("/submissions/<int:submission_id>")
@roles_required(Role.ORGANISER)
def detail(edition_id: int, submission_id: int):
    edition = _edition(edition_id)
    call = services.require_call(edition)
    offer = _offer(edition, submission_id)
    assign_form = AssignForm(formdata=None)
    assigned = {r.reviewer_id for r in offer.reviews}
    assign_form.reviewer_id.choices = select_choices((u.id, u.name or u.email) for u in reviews.reviewers()
                                                     if u.id not in assigned and not reviews.has_conflict(u, offer))
    from conference.program.models import Session

    session = db.session.scalar(select(Session).where(Session.submission_id == offer.id))
    return render_template("submissions/manage/detail.html", edition=edition, call=call, offer=offer,
                           scores=reviews.offer_scores(offer, call), total=lambda r: reviews.review_total(r, call),
                           assign_form=assign_form, decision_form=DecisionForm(formdata=None), remove_form=EmptyForm(),
                           session=session, slot_label=slot_label)


@bp.route("/submissions/<int:submission_id>/assign", methods=["POST"])
@roles_required(Role.ORGANISER)
def assign(edition_id: int, submission_id: int):
    edition = _edition(edition_id)
    offer = _offer(edition, submission_id)
    form = AssignForm()
    form.reviewer_id.choices = select_choices((u.id, "") for u in reviews.reviewers())
    if form.validate_on_submit():
        reviews.assign(offer, db.session.get(User, form.reviewer_id.data))
        flash(gettext("Reviewer assigned."), "success")
    else:
        flash(gettext("Please choose a reviewer."), "danger")
    return redirect(url_for(".detail", edition_id=edition.id, submission_id=offer.id))


@bp.route("/submissions/<int:submission_id>/reviews/<int:review_id>/remove", methods=["POST"])
@roles_required(Role.ORGANISER)
def unassign(edition_id: int, submission_id: int, review_id: int):
    edition = _edition(edition_id)
    offer = _offer(edition, submission_id)
    if EmptyForm().validate_on_submit():
        reviews.unassign(offer, review_id)
        flash(gettext("Assignment removed."), "success")
    return redirect(url_for(".detail", edition_id=edition.id, submission_id=offer.id))


@bp.route("/submissions/<int:submission_id>/decide", methods=["POST"])
@roles_required(Role.ORGANISER)
def decide(edition_id: int, submission_id: int):
    edition = _edition(edition_id)
    offer = _offer(edition, submission_id)
    form = DecisionForm()
    if form.validate_on_submit():
        session = decisions.decide(offer, services.require_call(edition), SubmissionStatus(form.decision.data),
                                   notify=form.notify.data)
        flash(gettext("Decision recorded: %(status)s.", status=offer.status.label), "success")
        if form.notify.data and not decisions.recipients(offer):
            flash(gettext("This institution has no partner account, so no mail was sent."), "warning")
        if session is not None:
            flash(gettext("A draft offer has been added to the programme for scheduling."), "info")
    else:
        flash_form_errors(form)
    return redirect(url_for(".detail", edition_id=edition.id, submission_id=offer.id))


@bp.route("/submissions/<int:submission_id>/attachment")
@roles_required(Role.ORGANISER)
def attachment(edition_id: int, submission_id: int):
    return send_attachment(_offer(_edition(edition_id), submission_id))


@bp.route("/reviews/progress")
@roles_required(Role.ORGANISER)
def progress(edition_id: int):
    edition = _edition(edition_id)
    call = services.require_call(edition)
    offers = _offers(edition, None, None)
    scores = reviews.scores_for(call, offers)
    in_review = [o for o in offers if o.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_REVIEW,
                                                   SubmissionStatus.WAITLISTED)]
    return render_template("submissions/manage/progress.html", edition=edition, call=call,
                           per_reviewer=reviews.progress(call), offers=in_review, scores=scores,
                           distribute_form=EmptyForm(),
                           complete=sum(1 for o in in_review if scores[o.id].done >= call.reviews_per_offer))


def _export(edition_id: int, file_format: str):
    edition = _edition(edition_id)
    call = services.require_call(edition)
    offers = _offers(edition, None, None)
    table = exports.rows(offers, reviews.scores_for(call, offers), slot_label)
    # The sheet names the contacts who submitted: an export of personal data.
    audit.record("export.submissions", edition=edition, details={"format": file_format, "rows": len(table)})
    return edition, table


@bp.route("/submissions.xlsx")
@roles_required(Role.ORGANISER)
def export_xlsx(edition_id: int):
    edition, table = _export(edition_id, "xlsx")
    return Response(exports.to_xlsx(table, gettext("Offers")), headers={
        "Content-Disposition": f'attachment; filename="angebote-{edition.number}.xlsx"',
        "Cache-Control": "private, no-store"},
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.route("/submissions.csv")
@roles_required(Role.ORGANISER)
def export_csv(edition_id: int):
    edition, table = _export(edition_id, "csv")
    return Response(exports.to_csv(table), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="angebote-{edition.number}.csv"',
        "Cache-Control": "private, no-store"})
