import pytest

from conference.editions.models import TRANSITIONS, EditionStatus
from conference.errors import InvalidTransitionError
from tests.factories import make_edition

ALL_PAIRS = [(a, b) for a in EditionStatus for b in EditionStatus if a != b]


def test_the_lifecycle_runs_from_draft_to_archived(db):
    edition = make_edition(status=EditionStatus.DRAFT)
    edition.publish()
    edition.open_registration()
    edition.close_registration()
    edition.mark_held()
    edition.mark_evaluated()
    edition.archive()
    assert edition.status == EditionStatus.ARCHIVED


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS)
def test_every_transition_is_enforced(db, current, target):
    edition = make_edition(status=current)
    if target in TRANSITIONS[current]:
        edition.transition_to(target)
        assert edition.status == target
    else:
        with pytest.raises(InvalidTransitionError):
            edition.transition_to(target)
        assert edition.status == current


def test_unknown_status_is_a_domain_error(db):
    edition = make_edition(status=EditionStatus.DRAFT)
    with pytest.raises(InvalidTransitionError):
        edition.transition_to("cancelled")


def test_archived_is_final(db):
    assert TRANSITIONS[EditionStatus.ARCHIVED] == ()


def test_status_buttons_offer_only_allowed_steps(client, login_as, db):
    login_as("organiser")
    edition = make_edition(status=EditionStatus.PUBLISHED)
    db.session.commit()
    html = client.get(f"/manage/editions/{edition.id}").get_data(as_text=True)
    assert 'value="registration_open"' in html
    assert 'value="draft"' in html
    assert 'value="held"' not in html


def test_posting_a_status_change_moves_the_edition(client, login_as, db):
    login_as("organiser")
    edition = make_edition(status=EditionStatus.DRAFT)
    db.session.commit()
    response = client.post(f"/manage/editions/{edition.id}/status", data={"target": "published"})
    assert response.status_code == 302
    db.session.refresh(edition)
    assert edition.status == EditionStatus.PUBLISHED


def test_an_illegal_status_change_is_refused_with_409_and_nothing_changes(client, login_as, db):
    login_as("organiser")
    edition = make_edition(status=EditionStatus.DRAFT)
    db.session.commit()
    response = client.post(f"/manage/editions/{edition.id}/status", data={"target": "archived"})
    assert response.status_code == 409
    assert "kann nicht" in response.get_data(as_text=True) or "cannot" in response.get_data(as_text=True)
    db.session.refresh(edition)
    assert edition.status == EditionStatus.DRAFT


def test_analysts_cannot_change_status(client, login_as, db):
    login_as("analyst")
    edition = make_edition(status=EditionStatus.DRAFT)
    db.session.commit()
    assert client.post(f"/manage/editions/{edition.id}/status", data={"target": "published"}).status_code == 403
