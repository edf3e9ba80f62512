"""Invitations: generated once per active seat, mailed to member and deputy with the agenda, document
links, the RSVP link and an iCalendar REQUEST; reminders to seats without an answer, at most daily."""

from datetime import date, timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from conference.council import invitations
from conference.council.core import meeting_of
from conference.council.models import Invitation, RsvpStatus
from conference.database import utcnow
from conference.editions.models import EditionStatus
from conference.errors import ConflictError, DomainError
from conference.mail.models import OutboxMessage
from conference.mail.sender import SmtpSettings, deliver_pending
from tests.council.invitation_setup import add_document, add_item, council_with_seats, invitation_of
from tests.factories import make_council, make_edition, make_person, make_seat


def outbox(db, template=None):
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if template:
        query = query.where(OutboxMessage.template == template)
    return db.session.scalars(query).all()


def count_invitations(db):
    return db.session.scalar(select(func.count(Invitation.id)))


# --- Generating ---------------------------------------------------------------------------------------

def test_generating_is_idempotent_and_adds_only_new_seats(db):
    edition, _ = council_with_seats(3)
    make_seat(is_active=False)  # abolished: no invitation
    make_seat(starts_on=date(2024, 1, 1), member=False, deputy=False)  # active but vacant: invited all the same
    assert len(invitations.generate_invitations(edition)) == 4
    tokens = set(db.session.scalars(select(Invitation.token)))
    assert invitations.generate_invitations(edition) == []
    assert count_invitations(db) == 4
    new_seat = make_seat()
    added = invitations.generate_invitations(edition)
    assert [i.seat_id for i in added] == [new_seat.id]
    assert count_invitations(db) == 5
    assert tokens < set(db.session.scalars(select(Invitation.token)))  # earlier links keep working
    assert all(i.status == RsvpStatus.PENDING and i.sent_at is None for i in db.session.scalars(select(Invitation)))


def test_each_edition_has_its_own_invitations(db):
    first, _ = council_with_seats(2)
    second = make_council(day=date(2027, 9, 15))
    invitations.generate_invitations(first)
    invitations.generate_invitations(second)
    assert count_invitations(db) == 4


def test_generating_is_refused_for_an_open_day(db):
    make_seat()
    with pytest.raises(DomainError):
        invitations.generate_invitations(make_edition())
    assert count_invitations(db) == 0


@pytest.mark.parametrize("status", [EditionStatus.HELD, EditionStatus.EVALUATED, EditionStatus.ARCHIVED])
def test_generating_is_refused_after_the_meeting(db, status):
    edition, _ = council_with_seats(2, status=status)
    with pytest.raises(ConflictError):
        invitations.generate_invitations(edition)
    assert count_invitations(db) == 0


# --- Sending ------------------------------------------------------------------------------------------

def calendar_of(message) -> Calendar:
    (attachment,) = message.attachments
    assert attachment["filename"].endswith(".ics")
    assert attachment["content_type"].startswith("text/calendar") and "method=REQUEST" in attachment["content_type"]
    return Calendar.from_ical(attachment["content"])


def test_sending_mails_member_and_deputy_with_link_agenda_documents_and_ics(db):
    edition, seats = council_with_seats(3)
    meeting = meeting_of(edition)
    meeting.invitation_text = "Wir laden herzlich ein.\n\nBitte bringen Sie die Vorlage mit."
    public = add_item(edition, "Ganztag an Grundschulen", "TOP 1", description="Bericht der Verwaltung")
    closed = add_item(edition, "Personalfragen", "TOP 2", is_public=False, position=1)
    document = add_document(public, "Vorlage Ganztag")
    secret_document = add_document(closed, "Vertrauliche Vorlage", is_public=False)
    invitations.generate_invitations(edition)
    now = utcnow()
    report = invitations.send_invitations(edition, now)
    assert (report.invitations, report.mails, report.unreachable) == (3, 6, [])

    mails = outbox(db, "council_invitation")
    assert len(mails) == 6
    for seat in seats:
        invitation = invitation_of(edition, seat)
        assert invitation.sent_at == now
        member = next(m.person for m in seat.memberships if m.role.value == "member")
        deputy = next(m.person for m in seat.memberships if m.role.value == "deputy")
        to_seat = [m for m in mails if f"/rsvp/{invitation.token}" in m.body_text]
        assert sorted(m.recipient for m in to_seat) == sorted([member.email, deputy.email])
        for mail in to_seat:
            assert f"http://localhost/rsvp/{invitation.token}" in mail.body_text  # absolute link
            assert f'href="http://localhost/rsvp/{invitation.token}"' in mail.body_html
            assert f"http://localhost/rsvp/{invitation.token}/documents/{document.id}" in mail.body_text
            assert f"/rsvp/{invitation.token}/documents/{secret_document.id}" in mail.body_text
            text = mail.body_text
            assert text.index("TOP 1 Ganztag an Grundschulen") < text.index("TOP 2 Personalfragen")
            assert "Bericht der Verwaltung" in text and "Wir laden herzlich ein." in text
            assert "Rathaus, Ratssaal" in text and "15:00" in text
            assert "<p>Wir laden herzlich ein.</p>" in mail.body_html
    assert meeting.invitations_sent_at == now


def test_the_ics_is_an_imip_request_for_the_recipient(db, app):
    edition, (seat,) = council_with_seats(1)
    invitations.generate_invitations(edition)
    invitation = invitation_of(edition, seat)
    invitation.sequence = 2
    invitations.send_invitations(edition, utcnow())
    by_recipient = {m.recipient: m for m in outbox(db)}
    member = next(m.person for m in seat.memberships if m.role.value == "member")
    deputy = next(m.person for m in seat.memberships if m.role.value == "deputy")
    for person, role in ((member, "REQ-PARTICIPANT"), (deputy, "OPT-PARTICIPANT")):
        cal = calendar_of(by_recipient[person.email])
        assert cal["METHOD"] == "REQUEST"
        (timezone,) = cal.walk("VTIMEZONE")
        assert timezone["TZID"] == "Europe/Berlin"
        (event,) = cal.events
        assert str(event["UID"]) == f"council-invitation-{invitation.id}@{app.config['SERVER_HOST']}"
        assert "@" in str(event["UID"])
        assert event["SEQUENCE"] == 2
        assert str(event["ORGANIZER"]) == "mailto:bildungsbuero@example.org"
        assert event["ORGANIZER"].params["CN"] == "Bildungskonferenz"
        attendee = event["ATTENDEE"]
        assert str(attendee) == f"mailto:{person.email}"
        assert attendee.params["CN"] == person.name
        assert (attendee.params["ROLE"], attendee.params["PARTSTAT"], attendee.params["RSVP"]) == (
            role, "NEEDS-ACTION", "TRUE")
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        assert event.start.hour == 15 and event.end.hour == 18 and str(event.start.tzinfo) == "Europe/Berlin"
        assert event.start == edition.starts_at
        assert str(event["LOCATION"]) == "Rathaus, Ratssaal"
        assert f"/rsvp/{invitation.token}" in str(event["DESCRIPTION"])


def test_the_smtp_mail_carries_a_calendar_part_with_method_request(db, smtp_server):
    edition, _ = council_with_seats(1)
    invitations.generate_invitations(edition)
    invitations.send_invitations(edition, utcnow())
    db.session.commit()
    settings = SmtpSettings(host="127.0.0.1", port=smtp_server.port, timeout=5)
    assert deliver_pending(settings) == {"sent": 2, "failed": 0, "retry": 0}
    for envelope in smtp_server.messages:
        parsed = message_from_bytes(envelope.content, policy=default_policy)
        calendars = [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]
        assert len(calendars) == 1
        assert calendars[0].get_param("method") == "REQUEST"
        assert calendars[0].get_content_charset() == "utf-8"
        cal = Calendar.from_ical(calendars[0].get_content())
        assert cal["METHOD"] == "REQUEST"
        assert str(cal.events[0]["ATTENDEE"]) == f"mailto:{envelope.rcpt_tos[0]}"


def test_feeds_keep_method_publish(db, smtp_server):
    from conference.mail.services import queue_mail
    from tests.factories import make_user

    user = make_user()
    queue_mail("a@example.org", "password_reset", subject="S", reset_url="u", user=user, max_age_minutes=1,
               attachments=[{"filename": "x.ics", "content_type": "text/calendar", "content": "BEGIN:VCALENDAR"}])
    db.session.commit()
    deliver_pending(SmtpSettings(host="127.0.0.1", port=smtp_server.port, timeout=5))
    parsed = message_from_bytes(smtp_server.messages[0].content, policy=default_policy)
    (part,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "PUBLISH"


def test_sending_twice_sends_only_new_invitations(db):
    edition, _ = council_with_seats(2)
    invitations.generate_invitations(edition)
    invitations.send_invitations(edition, utcnow())
    assert invitations.send_invitations(edition, utcnow()).mails == 0
    make_seat()
    invitations.generate_invitations(edition)
    assert invitations.send_invitations(edition, utcnow()).mails == 2
    assert len(outbox(db)) == 6


def test_people_without_an_address_are_reported_not_mailed(db):
    edition = make_council()
    no_mail = make_person(email="")
    seat = make_seat(member=no_mail, deputy=False)
    reachable = make_seat()
    invitations.generate_invitations(edition)
    report = invitations.send_invitations(edition, utcnow())
    assert report.mails == 2 and report.invitations == 1
    assert [(u.seat.id, u.role.value) for u in report.unreachable] == [(seat.id, "member"), (seat.id, "deputy")]
    assert invitation_of(edition, seat).sent_at is None  # nobody got it: it stays unsent
    assert invitation_of(edition, reachable).sent_at is not None


def test_mails_are_in_the_persons_language(db):
    edition = make_council()
    make_seat(member=make_person(locale="en"), deputy=make_person(locale="de"))
    invitations.generate_invitations(edition)
    invitations.send_invitations(edition, utcnow())
    by_locale = {m.locale: m for m in outbox(db)}
    assert set(by_locale) == {"en", "de"}
    assert by_locale["en"].body_text.startswith("Hello")
    assert by_locale["de"].body_text.startswith("Guten Tag")


def test_sending_is_refused_after_the_deadline(db):
    edition, _ = council_with_seats(1)
    invitations.generate_invitations(edition)
    meeting_of(edition).rsvp_deadline = utcnow() - timedelta(minutes=1)
    with pytest.raises(ConflictError):
        invitations.send_invitations(edition, utcnow())
    assert outbox(db) == []
    assert meeting_of(edition).invitations_sent_at is None


# --- Reminders ----------------------------------------------------------------------------------------

def test_reminders_go_only_to_pending_sent_invitations_at_most_once_a_day(db):
    edition, (answered, pending, unsent_seat) = council_with_seats(3)
    invitations.generate_invitations(edition)
    now = utcnow()
    invitations.send_invitations(edition, now)
    invitation_of(edition, unsent_seat).sent_at = None  # as if it were added after the mailing
    invitations.answer(invitation_of(edition, answered), RsvpStatus.DECLINED, "", now)

    report = invitations.send_reminders(edition, now + timedelta(hours=1))
    assert (report.invitations, report.mails, report.skipped) == (1, 2, 0)
    reminders = outbox(db, "council_reminder")
    token = invitation_of(edition, pending).token
    assert len(reminders) == 2 and all(f"http://localhost/rsvp/{token}" in m.body_text for m in reminders)
    assert invitation_of(edition, pending).reminder_count == 1

    again = invitations.send_reminders(edition, now + timedelta(hours=20))
    assert (again.invitations, again.mails, again.skipped) == (0, 0, 1)
    later = invitations.send_reminders(edition, now + timedelta(hours=25))
    assert (later.invitations, later.mails) == (1, 2)
    reminded = invitation_of(edition, pending)
    assert reminded.reminder_count == 2 and reminded.last_reminded_at == now + timedelta(hours=25)
    assert invitation_of(edition, answered).reminder_count == 0
    assert invitation_of(edition, unsent_seat).reminder_count == 0
    assert len(outbox(db, "council_reminder")) == 4


def test_reminders_are_refused_after_the_deadline(db):
    edition, _ = council_with_seats(1)
    invitations.generate_invitations(edition)
    invitations.send_invitations(edition, utcnow())
    with pytest.raises(ConflictError):
        invitations.send_reminders(edition, edition.starts_at + timedelta(minutes=1))
    assert outbox(db, "council_reminder") == []


def test_the_reminder_command(runner, db):
    edition, _ = council_with_seats(2)
    invitations.generate_invitations(edition)
    invitations.send_invitations(edition, utcnow())
    db.session.commit()
    result = runner.invoke(args=["council-reminders", str(edition.id)])
    assert result.exit_code == 0, result.output
    assert len(outbox(db, "council_reminder")) == 4
    again = runner.invoke(args=["council-reminders", str(edition.id)])
    assert again.exit_code == 0
    assert len(outbox(db, "council_reminder")) == 4  # not twice a day
    assert runner.invoke(args=["council-reminders", "999999"]).exit_code != 0
    open_day = make_edition()
    db.session.commit()
    refused = runner.invoke(args=["council-reminders", str(open_day.id)])
    assert refused.exit_code != 0 and refused.output.strip()


def test_two_simultaneous_generations_leave_one_invitation_per_seat_and_a_clear_conflict(db, monkeypatch):
    """The second of two clicks at the same moment: its seat list was read before the first one committed."""
    from sqlalchemy import insert

    from conference.council import invitations as service
    from conference.council.models import Invitation
    from conference.errors import ConflictError

    edition, seats = council_with_seats(2)
    db.session.commit()
    read = service.seats_with_holders

    def read_then_lose_the_race(on):
        rows = read(on)
        with db.engine.begin() as other:  # the other request commits first
            other.execute(insert(Invitation).values(edition_id=edition.id, seat_id=seats[0].id, token="raced",
                                                    status="pending", note="", reminder_count=0, sequence=0,
                                                    created_at=utcnow(), updated_at=utcnow()))
        return rows

    monkeypatch.setattr(service, "seats_with_holders", read_then_lose_the_race)
    with pytest.raises(ConflictError):
        service.generate_invitations(edition)
    db.session.rollback()
    assert db.session.scalar(select(func.count(Invitation.id))) == 1


def test_moving_the_meeting_sends_updated_invitations_that_calendars_apply(db):
    """A new time or place: a higher SEQUENCE, the same UID, and a mail to everyone already invited."""
    from conference.editions import services as editions
    from conference.editions.venues import save_venue

    edition, _ = council_with_seats(2)
    invitations.generate_invitations(edition)
    invitations.send_invitations(edition, utcnow())
    first = {m.recipient: m for m in db.session.scalars(select(OutboxMessage))}
    uid = str(calendar_of(next(iter(first.values()))).events[0]["UID"])

    later = edition.starts_at + timedelta(days=7)
    editions.update_edition(edition, title=edition.title, theme="", description="", starts_at=later,
                            ends_at=later + timedelta(hours=3), number=edition.number, format=edition.format)
    updates = db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.not_in([m.id for m in first.values()]))
                                 ).all()
    assert {m.recipient for m in updates} == set(first)  # member and deputy of both seats
    (event,) = calendar_of(updates[0]).events
    assert str(event["UID"]) == uid and event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == later
    assert all(i.sequence == 1 for i in db.session.scalars(select(Invitation)))

    save_venue(edition, edition.venues[0], name="Altes Rathaus", address="Markt 2")
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 3 * len(first)
    assert all(i.sequence == 2 for i in db.session.scalars(select(Invitation)))


def test_a_held_meeting_or_unsent_invitations_get_no_update(db):
    from conference.editions import services as editions

    edition, _ = council_with_seats(1)
    invitations.generate_invitations(edition)  # not sent
    later = edition.starts_at + timedelta(days=1)
    editions.update_edition(edition, title=edition.title, theme="", description="", starts_at=later,
                            ends_at=later + timedelta(hours=3), number=edition.number, format=edition.format)
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0
