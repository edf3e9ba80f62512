"""The organiser's RSVP dashboard: answers per seat, totals, the expected quorum, who has not answered,
the meeting settings and the buttons that generate, send and remind."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from conference.council import invitations
from conference.council.core import meeting_of, quorum_needed
from conference.council.invitation_dashboard import dashboard
from conference.council.models import Invitation, RsvpStatus
from conference.database import utcnow
from conference.editions.models import EditionStatus
from conference.mail.models import OutboxMessage
from tests.council.invitation_setup import council_with_seats, invitation_of
from tests.factories import make_council, make_person, make_seat


@pytest.fixture
def organiser(client, login_as):
    login_as("organiser")
    client.set_cookie("lang", "en")


def url(edition, path=""):
    return f"/manage/editions/{edition.id}/council/{path}"


def answered_council(db, answers):
    """A council whose seats have answered as listed (None: invited, no answer), invitations sent."""
    edition, seats = council_with_seats(len(answers))
    invitations.generate_invitations(edition)
    now = utcnow()
    invitations.send_invitations(edition, now)
    for seat, status in zip(seats, answers, strict=True):
        if status is not None:
            invitations.answer(invitation_of(edition, seat), status, f"Notiz {seat.id}", now)
    db.session.commit()
    return edition, seats


A, D, X = RsvpStatus.ATTENDING, RsvpStatus.DEPUTY_ATTENDS, RsvpStatus.DECLINED


@pytest.mark.parametrize(("active", "share", "needed"), [(55, 0.5, 28), (50, 0.6, 30), (5, 0.5, 3), (10, 1, 10),
                                                          (3, 0.01, 1), (0, 0.5, 0)])
def test_the_quorum_rounds_up_without_float_noise(active, share, needed):
    assert quorum_needed(active, share) == needed


def test_the_numbers(db):
    edition, seats = answered_council(db, [A, A, D, X, None])
    make_seat()  # active, not invited yet
    board = dashboard(edition, utcnow())
    assert board.active == 6
    assert board.totals == {RsvpStatus.PENDING: 1, A: 2, D: 1, X: 1}
    assert board.not_invited == 1
    assert board.represented == 3 and board.needed == 3 and board.quorum_expected
    assert board.percent == 50
    assert [row.holders.seat.id for row in board.unanswered] == [seats[4].id]
    rows = {row.holders.seat.id: row for _, group in board.groups for row in group}
    assert rows[seats[0].id].expected == rows[seats[0].id].holders.member.person
    assert rows[seats[2].id].expected == rows[seats[2].id].holders.deputy.person
    assert rows[seats[3].id].expected is None
    assert [group.name for group, _ in board.groups] == ["Schulen", "Kitas"]
    meeting_of(edition).quorum_share = 0.6
    assert dashboard(edition, utcnow()).needed == 4
    assert not dashboard(edition, utcnow()).quorum_expected


def test_the_dashboard_counts_the_seats_the_check_in_counts(client, db, organiser):
    """Dashboard and check-in summary agree on a meeting's seats, expected seats and quorum: before the
    meeting an abolished seat no longer counts; once held, the seats it invited do (not one added since)."""
    from conference.council.attendance import attendance_summary

    edition, seats = answered_council(db, [A, A, D, X])
    seats[1].is_active = False  # abolished after the invitations went out

    def both():
        board, summary = dashboard(edition, utcnow()), attendance_summary(edition)
        assert (board.active, board.represented, board.needed) == \
            (summary.active_seats, summary.expected, summary.quorum_needed)
        return board

    assert both().active == 3 and both().represented == 2
    edition.status = EditionStatus.HELD
    make_seat()  # added after the meeting
    db.session.commit()
    board = both()
    assert (board.active, board.represented, board.not_invited) == (4, 3, 0)
    assert "Create the invitation" not in client.get(url(edition)).get_data(as_text=True)


def test_the_page_shows_answers_quorum_and_who_has_not_answered(client, db, organiser):
    edition, seats = answered_council(db, [A, A, D, X, None])
    response = client.get(url(edition))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Quorum expected: 3 of 5 seats (60 %), needed 3" in html
    assert '<meter id="quorum-meter" min="0" max="5" value="3" low="3"' in html
    pending = seats[4]
    people = [m.person for m in pending.memberships]
    section = html[html.index('id="unanswered-heading"'):html.index('id="seats-heading"')]
    assert "Not answered yet (1)" in section and pending.label in section
    for person in people:
        assert f'href="mailto:{person.email}"' in section
    assert seats[0].label not in section
    # Per seat: the answer, who is expected, the note, the time of the answer.
    deputy = next(m.person for m in seats[2].memberships if m.role.value == "deputy")
    row = re.search(rf"<tr[^>]*>\s*<th[^>]*>{re.escape(seats[2].label)}.*?</tr>", html, re.S).group(0)
    assert "Deputy attends" in row and deputy.name in row and f"Notiz {seats[2].id}" in row
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "Remind 1 seat without an answer" in html


def test_the_page_says_when_the_quorum_is_not_expected(client, db, organiser):
    edition, _ = answered_council(db, [A, X, X, None])
    html = client.get(url(edition)).get_data(as_text=True)
    assert "Quorum not expected yet: 1 of 4 seats (25 %), needed 2" in html


def test_the_dashboard_makes_the_same_queries_for_1_and_30_seats(client, db, organiser, count_queries):
    def queries_for(n):
        edition, seats = council_with_seats(n)
        invitations.generate_invitations(edition)
        invitations.send_invitations(edition, utcnow())
        invitations.answer(invitation_of(edition, seats[0]), RsvpStatus.ATTENDING, "", utcnow())
        db.session.commit()
        with count_queries() as counter:
            assert client.get(url(edition)).status_code == 200
        return counter.count

    assert queries_for(1) == queries_for(30)


# --- Buttons ------------------------------------------------------------------------------------------

def test_generate_send_and_remind_buttons(client, db, organiser):
    edition, _ = council_with_seats(3)
    db.session.commit()
    page = client.get(url(edition)).get_data(as_text=True)
    assert "Create invitations for 3 seats" in page
    response = client.post(url(edition, "generate"))
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Invitation.id))) == 3
    page = client.get(url(edition)).get_data(as_text=True)
    assert "3 invitations created." in page and "Send 3 invitations (6 mails)" in page
    client.post(url(edition, "send"))
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 6
    page = client.get(url(edition)).get_data(as_text=True)
    assert "3 invitations sent in 6 mails" in page and "Send 3 invitations" not in page
    client.post(url(edition, "remind"))
    reminders = select(func.count(OutboxMessage.id)).where(OutboxMessage.template == "council_reminder")
    assert db.session.scalar(reminders) == 6
    client.post(url(edition, "remind"))
    assert db.session.scalar(reminders) == 6
    assert "were reminded less than 24 hours ago" in client.get(url(edition)).get_data(as_text=True)


def test_people_without_an_address_are_named_after_sending(client, db, organiser):
    edition = make_council()
    make_seat(label="Gymnasien", member=make_person(email=""), deputy=False)
    db.session.commit()
    client.post(url(edition, "generate"))
    client.post(url(edition, "send"))
    page = client.get(url(edition)).get_data(as_text=True)
    assert "Not mailed: Gymnasien (Member: no e-mail address); Gymnasien (Deputy: nobody holds this role)" in page


def test_a_held_meeting_refuses_the_buttons_and_changes_nothing(client, db, organiser):
    edition, _ = council_with_seats(2, status=EditionStatus.HELD)
    db.session.commit()
    response = client.post(url(edition, "generate"), follow_redirects=True)
    assert "This meeting has already taken place" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Invitation.id))) == 0
    client.post(url(edition, "send"))
    client.post(url(edition, "remind"))
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_an_open_day_has_no_council_dashboard(client, db, organiser):
    from tests.factories import make_edition

    edition = make_edition()
    db.session.commit()
    assert client.get(url(edition)).status_code == 404
    assert client.post(url(edition, "generate")).status_code == 404


# --- Settings -----------------------------------------------------------------------------------------

def test_the_settings_are_saved_in_local_time(client, db, organiser):
    edition = make_council()
    db.session.commit()
    response = client.post(url(edition), data={"rsvp_deadline": "2027-03-03T12:00", "quorum_percent": "60",
                                                "invitation_text": "Herzliche Einladung\x00!"})
    assert response.status_code == 302
    db.session.expire_all()
    meeting = meeting_of(edition)
    assert meeting.rsvp_deadline == edition.starts_at - timedelta(days=7, hours=3)
    assert meeting.quorum_share == pytest.approx(0.6)
    assert meeting.invitation_text == "Herzliche Einladung!"
    html = client.get(url(edition)).get_data(as_text=True)
    assert 'value="2027-03-03T12:00"' in html and 'value="60"' in html
    # Emptying the deadline means: until the meeting starts.
    client.post(url(edition), data={"rsvp_deadline": "", "quorum_percent": "50", "invitation_text": ""})
    db.session.expire_all()
    assert meeting_of(edition).rsvp_deadline is None


@pytest.mark.parametrize("data", [
    {"quorum_percent": "0"},
    {"quorum_percent": "101"},
    {"quorum_percent": "abc"},
    {"quorum_percent": ""},
    {"quorum_percent": "50", "rsvp_deadline": "2027-03-10T15:00"},  # not before the start
    {"quorum_percent": "50", "rsvp_deadline": "gestern"},
    {"quorum_percent": "50", "invitation_text": "x" * 10001},
])
def test_bad_settings_are_form_errors(client, db, organiser, data):
    edition = make_council()
    db.session.commit()
    response = client.post(url(edition), data=data)
    assert response.status_code == 422
    assert "Please correct the following" in response.get_data(as_text=True) or "kern-error" in \
        response.get_data(as_text=True)
    db.session.expire_all()
    meeting = meeting_of(edition)
    assert meeting.quorum_share == 0.5 and meeting.rsvp_deadline is None


# --- Access -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["analyst", "reviewer", "provider"])
@pytest.mark.parametrize(("method", "path"), [("GET", ""), ("POST", ""), ("POST", "generate"), ("POST", "send"),
                                              ("POST", "remind")])
def test_only_organisers_and_admins_may_enter(client, db, login_as, role, method, path):
    edition, _ = council_with_seats(1)
    db.session.commit()
    login_as(role)
    assert client.open(url(edition, path), method=method).status_code == 403
    assert db.session.scalar(select(func.count(Invitation.id))) == 0


def test_anonymous_visitors_are_sent_to_login(client, db):
    edition = make_council()
    db.session.commit()
    response = client.get(url(edition))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_admins_may_enter(client, db, login_as):
    edition = make_council()
    db.session.commit()
    login_as("admin")
    assert client.get(url(edition)).status_code == 200


def test_answers_after_the_deadline_are_shown_closed(client, db, organiser):
    edition, _ = answered_council(db, [A, None])
    meeting_of(edition).rsvp_deadline = utcnow() - timedelta(hours=1)
    db.session.commit()
    html = client.get(url(edition)).get_data(as_text=True)
    assert "answers are closed" in html and "/council/remind" not in html


def test_each_seat_links_to_its_rsvp_page_for_answers_given_by_phone(client, db, organiser):
    edition, seats = answered_council(db, [None, A])
    page = client.get(url(edition)).get_data(as_text=True)
    for seat in seats:
        assert f'href="/rsvp/{invitation_of(edition, seat).token}"' in page
    token = invitation_of(edition, seats[0]).token
    response = client.post(f"/rsvp/{token}", data={"status": "declined", "note": "am Telefon"})
    assert response.status_code == 303
    assert invitation_of(edition, seats[0]).status == X
