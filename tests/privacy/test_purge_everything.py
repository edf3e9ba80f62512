"""The issue's "done when": after ``purge-personal-data --before 2100-01-01`` no registrant's name or e-mail
address is left anywhere in the database, every frozen result is byte-identical, and a second run changes
nothing at all.

The database is the full demo plus visitors with distinctive names whose data reaches every corner: the
outbox, consent records, survey invitations, the council's RSVP notes and check-in, the audit log, the
reasons of capacity changes, and accessibility feedback (with the staff mail that repeats it)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import JSON, String, Text, select

from conference.audit.services import record
from conference.council.models import Attendance, AttendanceRole, Invitation, Person
from conference.database import utcnow
from conference.demo.seed import seed
from conference.editions.models import Edition
from conference.editions.services import local
from conference.mail.models import OutboxMessage
from conference.mail.services import queue_mail
from conference.pages.models import AccessibilityFeedback
from conference.pages.services import submit_feedback
from conference.program.models import Session
from conference.registration import services as registrations
from conference.registration.models import Booking, BookingStatus, CapacityChange, Registration
from conference.registration.notifications import notify_registered
from conference.surveys.models import EditionResult, Survey, SurveyInvitation

TODAY = date(2026, 11, 22)
# (name, address): long and unusual, so that any trace of them is a leftover, not a coincidence
VISITORS = [("Philippa Quellenhofer-Drais", "philippa.quellenhofer@example.net"),
            ("Xaver Oberwiesenthal", "x.oberwiesenthal@example.net"),
            ("Ludmila Sternkopf", "ludmila.sternkopf@example.net")]


def add_distinctive_visitors(db):
    """Visitors of the upcoming open day (through the real service, with the confirmation mail), of a past
    one (attended) and of the upcoming council meeting; a council RSVP note and substitute naming them, a
    survey invitation, an audit entry and a capacity change that mention them, and accessibility feedback
    sent by one of them (received today: only ``--before`` makes it due)."""
    upcoming = db.session.scalar(select(Edition).where(Edition.number == 31))
    past = db.session.scalar(select(Edition).where(Edition.number == 27))
    held_council = db.session.scalar(select(Edition).where(Edition.number == 29))
    bookable = db.session.scalar(select(Session).where(Session.edition_id == upcoming.id,
                                                       Session.registration_required.is_(True),
                                                       Session.workshop_key.is_(None)).order_by(Session.id))
    (name1, mail1), (name2, mail2), (name3, mail3) = VISITORS
    first = registrations.register(
        upcoming, registrations.Visitor(name=name1, email=mail1, organisation="Gesamtschule Quellenhof",
                                        accessibility_needs="Rollstuhl, Induktionsschleife",
                                        accessibility_consent=True),
        [bookable.id], privacy_notice_version="2026-11")
    notify_registered(first)
    queue_mail(mail1, "booking_promoted", subject=f"Ein Platz für {name1}", registration=first,
               booking=first.bookings[0], manage_url="http://localhost/x")
    session = db.session.scalar(select(Session).where(Session.edition_id == past.id, Session.slot_id.is_not(None))
                                .order_by(Session.id))
    second = Registration(edition=past, name=name2, email=mail2, organisation="Kita Oberwiesen",
                          privacy_notice_version="2026-11", confirm_by=past.starts_at,
                          confirmed_at=past.starts_at - timedelta(days=9))
    db.session.add(second)
    db.session.add(Booking(registration=second, session=session, status=BookingStatus.ATTENDED,
                           checked_in_at=past.starts_at))
    db.session.flush()
    survey = db.session.scalar(select(Survey).where(Survey.edition_id == past.id).order_by(Survey.id))
    db.session.add(SurveyInvitation(survey_id=survey.id, email=mail2, name=name2, registration_id=second.id))
    invitation = db.session.scalar(select(Invitation).where(Invitation.edition_id == held_council.id)
                                   .order_by(Invitation.id))
    council = db.session.scalar(select(Edition).where(Edition.number == 30))
    db.session.add(Registration(edition=council, name=name3, email=mail3, role="council",
                                privacy_notice_version="council", confirm_by=utcnow(), confirmed_at=utcnow()))
    invitation.note = f"Statt mir kommt {name3} ({mail3})."
    seat_taken = {a.seat_id for a in db.session.scalars(select(Attendance).where(
        Attendance.edition_id == held_council.id))}
    free_seat = db.session.scalar(select(Invitation.seat_id).where(Invitation.edition_id == held_council.id,
                                                                   Invitation.seat_id.not_in(seat_taken))
                                  .order_by(Invitation.seat_id))
    db.session.add(Attendance(edition_id=held_council.id, seat_id=free_seat, role=AttendanceRole.SUBSTITUTE,
                              substitute_name=f"{name3} (Schulleitung)", checked_in_at=held_council.starts_at))
    record("test.mention", edition=past, summary=f"Rückfrage von {name2} <{mail2}>",
           details={"contact": mail1, "people": [name1, {"who": name3}]})
    db.session.add(CapacityChange(session_id=bookable.id, old_capacity=10, new_capacity=11, is_override=True,
                                  reason=f"Platz für {name1.upper()} wegen Rollstuhl"))
    submit_feedback(message=f"{name2} hier: Die Anmeldung geht nicht mit dem Screenreader.", page_url="/anmeldung",
                    name=name2, email=mail2)
    db.session.flush()


def text_columns(db):
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
        if columns:
            yield table, columns


def haystacks(db) -> dict[str, str]:
    """Every text and JSON value of every table, per ``table.column``, lower case."""
    found = {}
    for table, columns in text_columns(db):
        for column in columns:
            values = db.session.execute(select(column)).scalars()
            parts = [json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v for v in values
                     if v not in (None, "")]
            found[f"{table.name}.{column.name}"] = "\n".join(parts).lower()
    return found


def snapshot(db) -> dict[str, list]:
    """Every row of every table (for "a second run changes nothing")."""
    return {table.name: sorted((tuple(map(repr, row)) for row in db.session.execute(select(table))), key=str)
            for table in db.metadata.sorted_tables}


def frozen_results(db) -> list[tuple]:
    rows = db.session.execute(select(EditionResult.id, EditionResult.edition_id, EditionResult.version,
                                     EditionResult.data, EditionResult.frozen_at, EditionResult.frozen_by_id)
                              .order_by(EditionResult.id))
    return [(*row[:3], json.dumps(row[3], sort_keys=True, ensure_ascii=False), row[4], row[5]) for row in rows]


def test_after_purging_everything_no_registrant_is_left_anywhere_and_the_results_are_unchanged(db, runner):
    seed(TODAY)
    add_distinctive_visitors(db)
    db.session.commit()
    people = db.session.execute(select(Registration.name, Registration.email)).all()
    assert len(people) >= 400 and set(VISITORS) <= set(people)
    # Meaningful needles: full names (two words or more) and addresses
    names = {" ".join(n.split()).lower() for n, _ in people if len(n.split()) >= 2}
    addresses = {e.lower() for _, e in people if e}  # the demo's purged edition has none left
    # Council members who registered for the forums stay in the council's own record of its members: the
    # Person table is the body's membership, not the edition's data (see docs/privacy/retention.md). Their
    # names stay; their addresses only while they hold a seat (checked below).
    members = {p.name.lower() for p in db.session.scalars(select(Person))} | {
        f"{p.given_name} {p.family_name}".lower() for p in db.session.scalars(select(Person))}
    member_addresses = {p.email.lower() for p in db.session.scalars(select(Person))}
    today = local(utcnow()).date()  # the purge's today (the demo's is TODAY)
    former_members = {p.id for p in db.session.scalars(select(Person))
                      if all(m.ends_on is not None and m.ends_on < today for m in p.memberships)}
    assert former_members  # the demo's council has people who left
    before = haystacks(db)
    assert any(name in text for text in before.values() for name in names)  # the scan can see them
    assert sum(VISITORS[2][0].lower() in text for text in before.values()) >= 3  # note, substitute, audit
    assert VISITORS[1][1] in before["accessibility_feedback.email"] and VISITORS[1][0].lower() in before[
        "outbox.body_text"]  # the feedback and the staff mail that repeats it
    results = frozen_results(db)
    assert len(results) >= 10

    result = runner.invoke(args=["purge-personal-data", "--before", "2100-01-01"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()

    leftovers = []
    for place, text in haystacks(db).items():
        council_record = place.startswith("person.")
        for needle in names | addresses:
            if needle in text and not (council_record and needle in members | member_addresses):
                leftovers.append((place, needle))
    assert leftovers == []
    # Former council members keep their name on the council's record, not their address or language
    assert {p.id for p in db.session.scalars(select(Person)) if p.email or p.locale != "de"}.isdisjoint(
        former_members)
    assert frozen_results(db) == results
    assert all(r.anonymised_at is not None and r.name == "" and r.email == ""
               for r in db.session.scalars(select(Registration)))
    assert all(e.personal_data_purged_at and e.special_data_purged_at for e in db.session.scalars(select(Edition)))
    # The feedback keeps its message (the barrier), without the sender; the staff mail about it is gone
    feedback = db.session.scalar(select(AccessibilityFeedback).where(AccessibilityFeedback.page_url == "/anmeldung"))
    assert (feedback.name, feedback.email) == ("", "") and feedback.message.startswith("[erased] hier:")
    assert not db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.template == "accessibility_feedback"))
    # ... and the counts stay: attended bookings are still attended
    assert db.session.scalar(select(Booking.status).join(Registration).where(
        Registration.organisation == "", Booking.checked_in_at.is_not(None)).limit(1)) == BookingStatus.ATTENDED

    state = snapshot(db)
    again = runner.invoke(args=["purge-personal-data", "--before", "2100-01-01"])
    assert again.exit_code == 0, again.output
    assert "0 with personal data, 0 records removed" in again.output
    db.session.expire_all()
    assert snapshot(db) == state
    assert utcnow().year < 2100  # the test means something only while the purge date lies ahead
