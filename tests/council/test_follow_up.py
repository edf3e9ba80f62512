"""Follow-up across editions: status reports, the traffic light, the time since adoption, the overview,
and open recommendations carried into the agenda of the coming meetings."""

from datetime import date

import pytest
from sqlalchemy import func, select

from conference.council import follow_up
from conference.council.models import AgendaDocument, AgendaItem, AgendaItemKind, Decision, FollowUp, FollowUpStatus
from conference.editions.models import Edition, EditionStatus
from conference.errors import ConflictError, DomainError
from tests.council.agenda_helpers import english, make_item, make_recommendation, report
from tests.factories import make_council, make_edition

SPRING, AUTUMN = date(2024, 3, 13), date(2024, 9, 11)
NEXT = date(2099, 3, 11)


@pytest.fixture(autouse=True)
def _english(client):
    english(client)


def follow_up_items(db, edition):
    return db.session.scalars(select(AgendaItem).where(AgendaItem.edition_id == edition.id,
                                                       AgendaItem.kind == AgendaItemKind.FOLLOW_UP)
                              .order_by(AgendaItem.position)).all()


def held(number, day):
    return make_council(number=number, day=day, status=EditionStatus.HELD)


# --- Status reports -----------------------------------------------------------------------------------

def test_the_latest_report_by_date_is_the_status(db):
    rec = make_recommendation(make_item(held(28, SPRING)))
    assert rec.status == FollowUpStatus.OPEN
    report(rec, FollowUpStatus.IN_PROGRESS, date(2024, 6, 1))
    assert rec.status == FollowUpStatus.IN_PROGRESS
    report(rec, FollowUpStatus.OPEN, date(2024, 4, 1), text="nachgetragen")  # older: not the status
    assert rec.status == FollowUpStatus.IN_PROGRESS
    report(rec, FollowUpStatus.IMPLEMENTED, date(2025, 1, 15))
    assert rec.status == FollowUpStatus.IMPLEMENTED and rec.status.is_final


def test_reports_need_an_adopted_recommendation_and_a_plausible_date(db):
    item = make_item(held(28, SPRING))
    with pytest.raises(ConflictError):
        report(make_recommendation(item, decision=Decision.DEFERRED), FollowUpStatus.IN_PROGRESS, date(2024, 6, 1))
    rec = make_recommendation(item)
    with pytest.raises(DomainError) as before:
        report(rec, FollowUpStatus.IN_PROGRESS, date(2024, 3, 1))
    assert before.value.field == "reported_on"
    with pytest.raises(DomainError):
        report(rec, FollowUpStatus.IN_PROGRESS, date(2099, 1, 1))
    with pytest.raises(DomainError):
        report(rec, FollowUpStatus.IN_PROGRESS, date(2024, 6, 1), edition=make_edition())  # an open day


def test_the_organiser_adds_and_deletes_reports(client, db, login_as):
    edition = held(28, SPRING)
    autumn = held(29, AUTUMN)
    rec = make_recommendation(make_item(edition))
    db.session.commit()
    login_as("organiser")
    page = client.get(f"/manage/council/follow-up/recommendations/{rec.id}").get_data(as_text=True)
    assert "No status report yet" in page and "traffic-light--red" in page
    response = client.post(f"/manage/council/follow-up/recommendations/{rec.id}/reports", data={
        "status": "in_progress", "text": "Arbeitsgruppe gebildet", "reported_on": "2024-09-11",
        "edition_id": str(autumn.id)})
    assert response.status_code == 302
    saved = db.session.scalar(select(FollowUp))
    assert (saved.status, saved.text, saved.reported_on, saved.edition_id) == (
        FollowUpStatus.IN_PROGRESS, "Arbeitsgruppe gebildet", AUTUMN, autumn.id)
    assert saved.created_by_id is not None
    page = client.get(f"/manage/council/follow-up/recommendations/{rec.id}").get_data(as_text=True)
    assert "Arbeitsgruppe gebildet" in page and "traffic-light--amber" in page
    response = client.post(f"/manage/council/follow-up/recommendations/{rec.id}/reports",
                           data={"status": "implemented", "reported_on": "2024-01-01"})
    assert response.status_code == 422 and "before the adoption" in response.get_data(as_text=True)
    assert client.post(f"/manage/council/follow-up/recommendations/{rec.id}/reports",
                       data={"status": "finished"}).status_code == 422
    assert client.post(f"/manage/council/follow-up/reports/{saved.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count(FollowUp.id))) == 0


def test_reported_on_defaults_to_today(client, db, login_as):
    rec = make_recommendation(make_item(held(28, SPRING)))
    db.session.commit()
    login_as("organiser")
    client.post(f"/manage/council/follow-up/recommendations/{rec.id}/reports", data={"status": "dropped"})
    assert db.session.scalar(select(FollowUp.reported_on)) == follow_up.today()


# --- Time since adoption and the overview --------------------------------------------------------------

@pytest.mark.parametrize(("since", "on", "months", "days"), [
    (date(2024, 3, 13), date(2024, 3, 13), 0, 0),
    (date(2024, 3, 13), date(2024, 3, 20), 0, 7),
    (date(2024, 3, 13), date(2024, 4, 13), 1, 0),
    (date(2024, 3, 13), date(2025, 5, 16), 14, 3),
    (date(2024, 1, 31), date(2024, 2, 28), 0, 28),
    (date(2024, 1, 31), date(2024, 2, 29), 1, 0),  # no 31 February: the month ends on its last day
    (date(2024, 1, 31), date(2024, 3, 1), 1, 1),
])
def test_time_since_adoption_in_months_and_days(since, on, months, days):
    assert follow_up.age(since, on) == follow_up.Age(months, days)


def test_time_since_adoption_reads_well(app):
    with app.test_request_context("/?lang=en"):
        assert follow_up.age_label(date(2024, 3, 13), date(2025, 5, 16)) == "14 months, 3 days"
        assert follow_up.age_label(date(2024, 3, 13), date(2024, 4, 13)) == "1 month"
        assert follow_up.age_label(date(2024, 3, 13), date(2024, 3, 14)) == "1 day"


def test_the_overview_shows_every_adopted_recommendation_with_its_traffic_light(client, db, login_as):
    spring, autumn = held(28, SPRING), held(29, AUTUMN)
    item = make_item(spring)
    open_one = make_recommendation(item, title="Offen")
    running = make_recommendation(item, title="Läuft")
    report(running, FollowUpStatus.IN_PROGRESS, date(2024, 5, 1))
    done = make_recommendation(make_item(autumn), title="Erledigt")
    report(done, FollowUpStatus.IMPLEMENTED, date(2024, 12, 1))
    dropped = make_recommendation(make_item(autumn), title="Verworfen")
    report(dropped, FollowUpStatus.DROPPED, date(2024, 12, 1))
    make_recommendation(item, title="Entwurf", decision=Decision.PENDING)
    make_recommendation(item, title="Abgelehnt", decision=Decision.NOT_ADOPTED)
    db.session.commit()
    login_as("organiser")
    page = client.get("/manage/council/follow-up/").get_data(as_text=True)
    for title in ("Offen", "Läuft", "Erledigt", "Verworfen"):
        assert title in page
    assert "Entwurf" not in page and "Abgelehnt" not in page
    # The oldest first; each light carries its text.
    assert page.index("Offen") < page.index("Erledigt")
    for colour, label in (("red", "Open"), ("amber", "In progress"), ("green", "Implemented"), ("grey", "Dropped")):
        assert f"traffic-light--{colour}" in page
        assert f'traffic-light--{colour}"><span class="kern-icon' in page and label in page
    filtered = client.get("/manage/council/follow-up/?status=implemented").get_data(as_text=True)
    assert "Erledigt" in filtered and "Offen</a>" not in filtered
    by_edition = client.get(f"/manage/council/follow-up/?edition={autumn.id}").get_data(as_text=True)
    assert "Erledigt" in by_edition and "Läuft</a>" not in by_edition
    assert client.get("/manage/council/follow-up/?status=x&edition=abc").status_code == 200
    assert [r.title for r in follow_up.overview()][:2] == ["Offen", "Läuft"]
    assert {r.title for r in follow_up.overview(status=FollowUpStatus.OPEN)} == {open_one.title}


def test_the_overview_costs_the_same_queries_for_2_and_20_recommendations(client, db, login_as, count_queries):
    login_as("organiser")
    counter = iter(range(28, 100))

    def add(n):
        for i in range(n):
            rec = make_recommendation(make_item(held(next(counter), date(2024, 1, 10 + i % 15))))
            report(rec, FollowUpStatus.IN_PROGRESS, date(2024, 6, 1), edition=None)
        db.session.commit()

    add(2)
    with count_queries() as few:
        assert client.get("/manage/council/follow-up/").status_code == 200
    add(18)
    with count_queries() as many:
        assert client.get("/manage/council/follow-up/").status_code == 200
    assert many.count == few.count


@pytest.mark.parametrize("role", ["analyst", "reviewer"])
def test_analysts_and_reviewers_cannot_see_the_follow_up(client, db, login_as, role):
    rec = make_recommendation(make_item(held(28, SPRING)))
    db.session.commit()
    login_as(role)
    assert client.get("/manage/council/follow-up/").status_code == 403
    assert client.get(f"/manage/council/follow-up/recommendations/{rec.id}").status_code == 403
    assert client.post(f"/manage/council/follow-up/recommendations/{rec.id}/reports",
                       data={"status": "implemented"}).status_code == 403


# --- Carrying open recommendations into the coming meetings ---------------------------------------------

def test_open_recommendations_of_earlier_meetings_become_follow_up_items_once(db):
    spring, autumn = held(28, SPRING), held(29, AUTUMN)
    first = make_recommendation(make_item(spring), title="Sprachförderung")
    second = make_recommendation(make_item(autumn), title="Ganztag")
    report(second, FollowUpStatus.IN_PROGRESS, date(2024, 10, 1))
    done = make_recommendation(make_item(autumn), title="Erledigt")
    report(done, FollowUpStatus.IMPLEMENTED, date(2024, 10, 1))
    make_recommendation(make_item(autumn), title="Nur Entwurf", decision=Decision.PENDING)
    make_recommendation(make_item(autumn), title="Vertagt", decision=Decision.DEFERRED)
    upcoming = make_council(number=30, day=NEXT)
    regular = make_item(upcoming, title="Begrüßung")
    later_rec = make_recommendation(regular, title="Von heute")  # adopted here, not earlier: not carried

    follow_up.carry_open_recommendations(upcoming)  # the helpers above already carried; again changes nothing
    assert follow_up.carry_open_recommendations(upcoming) == 0
    items = follow_up_items(db, upcoming)
    assert [(i.number, i.follow_up_of_id) for i in items] == [("F1", first.id), ("F2", second.id)]
    assert items[0].title.endswith(": BK 28/1 Sprachförderung")
    assert later_rec.id not in {i.follow_up_of_id for i in items}
    all_items = db.session.scalars(select(AgendaItem).where(AgendaItem.edition_id == upcoming.id)
                                   .order_by(AgendaItem.position)).all()
    assert all_items[0] == regular  # after the regular items


def test_the_carry_over_is_idempotent_and_creates_what_is_missing(db):
    rec = make_recommendation(make_item(held(28, SPRING)))
    upcoming = make_council(number=30, day=NEXT)
    for item in follow_up_items(db, upcoming):
        db.session.delete(item)
    db.session.flush()
    assert follow_up.carry_open_recommendations(upcoming) == 1
    assert follow_up.carry_open_recommendations(upcoming) == 0
    assert [i.follow_up_of_id for i in follow_up_items(db, upcoming)] == [rec.id]


def test_held_meetings_and_open_days_get_no_follow_up_items(db):
    make_recommendation(make_item(held(28, SPRING)))
    later_but_held = held(29, AUTUMN)
    open_day = make_edition(number=31, day=NEXT)
    assert follow_up.carry_open_recommendations(later_but_held) == 0
    assert follow_up.carry_open_recommendations(open_day) == 0
    assert db.session.scalar(select(func.count(AgendaItem.id)).where(
        AgendaItem.kind == AgendaItemKind.FOLLOW_UP)) == 0


def test_a_final_report_removes_untouched_follow_up_items_of_coming_meetings(db):
    rec = make_recommendation(make_item(held(28, SPRING)))
    upcoming = make_council(number=30, day=NEXT)
    follow_up.carry_open_recommendations(upcoming)
    assert len(follow_up_items(db, upcoming)) == 1
    report(rec, FollowUpStatus.IMPLEMENTED, date(2024, 10, 1))  # carried automatically: the item goes
    assert follow_up_items(db, upcoming) == []
    follow_up.delete_report(db.session.scalar(select(FollowUp)))  # open again: the item comes back
    assert len(follow_up_items(db, upcoming)) == 1


def test_follow_up_items_that_were_worked_on_stay(db):
    from conference.council import documents
    from tests.council.test_agenda import _file

    spring = held(28, SPRING)
    recs = [make_recommendation(make_item(spring), title=t) for t in ("A", "B", "C", "D")]
    upcoming = make_council(number=30, day=NEXT)
    assert follow_up.carry_open_recommendations(upcoming) == 4
    a, b, c, d = follow_up_items(db, upcoming)
    make_recommendation(a, decision=Decision.PENDING)
    documents.add_document(b, _file(), title="Bericht")
    c.minutes = "Besprochen"
    for rec in recs[:3]:
        report(rec, FollowUpStatus.DROPPED, date(2024, 10, 1))
    report(recs[3], FollowUpStatus.IMPLEMENTED, follow_up.today(), edition=upcoming)  # reported at this meeting
    assert follow_up_items(db, upcoming) == [a, b, c, d]
    assert db.session.scalar(select(func.count(AgendaDocument.id))) == 1


def test_follow_up_items_are_titled_in_the_default_language_whoever_triggers_them(client, db, login_as):
    """The agenda is the council's public record: an organiser browsing in English (the autouse fixture)
    who records a decision must not give the German agenda an English item title."""
    from flask_babel import force_locale, gettext

    rec = make_recommendation(make_item(held(28, SPRING)), title="Sprachförderung", decision=Decision.PENDING)
    upcoming = make_council(number=30, day=NEXT)
    db.session.commit()
    login_as("organiser")
    response = client.post(f"/manage/editions/{rec.edition_id}/council/agenda/recommendations/{rec.id}/decision",
                           data={"decision": "adopted"})
    assert response.status_code == 302
    [item] = follow_up_items(db, upcoming)
    with force_locale("de"):
        german = gettext("Follow-up: %(reference)s %(title)s", reference="BK 28/1", title="Sprachförderung")
    assert item.title == german != "Follow-up: BK 28/1 Sprachförderung"


def test_adopting_a_recommendation_adds_it_to_the_coming_meetings(db):
    from conference.council import recommendations

    rec = make_recommendation(make_item(held(28, SPRING)), decision=Decision.PENDING)
    upcoming = make_council(number=30, day=NEXT)
    assert follow_up_items(db, upcoming) == []
    recommendations.decide(rec, Decision.ADOPTED)
    assert [i.follow_up_of_id for i in follow_up_items(db, upcoming)] == [rec.id]
    recommendations.decide(rec, Decision.NOT_ADOPTED)  # recorded by mistake: the item goes again
    assert follow_up_items(db, upcoming) == []


def test_creating_a_council_edition_carries_the_open_recommendations(client, db, login_as):
    rec = make_recommendation(make_item(held(28, SPRING)))
    db.session.commit()
    login_as("organiser")
    response = client.post("/manage/editions/new", data={
        "number": "", "format": "council", "title": "30. Regionale Bildungskonferenz", "theme": "",
        "description": "", "starts_at": "2099-03-11T15:00", "ends_at": "2099-03-11T18:00"})
    assert response.status_code == 302
    created = db.session.scalar(select(Edition).where(Edition.title == "30. Regionale Bildungskonferenz"))
    assert [i.follow_up_of_id for i in follow_up_items(db, created)] == [rec.id]


def test_the_next_edition_carries_the_open_recommendations(client, db, login_as):
    source = held(28, SPRING)
    rec = make_recommendation(make_item(source))
    db.session.commit()
    login_as("organiser")
    response = client.post(f"/manage/editions/{source.id}/next", data={
        "starts_on": "2099-03-11", "title": "29. Regionale Bildungskonferenz", "theme": "", "format": "council",
        "number": ""})
    assert response.status_code == 302
    created = db.session.scalar(select(Edition).where(Edition.title == "29. Regionale Bildungskonferenz"))
    items = follow_up_items(db, created)
    assert [i.follow_up_of_id for i in items] == [rec.id]


def test_the_agenda_button_updates_and_the_agenda_marks_follow_up_items(client, db, login_as):
    rec = make_recommendation(make_item(held(28, SPRING)), title="Sprachförderung")
    upcoming = make_council(number=30, day=NEXT)
    for item in follow_up_items(db, upcoming):
        db.session.delete(item)
    db.session.commit()
    login_as("organiser")
    response = client.post(f"/manage/editions/{upcoming.id}/council/agenda/follow-up-items",
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "1 added, 0 removed" in page
    assert ": BK 28/1 Sprachförderung" in page and "Follow-up item" in page
    assert "traffic-light--red" in page and "Open" in page
    assert [i.follow_up_of_id for i in follow_up_items(db, upcoming)] == [rec.id]


def test_a_report_from_the_follow_up_item_is_given_at_that_meeting(client, db, login_as):
    rec = make_recommendation(make_item(held(28, SPRING)))
    upcoming = make_council(number=30, day=NEXT)
    follow_up.carry_open_recommendations(upcoming)
    (item,) = follow_up_items(db, upcoming)
    db.session.commit()
    login_as("organiser")
    page = client.get(f"/manage/editions/{upcoming.id}/council/agenda/items/{item.id}").get_data(as_text=True)
    assert f'<option selected value="{upcoming.id}">' in page or f'value="{upcoming.id}" selected' in page
    response = client.post(f"/manage/council/follow-up/recommendations/{rec.id}/reports", data={
        "status": "implemented", "text": "Umgesetzt", "edition_id": str(upcoming.id),
        "from_agenda": str(upcoming.id)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/council/agenda/items/{item.id}")
    saved = db.session.scalar(select(FollowUp))
    assert (saved.edition_id, saved.status) == (upcoming.id, FollowUpStatus.IMPLEMENTED)
    assert follow_up_items(db, upcoming) == [item]  # reported here, so it stays on this agenda
