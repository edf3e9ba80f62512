"""A survey's answers as aggregates: per question the distribution, mean and top-2 share with their
confidence intervals, the shares of choice questions; the response rate; the ranking of sessions.

Everything is counted in the database (GROUP BY), so a survey costs the same few queries whether it
has ten responses or ten thousand. The statistics themselves are in :mod:`conference.stats`. The queries
over a survey's answers select them by ``survey_answer.survey_id`` (no join to the responses unless a
respondent group is asked for), so that PostgreSQL counts them from the index that covers them, and carry
the survey's id in their text (:func:`inline`), so that it plans them for that survey however many other
surveys there are. Their rows (only those: never the questions' texts or the sessions' titles) are kept by
each worker for the version of the survey's responses they were counted at (:mod:`conference.surveys.count_cache`):
the functions take the ``counts`` of a caller that reads several of them at one version, as the results page does.

Small numbers are suppressed: a question (or a respondent group) with fewer than
:data:`MIN_GROUP_SIZE` answers gets ``suppressed: True`` and no distribution or statistics. Within a
filtered group even the exact n of a suppressed question is withheld (``n: None``, shown as "fewer
than 5"), because a group is a much smaller crowd than the whole audience. Free-text answers are only
counted here; the texts are listed by :mod:`conference.surveys.free_texts`.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import (
    Integer,
    Select,
    and_,
    bindparam,
    distinct,
    false,
    func,
    null,
    or_,
    select,
    true,
    tuple_,
    union_all,
)

from conference import stats
from conference.extensions import db
from conference.program.models import Session
from conference.row_locks import is_postgres
from conference.surveys.count_cache import SurveyCounts, survey_counts
from conference.surveys.models import (
    Question,
    QuestionType,
    ScaleDirection,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)

MIN_GROUP_SIZE = 5
LEVEL = 0.95
# The points of each scale type, lowest first (a session rating is a Likert 5 per session).
SCALE_RANGES = {QuestionType.LIKERT_5: (1, 5), QuestionType.SCALE_0_10: (0, 10),
                QuestionType.SESSION_RATING: (1, 5)}
YES_NO_MAYBE = {"yes": {"de": "Ja", "en": "Yes"}, "no": {"de": "Nein", "en": "No"},
                "maybe": {"de": "Vielleicht", "en": "Maybe"}}
CHOICE_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.YES_NO_MAYBE)


def _r(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def labels_of(question: Question) -> dict[str, dict[str, str]]:
    """``{point or code: {"de": …, "en": …}}`` for every answer a question offers, in its order:
    the scale's points (labelled where the question has scale labels) or the choice options."""
    if question.type in SCALE_RANGES:
        low, high = SCALE_RANGES[question.type]
        given = list(question.scale_labels or [])
        return {str(point): {"de": (given[i].get("de") or "") if i < len(given) else "",
                             "en": (given[i].get("en") or "") if i < len(given) else ""}
                for i, point in enumerate(range(low, high + 1))}
    if question.type == QuestionType.YES_NO_MAYBE:
        options = {o["value"]: {"de": o.get("de") or "", "en": o.get("en") or ""} for o in question.options or []}
        return {code: options.get(code) or dict(label) for code, label in YES_NO_MAYBE.items()}
    if question.type in CHOICE_TYPES:
        return {str(o["value"]): {"de": o.get("de") or "", "en": o.get("en") or ""} for o in question.options or []}
    return {}


def inline(value: int):
    """An id written into the statement's text instead of sent as a parameter. psycopg prepares a statement
    run five times on a connection, and PostgreSQL soon serves a prepared statement with a generic plan made
    for the average survey: once some surveys have thousands of responses, that plan scans every survey's
    answers (measured: a 400-response survey's page went from 90 to 300 ms when twelve surveys of 5,000
    responses were added; tests/benchmarks/analytics_bench.py). With the id in the text, each survey gets a
    plan of its own."""
    return bindparam(None, int(value), type_=Integer, literal_execute=True)


def survey_questions(survey: Survey) -> list[tuple[SurveyQuestion, Question]]:
    """The survey's questions in order, each with its question version (one query)."""
    rows = db.session.execute(
        select(SurveyQuestion, Question).join(Question, SurveyQuestion.question_id == Question.id)
        .where(SurveyQuestion.survey_id == survey.id).order_by(SurveyQuestion.position, SurveyQuestion.id))
    return [(sq, q) for sq, q in rows]


def answers_of(survey: Survey, group: str | None, *columns, among: tuple[int, ...] | None = None) -> Select:
    """``select(*columns)`` over the survey's answers, of respondent group ``group`` when given, of the
    responses of the ids ``among`` when given. Without a group it reads ``survey_answer`` alone, by its
    ``survey_id``: counts that read only the columns of ``ix_survey_answer_survey_id`` come from that index,
    in its order, without touching the table; the answers of the responses ``among`` (those that came in since
    a count was kept, :mod:`conference.surveys.count_cache`) come from ``ix_survey_answer_response_id``."""
    query = select(*columns).select_from(SurveyAnswer).where(SurveyAnswer.survey_id == inline(survey.id))
    if among is not None:
        query = query.where(SurveyAnswer.response_id.in_(among))
    if group is not None:
        query = query.join(SurveyResponse, SurveyAnswer.response_id == SurveyResponse.id) \
            .where(SurveyResponse.respondent_group == group)
    return query


def _has_value():
    return or_(SurveyAnswer.value.is_not(None), SurveyAnswer.choice.is_not(None))


def _has_text():
    """A free-text answer row that says something (an empty text says nothing)."""
    return and_(SurveyAnswer.text.is_not(None), SurveyAnswer.text != "")


def question_aggregates(survey: Survey, *, group: str | None = None, counts: SurveyCounts | None = None) -> list[dict]:
    """One dict per survey question, in survey order (see the module docstring for suppression):

    ``key, version, type, text_de, text_en, direction, comparable_with_previous, audience`` describe the
    question; ``n`` is the number of responses that answered it; ``suppressed`` is True when n < 5;
    ``distribution`` ``{str(point or code): count}`` (every point or option, zeros included; for
    multiple choice the respondents who chose it); ``mean``, ``mean_ci`` [lo, hi], ``top2_share``,
    ``top2_ci`` [lo, hi] for scale types; ``shares`` ``{code: share of the n respondents}`` for choice
    types; ``labels`` ``{point or code: {"de", "en"}}``; for a rating per session also ``ratings``, the
    number of single ratings (a respondent rates several sessions). Numbers are floats rounded to four
    places or None; unavailable intervals are [None, None].

    ``group`` restricts everything to responses of that respondent group. The questions are read fresh, the
    counts through ``counts`` (see :mod:`conference.surveys.count_cache`)."""
    questions = survey_questions(survey)
    if not questions:
        return []
    free = tuple(question.id for _, question in questions if question.type == QuestionType.FREE_TEXT)
    with survey_counts(survey, counts) as counts:
        counted = counts.rows("counts", group, lambda among: db.session.execute(_counted(survey, group, among)),
                              keys=5)
        written = counts.rows(("written", free), group,
                              lambda among: db.session.execute(_written(survey, group, free, among)), keys=1) \
            if free else ()
    n_by_question: dict[int, int] = {}
    # Summed over the sessions: every rating of a point for a rating per session, whose respondents per point
    # are never read (a choice has no session).
    by_code: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for question_id, _session_id, value, choice, per_question, rows, respondents in counted:
        if per_question:
            n_by_question[question_id] = respondents
            continue
        code = str(value) if value is not None else str(choice)
        old_rows, old_respondents = by_code[question_id].get(code, (0, 0))
        by_code[question_id][code] = (old_rows + rows, old_respondents + respondents)
    # A free-text question is answered by who wrote something (a value or a choice it cannot have).
    n_by_question.update({question_id: 0 for question_id in free})
    n_by_question.update(dict(written))
    # A group smaller than 5 needs no check of its own: no question of it can reach n = 5.
    return [_aggregate(survey, question, n_by_question.get(question.id, 0), by_code.get(question.id, {}),
                       filtered=group is not None) for _, question in questions]


def _counted(survey: Survey, group: str | None, among: tuple[int, ...] | None = None) -> Select:
    """One pass over the survey's answers that gave a value or a choice, in the order of the index that holds
    them: rows ``(question_id, session_id, value, choice, per_question, rows, respondents)``. With
    ``per_question`` false: per question, session and point/code, how many answer rows and how many
    respondents gave them. With it true (session, value and choice then None): per question, how many
    respondents gave any value or choice.

    PostgreSQL makes both kinds in one sorted pass (GROUPING SETS, the second a prefix of the first), which at
    5,000 responses costs about two thirds of the two statements it replaces; SQLite, which has no grouping
    sets, runs the two GROUP BYs as one UNION ALL."""
    respondents = func.count(distinct(SurveyAnswer.response_id))
    detail = (SurveyAnswer.question_id, SurveyAnswer.session_id, SurveyAnswer.value, SurveyAnswer.choice)
    if is_postgres():
        per_question = func.grouping(SurveyAnswer.session_id) == 1
        return answers_of(survey, group, *detail, per_question, func.count(), respondents, among=among) \
            .where(_has_value()) \
            .group_by(func.grouping_sets(tuple_(*detail), tuple_(SurveyAnswer.question_id)))
    nothing = null()
    return union_all(
        answers_of(survey, group, *detail, false(), func.count(), respondents, among=among).where(_has_value())
        .group_by(*detail),
        answers_of(survey, group, SurveyAnswer.question_id, nothing, nothing, nothing, true(), func.count(),
                   respondents, among=among).where(_has_value()).group_by(SurveyAnswer.question_id))


def _written(survey: Survey, group: str | None, free: tuple[int, ...],
             among: tuple[int, ...] | None = None) -> Select:
    """The respondents per free-text question (``free``: their ids) who wrote something (the few rows of
    those questions, read from the table)."""
    return answers_of(survey, group, SurveyAnswer.question_id, func.count(distinct(SurveyAnswer.response_id)),
                      among=among) \
        .where(SurveyAnswer.question_id.in_(free), _has_text()).group_by(SurveyAnswer.question_id)


def _aggregate(survey: Survey, question: Question, n: int, counts: dict[str, tuple[int, int]], *,
               filtered: bool) -> dict:
    suppressed = n < MIN_GROUP_SIZE
    result = {
        "key": question.key, "version": question.version, "type": question.type.value,
        "text_de": question.text_de, "text_en": question.text_en, "direction": question.direction.value,
        "comparable_with_previous": question.comparable_with_previous, "audience": survey.audience.value,
        "n": None if suppressed and filtered else n, "suppressed": suppressed,
        "distribution": {}, "mean": None, "mean_ci": [None, None], "top2_share": None, "top2_ci": [None, None],
        "shares": {}, "labels": labels_of(question),
    }
    if question.type == QuestionType.SESSION_RATING:
        result["ratings"] = None if suppressed else sum(rows for rows, _ in counts.values())
    if suppressed:
        return result
    if question.type in SCALE_RANGES:
        low, high = SCALE_RANGES[question.type]
        by_point = {point: counts.get(str(point), (0, 0))[0] for point in range(low, high + 1)}
        # Out-of-range values (a changed scale, bad data) are counted but lie off the chart's axis.
        for code, (rows, _) in counts.items():
            if code.lstrip("-").isdecimal() and int(code) not in by_point:
                by_point[int(code)] = rows
        mean, lo, hi = stats.mean_ci_counts(by_point, LEVEL)
        share, share_lo, share_hi = stats.top2_share(
            by_point, low, high, question.direction == ScaleDirection.HIGHER_IS_BETTER, LEVEL)
        result.update(distribution={str(p): c for p, c in sorted(by_point.items())}, mean=_r(mean),
                      mean_ci=[_r(lo), _r(hi)], top2_share=_r(share), top2_ci=[_r(share_lo), _r(share_hi)])
    elif question.type in CHOICE_TYPES:
        codes = list(result["labels"]) + sorted(c for c in counts if c not in result["labels"])
        distribution = {code: counts.get(code, (0, 0))[1] for code in codes}
        result.update(distribution=distribution,
                      shares={code: _r(count / n) for code, count in distribution.items()})
    return result


def respondent_groups(survey: Survey, *, counts: SurveyCounts | None = None) -> list[tuple[str, bool]]:
    """The respondent groups present in a survey's responses, by name, each with whether it is
    suppressed (fewer than 5 responses). Responses without a group are not a group."""
    with survey_counts(survey, counts) as counts:
        rows = counts.rows("groups", None, lambda among: db.session.execute(
            select(SurveyResponse.respondent_group, func.count(SurveyResponse.id))
            .where(SurveyResponse.survey_id == survey.id, SurveyResponse.respondent_group != "",
                   *([] if among is None else [SurveyResponse.id.in_(among)]))
            .group_by(SurveyResponse.respondent_group)), keys=1)
    return [(name, count < MIN_GROUP_SIZE) for name, count in sorted(rows)]


def survey_summary(survey: Survey, *, counts: SurveyCounts | None = None) -> dict:
    """``{"audience", "responses", "invited", "response_rate"}``. Invited surveys are answered only
    through personal links, so the rate is responses / invitations; an open link has no known
    denominator, so ``invited`` and ``response_rate`` are None (also when nobody was invited yet).
    The number of responses is the version's (``counts``); the invitations are counted fresh, for they
    change without any response (sent, or erased)."""
    with survey_counts(survey, counts) as counts:
        responses = counts.version.responses
    invited = None
    if not survey.is_open_link:
        invited = db.session.scalar(select(func.count(SurveyInvitation.id))
                                    .where(SurveyInvitation.survey_id == survey.id)) or 0
    return {"audience": survey.audience.value, "responses": responses, "invited": invited,
            "response_rate": _r(min(1.0, responses / invited)) if invited else None}


def _session_rows(survey: Survey, counts: SurveyCounts | None = None) -> list[dict]:
    """Every rated session of the survey's (first) rating-per-session question, unranked and
    unsuppressed: ``{"session_id", "title", "n", "mean", "mean_ci", "top2_share", "top2_ci"}``."""
    question = db.session.scalars(
        select(Question).join(SurveyQuestion, SurveyQuestion.question_id == Question.id)
        .where(SurveyQuestion.survey_id == survey.id, Question.type == QuestionType.SESSION_RATING)
        .order_by(SurveyQuestion.position, SurveyQuestion.id).limit(1)).first()
    if question is None:
        return []
    # Every rating per session of the survey (counted from the index), the question picked here: with a
    # condition on the question (shared by every edition's survey), PostgreSQL may read all surveys' ratings
    # through the question's index instead of this survey's answers (measured: 70 ms instead of 4 once the
    # demo had 60,000 responses).
    with survey_counts(survey, counts) as counts:
        # The counts per question, session and point hold every rating: when the caller has them (the results
        # page reads them first) nothing more is counted.
        counted = counts.peek("counts", None)
        if counted is not None:
            ratings = tuple((question_id, session_id, value, rows)
                            for question_id, session_id, value, _choice, per_question, rows, _ in counted
                            if not per_question and session_id is not None and value is not None)
        else:
            ratings = counts.rows("ratings", None, lambda among: db.session.execute(
                answers_of(survey, None, SurveyAnswer.question_id, SurveyAnswer.session_id, SurveyAnswer.value,
                           func.count(), among=among)
                .where(SurveyAnswer.session_id.is_not(None), SurveyAnswer.value.is_not(None))
                .group_by(SurveyAnswer.question_id, SurveyAnswer.session_id, SurveyAnswer.value)), keys=3)
    by_session: dict[int, dict[int, int]] = {}
    for question_id, session_id, value, count in ratings:
        if question_id == question.id:
            by_value = by_session.setdefault(session_id, {})
            by_value[value] = by_value.get(value, 0) + count
    # The titles are read fresh (an edited title shows at once); a session deleted since is left out, as its
    # ratings lost their session.
    titles = dict(db.session.execute(select(Session.id, Session.title)
                                     .where(Session.id.in_(sorted(by_session)))).all()) if by_session else {}
    low, high = SCALE_RANGES[QuestionType.SESSION_RATING]
    higher = question.direction == ScaleDirection.HIGHER_IS_BETTER
    rows = []
    for session_id, by_value in by_session.items():
        if session_id not in titles:
            continue
        mean, lo, hi = stats.mean_ci_counts(by_value, LEVEL)
        share, share_lo, share_hi = stats.top2_share(by_value, low, high, higher, LEVEL)
        rows.append({"session_id": session_id, "title": titles[session_id], "n": sum(by_value.values()),
                     "mean": _r(mean), "mean_ci": [_r(lo), _r(hi)], "top2_share": _r(share),
                     "top2_ci": [_r(share_lo), _r(share_hi)], "higher_is_better": higher})
    return rows


def session_ranking_with_rest(survey: Survey, *, counts: SurveyCounts | None = None) -> tuple[list[dict], int]:
    """The ranking of :func:`session_ranking` (with ``mean_ci`` as well), and how many rated sessions
    were left out because they have fewer than 5 ratings."""
    rows = _session_rows(survey, counts)
    ranked = [row for row in rows if row["n"] >= MIN_GROUP_SIZE]
    # Best first: the share of the two best points, then the mean (in the scale's direction), then n.
    ranked.sort(key=lambda r: (-r["top2_share"], -r["mean"] if r["higher_is_better"] else r["mean"], -r["n"],
                               r["title"], r["session_id"]))
    for row in ranked:
        del row["higher_is_better"]
    return ranked, len(rows) - len(ranked)


def session_ranking(survey: Survey, *, counts: SurveyCounts | None = None) -> list[dict]:
    """``[{"session_id", "title", "n", "mean", "top2_share", "top2_ci"}]``, best first (by top-2 share,
    then mean, then n), only sessions with at least 5 ratings."""
    ranked, _ = session_ranking_with_rest(survey, counts=counts)
    keep = ("session_id", "title", "n", "mean", "top2_share", "top2_ci")
    return [{k: row[k] for k in keep} for row in ranked]
