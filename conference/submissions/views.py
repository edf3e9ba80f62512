"""The call for offers for partner institutions: the public call page, and their offers under /partner/."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext
from flask_login import current_user

from conference.accounts.access import guard_area
from conference.accounts.forms import EmptyForm
from conference.accounts.models import Role
from conference.database import utcnow
from conference.date_formats import format_datetime
from conference.editions import services as editions
from conference.editions.preview import public_edition
from conference.errors import DomainError
from conference.form_errors import attach_error
from conference.program.manage_views import slot_label
from conference.submissions import services, storage
from conference.submissions.forms import OfferForm
from conference.submissions.models import EDITABLE, Submission, SubmissionStatus

bp = Blueprint("submissions", __name__, url_prefix="/partner")
guard_area(bp, Role.PROVIDER)
public_bp = Blueprint("call", __name__)


@public_bp.route("/editions/<int:edition_id>/call")
def call(edition_id: int):
    edition = public_edition(edition_id)
    return render_template("submissions/call.html", edition=edition, call=services.require_call(edition),
                           now=utcnow())


def _offer_data(form: OfferForm) -> services.OfferData:
    return services.OfferData(
        kind=form.kind.data, title=form.title.data, abstract=form.abstract.data or "",
        target_groups=form.target_groups.data or [], topics=form.topics.data or [],
        expected_audience=form.expected_audience.data, room_size=form.room_size.data,
        equipment=form.equipment.data or [], needs_step_free=form.needs_step_free.data,
        needs_power=form.needs_power.data, slot_ids=form.slot_ids.data or [],
        co_presenters=form.co_presenter_pairs(), notes=form.notes.data or "")


def _fill(form: OfferForm, submission: Submission) -> None:
    form.kind.data = submission.kind.value
    form.slot_ids.data = [s.id for s in submission.slots]
    for row, presenter in zip(form.co_presenters, submission.co_presenters, strict=False):
        row.form.name.data, row.form.email.data = presenter.name, presenter.email


def _edit(edition, submission: Submission | None):
    call = services.require_call(edition)
    if call.has_closed(utcnow()) and request.method == "GET":
        flash(gettext("The call for offers closed on %(date)s. Offers can no longer be submitted or changed.",
                      date=format_datetime(call.closes_at, "short")), "info")
        return redirect(url_for(".show", submission_id=submission.id) if submission else
                        url_for("call.call", edition_id=edition.id))
    form = OfferForm(obj=submission)
    form.keeps_complete = submission is not None and submission.status != SubmissionStatus.DRAFT
    form.set_choices(call, edition.time_slots, slot_label, current_kind=submission.kind if submission else None)
    if submission is not None and not form.is_submitted():
        _fill(form, submission)
    if form.validate_on_submit():
        try:
            stored = storage.save(form.attachment.data) if form.attachment.data else None
        except DomainError as error:
            attach_error(form, error)
        else:
            try:
                saved = services.save_offer(current_user, edition, submission, _offer_data(form),
                                            submit=form.wants_submit)
                if stored is not None:
                    services.attach_file(saved, stored)
                elif form.remove_attachment.data and saved.attachment_key:
                    services.remove_attachment(saved)
            except DomainError as error:
                storage.delete(stored.key if stored else None)  # nothing half-saved
                attach_error(form, error)
                if error.status_code == 409:  # the form stays filled in, so nothing typed is lost
                    return render_template("submissions/form.html", edition=edition, call=call, form=form,
                                           submission=submission), 409
            else:
                flash(gettext("Your offer has been submitted. Thank you!") if form.wants_submit and
                      saved.submitted_at else gettext("Saved."), "success")
                return redirect(url_for(".show", submission_id=saved.id))
    if form.errors and form.attachment.data and not form.attachment.errors:
        form.attachment.errors = [gettext("The file was not saved because of the other problems. Please choose it "
                                          "again.")]
    return render_template("submissions/form.html", edition=edition, call=call, form=form, submission=submission), (
        422 if form.errors else 200)


@bp.route("/editions/<int:edition_id>/offers/new", methods=["GET", "POST"])
def new(edition_id: int):
    return _edit(editions.get_edition(edition_id, with_layout=True), None)


@bp.route("/offers/<int:submission_id>/edit", methods=["GET", "POST"])
def edit(submission_id: int):
    submission = services.own_submission(current_user, submission_id)
    return _edit(editions.get_edition(submission.edition_id, with_layout=True), submission)


@bp.route("/offers/<int:submission_id>")
def show(submission_id: int):
    submission = services.own_submission(current_user, submission_id)
    call = services.get_call(submission.edition)
    now = utcnow()
    editable = call is not None and not call.has_closed(now) and submission.status in EDITABLE
    can_withdraw = submission.can_transition_to(SubmissionStatus.WITHDRAWN) and submission.edition.starts_at > now
    return render_template("submissions/show.html", submission=submission, call=call, editable=editable,
                           can_withdraw=can_withdraw, form=EmptyForm())


@bp.route("/offers/<int:submission_id>/withdraw", methods=["POST"])
def withdraw(submission_id: int):
    submission = services.own_submission(current_user, submission_id)
    if EmptyForm().validate_on_submit():
        services.withdraw(submission, current_user)
        flash(gettext("The offer has been withdrawn."), "success")
    return redirect(url_for(".show", submission_id=submission.id))


def send_attachment(submission: Submission):
    """The attachment as a download, with the type found in its content; never rendered inline."""
    if not submission.attachment_key:
        abort(404)
    path = storage.path_of(submission.attachment_key)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=submission.attachment_type, as_attachment=True,
                         download_name=submission.attachment_name or "anhang", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.route("/offers/<int:submission_id>/attachment")
def attachment(submission_id: int):
    return send_attachment(services.own_submission(current_user, submission_id))
