"""The organisers' schedule grid: moves by form and by drag and drop (JSON), live conflicts, the edition-wide
conflict list, and the solver's proposal shown as a diff, applied or discarded."""

from datetime import time

import pytest
from sqlalchemy import select

from conference.program.models import ProposalStatus, ScheduleProposal, Session
from conference.submissions import decisions
from conference.submissions.models import SubmissionStatus
from tests.factories import (
    make_call,
    make_edition,
    make_offer,
    make_organisation,
    make_provider,
    make_session,
    make_slot,
    make_venue,
)


@pytest.fixture
def edition(db):
    edition = make_edition()
    make_venue(edition, rooms=[("Saal", 100, True), ("Keller", 12, False)])
    make_slot(edition, time(11), label="R1")
    make_slot(edition, time(13), label="R2")
    db.session.commit()
    return edition


def rooms_slots(edition):
    """(hall, cellar), (first slot, second slot)."""
    rooms = {r.name: r for r in edition.venues[0].rooms}
    return (rooms["Saal"], rooms["Keller"]), sorted(edition.time_slots, key=lambda s: s.starts_at)


def test_moving_by_form_shows_the_new_conflicts_at_once(client, db, login_as, edition):
    (hall, cellar), (first, _) = rooms_slots(edition)
    a = make_session(edition, title="A", capacity=50, slot=first, room=hall)
    b = make_session(edition, title="B", capacity=50)
    db.session.commit()
    login_as("organiser")
    grid = client.get(f"/manage/editions/{edition.id}/schedule/").get_data(as_text=True)
    assert "A" in grid and f'id="s{b.id}"' in grid and "Keine Konflikte." in grid
    response = client.post(f"/manage/editions/{edition.id}/schedule/sessions/{b.id}",
                           data={"room_id": str(hall.id), "slot_id": str(first.id)})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Raum doppelt belegt" in page
    response = client.post(f"/manage/editions/{edition.id}/schedule/sessions/{a.id}",
                           data={"room_id": str(cellar.id), "slot_id": str(first.id)})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Mehr Personen erwartet, als der Raum fasst: „A“." in page
    db.session.expire_all()
    assert (db.session.get(Session, a.id).room_id, db.session.get(Session, b.id).room_id) == (cellar.id, hall.id)


def test_a_drop_posts_json_and_answers_with_the_conflicts(client, db, login_as, edition):
    (hall, _), (first, _) = rooms_slots(edition)
    make_session(edition, title="A", slot=first, room=hall)
    b = make_session(edition, title="B")
    db.session.commit()
    login_as("organiser")
    response = client.post(f"/manage/editions/{edition.id}/schedule/sessions/{b.id}",
                           data={"room_id": str(hall.id), "slot_id": str(first.id)},
                           headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.json["ok"] and len(response.json["conflicts"]) == 1
    bad = client.post(f"/manage/editions/{edition.id}/schedule/sessions/{b.id}",
                      data={"room_id": "999999", "slot_id": str(first.id)}, headers={"Accept": "application/json"})
    assert bad.status_code == 422 and "room_id" in bad.json["errors"]
    taken_out = client.post(f"/manage/editions/{edition.id}/schedule/sessions/{b.id}",
                            data={"room_id": "", "slot_id": ""}, headers={"Accept": "application/json"})
    assert taken_out.json == {"ok": True, "conflicts": []}
    assert db.session.get(Session, b.id).slot_id is None


def test_a_move_raises_the_calendar_sequence_and_sessions_of_other_editions_are_404(client, db, login_as, edition):
    (hall, _), (first, _) = rooms_slots(edition)
    session = make_session(edition)
    foreign = make_session(make_edition())
    db.session.commit()
    login_as("organiser")
    client.post(f"/manage/editions/{edition.id}/schedule/sessions/{session.id}",
                data={"room_id": str(hall.id), "slot_id": str(first.id), "pinned": "y"})
    db.session.expire_all()
    moved = db.session.get(Session, session.id)
    assert moved.sequence == 1 and moved.is_pinned
    assert client.get(f"/manage/editions/{edition.id}/schedule/sessions/{foreign.id}").status_code == 404


def test_needs_and_availability_of_the_offer_drive_the_conflicts(client, db, login_as, edition):
    (_hall, cellar), (first, second) = rooms_slots(edition)
    call = make_call(edition)
    offer = make_offer(edition, make_provider(), slots=[second], needs_step_free=True, equipment=["Flipchart"])
    session = decisions.decide(offer, call, SubmissionStatus.ACCEPTED, notify=False)
    session.room, session.slot = cellar, first
    db.session.commit()
    login_as("organiser")
    page = client.get(f"/manage/editions/{edition.id}/schedule/").get_data(as_text=True)
    for words in ("stufenlosen Zugang", "Ausstattung fehlt (Flipchart)", "Verfügbarkeit"):
        assert words in page, words


def test_the_target_group_limit_is_an_edition_setting(client, db, login_as, edition):
    (hall, cellar), (first, _) = rooms_slots(edition)
    make_session(edition, slot=first, room=hall, target_groups=["kita"])
    make_session(edition, slot=first, room=cellar, capacity=5, target_groups=["kita"])
    db.session.commit()
    login_as("organiser")
    assert client.post(f"/manage/editions/{edition.id}/schedule/settings",
                       data={"target_group_limit": "1"}).status_code == 302
    assert edition.target_group_limit == 1
    assert "Zielgruppe" in client.get(f"/manage/editions/{edition.id}/schedule/").get_data(as_text=True)
    assert client.post(f"/manage/editions/{edition.id}/schedule/settings",
                       data={"target_group_limit": "-3"}).status_code == 302
    assert edition.target_group_limit == 1


def test_a_proposal_is_shown_as_a_diff_then_applied(client, db, login_as, edition):
    (hall, _cellar), (first, _second) = rooms_slots(edition)
    school = make_organisation()
    sessions = [make_session(edition, title=f"W{i}", capacity=10, organisation_id=school.id) for i in range(3)]
    pinned = make_session(edition, title="Fest", slot=first, room=hall, capacity=80)
    pinned.is_pinned = True
    db.session.commit()
    login_as("organiser")
    response = client.post(f"/manage/editions/{edition.id}/schedule/propose")
    assert response.status_code == 302
    proposal = db.session.scalar(select(ScheduleProposal))
    assert proposal.status == ProposalStatus.DONE and proposal.progress["stage"] == "done"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert all(s.title in page for s in sessions) and "Fest</th>" not in page
    progress = client.get(f"/manage/editions/{edition.id}/schedule/proposals/{proposal.id}/progress").json
    assert progress["status"] == "done" and progress["percent"] == 100
    assert client.post(f"/manage/editions/{edition.id}/schedule/proposals/{proposal.id}/apply").status_code == 302
    db.session.expire_all()
    placed = db.session.scalars(select(Session).where(Session.id.in_([s.id for s in sessions]))).all()
    # an institution cannot be in two places at once: 3 of its offers need 3 slots, there are 2
    assert sum(1 for s in placed if s.slot_id is not None) == 2
    assert (db.session.get(Session, pinned.id).room_id, db.session.get(Session, pinned.id).slot_id) == (
        hall.id, first.id)
    assert "Keine Konflikte." in client.get(f"/manage/editions/{edition.id}/schedule/").get_data(as_text=True)
    assert client.post(f"/manage/editions/{edition.id}/schedule/proposals/{proposal.id}/apply").status_code == 409


def test_a_proposal_can_be_discarded_and_needs_rooms_and_slots(client, db, login_as, edition):
    make_session(edition)
    bare = make_edition()
    db.session.commit()
    login_as("organiser")
    assert client.post(f"/manage/editions/{bare.id}/schedule/propose").status_code == 409
    client.post(f"/manage/editions/{edition.id}/schedule/propose")
    proposal = db.session.scalar(select(ScheduleProposal))
    assert client.post(f"/manage/editions/{edition.id}/schedule/proposals/{proposal.id}/discard").status_code == 302
    db.session.expire_all()
    assert db.session.get(ScheduleProposal, proposal.id).status == ProposalStatus.DISCARDED
    assert client.get(f"/manage/editions/{bare.id}/schedule/proposals/{proposal.id}").status_code == 404


def test_only_organisers_change_the_schedule(client, db, login_as, edition):
    session = make_session(edition)
    db.session.commit()
    login_as("analyst")
    assert client.get(f"/manage/editions/{edition.id}/schedule/").status_code == 200
    assert "draggable" not in client.get(f"/manage/editions/{edition.id}/schedule/").get_data(as_text=True)
    assert client.post(f"/manage/editions/{edition.id}/schedule/sessions/{session.id}").status_code == 403
    assert client.post(f"/manage/editions/{edition.id}/schedule/propose").status_code == 403


def test_a_refused_drop_leaves_a_message_for_the_reloaded_page(client, db, login_as, edition):
    session = make_session(edition)
    db.session.commit()
    login_as("organiser")
    response = client.post(f"/manage/editions/{edition.id}/schedule/sessions/{session.id}",
                           data={"room_id": "999999", "slot_id": ""}, headers={"Accept": "application/json"})
    assert response.status_code == 422
    assert "nicht verschoben" in client.get(f"/manage/editions/{edition.id}/schedule/").get_data(as_text=True)


def test_a_proposal_left_running_by_a_restart_does_not_block_new_ones(client, db, login_as, edition):
    from datetime import timedelta

    from conference.database import utcnow

    make_session(edition)
    fresh = ScheduleProposal(edition_id=edition.id, status=ProposalStatus.RUNNING, placements=[], unplaced=[],
                             progress={}, message="")
    db.session.add(fresh)
    db.session.commit()
    login_as("organiser")
    assert client.post(f"/manage/editions/{edition.id}/schedule/propose").status_code == 409  # still running
    fresh.started_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert client.post(f"/manage/editions/{edition.id}/schedule/propose").status_code == 302
    db.session.expire_all()
    assert db.session.get(ScheduleProposal, fresh.id).status == ProposalStatus.FAILED


def test_booked_sessions_keep_their_place_and_an_outdated_proposal_is_refused(client, db, login_as, edition):
    from conference.registration import services as registrations

    (hall, cellar), (first, second) = rooms_slots(edition)
    edition.status = "registration_open"
    booked = make_session(edition, title="Gebucht", capacity=50, slot=first, room=cellar)  # too big: a conflict
    other = make_session(edition, title="Frei", capacity=5)
    db.session.flush()
    registrations.register(edition, registrations.Visitor("V", "v@example.org"), [booked.id],
                           privacy_notice_version="v")
    db.session.commit()
    login_as("organiser")
    client.post(f"/manage/editions/{edition.id}/schedule/propose")
    proposal = db.session.scalar(select(ScheduleProposal))
    page = client.get(f"/manage/editions/{edition.id}/schedule/proposals/{proposal.id}").get_data(as_text=True)
    assert "Gebucht</th>" not in page  # booked: not moved
    client.post(f"/manage/editions/{edition.id}/schedule/sessions/{other.id}",
                data={"room_id": str(hall.id), "slot_id": str(second.id)})  # the grid changes meanwhile
    response = client.post(f"/manage/editions/{edition.id}/schedule/proposals/{proposal.id}/apply")
    assert response.status_code == 409 and "geändert" in response.get_data(as_text=True)
    db.session.expire_all()
    assert (db.session.get(Session, booked.id).room_id, db.session.get(Session, booked.id).slot_id) == (
        cellar.id, first.id)
    assert client.post(f"/manage/editions/{edition.id}/schedule/proposals/{proposal.id}/discard").status_code == 302
    assert client.post(f"/manage/editions/{edition.id}/schedule/proposals/{proposal.id}/discard").status_code == 409


def test_stands_are_placed_all_day_without_false_warnings(client, db, login_as, edition):
    (hall, _), _ = rooms_slots(edition)
    make_session(edition, title="Stand der Bibliothek", kind="stand", capacity=500, room=hall)
    db.session.commit()
    login_as("organiser")
    page = client.get(f"/manage/editions/{edition.id}/schedule/").get_data(as_text=True)
    assert "Ganztägig (Stände) (1)" in page and "Keine Konflikte." in page and "Noch nicht eingeplant (0)" in page
