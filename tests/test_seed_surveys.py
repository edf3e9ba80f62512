"""The demo's learning loop (``flask seed-demo``): surveys for every edition held, anonymous responses with
trends, action items whose keys move afterwards, and frozen results for the evaluated editions."""

import itertools
from collections import Counter, defaultdict
from datetime import date, timedelta

from sqlalchemy import func, select

from conference.council.models import Attendance, Person
from conference.demo import survey_answer_data, survey_question_data
from conference.demo.seed import seed
from conference.editions.models import Edition, EditionFormat, EditionStatus
from conference.editions.services import local
from conference.program.models import Session
from conference.registration.models import Registration
from conference.surveys import survey_templates
from conference.surveys.models import (
    FORMAT_AUDIENCES,
    ActionItem,
    ActionStatus,
    Audience,
    EditionResult,
    Question,
    QuestionType,
    ScaleDirection,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
)
from conference.surveys.questions import ensure_bank

TODAY = date(2026, 11, 22)
EVALUATED = (EditionStatus.EVALUATED, EditionStatus.ARCHIVED)


def editions(db, fmt=None, statuses=EVALUATED):
    query = select(Edition).where(Edition.status.in_(statuses)).order_by(Edition.number)
    if fmt is not None:
        query = query.where(Edition.format == fmt)
    return db.session.scalars(query).all()


def survey_of(db, number, audience):
    return db.session.scalar(select(Survey).join(Edition).where(Edition.number == number,
                                                                Survey.audience == audience))


def responses(db, survey):
    return db.session.scalar(select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == survey.id))


def mean(db, number, key, audience=Audience.COUNCIL_MEMBERS) -> float:
    return float(db.session.scalar(
        select(func.avg(SurveyAnswer.value)).join(SurveyResponse).join(Survey).join(Edition)
        .join(Question, Question.id == SurveyAnswer.question_id)
        .where(Edition.number == number, Survey.audience == audience, Question.key == key)))


def share(db, number, key, code, audience=Audience.VISITORS):
    survey = survey_of(db, number, audience)
    chosen = db.session.scalar(
        select(func.count(SurveyAnswer.id)).join(SurveyResponse).join(Question, Question.id == SurveyAnswer.question_id)
        .where(SurveyResponse.survey_id == survey.id, Question.key == key, SurveyAnswer.choice == code))
    return chosen / responses(db, survey)


def test_every_edition_held_has_its_surveys_with_responses_in_their_window(db):
    seed(TODAY)
    db.session.commit()
    open_days, councils = editions(db, EditionFormat.OPEN_DAY), editions(db, EditionFormat.COUNCIL)
    assert len(open_days) >= 4 and len(councils) >= 4
    for edition in editions(db, statuses=(EditionStatus.HELD, *EVALUATED)):
        surveys = db.session.scalars(select(Survey).where(Survey.edition_id == edition.id)).all()
        audiences = {s.audience for s in surveys}
        assert audiences <= set(FORMAT_AUDIENCES[edition.format]), edition.number
        if edition.format == EditionFormat.COUNCIL:
            assert audiences == {Audience.COUNCIL_MEMBERS}
        else:  # registrants were asked from the 27th on, where the demo has registrations
            asks_registrants = edition.number >= survey_question_data.REGISTRANTS_ASKED_FROM and db.session.scalar(
                select(func.count(Registration.id)).where(Registration.edition_id == edition.id)) > 0
            expected = {Audience.VISITORS, Audience.PROVIDERS, *([Audience.REGISTRANTS] if asks_registrants else [])}
            assert audiences == expected, edition.number
        for survey in surveys:
            assert survey.opens_at == edition.ends_at < survey.closes_at <= edition.ends_at + timedelta(weeks=4)
            assert survey.is_open_link == (survey.audience == Audience.VISITORS)
            assert survey.questions and survey.title and survey.intro
            found = db.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey.id)).all()
            assert found, (edition.number, survey.audience)
            days = {r.submitted_on for r in found}
            assert local(survey.opens_at).date() <= min(days) and max(days) <= local(survey.closes_at).date()
            assert max(days) <= TODAY
            assert {r.channel for r in found} == {"open" if survey.is_open_link else "invited"}
    # Volumes: 300+ per open day, about 30 per council meeting, 20–60 partners
    for edition in open_days:
        assert 300 <= responses(db, survey_of(db, edition.number, Audience.VISITORS)) <= 450
        assert 20 <= responses(db, survey_of(db, edition.number, Audience.PROVIDERS)) <= 60
    council_counts = [responses(db, survey_of(db, e.number, Audience.COUNCIL_MEMBERS)) for e in councils]
    assert all(25 <= n <= 40 for n in council_counts) and 27 <= sum(council_counts) / len(council_counts) <= 35
    # The meeting held last is still being asked: its window is open today
    held = editions(db, EditionFormat.COUNCIL, (EditionStatus.HELD,))[0]
    survey = survey_of(db, held.number, Audience.COUNCIL_MEMBERS)
    assert survey.opens_at.date() <= TODAY < survey.closes_at.date() and responses(db, survey) >= 20


def test_question_keys_repeat_across_editions_with_one_comparable_and_one_breaking_rewording(db):
    seed(TODAY)
    db.session.commit()
    for fmt in EditionFormat:
        keys_per_edition = []
        for edition in editions(db, fmt):
            keys_per_edition.append(set(db.session.scalars(
                select(Question.key).join(SurveyQuestion, SurveyQuestion.question_id == Question.id)
                .join(Survey).where(Survey.edition_id == edition.id))))
        assert len(keys_per_edition) >= 4
        assert len(set.intersection(*keys_per_edition)) >= 3, fmt
    assert len({(q.key, q.version) for q in db.session.scalars(select(Question))}) == db.session.scalar(
        select(func.count(Question.id)))
    heard = {q.version: q for q in db.session.scalars(select(Question).where(Question.key == "heard_via"))}
    catering = {q.version: q for q in db.session.scalars(select(Question).where(Question.key == "catering"))}
    assert heard[2].previous_id == heard[1].id and heard[2].comparable_with_previous
    assert [o["value"] for o in heard[2].options] == [o["value"] for o in heard[1].options]
    assert catering[2].previous_id == catering[1].id and not catering[2].comparable_with_previous

    def asked(number, key):
        survey = survey_of(db, number, Audience.VISITORS)
        return db.session.scalar(select(Question.version).join(SurveyQuestion).where(
            SurveyQuestion.survey_id == survey.id, Question.key == key))

    assert [asked(n, "heard_via") for n in (15, 19, 23, 27)] == [1, 1, 2, 2]
    assert [asked(n, "catering") for n in (15, 19, 23, 27)] == [1, 1, 1, 2]
    grade = db.session.scalar(select(Question).where(Question.key == "overall_grade"))
    assert grade.direction == ScaleDirection.LOWER_IS_BETTER
    # Each survey after the first of its audience was copied from the one before
    for audience in (Audience.VISITORS, Audience.COUNCIL_MEMBERS):
        chain = db.session.scalars(select(Survey).join(Edition).where(Survey.audience == audience)
                                   .order_by(Edition.number)).all()
        assert chain[0].copied_from_id is None
        assert all(s.copied_from_id == p.id for p, s in itertools.pairwise(chain))


def test_responses_are_anonymous_valid_and_match_the_participations(db):
    ensure_bank()  # the bank came first: the demo must use its questions as they are
    db.session.commit()
    seed(TODAY)
    db.session.commit()
    people = {p.email for p in db.session.scalars(select(Person))}
    people |= set(db.session.scalars(select(SurveyInvitation.email)))
    names = {name for name in db.session.scalars(select(SurveyInvitation.name)) if name}
    for survey in db.session.scalars(select(Survey)):
        invited = db.session.scalars(select(SurveyInvitation).where(SurveyInvitation.survey_id == survey.id)).all()
        answered = db.session.scalar(select(func.count()).select_from(SurveyParticipation).join(
            SurveyInvitation, SurveyInvitation.id == SurveyParticipation.invitation_id)
            .where(SurveyInvitation.survey_id == survey.id))
        n = responses(db, survey)
        if survey.is_open_link:
            assert not invited and n >= 300
        else:
            assert n <= answered <= len(invited) and n == answered
            if survey.edition.personal_data_purged_at is not None:  # the demo's purged edition: nobody left
                assert all(not i.name and "@" not in i.email for i in invited)
            else:
                assert all(i.email.endswith("@example.org") and i.name and i.sent_at == survey.opens_at
                           for i in invited)
            assert len({i.email for i in invited}) == len(invited)
            assert all(i.reminder_count == (i.last_reminded_at is not None) for i in invited)
        if survey.audience == Audience.COUNCIL_MEMBERS and survey.edition.personal_data_purged_at is None:
            # the people who came, with an address
            attendees = set(db.session.scalars(select(Person.email).join(Attendance).where(
                Attendance.edition_id == survey.edition_id, Person.email != "")))
            assert {i.email for i in invited} == attendees
        if survey.audience == Audience.REGISTRANTS:
            assert all(i.registration_id for i in invited)
        # Every answer fits its question, and session ratings name the edition's own sessions
        items = {sq.question_id: sq.question for sq in survey.questions}
        sessions = set(db.session.scalars(select(Session.id).where(Session.edition_id == survey.edition_id)))
        answers = db.session.scalars(select(SurveyAnswer).join(SurveyResponse).where(
            SurveyResponse.survey_id == survey.id)).all()
        groups = set(db.session.scalars(select(SurveyResponse.respondent_group).where(
            SurveyResponse.survey_id == survey.id)))
        roles = {o["value"] for q in items.values() if q.key == "respondent_role" for o in q.options}
        assert groups <= roles | {""}
        for answer in answers:
            question = items[answer.question_id]
            if question.type in (QuestionType.LIKERT_5, QuestionType.SESSION_RATING):
                assert 1 <= answer.value <= 5 and answer.choice is None and answer.text is None
                assert (answer.session_id in sessions) if question.type == QuestionType.SESSION_RATING \
                    else answer.session_id is None
            elif question.type == QuestionType.SCALE_0_10:
                assert 0 <= answer.value <= 10
            elif question.type == QuestionType.YES_NO_MAYBE:
                assert answer.choice in ("yes", "no", "maybe")
            elif question.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
                assert answer.choice in {o["value"] for o in question.options}
            else:
                assert answer.text and answer.value is None
                assert not any(email in answer.text for email in people)
                assert not any(name in answer.text for name in names)
        required = [sq.question_id for sq in survey.questions if sq.is_required]
        for question_id in required:
            assert sum(a.question_id == question_id for a in answers) == n
    texts = db.session.scalars(select(SurveyAnswer).where(SurveyAnswer.text.is_not(None))).all()
    assert len(texts) >= 100 and 3 <= sum(a.is_hidden for a in texts) <= 0.2 * len(texts)
    # Open-link visitors rate one to three sessions each, and enough do for a ranking
    visitors = survey_of(db, 27, Audience.VISITORS)
    rated = Counter(db.session.scalars(select(SurveyAnswer.response_id).join(SurveyResponse).where(
        SurveyResponse.survey_id == visitors.id, SurveyAnswer.session_id.is_not(None))))
    assert set(rated.values()) <= {1, 2, 3} and len(rated) > 0.7 * responses(db, visitors)
    per_session = Counter(db.session.scalars(select(SurveyAnswer.session_id).join(SurveyResponse).where(
        SurveyResponse.survey_id == visitors.id, SurveyAnswer.session_id.is_not(None))))
    assert sum(n >= 5 for n in per_session.values()) >= 20


def test_action_items_aim_at_keys_that_move_afterwards(db):
    seed(TODAY)
    db.session.commit()
    actions = db.session.scalars(select(ActionItem)).all()
    by_format = defaultdict(list)
    for action in actions:
        by_format[action.source_edition.format].append(action)
        target = action.target_edition
        assert target is not None and target.format == action.source_edition.format
        following = db.session.scalar(select(Edition).where(
            Edition.format == target.format, Edition.number > action.source_edition.number).order_by(Edition.number))
        assert target == following  # the next edition of the same format
        assert action.owner and action.title and (action.question_key or action.metric)
        assert action.created_at.date() <= TODAY and action.created_at >= action.source_edition.ends_at
    for fmt in EditionFormat:
        found = by_format[fmt]
        assert 4 <= len(found) <= 6
        assert {ActionStatus.DONE, ActionStatus.IN_PROGRESS} <= {a.status for a in found}
        upcoming = [a for a in found if a.target_edition.status == EditionStatus.REGISTRATION_OPEN]
        assert any(a.status == ActionStatus.OPEN for a in upcoming)
    # The council: "weniger Berichte, mehr Aussprache" after 22, documents two weeks ahead after 20,
    # recommendations prepared with their addressees after 24
    before = [mean(db, n, "time_for_discussion") for n in (16, 17, 18, 20, 21, 22)]
    after = [mean(db, n, "time_for_discussion") for n in (24, 25, 26, 28)]
    assert min(after) > max(before) and sum(after) / 4 - sum(before) / 6 > 0.7
    assert min(mean(db, n, "preparation_documents") for n in (21, 22, 24)) > max(
        mean(db, n, "preparation_documents") for n in (16, 17, 18, 20))
    assert sum(mean(db, n, "recommendations_relevance") for n in (25, 26, 28)) / 3 > sum(
        mean(db, n, "recommendations_relevance") for n in (20, 21, 22, 24)) / 4 + 0.3
    # The open day: schools and Kitas advertised after 19, the rain at 23, the tents at 27
    chance = [share(db, n, "heard_via", "by_chance") for n in (15, 19, 23, 27)]
    assert min(chance[:2]) > 0.3 and max(chance[2:]) < 0.27
    assert share(db, 23, "heard_via", "school_kita") > 2 * share(db, 19, "heard_via", "school_kita")
    venue = [mean(db, n, "venue", Audience.VISITORS) for n in (15, 19, 23, 27)]
    assert venue[2] < min(venue[0], venue[1], venue[3]) - 0.6
    overall = [mean(db, n, "overall_satisfaction", Audience.VISITORS) for n in (15, 19, 23, 27)]
    assert overall[0] < overall[-1] and overall == sorted(overall)
    turnout = [mean(db, n, "turnout_satisfaction", Audience.PROVIDERS) for n in (15, 19, 23, 27)]
    assert turnout[0] + 0.2 < turnout[1] and turnout[0] < 3 < turnout[-1]


def test_every_evaluated_edition_has_frozen_results_once(db):
    seed(TODAY)
    db.session.commit()
    seed(TODAY)
    db.session.commit()
    results = db.session.scalars(select(EditionResult)).all()
    frozen = Counter(r.edition_id for r in results)
    evaluated = editions(db)
    assert set(frozen) == {e.id for e in evaluated} and set(frozen.values()) == {1}
    for result in results:
        keys = {q["key"] for q in result.data["questions"]}
        assert result.data["edition"] == result.edition.number and result.data["format"] == result.edition.format
        assert keys >= ({"time_for_discussion", "meeting_usefulness"} if result.edition.format == "council"
                        else {"overall_satisfaction", "heard_via", "session_rating"})
        assert all(s["responses"] > 0 for s in result.data["surveys"])


def _snapshot(db) -> dict:
    """Everything the demo says about feedback, without ids or tokens."""
    titles = dict(db.session.execute(select(Session.id, Session.title)).all())
    answers = defaultdict(list)
    for response, answer, key, version in db.session.execute(
            select(SurveyResponse.id, SurveyAnswer, Question.key, Question.version).join(SurveyAnswer.response)
            .join(Question, Question.id == SurveyAnswer.question_id)):
        answers[response].append((key, version, titles.get(answer.session_id), answer.value, answer.choice,
                                  answer.text, answer.is_hidden))
    snapshot = defaultdict(list)
    for survey_id, number, audience in db.session.execute(select(Survey.id, Edition.number, Survey.audience)
                                                          .join(Edition)):
        for response in db.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == survey_id)):
            snapshot[number, audience].append((response.submitted_on, response.respondent_group, response.channel,
                                               sorted(answers[response.id], key=repr)))
        snapshot[number, audience].sort(key=repr)
        snapshot[number, audience, "invited"] = sorted(
            (i.email, i.reminder_count) for i in db.session.scalars(
                select(SurveyInvitation).where(SurveyInvitation.survey_id == survey_id)))
    snapshot["actions"] = sorted((a.source_edition.number, a.title, a.status, a.created_at)
                                 for a in db.session.scalars(select(ActionItem)))
    return dict(snapshot)


def test_seeding_again_changes_nothing_and_a_fresh_seed_is_the_same(app, db):
    from tests.conftest import _empty_all_tables

    first = seed(TODAY)
    db.session.commit()
    before = _snapshot(db)
    assert first["surveys"] >= 19 and first["survey_responses"] >= 1500 and first["action_items"] == len(
        survey_answer_data.ACTIONS)
    assert seed(TODAY) == first
    db.session.commit()
    assert _snapshot(db) == before
    db.session.remove()
    with db.engine.begin() as connection:
        _empty_all_tables(connection, app.config["TEST_BACKEND"])
    assert seed(TODAY) == first
    db.session.commit()
    assert _snapshot(db) == before


def test_the_demo_questions_match_the_bank_templates():
    """Whichever comes first, the demo or the bank's templates, the other finds the same version 1."""
    for key, definition in survey_templates.BANK.items():
        mine = survey_question_data.QUESTIONS[key][0]
        assert mine["type"] == QuestionType(definition["type"]).value, key
        assert mine.get("direction", "higher_is_better") == ScaleDirection(definition["direction"]).value, key
        assert [o["value"] for o in mine.get("options", [])] == [o["value"] for o in definition.get("options", [])] \
            or mine["type"] == "yes_no_maybe", key
        assert len(mine.get("labels", [])) == len(definition.get("scale_labels", [])), key
        assert (mine["de"], mine["en"]) == (definition["text_de"], definition["text_en"]), key
