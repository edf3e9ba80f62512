"""The worker's cache of a survey's raw counts (conference/surveys/count_cache.py): the live analysis counts a
survey's answers once per version of its responses and reads them from memory afterwards, never stale (a new or
deleted response counts again at once), one entry per survey and respondent group, and never caches what an
edit changes (question texts, session titles): those are read fresh on every request."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from conference.extensions import db as database
from conference.surveys import count_cache
from conference.surveys.aggregates import question_aggregates, session_ranking
from conference.surveys.models import Audience, QuestionType, SurveyAnswer, SurveyResponse
from tests.factories import make_edition, make_session
from tests.surveys.analysis_setup import bulk_respond, question, respond, survey

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def analyst(client, login_as):
    """Signed in as an analyst, the greeting shown (so that it is on no page compared below)."""
    login_as("analyst")
    client.get("/")


@pytest.fixture
def rated(db):
    """A visitor survey with a scale question (7 responses: 5 teachers, 2 parents) and a rating per session."""
    edition = make_edition()
    sessions = [make_session(edition, title=t) for t in ("Robotik für Kinder", "Lesezeit")]
    satisfaction = question("overall_satisfaction", text_de="Wie zufrieden waren Sie insgesamt?",
                            text_en="How satisfied were you overall?")
    rating = question("session_rating", type=QuestionType.SESSION_RATING, text_en="How were the sessions?")
    visitors = survey(edition, [satisfaction, rating], title="Besucherbefragung")
    for i, value in enumerate([5, 5, 4, 4, 4, 3, 2]):
        respond(visitors, {satisfaction: value, rating: {sessions[0].id: 5, sessions[1].id: 4}},
                group="teacher" if i < 5 else "parent")
    database.session.commit()
    return {"edition": edition, "survey": visitors, "satisfaction": satisfaction, "sessions": sessions}


def path(data, group=None) -> str:
    return (f"/manage/editions/{data['edition'].id}/results/surveys/{data['survey'].id}/"
            + (f"?group={group}" if group else ""))


def counts_over_answers(statements: list[str]) -> list[str]:
    """The GROUP BY statements over survey_answer other than the count of the written answers (which
    free_texts.py reads fresh on every request: hiding changes it)."""
    return [s for s in statements if "FROM survey_answer" in s and "GROUP BY" in s and "question.type" not in s]


def shown_n(page: str, text: str = "How satisfied were you overall?") -> int:
    return int(re.search(rf"the answers to “{re.escape(text)}” \(n = (\d+)\)", page).group(1))


def view(client, count_queries, data, group=None) -> tuple[str, list[str]]:
    """The page and the statements it ran."""
    with count_queries() as counter:
        response = client.get(path(data, group))
    assert response.status_code == 200
    return response.get_data(as_text=True), counter.statements


def test_a_second_view_reads_the_counts_from_the_cache(client, analyst, rated, count_queries):
    first, cold = view(client, count_queries, rated)
    second, warm = view(client, count_queries, rated)
    # One pass: the distribution per question, session and point, with the respondents per question (and the
    # ratings per session read from it).
    assert len(counts_over_answers(cold)) == 1
    assert counts_over_answers(warm) == []
    assert not [s for s in warm if "GROUP BY" in s and "FROM survey_response" in s]  # the respondent groups
    assert second == first and shown_n(second) == 7 and "Robotik für Kinder" in second


def test_a_new_response_counts_on_the_next_view(client, analyst, rated, count_queries):
    view(client, count_queries, rated)
    respond(rated["survey"], {rated["satisfaction"]: 1})
    database.session.commit()
    page, statements = view(client, count_queries, rated)
    assert shown_n(page) == 8
    assert len(counts_over_answers(statements)) == 1


def test_a_deleted_response_counts_on_the_next_view(client, analyst, rated, count_queries):
    view(client, count_queries, rated)
    first = database.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == rated["survey"].id)
                                     .order_by(SurveyResponse.id).limit(1)).one()
    database.session.delete(first)  # not the newest: SQLite would give the newest one's id again
    database.session.commit()
    page, statements = view(client, count_queries, rated)
    assert shown_n(page) == 6
    assert len(counts_over_answers(statements)) == 1


def test_two_surveys_do_not_share_their_counts(client, analyst, rated, count_queries):
    edition = make_edition()
    satisfaction = question("overall_satisfaction", version=2, text_en="How satisfied were you overall?")
    other = survey(edition, [satisfaction], title="Andere Befragung")
    bulk_respond(other, satisfaction, [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1])
    database.session.commit()
    view(client, count_queries, rated)
    page, statements = view(client, count_queries, {"edition": edition, "survey": other})
    assert shown_n(page) == 11 and len(counts_over_answers(statements)) == 1
    page, statements = view(client, count_queries, rated)
    assert shown_n(page) == 7 and counts_over_answers(statements) == []


def test_a_respondent_group_has_its_own_entry(client, analyst, rated, count_queries):
    view(client, count_queries, rated)
    page, statements = view(client, count_queries, rated, group="teacher")
    assert shown_n(page) == 5
    # The group's own pass; the ranking is the whole survey's, read from the pass kept already.
    assert len(counts_over_answers(statements)) == 1
    page, statements = view(client, count_queries, rated, group="teacher")
    assert shown_n(page) == 5 and counts_over_answers(statements) == []
    page, statements = view(client, count_queries, rated)
    assert shown_n(page) == 7 and counts_over_answers(statements) == []


def test_an_unknown_respondent_group_is_a_404_before_anything_is_counted(app, client, analyst, rated, count_queries):
    with count_queries() as counter:
        assert client.get(path(rated, "nobody")).status_code == 404
    assert counts_over_answers(counter.statements) == []
    assert not [key for key in count_cache.count_cache().entries if key[2] == "nobody"]


def test_an_edited_question_text_shows_at_once_while_the_counts_come_from_the_cache(client, analyst, rated,
                                                                                    count_queries):
    view(client, count_queries, rated)
    rated["satisfaction"].text_en = "All in all, how satisfied were you?"
    database.session.commit()
    page, statements = view(client, count_queries, rated)
    assert shown_n(page, "All in all, how satisfied were you?") == 7
    assert "How satisfied were you overall?" not in page
    assert counts_over_answers(statements) == []


def test_an_edited_session_title_shows_at_once_while_the_counts_come_from_the_cache(client, analyst, rated,
                                                                                    count_queries):
    first, _ = view(client, count_queries, rated)
    assert "Robotik für Kinder" in first
    rated["sessions"][0].title = "Roboter bauen"
    database.session.commit()
    page, statements = view(client, count_queries, rated)
    assert "Roboter bauen" in page and "Robotik für Kinder" not in page
    assert counts_over_answers(statements) == []


def test_a_deleted_session_leaves_the_ranking_at_once(client, analyst, rated, count_queries):
    """Its ratings lose their session (ON DELETE SET NULL) without any response changing: the ranking joins
    the sessions that still exist, so the kept counts of the deleted one are not shown."""
    view(client, count_queries, rated)
    database.session.delete(rated["sessions"][1])
    database.session.commit()
    page, statements = view(client, count_queries, rated)
    assert "Robotik für Kinder" in page and "Lesezeit" not in page
    assert counts_over_answers(statements) == []


@pytest.mark.config(SURVEY_COUNTS_CACHE_SIZE=0)
def test_without_the_cache_every_view_counts_and_shows_the_same_page(app, client, analyst, rated, count_queries):
    uncached = [view(client, count_queries, rated) for _ in range(2)]
    assert all(len(counts_over_answers(statements)) == 1 for _, statements in uncached)
    app.extensions["survey_counts_cache"] = count_cache.CountCache(64)
    cached = [view(client, count_queries, rated) for _ in range(2)]
    assert counts_over_answers(cached[1][1]) == []
    assert uncached[0][0] == uncached[1][0] == cached[0][0] == cached[1][0]


def test_a_warm_view_runs_the_same_statements_for_more_responses(client, analyst, count_queries):
    paths = []
    for responses in (6, 600):
        edition = make_edition()
        scale = question()
        rated_survey = survey(edition, [scale, question(type=QuestionType.SINGLE_CHOICE)])
        bulk_respond(rated_survey, scale, [1 + i % 5 for i in range(responses)], group="teacher")
        paths.append({"edition": edition, "survey": rated_survey})
    database.session.commit()
    warm = []
    for data in paths:
        view(client, count_queries, data)
        _, statements = view(client, count_queries, data)
        warm.append(len(statements))
        assert counts_over_answers(statements) == []
    assert warm[0] == warm[1]


def test_counts_made_while_a_response_came_in_are_not_kept(db, app):
    """A response committed between the version and the counts may be in the counts: they are used for that
    request but not kept under the older version."""
    edition = make_edition()
    scale = question()
    s = survey(edition, [scale])
    bulk_respond(s, scale, [1, 2, 3, 4, 5])
    counts = count_cache.SurveyCounts(s)
    respond(s, {scale: 5})  # after the version was read, before the counts
    assert question_aggregates(s, counts=counts)[0]["n"] == 6
    counts.keep()
    assert count_cache.count_cache().get((counts.database, s.id, None), counts.version) == {}
    again = count_cache.SurveyCounts(s)
    assert again.version.responses == 6 and question_aggregates(s, counts=again)[0]["n"] == 6
    again.keep()
    assert count_cache.count_cache().get((again.database, s.id, None), again.version)


def test_the_cache_keeps_the_most_recently_used_entries():
    cache = count_cache.CountCache(2)
    version = count_cache.Version(5, 5, 15)
    for survey_id in (1, 2, 3):
        cache.put(("db", survey_id, None), version, {"counts": ((survey_id,),)})
    assert cache.get(("db", 1, None), version) == {}
    assert cache.get(("db", 2, None), version) == {"counts": ((2,),)}
    cache.put(("db", 4, None), version, {"counts": ((4,),)})  # 3 is now the least recently used
    assert cache.get(("db", 3, None), version) == {} and cache.get(("db", 2, None), version)
    assert cache.get(("db", 2, None), count_cache.Version(6, 6, 21)) == {}  # another version is not found


def test_counts_of_one_survey_are_refused_for_another(db, rated):
    other = survey(make_edition(), [question("overall_satisfaction", version=2)], title="Andere Befragung")
    db.session.flush()
    with pytest.raises(ValueError, match="counts of survey"):
        question_aggregates(other, counts=count_cache.SurveyCounts(rated["survey"]))


@pytest.mark.config(SURVEY_COUNTS_CACHE_SIZE=0)
def test_the_ranking_is_the_same_from_its_own_count_and_from_the_question_counts(db, rated, count_queries):
    """The results page reads the ranking out of the counts per question, session and point; alone (a
    respondent group's page, counted before the whole survey's) it counts the ratings itself."""
    survey_ = rated["survey"]
    with count_queries() as alone:
        own = session_ranking(survey_)
    counts = count_cache.SurveyCounts(survey_)
    question_aggregates(survey_, counts=counts)
    with count_queries() as after:
        derived = session_ranking(survey_, counts=counts)
    assert len(counts_over_answers(alone.statements)) == 1 and counts_over_answers(after.statements) == []
    assert derived == own
    assert [(row["title"], row["n"], row["mean"]) for row in own] == [("Robotik für Kinder", 7, 5.0),
                                                                       ("Lesezeit", 7, 4.0)]


def counted_since(statements: list[str]) -> list[str]:
    """The counts over answers restricted to the responses added since a kept version."""
    return [s for s in counts_over_answers(statements) if "survey_answer.response_id IN" in s]


def uncached_page(app, client, count_queries, data, group=None) -> str:
    """The page as a worker without kept counts shows it."""
    app.extensions["survey_counts_cache"].clear()
    page, statements = view(client, count_queries, data, group)
    assert counted_since(statements) == []
    return page


def test_new_responses_are_counted_alone_and_added_to_the_kept_counts(app, client, analyst, rated, count_queries):
    view(client, count_queries, rated)
    view(client, count_queries, rated, "teacher")
    sessions = rated["sessions"]
    for value, group in ((1, "teacher"), (5, "parent"), (3, "student")):
        respond(rated["survey"], {rated["satisfaction"]: value, question_of(rated): {sessions[1].id: value}},
                group=group)
    database.session.commit()
    pages = {}
    for group in (None, "teacher"):
        pages[group], statements = view(client, count_queries, rated, group)
        # One count, of the new responses' answers only; the kept counts of the earlier version are added to.
        assert len(counts_over_answers(statements)) == 1 and len(counted_since(statements)) == 1
    assert shown_n(pages[None]) == 10 and shown_n(pages["teacher"]) == 6  # the teachers: 5 + 1
    page, statements = view(client, count_queries, rated)
    assert page == pages[None] and counts_over_answers(statements) == []  # kept for the new version
    for group in (None, "teacher"):
        assert pages[group] == uncached_page(app, client, count_queries, rated, group)


def question_of(data):
    """The rating per session of the ``rated`` survey."""
    return next(sq.question for sq in data["survey"].questions if sq.question.type == QuestionType.SESSION_RATING)


def test_a_response_committed_late_with_a_lower_id_counts_everything_again(app, client, analyst, rated,
                                                                          count_queries):
    """A response whose id was handed out before the kept version's largest but committed after it was read
    is not among the kept counts: everything is counted again."""
    survey_ = rated["survey"]
    newest = database.session.scalar(select(SurveyResponse).where(SurveyResponse.survey_id == survey_.id)
                                     .order_by(SurveyResponse.id.desc()).limit(1))
    late_id = newest.id
    database.session.delete(newest)  # stands for an id handed out, its response not committed yet
    respond(survey_, {rated["satisfaction"]: 5})
    database.session.commit()
    view(client, count_queries, rated)
    late = SurveyResponse(id=late_id, survey_id=survey_.id, submitted_on=newest.submitted_on, channel="open")
    database.session.add(late)
    database.session.flush()
    respond(survey_, {rated["satisfaction"]: 1})  # and one more after the kept version, with a larger id
    database.session.add(SurveyAnswer(response_id=late_id, survey_id=survey_.id, question_id=rated["satisfaction"].id,
                                      value=2))
    database.session.commit()
    page, statements = view(client, count_queries, rated)
    assert len(counts_over_answers(statements)) == 1 and counted_since(statements) == []
    assert shown_n(page) == 9
    assert page == uncached_page(app, client, count_queries, rated)


def test_counts_added_up_over_many_views_equal_counting_everything(app, db, rated):
    """Responses of every question type coming in between views, now and then one deleted: each view's
    figures, added up from kept counts, are the same as those of a worker that counts everything."""
    import random

    from conference.surveys.aggregates import respondent_groups, survey_summary

    rng = random.Random(20261124)
    edition = rated["edition"]
    sessions = rated["sessions"] + [make_session(edition, title="Theater")]
    scale = question()
    single = question(type=QuestionType.SINGLE_CHOICE)
    multiple = question(type=QuestionType.MULTIPLE_CHOICE)
    rating = question(type=QuestionType.SESSION_RATING)
    text = question(type=QuestionType.FREE_TEXT)
    s = survey(edition, [scale, single, multiple, rating, text], audience=Audience.REGISTRANTS, title="Gemischt")
    db.session.commit()

    def figures():
        counts = count_cache.SurveyCounts(s)
        found = (question_aggregates(s, counts=counts), question_aggregates(s, group="teacher", counts=counts),
                 session_ranking(s, counts=counts), respondent_groups(s, counts=counts),
                 survey_summary(s, counts=counts))
        counts.keep()
        return found, counts

    added = 0
    for _ in range(40):
        for _ in range(rng.randint(0, 6)):
            answers = {scale: rng.randint(1, 5), single: rng.choice(["press", "friends", "web"]),
                       multiple: rng.sample(["press", "friends", "web"], rng.randint(1, 3)),
                       rating: {session.id: rng.randint(1, 5) for session in rng.sample(sessions, rng.randint(1, 3))},
                       text: rng.choice(["Gut", "Zu voll", ""])}
            respond(s, {q: v for q, v in answers.items() if rng.random() < 0.8},
                    group=rng.choice(["teacher", "teacher", "parent", ""]))
        if rng.random() < 0.1:
            oldest = db.session.scalar(select(SurveyResponse).where(SurveyResponse.survey_id == s.id)
                                       .order_by(SurveyResponse.id).limit(1))
            if oldest is not None:
                db.session.delete(oldest)
        db.session.commit()
        kept, counts = figures()
        added += bool(counts.added and any(counts.added.values()))
        app.extensions["survey_counts_cache"] = count_cache.CountCache(0)
        assert figures()[0] == kept
        app.extensions["survey_counts_cache"] = counts.cache
    assert added >= 20  # most views added up (the others followed a deletion, or nothing was new)


def test_more_new_responses_than_are_counted_apart_count_everything_again(client, analyst, rated, count_queries,
                                                                          monkeypatch):
    monkeypatch.setattr(count_cache, "MAX_ADDED", 2)
    view(client, count_queries, rated)
    for value in (1, 2, 3):
        respond(rated["survey"], {rated["satisfaction"]: value})
    database.session.commit()
    page, statements = view(client, count_queries, rated)
    assert len(counts_over_answers(statements)) == 1 and counted_since(statements) == []
    assert shown_n(page) == 10
    respond(rated["survey"], {rated["satisfaction"]: 4})
    database.session.commit()
    page, statements = view(client, count_queries, rated)
    assert len(counted_since(statements)) == 1 and shown_n(page) == 11
