"""Frozen results: versions, immutability, the figures of both formats, determinism, the freeze when an
edition is evaluated, and the frozen results page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import IntegrityError

from conference.council.attendance import check_in
from conference.council.models import AgendaItem, Decision, FollowUp, FollowUpStatus, Recommendation
from conference.database import utcnow
from conference.editions import services as editions
from conference.editions.models import EditionFormat, EditionStatus
from conference.extensions import db as database
from conference.registration.models import Booking, BookingStatus, Registration
from conference.surveys import results
from conference.surveys.metrics import edition_metrics
from conference.surveys.models import Audience, EditionResult, QuestionType
from conference.surveys.results import ImmutableResultError, freeze_results, latest_result
from tests.factories import make_council, make_edition, make_seat, make_session, make_user
from tests.surveys.results_setup import question, respond, survey, surveyed_edition

pytestmark = pytest.mark.usefixtures("english")


def count_results(db) -> int:
    return db.session.scalar(select(func.count(EditionResult.id)))


# --- Freezing ----------------------------------------------------------------------------------------------

def test_freezing_stores_every_aggregate_as_a_new_version_each_time(db):
    edition, _q = surveyed_edition([5, 5, 4, 4, 2, 1], number=31)
    choice = question("heard_from", QuestionType.SINGLE_CHOICE)
    providers = survey(edition, [choice], audience=Audience.PROVIDERS, is_open_link=False)
    for code in ["press", "web", "web", "web", "press"]:
        respond(providers, {choice: code})
    user = make_user("organiser")

    first = freeze_results(edition, user_id=user.id)
    second = freeze_results(edition)

    assert (first.version, second.version) == (1, 2)
    assert latest_result(edition).id == second.id
    assert first.frozen_by_id == user.id and second.frozen_by_id is None
    data = first.data
    assert set(data) == {"edition", "format", "title", "theme", "starts_on", "metrics", "surveys", "questions",
                         "sessions"}
    assert (data["edition"], data["format"], data["starts_on"]) == (31, "open_day", "2027-05-08")
    assert [s["audience"] for s in data["surveys"]] == ["visitors", "providers"]
    assert [s["responses"] for s in data["surveys"]] == [6, 5]
    by_key = {row["key"]: row for row in data["questions"]}
    assert by_key["overall_satisfaction"]["audience"] == "visitors"
    assert by_key["overall_satisfaction"]["n"] == 6
    assert by_key["overall_satisfaction"]["top2_share"] == round(4 / 6, 4)
    assert by_key["heard_from"]["audience"] == "providers"
    assert by_key["heard_from"]["shares"] == {"press": 0.4, "web": 0.6}
    assert by_key["overall_satisfaction"]["comparable_since"] == 1
    assert first.data == second.data


def test_freezing_is_deterministic_and_rounds_every_float(db):
    edition, _ = surveyed_edition([5, 4, 4, 3, 2, 1, 5])
    one, two = freeze_results(edition), freeze_results(edition)

    assert results.dumps(one.data) == results.dumps(two.data)

    def floats(value):
        if isinstance(value, float):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from floats(v)
        elif isinstance(value, list):
            for v in value:
                yield from floats(v)

    assert all(round(f, 4) == f for f in floats(one.data))
    assert results.normalise({"b": 1 / 3, "a": (float("nan"), -0.0)}) == {"a": [None, 0.0], "b": 0.3333}
    assert list(results.normalise({"b": 1, "a": 2})) == ["a", "b"]


def test_comparable_since_follows_the_chain_of_comparable_versions(db):
    v1 = question("usefulness")
    v2 = question("usefulness", version=2, previous_id=v1.id, comparable_with_previous=True)
    v3 = question("usefulness", version=3, previous_id=v2.id, comparable_with_previous=False)
    edition = make_edition()
    survey(edition, [v2])
    other = make_edition()
    survey(other, [v3])

    assert freeze_results(edition).data["questions"][0]["comparable_since"] == 1
    assert freeze_results(other).data["questions"][0]["comparable_since"] == 3


# --- Immutability ---------------------------------------------------------------------------------------

def test_a_frozen_result_cannot_be_changed_or_deleted_through_the_orm(db):
    edition, _ = surveyed_edition([5, 5, 5, 5, 5])
    result = freeze_results(edition)
    db.session.commit()

    result.data = {"edition": 1}
    with pytest.raises(ImmutableResultError):
        db.session.flush()
    db.session.rollback()

    result = latest_result(edition)
    result.version = 7
    with pytest.raises(ImmutableResultError):
        db.session.flush()
    db.session.rollback()

    db.session.delete(latest_result(edition))
    with pytest.raises(ImmutableResultError):
        db.session.flush()
    db.session.rollback()

    with pytest.raises(ImmutableResultError):
        db.session.execute(update(EditionResult).values(data={}))
    with pytest.raises(ImmutableResultError):
        db.session.execute(delete(EditionResult))
    db.session.rollback()

    assert latest_result(edition).data["questions"][0]["n"] == 5
    assert count_results(db) == 1


def test_the_database_refuses_to_delete_an_edition_that_has_frozen_results(db):
    """Below the ORM too: the foreign key is RESTRICT, so no cascade can take the results along."""
    edition, _ = surveyed_edition([4, 4, 5, 5, 5])
    freeze_results(edition)
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(text("DELETE FROM edition WHERE id = :id"), {"id": edition.id})
        db.session.flush()
    db.session.rollback()
    assert count_results(db) == 1


# --- Figures ----------------------------------------------------------------------------------------------

def _registration(edition, *, confirmed=True, cancelled=False):
    now = utcnow()
    registration = Registration(edition_id=edition.id, name="Erika Muster", email="e@example.org",
                                privacy_notice_version="2026-01", confirm_by=now + timedelta(days=1),
                                confirmed_at=now if confirmed else None, cancelled_at=now if cancelled else None)
    database.session.add(registration)
    database.session.flush()
    return registration


def _book(registration, session, status):
    database.session.add(Booking(registration=registration, session=session, status=status))
    database.session.flush()


def test_open_day_figures_count_registrations_attendance_no_shows_and_walk_ins(db):
    edition = make_edition(status=EditionStatus.HELD)
    checked = make_session(edition, walk_in_count=5)
    unchecked = make_session(edition, walk_in_count=3)
    make_session(edition, is_published=False, walk_in_count=40)  # a draft does not count
    people = [_registration(edition) for _ in range(4)]
    _registration(edition, confirmed=False)
    _registration(edition, cancelled=True)
    _book(people[0], checked, BookingStatus.ATTENDED)
    _book(people[1], checked, BookingStatus.BOOKED)  # attendance was recorded here: a no-show
    _book(people[2], checked, BookingStatus.BOOKED)
    _book(people[3], checked, BookingStatus.CANCELLED)
    _book(people[3], unchecked, BookingStatus.BOOKED)  # nobody checked this session: not a no-show
    _book(people[2], unchecked, BookingStatus.WAITLISTED)

    assert edition_metrics(edition) == {
        "registrations": 6, "registrations_confirmed": 4, "registrations_cancelled": 1, "sessions": 2,
        "bookings": 4, "bookings_attended": 1, "no_shows": 2, "walk_ins": 8}


def test_no_shows_are_not_recorded_when_nobody_recorded_attendance(db):
    edition = make_edition(status=EditionStatus.HELD)
    session = make_session(edition)
    _book(_registration(edition), session, BookingStatus.BOOKED)

    metrics = edition_metrics(edition)
    assert metrics["no_shows"] is None
    assert metrics["bookings"] == 1


def _recommendation(edition, item, reference, decision, status=None):
    recommendation = Recommendation(edition_id=edition.id, agenda_item_id=item.id, reference=reference,
                                    title=f"Empfehlung {reference}", decision=decision,
                                    decided_on=date(2027, 3, 10) if decision == Decision.ADOPTED else None)
    database.session.add(recommendation)
    database.session.flush()
    if status is not None:
        database.session.add(FollowUp(recommendation=recommendation, status=status, reported_on=date(2027, 9, 1)))
        database.session.flush()
    return recommendation


def test_council_figures_count_seats_represented_and_recommendations(db):
    edition = make_council(number=29, status=EditionStatus.HELD)
    seats = [make_seat(label=f"Sitz {i}") for i in range(3)]
    make_seat(label="Abgeschafft", is_active=False)  # not counted
    now = utcnow()
    check_in(edition, seats[0], "member", now=now)
    check_in(edition, seats[0], "deputy", now=now)
    check_in(edition, seats[1], "substitute", substitute_name="Kim Weber", now=now)
    item = AgendaItem(edition_id=edition.id, title="Ganztag", position=1, number="TOP 1")
    db.session.add(item)
    db.session.flush()
    _recommendation(edition, item, "BK 29/1", Decision.ADOPTED, FollowUpStatus.IMPLEMENTED)
    _recommendation(edition, item, "BK 29/2", Decision.ADOPTED, FollowUpStatus.IN_PROGRESS)
    _recommendation(edition, item, "BK 29/3", Decision.ADOPTED)
    _recommendation(edition, item, "BK 29/4", Decision.NOT_ADOPTED)

    metrics = freeze_results(edition).data["metrics"]

    assert metrics == {"registrations": 0, "registrations_confirmed": 0, "registrations_cancelled": 0,
                       "active_seats": 3, "seats_represented": 2, "people_present": 3,
                       "recommendations_adopted": 3, "recommendations_implemented": 1}


# --- The freeze when an edition is evaluated ------------------------------------------------------------------

def test_marking_an_edition_evaluated_freezes_its_results_in_the_same_transaction(db):
    edition, _ = surveyed_edition([4, 4, 5, 5, 1])
    user = make_user("organiser")

    editions.change_status(edition, EditionStatus.EVALUATED, user_id=user.id)

    result = latest_result(edition)
    assert (result.version, result.frozen_by_id, result.data["questions"][0]["n"]) == (1, user.id, 5)
    db.session.rollback()
    assert count_results(db) == 0  # nothing committed on its own


def test_the_status_form_freezes_and_the_organiser_can_freeze_again(client, db, login_as):
    edition, _ = surveyed_edition([4, 4, 5, 5, 1])
    db.session.commit()
    login_as("organiser")

    response = client.post(f"/manage/editions/{edition.id}/status", data={"target": "evaluated"})
    assert response.status_code == 302
    assert [r.version for r in results.result_versions(edition)] == [1]

    response = client.post(f"/manage/editions/{edition.id}/frozen-results/refreeze")
    assert response.status_code == 302
    assert [r.version for r in results.result_versions(edition)] == [2, 1]
    page = client.get(f"/manage/editions/{edition.id}/frozen-results/").get_data(as_text=True)
    assert "Version 2" in page and "Version 1" in page
    old = client.get(f"/manage/editions/{edition.id}/frozen-results/?version=1")
    assert old.status_code == 200
    assert client.get(f"/manage/editions/{edition.id}/frozen-results/?version=9").status_code == 404


def test_results_cannot_be_frozen_again_once_archived_or_before_evaluation(client, db, login_as):
    archived = make_edition(status=EditionStatus.ARCHIVED)
    held = make_edition(status=EditionStatus.HELD)
    db.session.commit()
    login_as("organiser")

    assert client.post(f"/manage/editions/{archived.id}/frozen-results/refreeze").status_code == 409
    assert client.post(f"/manage/editions/{held.id}/frozen-results/refreeze").status_code == 409
    assert count_results(db) == 0


def test_analysts_see_frozen_results_but_cannot_freeze(client, db, login_as):
    edition, _ = surveyed_edition([4, 4, 5, 5, 1], status=EditionStatus.EVALUATED, number=44)
    freeze_results(edition)
    db.session.commit()
    login_as("analyst")

    page = client.get(f"/manage/editions/{edition.id}/frozen-results/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "overall_satisfaction" in text
    assert "Wie zufrieden waren Sie?" in text or "How satisfied were you?" in text
    assert "refreeze" not in text
    assert client.post(f"/manage/editions/{edition.id}/frozen-results/refreeze").status_code == 403


@pytest.mark.parametrize("role", ["reviewer", "provider"])
def test_reviewers_and_partners_do_not_see_frozen_results(client, db, login_as, role):
    edition = make_edition(format=EditionFormat.OPEN_DAY)
    db.session.commit()
    login_as(role)
    assert client.get(f"/manage/editions/{edition.id}/frozen-results/").status_code == 403


def test_a_page_without_results_says_so(client, db, login_as):
    edition = make_edition(status=EditionStatus.HELD)
    db.session.commit()
    login_as("analyst")
    page = client.get(f"/manage/editions/{edition.id}/frozen-results/").get_data(as_text=True)
    assert "no frozen results yet" in page
