"""Action items: create (from a finding), edit, delete, who may, the default target and filling it in
when the next edition is created, before / after on the target edition, and the findings page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from conference.council.models import AgendaItem, Decision, FollowUp, FollowUpStatus, Recommendation
from conference.editions import services as editions
from conference.editions.models import EditionFormat, EditionStatus
from conference.extensions import db as database
from conference.surveys import actions
from conference.surveys.models import ActionItem, ActionStatus
from tests.factories import make_council, make_edition
from tests.surveys.results_setup import evaluated, frozen, question, scale_entry

KEY = "overall_satisfaction"


pytestmark = pytest.mark.usefixtures("english")


def all_actions(db) -> list[ActionItem]:
    return list(db.session.scalars(select(ActionItem).order_by(ActionItem.id)))


def form(source, **fields):
    return {"source_edition_id": source.id, "question_key": fields.pop("question_key", KEY),
            "metric": fields.pop("metric", ""), "title": fields.pop("title", "Bessere Beschilderung"),
            "description": "", "owner": fields.pop("owner", "Bildungsbüro"), "status": fields.pop("status", "open"),
            "target_edition_id": fields.pop("target_edition_id", 0), **fields}


@pytest.fixture
def series(db):
    """Two open days with a council meeting between them, and the key in the question bank."""
    first = make_edition(number=21, status=EditionStatus.EVALUATED, day=date(2026, 5, 8))
    council = make_council(number=22, status=EditionStatus.EVALUATED, day=date(2026, 9, 1))
    second = make_edition(number=23, status=EditionStatus.HELD, day=date(2027, 5, 8))
    question(KEY)
    db.session.commit()
    return first, council, second


# --- Creating, editing, deleting ----------------------------------------------------------------------------------

def test_an_analyst_creates_an_action_for_the_next_edition_of_the_same_format(client, db, login_as, series):
    first, _council, second = series
    analyst = login_as("analyst")

    page = client.get(f"/manage/actions/new?source={first.id}&key={KEY}")
    assert page.status_code == 200
    assert f'<option selected value="{KEY}">' in page.get_data(as_text=True)
    response = client.post("/manage/actions/new", data=form(first))

    assert response.status_code == 302
    [action] = all_actions(db)
    assert (action.source_edition_id, action.target_edition_id) == (first.id, second.id)  # not the council
    assert (action.question_key, action.metric, action.owner, action.status) == (KEY, "", "Bildungsbüro", "open")
    assert action.created_by_id == analyst.id
    listing = client.get("/manage/actions/").get_data(as_text=True)
    assert "Bessere Beschilderung" in listing


def test_an_organiser_aims_an_action_at_a_metric(client, db, login_as, series):
    _first, council, _ = series
    login_as("organiser")
    response = client.post("/manage/actions/new", data=form(council, question_key="", metric="seats_represented",
                                                             title="Vertretungen klären"))
    assert response.status_code == 302
    [action] = all_actions(db)
    assert (action.metric, action.target_edition_id) == ("seats_represented", None)  # no later council yet


@pytest.mark.parametrize(("fields", "field"), [
    ({"question_key": ""}, "question_key"),
    ({"metric": "walk_ins"}, "question_key"),
    ({"metric": "guesses", "question_key": ""}, "metric"),
    ({"title": ""}, "title"),
    ({"title": "x" * 301}, "title"),
])
def test_bad_input_is_refused_with_a_message_at_its_field(client, db, login_as, series, fields, field):
    first, _, _ = series
    login_as("analyst")
    response = client.post("/manage/actions/new", data=form(first, **fields))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'<p class="kern-error" id="{field}-error">' in page
    assert f'href="#{field}"' in page  # the error summary links to it
    if field == "question_key":
        assert "either a question key or a metric" in page
    assert all_actions(db) == []


def test_the_target_must_be_a_later_edition_of_the_same_format(client, db, login_as, series):
    first, council, second = series
    login_as("analyst")
    for target in (council, first):
        response = client.post("/manage/actions/new", data=form(second, target_edition_id=target.id))
        assert response.status_code == 422
        assert "later edition of the same format" in response.get_data(as_text=True)
    assert client.post("/manage/actions/new", data=form(first, target_edition_id=second.id)).status_code == 302


def test_unknown_question_keys_are_refused_by_the_service(db, series):
    first, _, _ = series
    from conference.errors import DomainError

    with pytest.raises(DomainError, match="not_in_the_bank"):
        actions.create_action(first, title="X", question_key="not_in_the_bank")


def test_an_action_is_edited_and_deleted(client, db, login_as, series):
    first, _, second = series
    action = actions.create_action(first, title="Beschilderung", question_key=KEY)
    db.session.commit()
    login_as("analyst")

    page = client.get(f"/manage/actions/{action.id}/edit").get_data(as_text=True)
    assert 'value="Beschilderung"' in page
    response = client.post(f"/manage/actions/{action.id}/edit",
                           data=form(first, title="Beschilderung und Lageplan", status="done", owner="Team Orga",
                                     target_edition_id=second.id))
    assert response.status_code == 302
    db.session.expire_all()
    assert (action.title, action.status, action.owner) == ("Beschilderung und Lageplan", ActionStatus.DONE,
                                                            "Team Orga")

    assert client.post(f"/manage/actions/{action.id}/delete").status_code == 302
    assert all_actions(db) == []
    assert client.get(f"/manage/actions/{action.id}/edit").status_code == 404


@pytest.mark.parametrize("role", ["reviewer", "provider"])
def test_reviewers_and_partners_cannot_see_or_change_action_items(client, db, login_as, series, role):
    first, _, _ = series
    action = actions.create_action(first, title="Beschilderung", question_key=KEY)
    db.session.commit()
    login_as(role)
    assert client.get("/manage/actions/").status_code == 403
    assert client.get("/manage/actions/new").status_code == 403
    assert client.post("/manage/actions/new", data=form(first)).status_code == 403
    assert client.post(f"/manage/actions/{action.id}/edit", data=form(first)).status_code == 403
    assert client.post(f"/manage/actions/{action.id}/delete").status_code == 403
    assert len(all_actions(db)) == 1


def test_the_list_needs_the_same_queries_for_one_or_many_actions(client, db, login_as, series, count_queries):
    first, council, _second = series
    actions.create_action(first, title="Eins", question_key=KEY)
    db.session.commit()
    login_as("analyst")
    with count_queries() as one:
        client.get("/manage/actions/")
    for i in range(10):
        actions.create_action(council if i % 2 else first, title=f"Nr. {i}", metric="registrations")
    db.session.commit()
    with count_queries() as many:
        page = client.get("/manage/actions/")
    assert many.count == one.count
    assert len(re.findall(r'href="/manage/actions/\d+/edit"', page.get_data(as_text=True))) == 11


# --- The target filled in later -------------------------------------------------------------------------------

def test_creating_the_next_edition_gives_pending_actions_their_target(db):
    last = make_edition(number=40, status=EditionStatus.EVALUATED, day=date(2027, 5, 8))
    council = make_council(number=41, status=EditionStatus.EVALUATED, day=date(2027, 9, 1))
    question(KEY)
    pending = actions.create_action(last, title="Beschilderung", question_key=KEY)
    dropped = actions.create_action(last, title="Verworfen", question_key=KEY, status="dropped")
    for_council = actions.create_action(council, title="Rat", metric="seats_represented")
    assert pending.target_edition is None

    following = editions.create_next_edition(last, starts_on=date(2028, 5, 6), title="44. Tag der Bildung",
                                             number=44)

    assert pending.target_edition_id == following.id
    assert dropped.target_edition_id is None
    assert for_council.target_edition_id is None  # another format
    assert actions.attach_pending_actions(following) == 0


# --- Before and after -------------------------------------------------------------------------------------------

def test_the_target_edition_shows_the_key_before_and_after(client, db, login_as):
    source, target = evaluated(21, year=2026), evaluated(23, year=2027)
    question(KEY)
    frozen(source, [scale_entry(KEY, n=200, top2=0.40)], metrics={"walk_ins": 100})
    actions.create_action(source, title="Bessere Beschilderung", question_key=KEY, target=target)
    actions.create_action(source, title="Mehr Laufkundschaft", metric="walk_ins", target=target)
    db.session.commit()
    login_as("analyst")

    page = client.get(f"/manage/editions/{target.id}/frozen-results/").get_data(as_text=True)
    assert "Bessere Beschilderung" in page and page.count("not evaluated yet") == 2

    frozen(target, [scale_entry(KEY, n=200, top2=0.62)], metrics={"walk_ins": 150})
    db.session.commit()
    [key_row, metric_row] = actions.before_after(target)
    assert key_row.rows[0].change.verdict == "better"
    assert (metric_row.metric_before, metric_row.metric_after) == (100, 150)

    page = client.get(f"/manage/editions/{target.id}/frozen-results/").get_data(as_text=True)
    assert "better, beyond the noise" in page
    assert "40.0 %" in page and "62.0 %" in page
    assert ">50<" in page  # the metric's change


# --- Findings before the next edition -------------------------------------------------------------------------------

def _recommendation(edition, reference, status=None):
    item = AgendaItem(edition_id=edition.id, title="TOP", position=1, number=reference)
    db_session = database.session
    db_session.add(item)
    db_session.flush()
    recommendation = Recommendation(edition_id=edition.id, agenda_item_id=item.id, reference=reference,
                                    title=f"Empfehlung {reference}", decision=Decision.ADOPTED,
                                    decided_on=edition.starts_at.date())
    db_session.add(recommendation)
    db_session.flush()
    if status:
        db_session.add(FollowUp(recommendation=recommendation, status=status, reported_on=date(2027, 1, 10)))
        db_session.flush()
    return recommendation


def _edition_with_findings(db):
    """Edition 23 with two notable findings, two open action items (and three that are not) and two open
    council recommendations (and one implemented)."""
    before, edition = evaluated(21, year=2025), evaluated(23, year=2026)
    later = make_edition(number=27, day=date(2027, 5, 8))
    council = make_council(number=22, status=EditionStatus.EVALUATED, day=date(2025, 9, 1))
    for key in (KEY, "venue", "catering", "signage"):
        question(key)
    frozen(before, [scale_entry(KEY, n=200, top2=0.80), scale_entry("venue", n=200, top2=0.70),
                    scale_entry("catering", n=200, top2=0.45)])
    frozen(edition, [scale_entry(KEY, n=200, top2=0.60), scale_entry("venue", n=200, top2=0.71),
                     scale_entry("catering", n=200, top2=0.46)])
    actions.create_action(before, title="Alte offene Maßnahme", question_key="signage", target=edition)
    actions.create_action(edition, title="Neue Maßnahme", question_key=KEY, status="in_progress")
    actions.create_action(edition, title="Erledigte Maßnahme", question_key=KEY, status="done")
    actions.create_action(later, title="Spätere Maßnahme", question_key=KEY)
    actions.create_action(council, title="Rat", metric="seats_represented")
    _recommendation(council, "BK 22/1")
    _recommendation(council, "BK 22/2", FollowUpStatus.IMPLEMENTED)
    _recommendation(council, "BK 22/3", FollowUpStatus.IN_PROGRESS)
    db.session.commit()
    return edition


def assert_findings_of_edition_23(page: str, edition) -> None:
    findings = page.split('id="notable"')[1].split('id="open-actions"')[0]
    assert "Question overall_satisfaction" in findings  # fell beyond the noise
    assert "Question catering" in findings  # below 50 %
    assert "Question venue" not in findings  # good and steady
    assert "worse, beyond the noise" in findings
    open_actions = page.split('id="open-actions"')[1].split('id="open-recommendations"')[0]
    assert "Alte offene Maßnahme" in open_actions and "Neue Maßnahme" in open_actions
    assert "Erledigte" not in open_actions and "Spätere" not in open_actions and "Rat" not in open_actions
    recommendations = page.split('id="open-recommendations"')[1]
    assert "BK 22/1" in recommendations and "BK 22/3" in recommendations and "BK 22/2" not in recommendations
    assert f"/manage/actions/new?source={edition.id}&amp;key=catering" in findings


def test_the_findings_page_shows_findings_open_actions_and_open_recommendations(client, db, login_as):
    edition = _edition_with_findings(db)
    login_as("organiser")

    response = client.get(f"/manage/editions/{edition.id}/findings/")

    assert response.status_code == 200
    assert_findings_of_edition_23(response.get_data(as_text=True), edition)


def test_creating_the_next_edition_shows_the_same_findings_on_the_form_page(client, db, login_as):
    edition = _edition_with_findings(db)
    login_as("organiser")

    response = client.get(f"/manage/editions/{edition.id}/next")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.index('name="starts_on"') < page.index('id="take-up"')  # the form first, then what to take up
    assert_findings_of_edition_23(page.split('id="take-up"')[1], edition)
    assert '<h3 class="kern-heading-medium" id="notable">' in page  # under the page's own h2


def test_the_findings_page_is_linked_from_the_next_edition_form_and_only_for_organisers(client, db, login_as):
    edition = make_edition(number=30, format=EditionFormat.OPEN_DAY, status=EditionStatus.HELD)
    db.session.commit()
    login_as("organiser")
    assert f"/manage/editions/{edition.id}/findings/" in client.get(
        f"/manage/editions/{edition.id}/next").get_data(as_text=True)
    page = client.get(f"/manage/editions/{edition.id}/findings/").get_data(as_text=True)
    assert "no frozen results yet" in page
    client.post("/logout")
    login_as("analyst")
    assert client.get(f"/manage/editions/{edition.id}/findings/").status_code == 403
