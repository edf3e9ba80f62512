"""The free-text answers of a survey for analysts, and hiding them.

Hiding is not deleting: a hidden answer (insulting, or naming someone) stays in the table but its text
is shown to nobody and left out of every export; it can be shown again. Lists never contain the text of
a hidden answer, only the fact that there is one, so that it can be restored.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import select

from conference.errors import NotFoundError
from conference.extensions import db
from conference.surveys.aggregates import MIN_GROUP_SIZE, inline
from conference.surveys.models import Question, QuestionType, Survey, SurveyAnswer, SurveyResponse


@dataclass(frozen=True)
class TextAnswer:
    id: int
    text: str | None  # None when hidden
    is_hidden: bool


def free_texts(survey: Survey, *, group: str | None = None) -> dict[tuple[str, int], list[TextAnswer]]:
    """``{(question key, version): [TextAnswer, …]}`` for the survey's free-text questions, in the order they came
    in (one query). With ``group``: only that respondent group's answers, and nothing at all for a
    group of fewer than 5 responses (a handful of texts can identify their writers)."""
    query = (select(Question.key, Question.version, SurveyAnswer.id, SurveyAnswer.text, SurveyAnswer.is_hidden)
             .join(SurveyResponse, SurveyAnswer.response_id == SurveyResponse.id)
             .join(Question, SurveyAnswer.question_id == Question.id)
             .where(SurveyResponse.survey_id == inline(survey.id), Question.type == QuestionType.FREE_TEXT,
                    SurveyAnswer.text.is_not(None), SurveyAnswer.text != "")
             .order_by(SurveyAnswer.question_id, SurveyAnswer.id))
    if group is not None:
        query = query.where(SurveyResponse.respondent_group == group)
    result: dict[tuple[str, int], list[TextAnswer]] = defaultdict(list)
    for key, version, answer_id, text, hidden in db.session.execute(query):
        result[(key, version)].append(TextAnswer(answer_id, None if hidden else text, hidden))
    if group is not None:  # suppressed per question, like the aggregates
        return {q: answers for q, answers in result.items() if len(answers) >= MIN_GROUP_SIZE}
    return dict(result)


def set_hidden(survey: Survey, answer_id: int, hidden: bool) -> SurveyAnswer:
    """Hide a free-text answer of ``survey`` (or show it again). 404 for any other answer."""
    answer = db.session.scalars(
        select(SurveyAnswer).join(SurveyResponse, SurveyAnswer.response_id == SurveyResponse.id)
        .join(Question, SurveyAnswer.question_id == Question.id)
        .where(SurveyAnswer.id == answer_id, SurveyResponse.survey_id == survey.id,
               Question.type == QuestionType.FREE_TEXT)).one_or_none()
    if answer is None:
        raise NotFoundError(gettext("This answer does not exist."))
    answer.is_hidden = hidden
    db.session.flush()
    return answer
