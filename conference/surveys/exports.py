"""A survey's anonymous raw responses as CSV and XLSX: one row per response, one column per question key.

Columns: ``submitted_on`` and ``respondent_group``, then per question in survey order
- scale types, single choice, yes/no/maybe: ``<key>`` with the number or the choice code;
- multiple choice: ``<key>:<code>`` per option with 1 (chosen) or 0 (not chosen);
- free text: ``<key>`` with the text, empty when an analyst has hidden it.
A question the respondent skipped leaves its cells empty (for multiple choice: all of its cells). Nothing
else is exported: responses carry nothing about a person, and no response id is written either.

Two things are left out so that a row cannot be matched to a person:
- **ratings per session**: the set of sessions one response rated is that person's bookings (for personal
  links); session ratings exist only as aggregates (the ranking on the results page and in the PDF report);
- **small respondent groups**: a group with fewer than 5 responses in the survey is written as empty, as
  the results page suppresses it.

The conventions are those of the offers export (:mod:`conference.submissions.exports`): CSV in UTF-8
with a byte order mark and semicolons, as spreadsheet programs expect in Germany; text that a
spreadsheet would run as a formula (=, +, -, @) is defused.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from flask_babel import gettext
from openpyxl import Workbook
from sqlalchemy import select

from conference import spreadsheets
from conference.extensions import db
from conference.surveys.aggregates import CHOICE_TYPES, MIN_GROUP_SIZE, inline, labels_of, survey_questions
from conference.surveys.models import QuestionType, Survey, SurveyAnswer, SurveyResponse

FIXED_COLUMNS = ["submitted_on", "respondent_group"]


def file_stem(edition, survey: Survey) -> str:
    return f"umfrage-{edition.number}-{survey.audience.value}"


def _answers(survey: Survey) -> dict[int, list[tuple]]:
    """``{response id: [(question id, session id, value, choice, text, hidden), …]}`` in one query."""
    by_response: dict[int, list[tuple]] = defaultdict(list)
    for response_id, *rest in db.session.execute(
            select(SurveyAnswer.response_id, SurveyAnswer.question_id, SurveyAnswer.session_id,
                   SurveyAnswer.value, SurveyAnswer.choice, SurveyAnswer.text, SurveyAnswer.is_hidden)
            .where(SurveyAnswer.survey_id == inline(survey.id)).order_by(SurveyAnswer.id)):
        by_response[response_id].append(tuple(rest))
    return by_response


def response_table(survey: Survey) -> tuple[list[str], list[list]]:
    """The header (column names) and one row per response, oldest first (a fixed number of queries)."""
    questions = [q for _, q in survey_questions(survey)]
    responses = db.session.execute(
        select(SurveyResponse.id, SurveyResponse.submitted_on, SurveyResponse.respondent_group)
        .where(SurveyResponse.survey_id == survey.id)
        .order_by(SurveyResponse.submitted_on, SurveyResponse.id)).all()
    answers = _answers(survey)
    # Columns that depend on the answers: choice codes no longer among the options.
    codes: dict[int, dict[str, None]] = {q.id: dict.fromkeys(labels_of(q)) for q in questions}
    for rows in answers.values():
        for question_id, _, _, choice, _, _ in rows:
            if choice is not None and question_id in codes:
                codes[question_id].setdefault(choice)
    columns: list[tuple[str, int, object]] = []  # (name, question id, code or None)
    for q in questions:
        if q.type == QuestionType.SESSION_RATING:
            continue  # aggregates only (see the module docstring)
        if q.type == QuestionType.MULTIPLE_CHOICE:
            columns += [(f"{q.key}:{code}", q.id, code) for code in codes[q.id]]
        else:
            columns.append((q.key, q.id, None))
    kinds = {q.id: q.type for q in questions}
    group_sizes = Counter(group for _, _, group in responses if group)
    table = []
    for response_id, submitted_on, group in responses:
        cells: dict[tuple[int, object], object] = {}
        answered: set[int] = set()
        for question_id, _, value, choice, text, hidden in answers.get(response_id, ()):
            kind = kinds.get(question_id)
            answered.add(question_id)
            if kind == QuestionType.SESSION_RATING:
                continue
            if kind == QuestionType.MULTIPLE_CHOICE:
                cells[(question_id, choice)] = 1
            elif kind == QuestionType.FREE_TEXT:
                cells[(question_id, None)] = "" if hidden else (text or "")
            elif kind in CHOICE_TYPES:
                cells[(question_id, None)] = choice
            else:
                cells[(question_id, None)] = value
        shown_group = group if group and group_sizes[group] >= MIN_GROUP_SIZE else ""
        row = [submitted_on.isoformat(), shown_group]
        for _, question_id, part in columns:
            if kinds[question_id] == QuestionType.MULTIPLE_CHOICE and question_id in answered:
                row.append(cells.get((question_id, part), 0))
            else:
                row.append(cells.get((question_id, part)))
        table.append(row)
    return FIXED_COLUMNS + [name for name, _, _ in columns], table


def column_legend(survey: Survey) -> list[list[str]]:
    """What each question column means, for a second XLSX sheet: column prefix, version, type and
    question text (German and English). No answer data; ratings per session have no column."""
    return [[q.key, q.version, q.type.value, q.text_de, q.text_en] for _, q in survey_questions(survey)
            if q.type != QuestionType.SESSION_RATING]


def to_csv(header: list[str], rows: list[list]) -> bytes:
    return spreadsheets.to_csv(header, rows)


def to_xlsx(header: list[str], rows: list[list], legend: list[list] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = gettext("Responses")[:31]
    spreadsheets.write_sheet(sheet, header, rows)
    if legend is not None:
        spreadsheets.write_sheet(workbook.create_sheet(gettext("Columns")[:31]),
                                 [gettext("Key"), gettext("Version"), gettext("Type"), gettext("Question (German)"),
                                  gettext("Question (English)")], legend)
    return spreadsheets.workbook_bytes(workbook)
