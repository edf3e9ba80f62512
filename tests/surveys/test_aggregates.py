"""The fixed interface conference.surveys.aggregates on crafted answers: distributions, means and top-2
shares with their intervals (both scale directions, 0–10), choice shares, suppression of small numbers
(also within a respondent group), response rates, the session ranking, and a fixed number of queries."""

from __future__ import annotations

import pytest

from conference import stats
from conference.surveys.aggregates import (
    question_aggregates,
    session_ranking,
    session_ranking_with_rest,
    survey_summary,
)
from conference.surveys.count_cache import SurveyCounts
from conference.surveys.free_texts import free_texts, set_hidden
from conference.surveys.models import Audience, QuestionType, ScaleDirection
from tests.factories import make_edition, make_session
from tests.surveys.analysis_setup import bulk_respond, invite, question, respond, survey

INTERFACE_KEYS = {"key", "version", "type", "text_de", "text_en", "direction", "comparable_with_previous",
                  "audience", "n", "suppressed", "distribution", "mean", "mean_ci", "top2_share", "top2_ci", "shares"}


def r4(values):
    return [None if v is None else round(v, 4) for v in values]


def test_a_likert_question_gets_distribution_mean_and_top2_with_intervals(db):
    q = question("overall_satisfaction")
    s = survey(questions=[q])
    values = [5, 5, 4, 3, 2, 1, 4, 5]
    for v in values:
        respond(s, {q: v})
    [result] = question_aggregates(s)
    assert set(result) >= INTERFACE_KEYS
    assert (result["key"], result["version"], result["type"], result["audience"]) == (
        "overall_satisfaction", 1, "likert_5", "visitors")
    assert result["n"] == 8 and result["suppressed"] is False
    assert result["distribution"] == {"1": 1, "2": 1, "3": 1, "4": 2, "5": 3}
    mean, lo, hi = stats.mean_ci(values)
    assert [result["mean"], *result["mean_ci"]] == r4([mean, lo, hi])
    assert [result["top2_share"], *result["top2_ci"]] == r4(stats.wilson(5, 8))
    assert result["top2_share"] == 0.625 and result["shares"] == {}
    assert result["labels"]["5"] == {"de": "sehr zufrieden", "en": "very satisfied"}


def test_lower_is_better_counts_the_two_lowest_points_as_best(db):
    q = question("grade", direction=ScaleDirection.LOWER_IS_BETTER)
    s = survey(questions=[q])
    for v in [1, 1, 2, 3, 4, 5, 5]:
        respond(s, {q: v})
    [result] = question_aggregates(s)
    assert result["direction"] == "lower_is_better"
    assert result["top2_share"] == round(3 / 7, 4)
    assert result["top2_ci"] == r4(stats.wilson(3, 7)[1:])


def test_a_0_to_10_scale_has_eleven_points_and_9_10_as_top2(db):
    q = question("recommend", type=QuestionType.SCALE_0_10)
    s = survey(questions=[q])
    for v in [10, 9, 9, 0, 5, 7]:
        respond(s, {q: v})
    [result] = question_aggregates(s)
    assert list(result["distribution"]) == [str(i) for i in range(11)]
    assert result["distribution"]["9"] == 2 and result["distribution"]["1"] == 0
    assert result["top2_share"] == 0.5 and result["mean"] == round(40 / 6, 4)


def test_choice_shares_are_of_the_respondents_who_answered(db):
    single = question("heard_of", type=QuestionType.SINGLE_CHOICE)
    multi = question("channels", type=QuestionType.MULTIPLE_CHOICE)
    again = question("come_again", type=QuestionType.YES_NO_MAYBE)
    other = question("other")
    s = survey(questions=[single, multi, again, other])
    for i in range(6):
        respond(s, {single: "press" if i < 4 else "web", multi: ["web", "press"] if i < 3 else ["web"],
                    again: ["yes", "no", "maybe", "yes", "yes", "no"][i], other: 3})
    for _ in range(4):  # skipped the choice questions
        respond(s, {other: 4})
    by_key = {r["key"]: r for r in question_aggregates(s)}
    assert by_key["heard_of"]["n"] == 6
    assert by_key["heard_of"]["distribution"] == {"press": 4, "friends": 0, "web": 2}
    assert by_key["heard_of"]["shares"] == {"press": 0.6667, "friends": 0.0, "web": 0.3333}
    assert by_key["channels"]["distribution"] == {"press": 3, "friends": 0, "web": 6}
    assert by_key["channels"]["shares"] == {"press": 0.5, "friends": 0.0, "web": 1.0}  # adds up to > 100 %
    assert by_key["come_again"]["shares"] == {"yes": 0.5, "no": 0.3333, "maybe": 0.1667}
    assert by_key["come_again"]["labels"]["maybe"] == {"de": "Vielleicht", "en": "Maybe"}
    assert by_key["heard_of"]["mean"] is None and by_key["heard_of"]["top2_ci"] == [None, None]
    assert by_key["other"]["n"] == 10


def test_fewer_than_five_answers_are_suppressed_but_counted(db):
    q = question()
    s = survey(questions=[q])
    for v in [5, 5, 1, 2]:
        respond(s, {q: v})
    [result] = question_aggregates(s)
    assert result["suppressed"] is True and result["n"] == 4
    assert result["distribution"] == {} and result["mean"] is None and result["mean_ci"] == [None, None]
    assert result["top2_share"] is None and result["top2_ci"] == [None, None] and result["shares"] == {}


def test_a_group_filter_counts_only_that_group_and_suppresses_small_groups(db):
    q = question()
    choice = question(type=QuestionType.SINGLE_CHOICE)
    s = survey(questions=[q, choice])
    for v in [5, 5, 5, 4, 4, 1]:
        respond(s, {q: v, choice: "press"}, group="teacher")
    for v in [1, 1, 2]:
        respond(s, {q: v, choice: "web"}, group="parent")
    respond(s, {q: 3})
    teacher, teacher_choice = question_aggregates(s, group="teacher")
    assert teacher["n"] == 6 and teacher["distribution"] == {"1": 1, "2": 0, "3": 0, "4": 2, "5": 3}
    assert teacher["top2_share"] == round(5 / 6, 4)
    assert teacher_choice["shares"] == {"press": 1.0, "friends": 0.0, "web": 0.0}
    parent, parent_choice = question_aggregates(s, group="parent")
    # Within a group not even the exact n of a suppressed question is given.
    assert parent["suppressed"] is True and parent["n"] is None and parent["distribution"] == {}
    assert parent_choice["suppressed"] is True and parent_choice["shares"] == {}
    everyone = question_aggregates(s)[0]
    assert everyone["n"] == 10 and everyone["suppressed"] is False
    assert question_aggregates(s, group="nobody")[0]["n"] is None


def test_free_text_is_only_counted_and_hidden_texts_are_never_listed(db):
    text = question("comments", type=QuestionType.FREE_TEXT)
    s = survey(questions=[text])
    responses = [respond(s, {text: f"Kommentar {i}"}) for i in range(6)]
    respond(s, {text: ""})  # an empty text is no answer
    [result] = question_aggregates(s)
    assert result["n"] == 6 and result["distribution"] == {} and result["shares"] == {}
    assert "Kommentar" not in repr(result)
    hidden = responses[2].answers[0]
    set_hidden(s, hidden.id, True)
    listed = free_texts(s)[("comments", 1)]
    assert [t.text for t in listed] == ["Kommentar 0", "Kommentar 1", None, "Kommentar 3", "Kommentar 4",
                                        "Kommentar 5"]
    assert listed[2].is_hidden and listed[2].id == hidden.id
    set_hidden(s, hidden.id, False)
    assert free_texts(s)[("comments", 1)][2].text == "Kommentar 2"


def test_free_texts_of_a_small_group_are_not_listed(db):
    text = question("comments", type=QuestionType.FREE_TEXT)
    s = survey(questions=[text])
    for i in range(5):
        respond(s, {text: f"Lehrkraft {i}"}, group="teacher")
    for i in range(2):
        respond(s, {text: f"Elternteil {i}"}, group="parent")
    assert len(free_texts(s, group="teacher")[("comments", 1)]) == 5
    assert free_texts(s, group="parent") == {}
    assert len(free_texts(s)[("comments", 1)]) == 7


def test_hiding_an_answer_of_another_survey_is_not_found(db):
    from conference.errors import NotFoundError

    text = question(type=QuestionType.FREE_TEXT)
    scale = question()
    mine, other = survey(questions=[text, scale]), survey(questions=[text], audience=Audience.PROVIDERS)
    foreign = respond(other, {text: "fremd"}).answers[0]
    number = respond(mine, {scale: 3}).answers[0]
    for answer_id in (foreign.id, number.id, 999999):
        with pytest.raises(NotFoundError):
            set_hidden(mine, answer_id, True)


def test_response_rate_is_responses_over_invitations_for_invited_surveys(db):
    q = question()
    invited = survey(questions=[q], audience=Audience.PROVIDERS, is_open_link=False)
    invite(invited, 8)
    for v in (1, 2, 3):
        respond(invited, {q: v}, channel="invited")
    assert survey_summary(invited) == {"audience": "providers", "responses": 3, "invited": 8,
                                       "response_rate": 0.375}
    open_link = survey(edition=invited.edition, questions=[q])
    respond(open_link, {q: 4})
    assert survey_summary(open_link) == {"audience": "visitors", "responses": 1, "invited": None,
                                         "response_rate": None}
    nobody = survey(questions=[q], audience=Audience.REGISTRANTS, is_open_link=False)
    assert survey_summary(nobody)["response_rate"] is None and survey_summary(nobody)["invited"] == 0


def test_the_session_ranking_is_best_first_and_leaves_out_sessions_under_five_ratings(db):
    edition = make_edition()
    good, fair, small = (make_session(edition, title=t) for t in ("Robotik", "Lesen", "Klein"))
    rating = question("session_rating", type=QuestionType.SESSION_RATING)
    s = survey(edition, questions=[rating])
    for i in range(6):
        answer = {good.id: 5 if i < 5 else 3, fair.id: 4 if i < 2 else 2}
        if i < 4:
            answer[small.id] = 5
        respond(s, {rating: answer})
    ranking = session_ranking(s)
    assert [r["title"] for r in ranking] == ["Robotik", "Lesen"]
    assert set(ranking[0]) == {"session_id", "title", "n", "mean", "top2_share", "top2_ci"}
    assert ranking[0] == {"session_id": good.id, "title": "Robotik", "n": 6, "mean": round(28 / 6, 4),
                          "top2_share": round(5 / 6, 4), "top2_ci": r4(stats.wilson(5, 6)[1:])}
    assert ranking[1]["top2_share"] == round(2 / 6, 4)
    rows, rest = session_ranking_with_rest(s)
    assert rest == 1 and rows[0]["mean_ci"] == r4(stats.mean_ci([5, 5, 5, 5, 5, 3])[1:])
    [aggregate] = question_aggregates(s)
    assert aggregate["n"] == 6 and aggregate["ratings"] == 16
    assert aggregate["distribution"] == {"1": 0, "2": 4, "3": 1, "4": 2, "5": 9}


def test_a_survey_without_session_ratings_has_no_ranking(db):
    s = survey(questions=[question()])
    assert session_ranking(s) == [] and session_ranking_with_rest(s) == ([], 0)


def _sized_survey(size: int):
    edition = make_edition()
    sessions = [make_session(edition) for _ in range(3)]
    scale, choice, multi, text, rating = (
        question(), question(type=QuestionType.SINGLE_CHOICE), question(type=QuestionType.MULTIPLE_CHOICE),
        question(type=QuestionType.FREE_TEXT), question(type=QuestionType.SESSION_RATING))
    s = survey(edition, questions=[scale, choice, multi, text, rating], is_open_link=False,
               audience=Audience.PROVIDERS)
    invite(s, 3)
    for i in range(5):
        respond(s, {choice: "press", multi: ["web"], text: "gut", rating: {sessions[i % 3].id: 4}},
                group="teacher")
    bulk_respond(s, scale, [1 + i % 5 for i in range(size)], group="parent" if size > 10 else "teacher")
    return s


def _read_all(s, group, counts):
    question_aggregates(s, group=group, counts=counts)
    survey_summary(s, counts=counts)
    session_ranking_with_rest(s, counts=counts)
    free_texts(s, group=group)
    counts.keep()


@pytest.mark.parametrize("group", [None, "teacher"])
def test_the_number_of_queries_does_not_grow_with_the_responses(db, count_queries, group):
    """Read as the results page reads them, at one version of the responses: the first time with the counts
    (the version, the counts, the version again before they are kept), then from the worker's cache."""
    cold, warm = [], []
    for size in (10, 500):
        s = _sized_survey(size)
        db.session.expire_all()
        with count_queries() as counter:
            _read_all(s, group, SurveyCounts(s))
        cold.append(counter.count)
        with count_queries() as counter:
            _read_all(s, group, SurveyCounts(s))
        warm.append(counter.count)
        assert question_aggregates(s)[0]["n"] == size
    assert cold[0] == cold[1] and cold[0] <= 12
    assert warm[0] == warm[1] and warm[0] <= 7
