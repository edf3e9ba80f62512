"""The free-text answers of a survey for analysts, a page at a time, and hiding them.

Hiding is not deleting: a hidden answer (insulting, or naming someone) stays in the table but its text
is shown to nobody and left out of every export; it can be shown again. Lists never contain the text of
a hidden answer, only the fact that there is one, so that it can be restored.

The results page lists :data:`PAGE_SIZE` answers of a question at a time, so that it costs the same
however many people wrote something; the exports still hold every answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import and_, func, or_, select

from conference.errors import NotFoundError
from conference.extensions import db
from conference.surveys.aggregates import MIN_GROUP_SIZE, answers_of
from conference.surveys.models import Question, QuestionType, Survey, SurveyAnswer

PAGE_SIZE = 50


@dataclass(frozen=True)
class TextAnswer:
    id: int
    text: str | None  # None when hidden
    is_hidden: bool


@dataclass(frozen=True)
class TextPage:
    """One page of a free-text question's answers, in the order they came in (a sequence of them)."""

    question_id: int
    answers: list[TextAnswer]
    number: int  # from 1
    pages: int
    total: int  # the question's written answers, hidden ones included

    def __iter__(self):
        return iter(self.answers)

    def __len__(self) -> int:
        return len(self.answers)

    def __getitem__(self, index):
        return self.answers[index]

    @property
    def first(self) -> int:
        """The place of the page's first answer among all (from 1; 0 when there are none)."""
        return (self.number - 1) * PAGE_SIZE + 1 if self.answers else 0

    @property
    def last(self) -> int:
        return (self.number - 1) * PAGE_SIZE + len(self.answers)


def page_count(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def _written():
    return and_(SurveyAnswer.text.is_not(None), SurveyAnswer.text != "")


def free_texts(survey: Survey, *, group: str | None = None,
               pages: Mapping[int, int] | None = None) -> dict[tuple[str, int], TextPage]:
    """``{(question key, version): TextPage}`` for the survey's free-text questions that have answers: page
    ``pages[question id]`` of each (the first by default; a page past the last shows the last). With
    ``group``: only that respondent group's answers, and nothing at all for a question with fewer than 5 of
    them (a handful of texts can identify their writers). Two queries, however many answers there are: the
    number of answers per question, then the answers on the pages asked for (none when there is nothing to
    list)."""
    pages = pages or {}
    counts = db.session.execute(
        answers_of(survey, group, Question.id, Question.key, Question.version, func.count())
        .join(Question, SurveyAnswer.question_id == Question.id)
        .where(Question.type == QuestionType.FREE_TEXT, _written())
        .group_by(Question.id, Question.key, Question.version).order_by(Question.id)).all()
    if group is not None:  # suppressed per question, like the aggregates
        counts = [row for row in counts if row[3] >= MIN_GROUP_SIZE]
    if not counts:
        return {}
    shown = {question_id: min(max(pages.get(question_id, 1), 1), page_count(total))
             for question_id, _, _, total in counts}
    place = func.row_number().over(partition_by=SurveyAnswer.question_id, order_by=SurveyAnswer.id).label("place")
    ranked = answers_of(survey, group, SurveyAnswer.id, SurveyAnswer.question_id, SurveyAnswer.text,
                        SurveyAnswer.is_hidden, place) \
        .where(SurveyAnswer.question_id.in_(list(shown)), _written()).subquery()
    on_page = or_(*(and_(ranked.c.question_id == question_id, ranked.c.place > (number - 1) * PAGE_SIZE,
                         ranked.c.place <= number * PAGE_SIZE) for question_id, number in shown.items()))
    answers: dict[int, list[TextAnswer]] = {question_id: [] for question_id in shown}
    for answer_id, question_id, text, hidden in db.session.execute(
            select(ranked.c.id, ranked.c.question_id, ranked.c.text, ranked.c.is_hidden).where(on_page)
            .order_by(ranked.c.question_id, ranked.c.id)):
        answers[question_id].append(TextAnswer(answer_id, None if hidden else text, hidden))
    return {(key, version): TextPage(question_id, answers[question_id], shown[question_id], page_count(total), total)
            for question_id, key, version, total in counts}


def set_hidden(survey: Survey, answer_id: int, hidden: bool) -> SurveyAnswer:
    """Hide a free-text answer of ``survey`` (or show it again). 404 for any other answer."""
    answer = db.session.scalars(
        select(SurveyAnswer).join(Question, SurveyAnswer.question_id == Question.id)
        .where(SurveyAnswer.id == answer_id, SurveyAnswer.survey_id == survey.id,
               Question.type == QuestionType.FREE_TEXT)).one_or_none()
    if answer is None:
        raise NotFoundError(gettext("This answer does not exist."))
    answer.is_hidden = hidden
    db.session.flush()
    return answer

