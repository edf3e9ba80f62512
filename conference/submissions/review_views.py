"""Reviewers' pages: their assignments (never an offer of their own organisation) and the score form."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from conference.accounts.access import STAFF, guard_area, roles_required
from conference.accounts.models import Role
from conference.errors import DomainError
from conference.form_errors import attach_error
from conference.program.manage_views import slot_label
from conference.submissions import reviews, services
from conference.submissions.forms import review_form
from conference.submissions.models import Review
from conference.submissions.views import send_attachment

bp = Blueprint("reviews", __name__, url_prefix="/manage/reviews")
guard_area(bp, *STAFF)


@bp.route("/")
@roles_required(Role.REVIEWER)
def my_reviews():
    assignments = reviews.assignments_of(current_user)
    return render_template("submissions/reviews/index.html", assignments=assignments)


@bp.route("/<int:review_id>", methods=["GET", "POST"])
@roles_required(Role.REVIEWER)
def review(review_id: int):
    item: Review = reviews.review_for(current_user, review_id)
    offer = item.submission
    call = services.require_call(offer.edition)
    form_class = review_form(call.criteria, call.score_max)
    existing = {f"criterion_{s.criterion_id}": s.score for s in item.scores}
    form = form_class(data={**existing, "comment": item.comment})
    status = 200
    if form.validate_on_submit():
        scores = {c.id: form[f"criterion_{c.id}"].data for c in call.criteria}
        try:
            reviews.save_review(item, call, scores, form.comment.data or "")
        except DomainError as error:
            attach_error(form, error)
            status = error.status_code
        else:
            flash(gettext("Your review has been saved."), "success")
            return redirect(url_for(".my_reviews"))
    return render_template("submissions/reviews/form.html", review=item, offer=offer, call=call, form=form,
                           slot_label=slot_label), 422 if form.errors else status


@bp.route("/<int:review_id>/attachment")
@roles_required(Role.REVIEWER)
def review_attachment(review_id: int):
    return send_attachment(reviews.review_for(current_user, review_id).submission)
