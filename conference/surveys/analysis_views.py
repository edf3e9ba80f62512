"""The results of an edition's surveys for analysts and organisers: aggregates with charts and data
tables, the session ranking, free-text answers (which they may hide), a filter by respondent group,
and the exports. Aggregates only: no invitation list, no e-mail address, no name ever appears here."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from conference.accounts.access import STAFF, guard_area, roles_required
from conference.accounts.forms import EmptyForm
from conference.accounts.models import Role
from conference.editions import services as editions
from conference.errors import NotFoundError
from conference.extensions import db
from conference.private_responses import private
from conference.surveys import analysis_display as display
from conference.surveys import exports, free_texts
from conference.surveys.aggregates import MIN_GROUP_SIZE
from conference.surveys.models import Survey

bp = Blueprint("surveys_analysis", __name__, url_prefix="/manage/editions/<int:edition_id>/results")
guard_area(bp, *STAFF)
ANALYSIS = (Role.ANALYST, Role.ORGANISER)
TEXT_PAGE = "page_"  # + a free-text question's id: the page of its written answers shown


@bp.context_processor
def _formatters():
    return {"number": display.number, "share": display.share, "interval": display.interval,
            "min_group_size": MIN_GROUP_SIZE, "text_page": TEXT_PAGE}


def _edition(edition_id: int):
    return editions.get_edition(edition_id, include_drafts=True)


def _survey(edition, survey_id: int) -> Survey:
    survey = db.session.get(Survey, survey_id)
    if survey is None or survey.edition_id != edition.id:
        raise NotFoundError(gettext("This survey does not exist."))
    return survey


@bp.route("/")
@roles_required(*ANALYSIS)
def overview(edition_id: int):
    edition = _edition(edition_id)
    views = [display.survey_view(survey) for survey in display.edition_surveys(edition)]
    return render_template("surveys/analysis/overview.html", edition=edition, views=views, form=EmptyForm())


def _page_number(value: str) -> int | None:
    """A page number as a link gives it (1, 2, …), or None."""
    return int(value) if value.isdecimal() and len(value) <= 6 and int(value) >= 1 else None


def _text_pages(args) -> dict[int, int]:
    """The page of each free-text question's answers asked for, ``page_<question id>=<page>``; 404 when one
    is not a page number (a page past the last shows the last)."""
    pages = {}
    for name, value in args.items():
        if not name.startswith(TEXT_PAGE):
            continue
        question_id, number = name.removeprefix(TEXT_PAGE), _page_number(value)
        if not (question_id.isdecimal() and len(question_id) <= 12) or number is None:
            raise NotFoundError(gettext("This page of the written answers does not exist."))
        pages[int(question_id)] = number
    return pages


@bp.route("/surveys/<int:survey_id>/")
@roles_required(*ANALYSIS)
def survey(edition_id: int, survey_id: int):
    edition = _edition(edition_id)
    survey = _survey(edition, survey_id)
    group = request.args.get("group") or None
    view = display.survey_view(survey, group=group, text_pages=_text_pages(request.args))  # 404 for an unknown group
    return render_template("surveys/analysis/survey.html", edition=edition, view=view, form=EmptyForm())


def _set_hidden(edition_id: int, survey_id: int, answer_id: int, hidden: bool):
    edition = _edition(edition_id)
    survey = _survey(edition, survey_id)
    pages = {}
    if EmptyForm().validate_on_submit():
        answer = free_texts.set_hidden(survey, answer_id, hidden)
        flash(gettext("The answer is hidden.") if hidden else gettext("The answer is shown again."), "success")
        # Back to the pages of written answers the page showed: the button's question's (``page``) and the
        # others' (``page_<id>``). A forged value is left out, never an error: the answer is hidden either way.
        given = {name: request.form.get(name, "") for name in request.form if name.startswith(TEXT_PAGE)}
        given[f"{TEXT_PAGE}{answer.question_id}"] = request.form.get("page", "")
        for name, value in given.items():
            number = _page_number(value)
            question_id = name.removeprefix(TEXT_PAGE)
            if number is not None and number > 1 and question_id.isdecimal() and len(question_id) <= 12:
                pages[name] = number
    else:
        flash(gettext("The form has expired. Please submit it again."), "danger")
    group = request.form.get("group") or None
    return redirect(url_for(".survey", edition_id=edition.id, survey_id=survey.id, group=group,
                            _anchor=f"answer-{answer_id}", **pages))


@bp.route("/surveys/<int:survey_id>/answers/<int:answer_id>/hide", methods=["POST"])
@roles_required(*ANALYSIS)
def hide_answer(edition_id: int, survey_id: int, answer_id: int):
    return _set_hidden(edition_id, survey_id, answer_id, True)


@bp.route("/surveys/<int:survey_id>/answers/<int:answer_id>/show", methods=["POST"])
@roles_required(*ANALYSIS)
def show_answer(edition_id: int, survey_id: int, answer_id: int):
    return _set_hidden(edition_id, survey_id, answer_id, False)


@bp.route("/surveys/<int:survey_id>/responses.csv")
@roles_required(*ANALYSIS)
def responses_csv(edition_id: int, survey_id: int):
    edition = _edition(edition_id)
    survey = _survey(edition, survey_id)
    header, rows = exports.response_table(survey)
    return private(Response(exports.to_csv(header, rows), mimetype="text/csv"),
                   filename=f"{exports.file_stem(edition, survey)}.csv")


@bp.route("/surveys/<int:survey_id>/responses.xlsx")
@roles_required(*ANALYSIS)
def responses_xlsx(edition_id: int, survey_id: int):
    edition = _edition(edition_id)
    survey = _survey(edition, survey_id)
    header, rows = exports.response_table(survey)
    data = exports.to_xlsx(header, rows, exports.column_legend(survey))
    return private(Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                   filename=f"{exports.file_stem(edition, survey)}.xlsx")


@bp.route("/report.pdf")
@roles_required(*ANALYSIS)
def report_pdf(edition_id: int):
    from conference.surveys.report_pdf import results_report

    edition = _edition(edition_id)
    views = [display.survey_view(survey, with_texts=False) for survey in display.edition_surveys(edition)]
    return private(Response(results_report(edition, views), mimetype="application/pdf"),
                   filename=f"ergebnisse-{edition.number}.pdf")
