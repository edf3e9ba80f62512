"""Staff pages for a council edition's agenda, documents, minutes, recommendations and decisions,
and the follow-up of adopted recommendations (routes of ``follow_up_bp`` in follow_up_views.py)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext

from conference.accounts.access import STAFF, guard_area, roles_required
from conference.accounts.forms import EmptyForm
from conference.accounts.models import Role
from conference.council import agenda, documents, follow_up, recommendations
from conference.council.agenda_forms import (
    AgendaItemForm,
    CarryForm,
    DecisionForm,
    DocumentForm,
    FollowUpForm,
    MoveForm,
    RecommendationForm,
)
from conference.council.core import council_edition, is_held, meeting_day
from conference.council.models import Decision
from conference.date_formats import format_date
from conference.errors import DomainError
from conference.form_errors import attach_error, flash_form_errors
from conference.form_filters import select_choices

bp = Blueprint("council_agenda", __name__, url_prefix="/manage/editions/<int:edition_id>/council/agenda")
guard_area(bp, *STAFF)

follow_up_bp = Blueprint("council_follow_up", __name__, url_prefix="/manage/council/follow-up")
guard_area(follow_up_bp, *STAFF)


def edition_choice(edition) -> str:
    return f"{edition.title} ({format_date(edition.starts_at, 'medium')})"


def report_form(edition=None, *, submitted: bool = False) -> FollowUpForm:
    """The status report form (with the request's data when ``submitted``). Shown on an agenda
    (``edition``), it says the report is given at that meeting and leads back there."""
    form = FollowUpForm() if submitted else FollowUpForm(formdata=None)
    form.set_editions((e.id, edition_choice(e)) for e in follow_up.council_editions())
    if edition is not None and not submitted:
        form.edition_id.data = edition.id
        form.from_agenda.data = str(edition.id)
    return form


def _index(edition, **anchor):
    return redirect(url_for(".index", edition_id=edition.id, **anchor))


@bp.route("/")
@roles_required(Role.ORGANISER)
def index(edition_id: int):
    edition = council_edition(edition_id)
    items = agenda.agenda_items(edition)
    return render_template("council/agenda/index.html", edition=edition, items=items, button=EmptyForm(),
                           held=is_held(edition))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def new_item(edition_id: int):
    edition = council_edition(edition_id)
    form = AgendaItemForm()
    if not form.is_submitted():
        form.number.data = agenda.suggested_number(edition)
    if form.validate_on_submit():
        try:
            item = agenda.add_item(edition, number=form.number.data or "", title=form.title.data,
                                   description=form.description.data or "", is_public=form.is_public.data,
                                   minutes=form.minutes.data or "")
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("The agenda item has been added."), "success")
            return redirect(url_for(".item", edition_id=edition.id, item_id=item.id))
    return render_template("council/agenda/item_form.html", edition=edition, form=form, item=None), \
        422 if form.errors else 200


def _item_page(edition, agenda_item, *, document_form=None, recommendation_form=None, status=200):
    if document_form is None:
        document_form = DocumentForm(formdata=None, prefix="document")
    if recommendation_form is None:
        recommendation_form = RecommendationForm(formdata=None, prefix="recommendation")
    return render_template(
        "council/agenda/item.html", edition=edition, item=agenda_item, document_form=document_form,
        recommendation_form=recommendation_form,
        report_form=report_form(edition) if agenda_item.follow_up_of else None, button=EmptyForm(),
        age_label=follow_up.age_label), status


@bp.route("/items/<int:item_id>")
@roles_required(Role.ORGANISER)
def item(edition_id: int, item_id: int):
    edition = council_edition(edition_id)
    return _item_page(edition, agenda.get_item(edition, item_id))


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def edit_item(edition_id: int, item_id: int):
    edition = council_edition(edition_id)
    agenda_item = agenda.get_item(edition, item_id)
    form = AgendaItemForm(obj=agenda_item)
    if form.validate_on_submit():
        try:
            agenda.update_item(agenda_item, number=form.number.data or "", title=form.title.data,
                               description=form.description.data or "", is_public=form.is_public.data,
                               minutes=form.minutes.data or "")
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("The agenda item has been saved."), "success")
            return redirect(url_for(".item", edition_id=edition.id, item_id=agenda_item.id))
    return render_template("council/agenda/item_form.html", edition=edition, form=form, item=agenda_item), \
        422 if form.errors else 200


@bp.route("/items/<int:item_id>/delete", methods=["POST"])
@roles_required(Role.ORGANISER)
def delete_item(edition_id: int, item_id: int):
    edition = council_edition(edition_id)
    agenda_item = agenda.get_item(edition, item_id)
    if EmptyForm().validate_on_submit():
        agenda.delete_item(agenda_item)  # one with recommendations: 409 with the reason
        flash(gettext("The agenda item has been deleted."), "success")
    return _index(edition)


@bp.route("/items/<int:item_id>/move", methods=["POST"])
@roles_required(Role.ORGANISER)
def move_item(edition_id: int, item_id: int):
    edition = council_edition(edition_id)
    agenda_item = agenda.get_item(edition, item_id)
    form = MoveForm()
    if form.validate_on_submit():
        agenda.move_item(agenda_item, -1 if form.direction.data == "up" else 1)
    else:
        flash(gettext("Please choose up or down."), "danger")
    return _index(edition, _anchor=f"item-{agenda_item.id}")


@bp.route("/follow-up-items", methods=["POST"])
@roles_required(Role.ORGANISER)
def update_follow_up_items(edition_id: int):
    edition = council_edition(edition_id)
    if EmptyForm().validate_on_submit():
        if is_held(edition):
            flash(gettext("This meeting has been held: its agenda stays as it was."), "warning")
        else:
            result = follow_up.update_follow_up_items(edition)
            flash(gettext("Follow-up items updated: %(added)d added, %(removed)d removed.", added=result.added,
                          removed=result.removed), "success")
    return _index(edition)


# Documents ------------------------------------------------------------------------------------------

@bp.route("/items/<int:item_id>/documents", methods=["POST"])
@roles_required(Role.ORGANISER)
def upload(edition_id: int, item_id: int):
    edition = council_edition(edition_id)
    agenda_item = agenda.get_item(edition, item_id)
    form = DocumentForm(prefix="document")
    if form.validate_on_submit():
        try:
            documents.add_document(agenda_item, form.file.data, title=form.title.data, is_public=form.is_public.data)
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("The document has been uploaded."), "success")
            return redirect(url_for(".item", edition_id=edition.id, item_id=agenda_item.id, _anchor="documents"))
    return _item_page(edition, agenda_item, document_form=form, status=422)


@bp.route("/documents/<int:document_id>")
@roles_required(Role.ORGANISER)
def download(edition_id: int, document_id: int):
    return send_document(documents.get_document(council_edition(edition_id), document_id))


def send_document(document, *, private: bool = True):
    """The PDF as a download (never rendered inline, sandboxed if it is opened anyway)."""
    path = documents.document_path(document)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=document.content_type, as_attachment=True,
                         download_name=document.file_name or "dokument.pdf", max_age=0)
    response.headers["Cache-Control"] = "private, no-store" if private else "public, max-age=300"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.route("/documents/<int:document_id>/delete", methods=["POST"])
@roles_required(Role.ORGANISER)
def delete_document(edition_id: int, document_id: int):
    edition = council_edition(edition_id)
    document = documents.get_document(edition, document_id)
    item_id = document.agenda_item_id
    if EmptyForm().validate_on_submit():
        documents.delete_document(document)
        flash(gettext("The document has been deleted."), "success")
    return redirect(url_for(".item", edition_id=edition.id, item_id=item_id, _anchor="documents"))


# Recommendations and decisions ----------------------------------------------------------------------

@bp.route("/items/<int:item_id>/recommendations", methods=["POST"])
@roles_required(Role.ORGANISER)
def draft(edition_id: int, item_id: int):
    edition = council_edition(edition_id)
    agenda_item = agenda.get_item(edition, item_id)
    form = RecommendationForm(prefix="recommendation")
    if form.validate_on_submit():
        recommendation = recommendations.draft(agenda_item, title=form.title.data, text=form.text.data or "",
                                               addressees=form.addressees.data)
        flash(gettext("Recommendation %(reference)s has been drafted.", reference=recommendation.reference),
              "success")
        return redirect(url_for(".recommendation", edition_id=edition.id, recommendation_id=recommendation.id))
    return _item_page(edition, agenda_item, recommendation_form=form, status=422)


def _recommendation_page(edition, recommendation, form=None, decision_form=None, carry_form=None, status=200):
    if decision_form is None:
        decision_form = DecisionForm(formdata=None, decision=recommendation.decision.value,
                                     decided_on=recommendation.decided_on)
    targets = recommendations.carry_targets(recommendation) if recommendation.decision == Decision.DEFERRED else []
    if carry_form is None:
        carry_form = CarryForm(formdata=None)
    carry_form.target.choices = select_choices((e.id, edition_choice(e)) for e in targets)
    return render_template("council/agenda/recommendation.html", edition=edition, recommendation=recommendation,
                           form=form if form is not None else RecommendationForm(formdata=None, obj=recommendation),
                           decision_form=decision_form, carry_form=carry_form, button=EmptyForm(),
                           meeting_day=meeting_day(edition),
                           age_label=follow_up.age_label), status


@bp.route("/recommendations/<int:recommendation_id>", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def recommendation(edition_id: int, recommendation_id: int):
    edition = council_edition(edition_id)
    rec = recommendations.get_recommendation(recommendation_id, edition)
    form = RecommendationForm(obj=rec)
    if form.validate_on_submit():
        recommendations.update(rec, title=form.title.data, text=form.text.data or "",
                               addressees=form.addressees.data)
        flash(gettext("The recommendation has been saved."), "success")
        return redirect(url_for(".recommendation", edition_id=edition.id, recommendation_id=rec.id))
    return _recommendation_page(edition, rec, form=form, status=422 if form.errors else 200)


@bp.route("/recommendations/<int:recommendation_id>/decision", methods=["POST"])
@roles_required(Role.ORGANISER)
def decide(edition_id: int, recommendation_id: int):
    edition = council_edition(edition_id)
    rec = recommendations.get_recommendation(recommendation_id, edition)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            recommendations.decide(rec, form.decision.data, form.decided_on.data)
        except DomainError as error:
            attach_error(form, error)
            return _recommendation_page(edition, rec, decision_form=form, status=error.status_code)
        flash(gettext("Decision recorded: %(decision)s.", decision=rec.decision.label), "success")
        return redirect(url_for(".recommendation", edition_id=edition.id, recommendation_id=rec.id))
    return _recommendation_page(edition, rec, decision_form=form, status=422)


@bp.route("/recommendations/<int:recommendation_id>/delete", methods=["POST"])
@roles_required(Role.ORGANISER)
def delete_recommendation(edition_id: int, recommendation_id: int):
    edition = council_edition(edition_id)
    rec = recommendations.get_recommendation(recommendation_id, edition)
    item_id = rec.agenda_item_id
    if EmptyForm().validate_on_submit():
        recommendations.delete(rec)  # only drafts: 409 otherwise
        flash(gettext("The draft recommendation has been deleted."), "success")
    return redirect(url_for(".item", edition_id=edition.id, item_id=item_id, _anchor="recommendations"))


@bp.route("/recommendations/<int:recommendation_id>/carry", methods=["POST"])
@roles_required(Role.ORGANISER)
def carry(edition_id: int, recommendation_id: int):
    edition = council_edition(edition_id)
    rec = recommendations.get_recommendation(recommendation_id, edition)
    form = CarryForm()
    form.target.choices = select_choices((e.id, e.title) for e in recommendations.carry_targets(rec))
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for(".recommendation", edition_id=edition.id, recommendation_id=rec.id))
    target = council_edition(form.target.data)
    new = recommendations.carry_deferred(rec, target)
    flash(gettext("The recommendation is now on the agenda of %(title)s as %(reference)s.", title=target.title,
                  reference=new.reference), "success")
    return redirect(url_for(".recommendation", edition_id=target.id, recommendation_id=new.id))


from conference.council import follow_up_views  # noqa: E402,F401  (registers the routes of follow_up_bp)
