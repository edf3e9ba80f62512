"""Recommendations: references, corrections, the decision, deletion of drafts and carrying deferred ones."""

from datetime import date

import pytest
from sqlalchemy import func, select

from conference.council import recommendations
from conference.council.models import AgendaItem, Decision, FollowUpStatus, Recommendation
from conference.editions.models import EditionStatus
from conference.errors import ConflictError, DomainError
from tests.council.agenda_helpers import english, make_item, make_recommendation, report
from tests.factories import make_council

PAST = date(2024, 3, 13)


@pytest.fixture(autouse=True)
def _english(client):
    english(client)


def url(edition, path=""):
    return f"/manage/editions/{edition.id}/council/agenda{path}"


def test_references_count_per_edition_from_one(client, db, login_as):
    first, second = make_council(number=28, day=PAST), make_council(number=29, day=date(2024, 9, 11))
    a, b = make_item(first), make_item(second)
    db.session.commit()
    login_as("organiser")
    for title in ("Eins", "Zwei"):
        response = client.post(url(first, f"/items/{a.id}/recommendations"),
                               data={"recommendation-title": title, "recommendation-text": "Text",
                                     "recommendation-addressees": ["school_supervision", "youth_services"]})
        assert response.status_code == 302
    client.post(url(second, f"/items/{b.id}/recommendations"), data={"recommendation-title": "Drei"})
    rows = db.session.execute(select(Recommendation.reference, Recommendation.title, Recommendation.decision)
                              .order_by(Recommendation.id)).all()
    assert rows == [("BK 28/1", "Eins", Decision.PENDING), ("BK 28/2", "Zwei", Decision.PENDING),
                    ("BK 29/1", "Drei", Decision.PENDING)]
    assert db.session.scalar(select(Recommendation).where(Recommendation.reference == "BK 28/1")).addressees == [
        "school_supervision", "youth_services"]


def test_references_stay_unique_when_an_edition_number_is_reused(db):
    old = make_council(number=28, day=PAST)
    assert make_recommendation(make_item(old), decision=Decision.PENDING).reference == "BK 28/1"
    old.number = 40  # renumbered later: its references stay as they were given
    db.session.flush()
    new = make_council(number=28, day=date(2024, 9, 11))
    assert make_recommendation(make_item(new), decision=Decision.PENDING).reference == "BK 28/2"


def test_unknown_addressees_and_empty_titles_are_refused(client, db, login_as):
    edition = make_council()
    item = make_item(edition)
    db.session.commit()
    login_as("organiser")
    response = client.post(url(edition, f"/items/{item.id}/recommendations"),
                           data={"recommendation-title": "X", "recommendation-addressees": ["mars"]})
    assert response.status_code == 422
    assert client.post(url(edition, f"/items/{item.id}/recommendations"),
                       data={"recommendation-title": ""}).status_code == 422
    assert db.session.scalar(select(func.count(Recommendation.id))) == 0
    with pytest.raises(DomainError):
        recommendations.draft(item, title="X", addressees=["mars"])


def test_the_decision_is_recorded_with_the_meeting_day_by_default(client, db, login_as):
    edition = make_council(day=PAST, status=EditionStatus.HELD)
    rec = make_recommendation(make_item(edition), decision=Decision.PENDING)
    db.session.commit()
    login_as("organiser")
    response = client.post(url(edition, f"/recommendations/{rec.id}/decision"), data={"decision": "adopted"})
    assert response.status_code == 302
    db.session.expire_all()
    rec = db.session.get(Recommendation, rec.id)
    assert (rec.decision, rec.decided_on) == (Decision.ADOPTED, PAST)
    client.post(url(edition, f"/recommendations/{rec.id}/decision"),
                data={"decision": "deferred", "decided_on": "2024-03-14"})
    db.session.expire_all()
    rec = db.session.get(Recommendation, rec.id)
    assert (rec.decision, rec.decided_on) == (Decision.DEFERRED, date(2024, 3, 14))
    client.post(url(edition, f"/recommendations/{rec.id}/decision"), data={"decision": "pending"})
    db.session.expire_all()
    rec = db.session.get(Recommendation, rec.id)
    assert (rec.decision, rec.decided_on) == (Decision.PENDING, None)
    assert client.post(url(edition, f"/recommendations/{rec.id}/decision"),
                       data={"decision": "maybe"}).status_code == 422


def test_an_adopted_recommendation_with_reports_stays_adopted(client, db, login_as):
    edition = make_council(day=PAST, status=EditionStatus.HELD)
    rec = make_recommendation(make_item(edition))
    report(rec, FollowUpStatus.IN_PROGRESS, date(2024, 6, 1))
    db.session.commit()
    login_as("organiser")
    response = client.post(url(edition, f"/recommendations/{rec.id}/decision"), data={"decision": "not_adopted"})
    assert response.status_code == 409
    assert "stays adopted" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Recommendation, rec.id).decision == Decision.ADOPTED


def test_a_decided_text_can_be_corrected_and_keeps_its_decision(client, db, login_as):
    edition = make_council(day=PAST, status=EditionStatus.HELD)
    rec = make_recommendation(make_item(edition), title="Tippfeler")
    db.session.commit()
    login_as("organiser")
    response = client.post(url(edition, f"/recommendations/{rec.id}"),
                           data={"title": "Tippfehler", "text": "Korrigiert", "addressees": ["schools"]})
    assert response.status_code == 302
    db.session.expire_all()
    rec = db.session.get(Recommendation, rec.id)
    assert (rec.title, rec.text, rec.addressees, rec.decision, rec.decided_on) == (
        "Tippfehler", "Korrigiert", ["schools"], Decision.ADOPTED, PAST)
    page = client.get(url(edition, f"/recommendations/{rec.id}")).get_data(as_text=True)
    assert "Adopted by consensus" in page and "Change the decision" in page


def test_only_drafts_can_be_deleted(client, db, login_as):
    edition = make_council(day=PAST, status=EditionStatus.HELD)
    item = make_item(edition)
    draft = make_recommendation(item, decision=Decision.PENDING)
    adopted = make_recommendation(item, title="Beschlossen")
    db.session.commit()
    login_as("organiser")
    assert client.post(url(edition, f"/recommendations/{adopted.id}/delete")).status_code == 409
    assert client.post(url(edition, f"/recommendations/{draft.id}/delete")).status_code == 302
    assert db.session.scalars(select(Recommendation.title)).all() == ["Beschlossen"]


def test_recommendations_of_other_editions_are_not_found_here(client, db, login_as):
    edition, other = make_council(day=PAST), make_council(day=date(2024, 9, 11))
    rec = make_recommendation(make_item(other), decision=Decision.PENDING)
    db.session.commit()
    login_as("organiser")
    assert client.get(url(edition, f"/recommendations/{rec.id}")).status_code == 404
    assert client.post(url(edition, f"/recommendations/{rec.id}/decision"),
                       data={"decision": "adopted"}).status_code == 404


def test_a_deferred_recommendation_is_carried_to_a_later_meeting_once(client, db, login_as):
    earlier = make_council(number=28, day=PAST, status=EditionStatus.HELD)
    rec = make_recommendation(make_item(earlier), title="Schulwegsicherheit", decision=Decision.DEFERRED,
                              text="Die Konferenz empfiehlt sichere Schulwege.")
    held = make_council(number=29, day=date(2024, 9, 11), status=EditionStatus.HELD)
    later = make_council(number=30, day=date(2099, 3, 11), status=EditionStatus.PUBLISHED)
    db.session.commit()
    login_as("organiser")
    page = client.get(url(earlier, f"/recommendations/{rec.id}")).get_data(as_text=True)
    assert f'value="{later.id}"' in page
    assert f'value="{held.id}"' not in page  # held meetings are no target
    assert client.post(url(earlier, f"/recommendations/{rec.id}/carry"), data={"target": held.id}).status_code == 302
    assert db.session.scalar(select(func.count(Recommendation.id))) == 1  # refused (flashed)
    response = client.post(url(earlier, f"/recommendations/{rec.id}/carry"), data={"target": later.id})
    assert response.status_code == 302
    carried = db.session.scalar(select(Recommendation).where(Recommendation.edition_id == later.id))
    assert carried.reference == "BK 30/1" and carried.decision == Decision.PENDING
    assert "BK 28/1" in carried.text and "sichere Schulwege" in carried.text
    # Written into the record in the site's language, not in the organiser's (English here).
    assert "Deferred at" not in carried.text and "Deferred at" not in carried.agenda_item.description
    assert carried.agenda_item.title == "Schulwegsicherheit" and carried.agenda_item.edition_id == later.id
    assert client.post(url(earlier, f"/recommendations/{rec.id}/carry"),
                       data={"target": later.id}).status_code == 409
    assert db.session.scalar(select(func.count(AgendaItem.id)).where(AgendaItem.edition_id == later.id)) == 1


def test_only_deferred_recommendations_are_carried(db):
    earlier = make_council(day=PAST, status=EditionStatus.HELD)
    later = make_council(day=date(2099, 3, 11))
    rec = make_recommendation(make_item(earlier), decision=Decision.NOT_ADOPTED)
    with pytest.raises(ConflictError):
        recommendations.carry_deferred(rec, later)


def test_references_mentioned_as_prefixes_do_not_count_as_carried(db):
    assert recommendations._mentions("Vertagt (BK 28/2).", "BK 28/2")
    assert not recommendations._mentions("Vertagt (BK 28/20).", "BK 28/2")


@pytest.mark.parametrize("role", ["analyst", "reviewer"])
def test_analysts_and_reviewers_cannot_open_recommendations(client, db, login_as, role):
    edition = make_council()
    rec = make_recommendation(make_item(edition), decision=Decision.PENDING)
    db.session.commit()
    login_as(role)
    assert client.get(url(edition, f"/recommendations/{rec.id}")).status_code == 403
    assert client.post(url(edition, f"/recommendations/{rec.id}/decision"),
                       data={"decision": "adopted"}).status_code == 403
