"""Booking by ranked preference: ranking during the choice window, the allocation with its report next to
first come, first served, publishing as bookings with mails, and the command line."""

from datetime import time, timedelta

import pytest
from sqlalchemy import func, select

from conference.database import utcnow
from conference.editions.models import BookingMode, EditionStatus
from conference.mail.models import OutboxMessage
from conference.registration import preferences
from conference.registration.models import AllocationRun, AllocationStatus, Booking, BookingStatus, Registration
from tests.factories import make_edition, make_session, make_slot, make_venue


@pytest.fixture
def edition(db):
    """Three workshops (A, B, C), each in rounds 1 and 2 with 2 seats; the choice window is open."""
    edition = make_edition(status=EditionStatus.REGISTRATION_OPEN)
    venue = make_venue(edition, rooms=[("R1", 30, True), ("R2", 30, True), ("R3", 30, True)])
    slots = [make_slot(edition, time(11), label="Runde 1"), make_slot(edition, time(13), label="Runde 2")]
    for key, room in zip("ABC", venue.rooms, strict=True):
        for slot in slots:
            make_session(edition, title=f"Workshop {key}", capacity=2, slot=slot, room=room, workshop_key=key)
    make_session(edition, title="Vortrag ohne Schlüssel", capacity=5, slot=slots[0], room=venue.rooms[0])
    now = utcnow()
    preferences.save_settings(edition, mode=BookingMode.PREFERENCE, opens_at=now - timedelta(days=1),
                              closes_at=now + timedelta(days=1))
    db.session.commit()
    return edition


def rank(client, edition, choices, n=0, **extra):
    data = {"name": f"Gast {n}", "email": f"gast{n}@example.org", "consent": "y", **extra}
    data.update({f"choice_{i}": key for i, key in enumerate(choices, start=1)})
    return client.post(f"/editions/{edition.id}/register", data=data)


def test_during_the_window_visitors_rank_instead_of_booking(client, db, edition):
    page = client.get(f"/editions/{edition.id}/register").get_data(as_text=True)
    assert 'name="choice_1"' in page and 'name="session_ids"' not in page
    response = rank(client, edition, ["B", "A", "C"])
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration))
    assert [(r.rank, r.workshop_key) for r in registration.rankings] == [(1, "B"), (2, "A"), (3, "C")]
    assert registration.bookings == []
    mail = db.session.scalar(select(OutboxMessage))
    from conference.mail.services import body_of

    text = body_of(mail)[0]
    assert "1. Workshop B" in text and "3. Workshop C" in text


@pytest.mark.parametrize("choices", [["A", "B"], ["A", "A", "B"], ["A", "B", "Z"]])
def test_too_few_duplicate_or_unknown_ranks_are_422(client, db, edition, choices):
    assert rank(client, edition, choices).status_code == 422
    assert db.session.scalar(select(func.count(Registration.id))) == 0


def test_workshops_cannot_be_booked_directly_until_the_allocation_is_published(client, db, edition):
    from conference.errors import DomainError
    from conference.registration import services

    workshop = db.session.scalar(select(preferences.Session).where(preferences.Session.workshop_key == "A"))
    with pytest.raises(DomainError):
        services.register(edition, services.Visitor("X", "x@example.org"), [workshop.id],
                          privacy_notice_version="v")


def test_the_ranking_can_be_changed_on_the_manage_page_while_the_window_is_open(client, db, edition):
    rank(client, edition, ["A", "B", "C"])
    registration = db.session.scalar(select(Registration))
    page = client.get(f"/registrations/{registration.manage_token}").get_data(as_text=True)
    assert 'name="choice_1"' in page
    response = client.post(f"/registrations/{registration.manage_token}/ranking",
                           data={"choice_1": "C", "choice_2": "B", "choice_3": "A"})
    assert response.status_code == 302
    db.session.expire_all()
    assert [r.workshop_key for r in db.session.get(Registration, registration.id).rankings] == ["C", "B", "A"]


def close_window(db, edition):
    edition.choice_opens_at = utcnow() - timedelta(days=3)
    edition.choice_closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()


def test_allocation_report_comparison_and_publishing(client, db, login_as, edition):
    everyone = [["A", "B", "C"]] * 5 + [["C", "B", "A"]]
    for n, choices in enumerate(everyone):
        rank(client, edition, choices, n=n)
    for registration in db.session.scalars(select(Registration)):
        registration.confirmed_at = utcnow()
    login_as("organiser")
    assert client.post(f"/manage/editions/{edition.id}/allocation/run").status_code == 409  # window still open
    close_window(db, edition)
    response = client.post(f"/manage/editions/{edition.id}/allocation/run")
    assert response.status_code == 302
    run = db.session.scalar(select(AllocationRun))
    assert run.report["participants"] == 6 and run.report["assigned_pairs"] == 12  # 12 seats, all used
    assert run.report["unassigned"] == 0 and run.first_come_report["participants"] == 6
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Wer zuerst kommt" in page or "Nach Eingang" in page
    rerun = client.post(f"/manage/editions/{edition.id}/allocation/run")
    second = db.session.scalar(select(AllocationRun).order_by(AllocationRun.id.desc()))
    assert rerun.status_code == 302 and second.id != run.id
    db.session.refresh(run)
    assert run.status == AllocationStatus.DISCARDED
    assert client.post(f"/manage/editions/{edition.id}/allocation/runs/{run.id}/publish").status_code == 409
    assert client.post(f"/manage/editions/{edition.id}/allocation/runs/{second.id}/publish").status_code == 302
    bookings = db.session.scalars(select(Booking)).all()
    assert len(bookings) == 12 and all(b.status == BookingStatus.BOOKED for b in bookings)
    per_session = {}
    for booking in bookings:
        per_session[booking.session_id] = per_session.get(booking.session_id, 0) + 1
    assert max(per_session.values()) <= 2
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.template == "allocation_result")) == 6
    # Preference mode: the confirmation mail had no booking to put on a ticket; the allocation mail carries it.
    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "allocation_result")).first()
    assert [a.get("render") for a in mail.attachments] == ["registration_ics", "ticket_png"]
    assert client.post(f"/manage/editions/{edition.id}/allocation/runs/{second.id}/publish").status_code == 409
    from conference.registration.services import preference_pending

    assert not preference_pending(edition)  # remaining seats now go first come, first served


def test_the_command_line_allocates_with_a_progress_bar(runner, db, edition, client):
    for n, choices in enumerate([["A", "B", "C"], ["B", "C", "A"]]):
        rank(client, edition, choices, n=n)
    for registration in db.session.scalars(select(Registration)):
        registration.confirmed_at = utcnow()
    close_window(db, edition)
    result = runner.invoke(args=["allocate", str(edition.id), "--publish"])
    assert result.exit_code == 0, result.output
    assert "2 participants, 4 places" in result.output and "published: 4 bookings" in result.output
    assert runner.invoke(args=["allocate", "999"]).exit_code != 0
    again = runner.invoke(args=["allocate", str(edition.id)])
    assert again.exit_code != 0 and "bereits veröffentlicht" in again.output


def test_unconfirmed_registrations_take_no_part(client, db, login_as, edition):
    rank(client, edition, ["A", "B", "C"])
    close_window(db, edition)
    login_as("organiser")
    assert client.post(f"/manage/editions/{edition.id}/allocation/run").status_code == 409  # nobody confirmed


def test_preference_mode_needs_a_window_that_closes_after_it_opens(client, db, login_as, edition):
    login_as("organiser")
    url = f"/manage/editions/{edition.id}/allocation/"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"booking_mode": "preference"}).status_code == 422
    assert client.post(url, data={"booking_mode": "preference", "choice_opens_at": "2027-01-02T10:00",
                                  "choice_closes_at": "2027-01-01T10:00"}).status_code == 422
    assert client.post(url, data={"booking_mode": "first_come"}).status_code == 302


def test_before_and_after_the_window_the_register_page_says_how_workshops_are_given(client, db, edition):
    edition.choice_opens_at = utcnow() + timedelta(days=2)
    edition.choice_closes_at = utcnow() + timedelta(days=9)
    db.session.commit()
    page = client.get(f"/editions/{edition.id}/register").get_data(as_text=True)
    assert "Sie können sie ab" in page and "Workshop A" not in page and "Vortrag ohne Schlüssel" in page
    close_window(db, edition)
    page = client.get(f"/editions/{edition.id}/register").get_data(as_text=True)
    assert "der Wahlzeitraum ist beendet" in page


def test_preference_mode_needs_workshops_and_an_empty_ranking_is_never_saved(client, db, login_as):
    bare = make_edition(status=EditionStatus.REGISTRATION_OPEN)
    db.session.commit()
    login_as("organiser")
    response = client.post(f"/manage/editions/{bare.id}/allocation/", data={
        "booking_mode": "preference", "choice_opens_at": "2026-01-01T10:00", "choice_closes_at": "2099-01-01T10:00"})
    assert response.status_code == 422
    assert bare.booking_mode == BookingMode.FIRST_COME


def test_a_workshop_moved_after_the_run_stops_the_publication(client, db, login_as, edition):
    for n, choices in enumerate([["A", "B", "C"], ["B", "C", "A"]]):
        rank(client, edition, choices, n=n)
    for registration in db.session.scalars(select(Registration)):
        registration.confirmed_at = utcnow()
    close_window(db, edition)
    record = preferences.run(edition)
    db.session.commit()
    session_id = next(int(s) for sessions in record.assignments.values() for s in sessions)
    moved = db.session.get(preferences.Session, session_id)
    moved.slot = make_slot(edition, time(16), label="später")
    db.session.commit()
    login_as("organiser")
    response = client.post(f"/manage/editions/{edition.id}/allocation/runs/{record.id}/publish")
    assert response.status_code == 409 and "anderes Zeitfenster" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Booking.id))) == 0
