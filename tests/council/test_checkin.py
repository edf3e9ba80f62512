"""The meeting day: checking in members, deputies and substitutes per seat, undoing it, and the
attendance summary against the quorum and the RSVP answers."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from conference.council import attendance as service
from conference.council.models import (
    Attendance,
    AttendanceRole,
    CouncilMeeting,
    Invitation,
    Membership,
    MembershipRole,
    RsvpStatus,
)
from conference.database import utcnow
from conference.editions.models import EditionStatus
from conference.errors import ConflictError, DomainError, NotFoundError
from tests.factories import make_council, make_edition, make_organisation, make_person, make_seat


def base(edition_id: int) -> str:
    return f"/manage/editions/{edition_id}/council/checkin"


def invite(edition, seat, status: RsvpStatus, note: str = "") -> Invitation:
    from conference.extensions import db

    invitation = Invitation(edition_id=edition.id, seat_id=seat.id, status=status, note=note)
    db.session.add(invitation)
    db.session.flush()
    return invitation


def attendances(db) -> list[Attendance]:
    return list(db.session.scalars(select(Attendance).order_by(Attendance.id)))


def count(db) -> int:
    return db.session.scalar(select(func.count(Attendance.id)))


# --- The service ----------------------------------------------------------------------------------

def test_member_deputy_and_substitute_are_checked_in_with_who_came(db):
    edition = make_council(number=29)
    member, deputy = make_person("Müller", "Jana"), make_person("Öztürk", "Deniz")
    seat = make_seat(member=member, deputy=deputy, label="Grundschulen")
    user_id = None
    now = utcnow()

    by_member = service.check_in(edition, seat, "member", by_user_id=user_id, now=now)
    by_deputy = service.check_in(edition, seat.id, AttendanceRole.DEPUTY, now=now)
    by_substitute = service.check_in(edition, seat, "substitute", substitute_name="  Kim Weber ", now=now)

    assert (by_member.role, by_member.person_id, by_member.substitute_name) == ("member", member.id, "")
    assert (by_deputy.role, by_deputy.person_id) == ("deputy", deputy.id)
    assert (by_substitute.role, by_substitute.person_id, by_substitute.substitute_name) == (
        "substitute", None, "Kim Weber")
    assert [service.attendee_name(a) for a in attendances(db)] == ["Jana Müller", "Deniz Öztürk", "Kim Weber"]
    assert by_member.checked_in_at == now


def test_the_holder_on_the_meeting_day_is_checked_in_not_a_former_one(db):
    edition = make_council(day=date(2027, 3, 10))
    former, current = make_person("Alt"), make_person("Neu")
    seat = make_seat(member=former, deputy=False)
    seat.memberships[0].ends_on = date(2027, 3, 1)
    db.session.add(Membership(seat=seat, person=current, role=MembershipRole.MEMBER, starts_on=date(2027, 3, 2)))
    db.session.flush()

    assert service.check_in(edition, seat, "member", now=utcnow()).person_id == current.id
    with force_locale("en"), pytest.raises(DomainError, match="is not the Member"):
        service.check_in(edition, seat, "member", person=former, now=utcnow())


def test_checking_in_twice_keeps_one_attendance(db):
    edition = make_council()
    seat = make_seat()
    first = service.check_in(edition, seat, "member", now=utcnow())
    again = service.check_in(edition, seat, "member", now=utcnow())
    sub = service.check_in(edition, seat, "substitute", substitute_name="Kim Weber", now=utcnow())
    sub_again = service.check_in(edition, seat, "substitute", substitute_name="Kim Weber", now=utcnow())
    assert (again.id, sub_again.id) == (first.id, sub.id)
    assert count(db) == 2


def test_a_check_in_that_loses_a_race_gets_the_winners_row(db, monkeypatch):
    """Two staff tap the same seat at once: both saw no attendance, the database keeps one."""
    edition = make_council()
    seat = make_seat()
    winner = service.check_in(edition, seat, "member", now=utcnow())
    looked = []
    real = service._existing

    def not_yet_visible(*args):
        looked.append(1)
        return None if len(looked) == 1 else real(*args)

    monkeypatch.setattr(service, "_existing", not_yet_visible)
    assert service.check_in(edition, seat, "member", now=utcnow()).id == winner.id
    assert count(db) == 1


def test_a_second_different_substitute_is_refused(db):
    edition = make_council()
    seat = make_seat()
    service.check_in(edition, seat, "substitute", substitute_name="Kim Weber", now=utcnow())
    with pytest.raises(ConflictError, match="Kim Weber"):
        service.check_in(edition, seat, "substitute", substitute_name="Ali Demir", now=utcnow())
    assert [a.substitute_name for a in attendances(db)] == ["Kim Weber"]


def test_undo_removes_the_attendance_of_this_edition_only(db):
    edition, other = make_council(), make_council()
    seat = make_seat()
    attendance = service.check_in(edition, seat, "member", now=utcnow())
    with pytest.raises(NotFoundError):
        service.undo_check_in(other, attendance.id)
    assert service.undo_check_in(edition, attendance.id).seat_id == seat.id
    assert count(db) == 0
    with pytest.raises(NotFoundError):
        service.undo_check_in(edition, attendance.id)


@pytest.mark.parametrize(("setup", "role", "name", "error"), [
    ("unknown_seat", "member", "", NotFoundError),
    ("inactive_seat", "member", "", ConflictError),
    ("no_member", "member", "", DomainError),
    ("no_deputy", "deputy", "", DomainError),
    ("ok", "substitute", "   ", DomainError),
    ("ok", "substitute", "x" * 201, DomainError),
    ("ok", "chair", "", DomainError),
    ("draft", "member", "", ConflictError),
    ("open_day", "member", "", DomainError),
])
def test_refusals_save_nothing(db, setup, role, name, error):
    edition = make_edition() if setup == "open_day" else make_council(
        status=EditionStatus.DRAFT if setup == "draft" else EditionStatus.REGISTRATION_OPEN)
    seat = make_seat(member=setup != "no_member", deputy=setup != "no_deputy", is_active=setup != "inactive_seat")
    with pytest.raises(error):
        service.check_in(edition, 99999 if setup == "unknown_seat" else seat, role, substitute_name=name,
                         now=utcnow())
    assert count(db) == 0


# --- The summary ----------------------------------------------------------------------------------

def meeting_with_answers(db):
    """Six seats: A attending/member came, B deputy attends/deputy came, C attending/nobody came,
    D declined/a substitute came, E no answer/member and deputy came, F not invited/nobody."""
    edition = make_council(number=29)
    seats = {label: make_seat(group="Schulen" if label in "ABC" else "Jugendhilfe", label=label)
             for label in "ABCDEF"}
    invite(edition, seats["A"], RsvpStatus.ATTENDING)
    invite(edition, seats["B"], RsvpStatus.DEPUTY_ATTENDS)
    invite(edition, seats["C"], RsvpStatus.ATTENDING)
    invite(edition, seats["D"], RsvpStatus.DECLINED)
    invite(edition, seats["E"], RsvpStatus.PENDING)
    now = utcnow()
    service.check_in(edition, seats["A"], "member", now=now)
    service.check_in(edition, seats["B"], "deputy", now=now)
    service.check_in(edition, seats["D"], "substitute", substitute_name="Kim Weber", now=now)
    service.check_in(edition, seats["E"], "deputy", now=now)
    service.check_in(edition, seats["E"], "member", now=now)
    make_seat(label="Abolished", is_active=False)
    return edition, seats


def test_the_summary_counts_seats_people_roles_and_compares_with_the_answers(db):
    edition, _ = meeting_with_answers(db)
    summary = service.attendance_summary(edition)
    assert (summary.active_seats, summary.represented, summary.not_represented) == (6, 4, 2)
    assert (summary.by_member, summary.by_deputy, summary.by_substitute) == (2, 1, 1)
    assert summary.people_present == 5
    assert (summary.expected, summary.expected_and_represented) == (3, 2)
    assert [s.label for s in summary.no_shows] == ["C"]
    assert [s.label for s in summary.unannounced] == ["D", "E"]
    assert (summary.quorum_needed, summary.quorum_reached) == (3, True)


def test_the_quorum_follows_the_meetings_share(db):
    edition, seats = meeting_with_answers(db)
    meeting = db.session.scalar(select(CouncilMeeting).where(CouncilMeeting.edition_id == edition.id))
    meeting.quorum_share = 0.75  # 4.5 of 6 seats: 5 needed, 4 represented
    summary = service.attendance_summary(edition)
    assert (summary.quorum_needed, summary.quorum_reached) == (5, False)
    service.check_in(edition, seats["C"], "member", now=utcnow())
    assert service.attendance_summary(edition).quorum_reached is True


def test_the_summary_partial_renders_from_summary_alone(app, db):
    from flask import render_template

    edition, _ = meeting_with_answers(db)
    summary = service.attendance_summary(edition)
    with app.test_request_context("/?lang=en"):
        html = render_template("council/checkin/_summary.html", summary=summary, heading_level=3)
    text = " ".join(html.split())
    for snippet in ('<h3 class="kern-heading-medium"', "4 of 6 (67 %)", "<strong>yes</strong>",
                    "needed: 3 of 6 seats (50 %)", "member: 2 · deputy: 1 · substitute: 1",
                    "No-shows</dt> <dd class=\"kern-description-list-item__value\">1: C</dd>",
                    "2: D, E</dd>", "3, of which 2 represented"):
        assert snippet in text, snippet


@pytest.mark.parametrize(("seats", "share", "needed"), [
    (10, 0.3, 3), (55, 0.5, 28), (54, 0.5, 27), (1, 0.5, 1), (3, 1.0, 3), (0, 0.5, 0), (7, 0.01, 1)])
def test_quorum_needed_rounds_up_but_not_on_float_noise(seats, share, needed):
    assert service.quorum_needed(seats, share) == needed


def test_a_meeting_without_seats_has_no_quorum(db):
    summary = service.attendance_summary(make_council())
    assert (summary.active_seats, summary.quorum_reached, summary.represented_share) == (0, False, 0.0)


# --- The check-in page ----------------------------------------------------------------------------

def test_the_list_shows_seats_by_group_with_holders_answers_and_the_summary(client, login_as, db):
    login_as("organiser")
    edition = make_council(number=29)
    seat = make_seat(group="Grundschulen", organisation=make_organisation("GGS Am Park"), label="Grundschule 1",
                     member=make_person("Müller", "Jana"), deputy=make_person("Öztürk", "Deniz"))
    make_seat(group="Jugendhilfe", label="Jugendamt", member=False)
    invite(edition, seat, RsvpStatus.DEPUTY_ATTENDS, note="Frau Müller ist verhindert")
    db.session.commit()

    page = client.get(f"{base(edition.id)}/?lang=en").get_data(as_text=True)
    order = [">Grundschulen</h2>", ">Grundschule 1</h3>", ">Jugendhilfe</h2>", ">Jugendamt</h3>"]
    assert [page.index(marker) for marker in order] == sorted(page.index(marker) for marker in order)
    for text in ("GGS Am Park", "Jana Müller", "Deniz Öztürk", "Deputy attends", "Frau Müller ist verhindert",
                 "Not invited", "(vacant)", "Member present", "Deputy present", "Substitute present",
                 f'id="seat-{seat.id}"', "signature-list.pdf"):
        assert text in page, text
    assert page.count("Member present") == 1  # the Jugendamt has no member to check in
    assert "0 of 2" in page and "Quorum reached" in page


def test_checking_in_by_button_redirects_to_the_seat_and_shows_who_came(client, login_as, db):
    user = login_as("organiser")
    client.set_cookie("lang", "en")  # the flash is written in the language of the POST
    edition = make_council()
    seat = make_seat(member=make_person("Müller", "Jana"))
    invite(edition, seat, RsvpStatus.ATTENDING)
    db.session.commit()

    response = client.post(f"{base(edition.id)}/seats/{seat.id}", data={"role": "member"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{base(edition.id)}/#seat-{seat.id}")
    [saved] = attendances(db)
    assert (saved.person.family_name, saved.checked_in_by_id) == ("Müller", user.id)

    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "Jana Müller is checked in for" in page  # the flash
    assert "1 of 1" in page and "Member present" not in page
    assert f"/attendances/{saved.id}/undo" in page


def test_a_substitute_is_checked_in_with_the_typed_name_and_undone(client, login_as, db):
    login_as("organiser")
    client.set_cookie("lang", "en")  # the flash is written in the language of the POST
    edition = make_council()
    seat = make_seat()
    db.session.commit()

    response = client.post(f"{base(edition.id)}/seats/{seat.id}",
                           data={"role": "substitute", "substitute_name": " Kim Weber ", "q": "Weber"})
    assert response.headers["Location"].endswith(f"/?q=Weber#seat-{seat.id}")
    [saved] = attendances(db)
    assert (saved.role, saved.substitute_name) == ("substitute", "Kim Weber")

    response = client.post(f"{base(edition.id)}/attendances/{saved.id}/undo", data={})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#seat-{seat.id}")
    assert count(db) == 0
    assert "was undone" in client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)


@pytest.mark.parametrize(("data", "status", "message"), [
    ({"role": "substitute", "substitute_name": "  "}, 422, "Please enter the name of the substitute."),
    ({"role": "deputy"}, 422, "has no Deputy on the day of the meeting"),
    ({"role": "chair"}, 422, "Unknown role."),
    ({}, 422, "This field is required."),
    ({"role": "substitute", "substitute_name": "x" * 201}, 422, "200"),
])
def test_refused_check_ins_answer_4xx_with_a_message_and_save_nothing(client, login_as, db, data, status,
                                                                       message):
    login_as("organiser")
    edition = make_council()
    seat = make_seat(deputy=False)
    db.session.commit()
    response = client.post(f"{base(edition.id)}/seats/{seat.id}?lang=en", data=data)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert count(db) == 0


def test_unknown_inactive_and_foreign_things_are_refused(client, login_as, db):
    login_as("organiser")
    edition, draft, open_day = make_council(), make_council(status=EditionStatus.DRAFT), make_edition()
    active, inactive = make_seat(), make_seat(is_active=False, label="Alter Sitz")
    other = service.check_in(make_council(), active, "member", now=utcnow())
    db.session.commit()
    assert client.post(f"{base(edition.id)}/seats/99999", data={"role": "member"}).status_code == 404
    response = client.post(f"{base(edition.id)}/seats/{inactive.id}?lang=en", data={"role": "member"})
    assert response.status_code == 409 and "no longer active" in response.get_data(as_text=True)
    response = client.post(f"{base(draft.id)}/seats/{active.id}?lang=en", data={"role": "member"})
    assert response.status_code == 409 and "still a draft" in response.get_data(as_text=True)
    assert client.post(f"{base(open_day.id)}/seats/{active.id}", data={"role": "member"}).status_code == 404
    assert client.post(f"{base(edition.id)}/attendances/{other.id}/undo").status_code == 404
    assert count(db) == 1  # only the other meeting's


def test_a_draft_meeting_shows_the_list_without_buttons(client, login_as, db):
    login_as("organiser")
    edition = make_council(status=EditionStatus.DRAFT)
    make_seat(label="Grundschule 1")
    db.session.commit()
    page = client.get(f"{base(edition.id)}/?lang=en").get_data(as_text=True)
    assert "Grundschule 1" in page and "still a draft" in page and "Member present" not in page


def test_search_filters_by_seat_organisation_and_names_on_the_server(client, login_as, db):
    login_as("organiser")
    edition = make_council()
    make_seat(label="Grundschulen", organisation=make_organisation("GGS Am Park"))
    make_seat(label="Gymnasien", member=make_person("Özdemir", "Ayşe"))
    make_seat(label="Kitas", organisation=make_organisation("Kita Sonnenschein"))
    db.session.commit()

    def shown(q):
        page = client.get(f"{base(edition.id)}/", query_string={"q": q, "lang": "en"}).get_data(as_text=True)
        return [label for label in ("Grundschulen", "Gymnasien", "Kitas") if f">{label}</h3>" in page]

    assert shown("") == ["Grundschulen", "Gymnasien", "Kitas"]
    assert shown("am park") == ["Grundschulen"]
    assert shown("ÖZDEMIR") == ["Gymnasien"]
    assert shown("ayşe") == ["Gymnasien"]
    assert shown("kita") == ["Kitas"]
    assert shown("nobody") == []
    page = client.get(f"{base(edition.id)}/?q=kita&lang=en").get_data(as_text=True)
    assert "1 of 3 seats match" in page and 'name="q" value="kita"' in page
    assert "0 of 3" in page  # the summary still counts every seat


def test_hostile_input_is_stored_verbatim_and_rendered_escaped(client, login_as, db):
    login_as("organiser")
    edition = make_council()
    seat = make_seat(label="Grundschulen")
    db.session.commit()
    hostile = '<script>alert("x")</script> & \'Kim\''
    client.post(f"{base(edition.id)}/seats/{seat.id}", data={"role": "substitute", "substitute_name": hostile})
    assert attendances(db)[0].substitute_name == hostile

    page = client.get(f"{base(edition.id)}/?lang=en").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;Kim&#39;" in page

    page = client.get(f"{base(edition.id)}/", query_string={"q": '"><script>alert(1)</script>'}).get_data(
        as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert client.get(f"{base(edition.id)}/", query_string={"q": "\x00" * 5000}).status_code == 200


@pytest.mark.parametrize("role", ["analyst", "reviewer", "provider"])
def test_only_organisers_see_and_change_the_check_in(client, login_as, db, role):
    login_as(role)
    edition = make_council()
    seat = make_seat()
    db.session.commit()
    assert client.get(f"{base(edition.id)}/").status_code == 403
    assert client.get(f"{base(edition.id)}/signature-list.pdf").status_code == 403
    assert client.post(f"{base(edition.id)}/seats/{seat.id}", data={"role": "member"}).status_code == 403
    assert count(db) == 0


def test_admins_may_check_in(client, login_as, db):
    login_as("admin")
    edition = make_council()
    seat = make_seat()
    db.session.commit()
    assert client.get(f"{base(edition.id)}/").status_code == 200
    assert client.post(f"{base(edition.id)}/seats/{seat.id}", data={"role": "member"}).status_code == 302


def test_the_list_query_count_does_not_grow_with_seats(client, login_as, db, count_queries):
    login_as("organiser")
    edition = make_council()

    def seat_with_everything(i):
        seat = make_seat(group=f"Gruppe {i % 4}")
        invite(edition, seat, RsvpStatus.ATTENDING)
        service.check_in(edition, seat, "member", now=utcnow())
        service.check_in(edition, seat, "substitute", substitute_name=f"Gast {i}", now=utcnow())

    seat_with_everything(0)
    db.session.commit()
    with count_queries() as one:
        assert client.get(f"{base(edition.id)}/").status_code == 200
    for i in range(1, 30):
        seat_with_everything(i)
    db.session.commit()
    with count_queries() as thirty:
        page = client.get(f"{base(edition.id)}/").get_data(as_text=True)
    assert page.count('id="seat-') == 30
    assert one.count == thirty.count <= 15, thirty.statements


def test_a_held_meeting_keeps_the_seats_it_invited(db):
    """Abolishing a seat or adding one afterwards does not change a past meeting's figures."""
    edition = make_council()
    invited = [make_seat(), make_seat()]
    for seat in invited:
        invite(edition, seat, RsvpStatus.ATTENDING)
    service.check_in(edition, invited[0], AttendanceRole.MEMBER, now=utcnow())
    edition.status = EditionStatus.HELD
    invited[1].is_active = False  # abolished since
    make_seat()  # added since
    db.session.flush()
    summary = service.attendance_summary(edition)
    assert (summary.active_seats, summary.represented) == (2, 1)
    assert [row.seat for row in service.checkin_rows(edition)] == invited
