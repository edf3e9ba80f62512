"""Staff pages for the question bank (/manage/questions/) and an edition's surveys
(/manage/editions/<id>/surveys/). Organisers change everything here; analysts may read the bank."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from sqlalchemy import select

from conference.accounts.access import STAFF, guard_area, roles_required
from conference.accounts.forms import EmptyForm
from conference.accounts.models import Role
from conference.editions import services as editions
from conference.editions.models import FORMAT_LABELS, EditionFormat
from conference.errors import DomainError, NotFoundError
from conference.extensions import db
from conference.form_errors import attach_error
from conference.form_filters import is_db_id, select_choices
from conference.surveys import builder
from conference.surveys import questions as bank
from conference.surveys.manage_forms import (
    AddQuestionForm,
    CreateSurveyForm,
    MoveForm,
    NewQuestionForm,
    QuestionContentForm,
    RequiredForm,
    RewordForm,
    SurveySettingsForm,
)
from conference.surveys.models import QUESTION_TYPE_LABELS, Question, QuestionType

bp = Blueprint("surveys_manage", __name__, url_prefix="/manage")
guard_area(bp, *STAFF)

READERS = (Role.ORGANISER, Role.ANALYST)


def _content(form) -> dict:
    return {"type": form.type.data, "text_de": form.text_de.data, "text_en": form.text_en.data or "",
            "help_de": form.help_de.data or "", "help_en": form.help_en.data or "", "options": form.options.data,
            "scale_labels": form.scale_labels.data, "direction": form.direction.data}


def _version(key: str, version: int) -> Question:
    question = db.session.scalar(select(Question).where(Question.key == key, Question.version == version))
    if question is None:
        raise NotFoundError(gettext("This question does not exist."))
    return question


# --- The question bank ---------------------------------------------------------------------------------

@bp.route("/questions/")
@roles_required(*READERS)
def questions():
    type_, format_ = request.args.get("type") or None, request.args.get("format") or None
    type_ = type_ if type_ in QuestionType._value2member_map_ else None
    format_ = format_ if format_ in EditionFormat._value2member_map_ else None
    return render_template("surveys/manage/questions.html", entries=bank.bank(type=type_, format=format_),
                           type=type_, format=format_, types=QUESTION_TYPE_LABELS, formats=FORMAT_LABELS,
                           button=EmptyForm())


@bp.route("/questions/templates", methods=["POST"])
@roles_required(Role.ORGANISER)
def ensure_templates():
    if EmptyForm().validate_on_submit():
        created = bank.ensure_bank()
        flash(gettext("%(n)d template questions added to the bank.", n=len(created)), "success")
    return redirect(url_for(".questions"))


@bp.route("/questions/new", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def new_question():
    form = NewQuestionForm()
    if form.validate_on_submit():
        try:
            question = bank.create_question(key=form.key.data, **_content(form))
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("The question “%(key)s” has been added.", key=question.key), "success")
            return redirect(url_for(".question_versions", key=question.key))
    return render_template("surveys/manage/question_form.html", form=form, mode="new", question=None), \
        422 if form.errors else 200


@bp.route("/questions/<key>/")
@roles_required(*READERS)
def question_versions(key: str):
    found = bank.versions(key)
    return render_template("surveys/manage/question_versions.html", key=key, versions=found,
                           uses=bank.version_uses(found), button=EmptyForm())


@bp.route("/questions/<key>/reword", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def reword_question(key: str):
    latest = bank.versions(key)[0]
    form = RewordForm(obj=latest)
    if form.validate_on_submit():
        try:
            new = bank.reword(latest, comparable=form.comparable.data, **_content(form))
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("Version %(n)d of “%(key)s” has been created.", n=new.version, key=key), "success")
            return redirect(url_for(".question_versions", key=key))
    return render_template("surveys/manage/question_form.html", form=form, mode="reword", question=latest), \
        422 if form.errors else 200


@bp.route("/questions/<key>/<int:version>/edit", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def edit_question(key: str, version: int):
    question = _version(key, version)
    bank.require_editable(question)  # a locked version: 409 with the reason, before anyone fills in the form
    form = QuestionContentForm(obj=question)
    if form.validate_on_submit():
        try:
            bank.update_question(question, **_content(form))
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("Version %(n)d of “%(key)s” has been saved.", n=version, key=key), "success")
            return redirect(url_for(".question_versions", key=key))
    return render_template("surveys/manage/question_form.html", form=form, mode="edit", question=question), \
        422 if form.errors else 200


@bp.route("/questions/<key>/<int:version>/retire", methods=["POST"])
@roles_required(Role.ORGANISER)
def retire_question(key: str, version: int):
    question = _version(key, version)
    if EmptyForm().validate_on_submit():
        bank.retire(question)
        flash(gettext("Version %(n)d of “%(key)s” is retired: new surveys no longer offer it.", n=version, key=key),
              "success")
    return redirect(url_for(".question_versions", key=key))


@bp.route("/questions/<key>/<int:version>/reinstate", methods=["POST"])
@roles_required(Role.ORGANISER)
def reinstate_question(key: str, version: int):
    question = _version(key, version)
    if EmptyForm().validate_on_submit():
        bank.reinstate(question)
        flash(gettext("Version %(n)d of “%(key)s” is offered for surveys again.", n=version, key=key), "success")
    return redirect(url_for(".question_versions", key=key))


# --- An edition's surveys ------------------------------------------------------------------------------

def _edition(edition_id: int):
    return editions.get_edition(edition_id, include_drafts=True)


def _survey(edition_id: int, survey_id: int):
    edition = _edition(edition_id)
    return edition, builder.get_survey(edition, survey_id)


@bp.route("/editions/<int:edition_id>/surveys/")
@roles_required(Role.ORGANISER)
def edition_surveys(edition_id: int):
    edition = _edition(edition_id)
    return render_template("surveys/manage/edition_surveys.html", edition=edition,
                           rows=builder.edition_overview(edition), button=EmptyForm())


@bp.route("/editions/<int:edition_id>/surveys/create", methods=["POST"])
@roles_required(Role.ORGANISER)
def create_survey(edition_id: int):
    edition = _edition(edition_id)
    form = CreateSurveyForm()
    if not form.validate_on_submit():
        flash(gettext("Please choose an audience and where the survey starts from."), "danger")
        return redirect(url_for(".edition_surveys", edition_id=edition.id))
    survey = builder.create_survey(edition, form.audience.data, from_previous=form.source.data == "previous")
    if survey.copied_from is not None:
        flash(gettext("The survey has been copied from edition %(n)d.", n=survey.copied_from.edition.number),
              "success")
    else:
        flash(gettext("The survey has been created from the template."), "success")
    return redirect(url_for(".survey", edition_id=edition.id, survey_id=survey.id))


def _editor(edition, survey, settings=None, add_form=None, status=200):
    if settings is None:
        settings = SurveySettingsForm(formdata=None, obj=survey)
    asked = {item.question.key for item in survey.questions}
    usable = bank.latest_usable()
    if add_form is None:
        add_form = AddQuestionForm(formdata=None)
    add_form.question_id.choices = select_choices(
        (q.id, f"{q.key} (v{q.version}) – {q.text_de[:80]}") for key, q in usable.items() if key not in asked)
    return render_template("surveys/manage/survey.html", edition=edition, survey=survey, settings=settings,
                           add_form=add_form, usable=usable, responses=builder.response_count(survey),
                           button=EmptyForm()), status


@bp.route("/editions/<int:edition_id>/surveys/<int:survey_id>/", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def survey(edition_id: int, survey_id: int):
    edition, found = _survey(edition_id, survey_id)
    if request.method == "GET":
        return _editor(edition, found)
    form = SurveySettingsForm()
    if form.validate_on_submit():
        try:
            builder.update_survey(found, title=form.title.data, intro=form.intro.data or "",
                                  title_en=form.title_en.data or "", intro_en=form.intro_en.data or "",
                                  opens_at=form.opens_at.data, closes_at=form.closes_at.data,
                                  is_open_link=form.is_open_link.data)
        except DomainError as error:
            attach_error(form, error)
        else:
            flash(gettext("The survey settings have been saved."), "success")
            return redirect(url_for(".survey", edition_id=edition.id, survey_id=found.id))
    return _editor(edition, found, settings=form, status=422)


@bp.route("/editions/<int:edition_id>/surveys/<int:survey_id>/delete", methods=["POST"])
@roles_required(Role.ORGANISER)
def delete_survey(edition_id: int, survey_id: int):
    edition, found = _survey(edition_id, survey_id)
    if EmptyForm().validate_on_submit():
        builder.delete_survey(found)
        flash(gettext("The survey has been deleted."), "success")
    return redirect(url_for(".edition_surveys", edition_id=edition.id))


def _back(edition, survey, item=None):
    anchor = f"item-{item.id}" if item is not None and item in survey.questions else "questions"
    return redirect(url_for(".survey", edition_id=edition.id, survey_id=survey.id, _anchor=anchor))


@bp.route("/editions/<int:edition_id>/surveys/<int:survey_id>/questions", methods=["POST"])
@roles_required(Role.ORGANISER)
def add_question(edition_id: int, survey_id: int):
    edition, found = _survey(edition_id, survey_id)
    form = AddQuestionForm()
    chosen = form.question_id.data  # any id of a database integer may be posted: the service checks it
    form.question_id.choices = select_choices([(chosen, "")] if is_db_id(chosen) else [])
    if not form.validate_on_submit():
        flash(gettext("Please choose a question."), "danger")
        return _back(edition, found)
    question = db.session.get(Question, form.question_id.data)
    if question is None:
        raise NotFoundError(gettext("This question does not exist."))
    builder.add_question(found, question, required=form.is_required.data)
    flash(gettext("The question “%(key)s” has been added.", key=question.key), "success")
    return _back(edition, found)


@bp.route("/editions/<int:edition_id>/surveys/<int:survey_id>/questions/<int:item_id>/remove", methods=["POST"])
@roles_required(Role.ORGANISER)
def remove_question(edition_id: int, survey_id: int, item_id: int):
    edition, found = _survey(edition_id, survey_id)
    item = builder.get_item(found, item_id)
    if EmptyForm().validate_on_submit():
        builder.remove_question(found, item)
        flash(gettext("The question “%(key)s” has been removed from the survey.", key=item.question.key), "success")
    return _back(edition, found)


@bp.route("/editions/<int:edition_id>/surveys/<int:survey_id>/questions/<int:item_id>/move", methods=["POST"])
@roles_required(Role.ORGANISER)
def move_question(edition_id: int, survey_id: int, item_id: int):
    edition, found = _survey(edition_id, survey_id)
    item = builder.get_item(found, item_id)
    form = MoveForm()
    if form.validate_on_submit():
        builder.move_question(found, item, -1 if form.direction.data == "up" else 1)
    else:
        flash(gettext("Please choose up or down."), "danger")
    return _back(edition, found, item)


@bp.route("/editions/<int:edition_id>/surveys/<int:survey_id>/questions/<int:item_id>/required", methods=["POST"])
@roles_required(Role.ORGANISER)
def set_required(edition_id: int, survey_id: int, item_id: int):
    edition, found = _survey(edition_id, survey_id)
    item = builder.get_item(found, item_id)
    form = RequiredForm()
    if form.validate_on_submit():
        builder.set_required(found, item, form.required.data == "1")
    else:
        flash(gettext("Please choose whether an answer is required."), "danger")
    return _back(edition, found, item)


@bp.route("/editions/<int:edition_id>/surveys/<int:survey_id>/questions/<int:item_id>/latest", methods=["POST"])
@roles_required(Role.ORGANISER)
def swap_to_latest(edition_id: int, survey_id: int, item_id: int):
    edition, found = _survey(edition_id, survey_id)
    item = builder.get_item(found, item_id)
    if EmptyForm().validate_on_submit():
        builder.swap_to_latest(found, item)
        flash(gettext("“%(key)s” is now asked in version %(n)d.", key=item.question.key, n=item.question.version),
              "success")
    return _back(edition, found, item)
