"""Former council members in retention (conference.privacy.council_members): who is due, what goes (address,
language, mails, the address in free text), what stays (the name on the council's record), who is deleted,
dry runs, idempotence, ``--before``, the audit entry and the command's line."""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime, time
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from conference.audit.models import AuditEntry
from conference.audit.services import record
from conference.council.models import (
    Attendance,
    AttendanceRole,
    Invitation,
    Membership,
    MembershipRole,
    Person,
)
from conference.editions.models import EditionFormat, EditionStatus
from conference.editions.services import from_local
from conference.mail.models import OutboxMessage, OutboxStatus
from conference.privacy import council_members
from conference.privacy.retention import add_months
from tests.factories import make_edition, make_person, make_seat
from tests.privacy.builders import ended_open_day, mail, visitor

# The purge runs at this moment: twelve months before it is 22 Nov 2025, 03:30 UTC (04:30 in Berlin), so a
# term whose last day was 21 Nov 2025 has ended before then, and one that ran through 22 Nov 2025 has not.
NOW = datetime(2026, 11, 22, 3, 30, tzinfo=UTC)
FAR = from_local(date(2100, 1, 1), time(0))  # --before 2100-01-01
SECRETS = ("wolkenstein", "hiltrud", "ottokar", "sandhagen", "waltraud", "eckenbrecht", "example.org")


def count(model, *where) -> int:
    from conference.extensions import db

    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def term(person, starts_on, ends_on=None, role=MembershipRole.MEMBER):
    """A term of ``person`` on a seat of its own."""
    from conference.extensions import db

    seat = make_seat(member=False, deputy=False)
    db.session.add(Membership(seat=seat, person=person, role=role, starts_on=starts_on, ends_on=ends_on))
    db.session.flush()
    return seat


def due_ids(now=NOW, before=None) -> set[int]:
    from conference.extensions import db

    condition = council_members.due_condition(council_members.cutoff(now, before), now)
    return set(db.session.scalars(select(Person.id).where(condition)))


@pytest.fixture
def council(db):
    """Everyone the rule tells apart, with mails to them, an audit entry and an RSVP note with addresses:

    - ``current``: an old term and an open-ended one; ``future``: an old term and one in 2099 (ends_on set);
    - ``recent``: left on 31 Dec 2025; ``edge``: the last term ran through 22 Nov 2025 (the cutoff's day);
    - ``former``: a member, then a deputy, who left on 21 Nov 2025 and came to a meeting (Dr., English,
      consented to publishing the name);
    - ``guest``: a record made three years ago for a seat that went to somebody else (never a member, no
      attendance); ``newcomer``: the same, made two months ago;
    - ``caller``: never a member, but came to a meeting for a seat; their address is also that of a
      registration for an upcoming open day."""
    people = SimpleNamespace()
    people.current = make_person("Immergrün", "Konrad", email="konrad@example.org")
    term(people.current, date(2015, 1, 1), date(2018, 12, 31))
    term(people.current, date(2022, 1, 1))
    people.future = make_person("Morgenroth", "Edeltraud", email="edeltraud@example.org")
    term(people.future, date(2019, 1, 1), date(2020, 12, 31))
    term(people.future, date(2099, 1, 1), date(2099, 12, 31))
    people.recent = make_person("Neuhaus", "Balduin", email="balduin@example.org")
    term(people.recent, date(2021, 1, 1), date(2025, 12, 31))
    people.edge = make_person("Grenzstein", "Friedhelm", email="friedhelm@example.org")
    term(people.edge, date(2021, 1, 1), date(2025, 11, 22))
    people.former = make_person("Wolkenstein", "Hiltrud", email="Hiltrud.Wolkenstein@Example.org", title="Dr.",
                                locale="en", consent=True)
    seat = term(people.former, date(2020, 1, 1), date(2023, 6, 30))
    term(people.former, date(2023, 7, 1), date(2025, 11, 21), role=MembershipRole.DEPUTY)
    people.guest = make_person("Sandhagen", "Ottokar", email="ottokar@example.org")
    people.guest.created_at = add_months(NOW, -36)
    people.newcomer = make_person("Frischauf", "Mirabella", email="mirabella@example.org")
    people.newcomer.created_at = add_months(NOW, -2)
    people.caller = make_person("Eckenbrecht", "Waltraud", email="waltraud@example.org", locale="en")
    people.caller.created_at = add_months(NOW, -30)

    meeting = make_edition(format=EditionFormat.COUNCIL, status=EditionStatus.EVALUATED, day=date(2024, 3, 6),
                           title="Regionale Bildungskonferenz")
    db.session.add_all([
        Attendance(edition_id=meeting.id, seat_id=seat.id, person_id=people.former.id, role=AttendanceRole.MEMBER,
                   checked_in_at=meeting.starts_at),
        Attendance(edition_id=meeting.id, seat_id=seat.id, person_id=people.caller.id, role=AttendanceRole.DEPUTY,
                   checked_in_at=meeting.starts_at)])
    people.note = Invitation(edition=meeting, seat=seat,
                             note="Vertretung: Dr. Hiltrud Wolkenstein, hiltrud.wolkenstein@example.org")
    db.session.add(people.note)
    upcoming = ended_open_day(ends_at=datetime(2099, 5, 1, 16, tzinfo=UTC), status="registration_open")
    visitor(upcoming, name="Waltraud Eckenbrecht", email="Waltraud@example.org")
    people.mails = SimpleNamespace(
        gone=[mail("hiltrud.wolkenstein@example.org").id,
              mail("HILTRUD.WOLKENSTEIN@example.org", status=OutboxStatus.PENDING).id,  # nobody else holds it
              mail("ottokar@example.org").id,
              mail("waltraud@example.org", subject="Einladung").id],
        kept=[mail("waltraud@example.org", status=OutboxStatus.PENDING, subject="Ihre Anmeldung").id,  # held
              mail("konrad@example.org", status=OutboxStatus.PENDING).id,
              mail("balduin@example.org").id])
    record("test.note", summary="Rückruf an hiltrud.wolkenstein@example.org",
           details={"contact": "ottokar@example.org", "kept": "Wolkenstein"})
    db.session.commit()
    return people


# --- Who is due -----------------------------------------------------------------------------------------------

def test_who_has_left_twelve_months_ago_is_due_and_nobody_else(db, council):
    assert due_ids() == {council.former.id, council.guest.id, council.caller.id}


def test_the_retention_is_a_setting(app, db, council):
    app.config["COUNCIL_MEMBER_RETENTION_MONTHS"] = 1
    assert due_ids() == {council.former.id, council.guest.id, council.caller.id, council.recent.id,
                         council.edge.id, council.newcomer.id}
    app.config["COUNCIL_MEMBER_RETENTION_MONTHS"] = 36
    assert due_ids() == set()  # the guest's record was made exactly 36 months before: not yet


@pytest.mark.config(COUNCIL_MEMBER_RETENTION_MONTHS=24)
def test_the_setting_comes_from_the_configuration(db, council):
    assert due_ids() == {council.guest.id, council.caller.id}
    assert council_members.purge(now=NOW).counts.contact_data == 1  # the caller only
    db.session.commit()
    assert db.session.get(Person, council.former.id).email == "Hiltrud.Wolkenstein@Example.org"


def test_before_makes_everyone_due_who_has_left_but_never_a_term_running_today_or_later(db, council):
    assert due_ids(before=FAR) == {council.former.id, council.guest.id, council.caller.id, council.recent.id,
                                   council.edge.id, council.newcomer.id}
    before = from_local(date(2025, 12, 31), time(0))  # --before 2025-12-31: the recent one left on that day
    assert due_ids(before=before) == {council.former.id, council.guest.id, council.caller.id, council.edge.id}
    result = council_members.purge(now=NOW, before=FAR)
    db.session.commit()
    assert result.ended_before_day == date(2100, 1, 1)
    assert (result.counts.contact_data, result.counts.people_deleted) == (4, 2)  # former, caller, recent, edge
    assert db.session.get(Person, council.current.id).email == "konrad@example.org"
    assert db.session.get(Person, council.future.id).email == "edeltraud@example.org"


# --- What goes, what stays ---------------------------------------------------------------------------------------

def test_the_address_goes_the_name_stays_on_the_record_and_a_person_on_no_record_is_deleted(db, council):
    consented_at, guest_id = council.former.publication_consent_at, council.guest.id
    result = council_members.purge(now=NOW)
    db.session.commit()
    db.session.expire_all()
    assert result.counts.as_dict() == {"contact_data": 2, "people_deleted": 1, "outbox_messages": 4,
                                       "audit_entries": 1, "capacity_changes": 0, "council_notes": 1,
                                       "substitute_names": 0}
    former = db.session.get(Person, council.former.id)
    assert (former.email, former.locale) == ("", "de")  # nothing can be sent to her any more
    assert (former.title, former.given_name, former.family_name) == ("Dr.", "Hiltrud", "Wolkenstein")
    assert former.publication_consent_at == consented_at and former.publication_consent_text == "2026-11"
    assert [(m.role, m.starts_on, m.ends_on) for m in former.memberships] == [
        (MembershipRole.MEMBER, date(2020, 1, 1), date(2023, 6, 30)),
        (MembershipRole.DEPUTY, date(2023, 7, 1), date(2025, 11, 21))]  # the seats' history
    caller = db.session.get(Person, council.caller.id)
    assert (caller.email, caller.locale, caller.family_name) == ("", "de", "Eckenbrecht")
    assert sorted(db.session.scalars(select(Attendance.person_id))) == sorted([former.id, caller.id])
    assert db.session.get(Person, guest_id) is None  # nothing referred to him
    assert db.session.get(Person, council.newcomer.id).email == "mirabella@example.org"
    # The address is replaced in free text; the name, which stays on the record, is not
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "test.note"))
    assert entry.summary == "Rückruf an [erased]" and entry.details == {"contact": "[erased]",
                                                                       "kept": "Wolkenstein"}
    assert db.session.get(Invitation, council.note.id).note == "Vertretung: Dr. Hiltrud Wolkenstein, [erased]"


def test_mails_to_the_addresses_go_unless_waiting_for_someone_who_still_holds_it(db, council):
    council_members.purge(now=NOW)
    db.session.commit()
    remaining = sorted(db.session.scalars(select(OutboxMessage.id)))
    assert remaining == sorted(council.mails.kept) and not set(remaining) & set(council.mails.gone)
    waiting = db.session.scalar(select(OutboxMessage).where(OutboxMessage.subject == "Ihre Anmeldung"))
    assert waiting.recipient == "waltraud@example.org" and waiting.status == OutboxStatus.PENDING


def test_a_waiting_mail_to_an_address_only_the_former_member_held_goes(db):
    former = make_person("Ackerschott", "Gundula", email="gundula@example.org")
    term(former, date(2020, 1, 1), date(2024, 12, 31))
    mail("gundula@example.org", status=OutboxStatus.PENDING)
    db.session.commit()
    dry = council_members.purge(now=NOW, dry_run=True)
    db.session.rollback()
    assert dry.counts.outbox_messages == 1  # the dry run does not count her as still holding it either
    assert council_members.purge(now=NOW).counts.outbox_messages == 1
    assert count(OutboxMessage) == 0


def test_a_former_member_without_an_address_only_loses_the_language(db):
    silent = make_person("Ohnepost", "Gerlinde", email="", locale="en")
    term(silent, date(2020, 1, 1), date(2024, 12, 31))
    already = make_person("Leerbrief", "Hartmut", email="")
    term(already, date(2020, 1, 1), date(2024, 12, 31))
    db.session.commit()
    assert council_members.purge(now=NOW).counts.as_dict() == {
        "contact_data": 1, "people_deleted": 0, "outbox_messages": 0, "audit_entries": 0, "capacity_changes": 0,
        "council_notes": 0, "substitute_names": 0}
    assert db.session.get(Person, silent.id).locale == "de"


# --- Runs: idempotent, dry, logged, audited ----------------------------------------------------------------------

def test_a_second_run_finds_nothing_and_writes_nothing(db, council):
    assert council_members.purge(now=NOW).counts.total == 9
    db.session.commit()
    entries = count(AuditEntry)
    again = council_members.purge(now=NOW)
    db.session.commit()
    assert again.counts.total == 0 and count(AuditEntry) == entries
    assert council_members.purge(now=NOW, before=FAR).counts.people_deleted == 1  # the newcomer, later


def test_a_dry_run_counts_exactly_what_a_real_run_changes_and_changes_nothing(db, council):
    def state():
        db.session.expire_all()
        return (sorted(db.session.execute(select(Person.id, Person.email, Person.locale, Person.family_name)).all()),
                sorted(db.session.scalars(select(OutboxMessage.id))),
                sorted(db.session.execute(select(AuditEntry.id, AuditEntry.summary)).all()),
                db.session.get(Invitation, council.note.id).note)

    before = state()
    dry = council_members.purge(now=NOW, dry_run=True)
    assert state() == before  # in its own transaction too, before the command rolls it back
    db.session.rollback()
    real = council_members.purge(now=NOW)
    db.session.commit()
    assert dry.counts == real.counts and real.counts.total == 9
    assert state() != before


def test_the_purge_is_audited_and_logged_with_counts_only(db, council, caplog):
    with caplog.at_level(logging.INFO, logger="conference.privacy.retention"):
        council_members.purge(now=NOW)
    db.session.commit()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.purge"))
    assert entry.actor_id is None and entry.edition_id is None
    assert (entry.subject_type, entry.subject_id) == ("council_members", None)
    assert entry.details == {"scope": "council_members", "ended_before": "2025-11-22", "contact_data": 2,
                             "people_deleted": 1, "outbox_messages": 4, "audit_entries": 1, "capacity_changes": 0,
                             "council_notes": 1, "substitute_names": 0}
    [logged] = [r for r in caplog.records if getattr(r, "scope", None) == "council_members"]
    assert (logged.dry_run, logged.ended_before, logged.contact_data, logged.people_deleted) == (
        False, "2025-11-22", 2, 1)
    text = json.dumps(logged.__dict__, default=str).lower() + json.dumps(entry.details).lower()
    for secret in SECRETS:
        assert secret not in text


def test_the_audit_log_reads_the_entry(app):
    from flask_babel import force_locale

    from conference.audit.actions import describe, subject_label

    with force_locale("en"):
        assert subject_label("council_members") == "Council members"
        assert describe("privacy.purge", {"scope": "council_members", "ended_before": "2025-11-22",
                                          "contact_data": 2, "people_deleted": 1, "outbox_messages": 4}) == [
            ("scope", "council members"), ("terms ended before", "2025-11-22"), ("contact data removed", "2"),
            ("people deleted", "1"), ("mails", "4")]


# --- The command -------------------------------------------------------------------------------------------------

@pytest.fixture
def left_long_ago(db):
    """Someone who left in 2024, with a mail; someone on a seat until 2099 and someone from 2099 on, with mails."""
    gone = make_person("Wolkenstein", "Hiltrud", email="hiltrud@example.org")
    term(gone, date(2020, 1, 1), date(2024, 6, 30))
    staying = make_person("Immergrün", "Konrad", email="konrad@example.org")
    term(staying, date(2020, 1, 1), date(2099, 12, 31))
    coming = make_person("Morgenroth", "Edeltraud", email="edeltraud@example.org")
    term(coming, date(2099, 1, 1))
    for address in ("hiltrud@example.org", "konrad@example.org", "edeltraud@example.org"):
        mail(address)
    db.session.commit()
    return gone, staying, coming


def test_the_command_prints_one_line_for_the_council_members(runner, db, left_long_ago):
    gone, staying, coming = left_long_ago
    dry = runner.invoke(args=["purge-personal-data", "--before", "2100-01-01", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert ("council members whose last term ended before 2100-01-01: would remove contact_data=1, "
            "outbox_messages=1\n") in dry.output
    assert dry.output.rstrip().endswith("2 records would be removed")
    db.session.expire_all()
    assert db.session.get(Person, gone.id).email == "hiltrud@example.org" and count(OutboxMessage) == 3

    result = runner.invoke(args=["purge-personal-data", "--before", "2100-01-01"])
    assert result.exit_code == 0, result.output
    assert ("council members whose last term ended before 2100-01-01: removed contact_data=1, "
            "outbox_messages=1\n") in result.output
    assert result.output.rstrip().endswith("2 records removed")
    for secret in ("hiltrud", "wolkenstein", "example.org"):
        assert secret not in result.output.lower()
    db.session.expire_all()
    assert [db.session.get(Person, p.id).email for p in (gone, staying, coming)] == [
        "", "konrad@example.org", "edeltraud@example.org"]
    assert count(OutboxMessage) == 2

    again = runner.invoke(args=["purge-personal-data", "--before", "2100-01-01"])
    assert "council members whose last term ended before 2100-01-01: removed nothing left" in again.output
    assert "0 records removed" in again.output


def test_the_command_counts_twelve_months_back_without_before(runner, db, left_long_ago):
    import re

    from conference.database import utcnow
    from conference.editions.services import local

    days = {local(add_months(utcnow(), -12)).date()}
    result = runner.invoke(args=["purge-personal-data"])
    days.add(local(add_months(utcnow(), -12)).date())  # the same day, unless the run crossed midnight
    assert result.exit_code == 0, result.output
    found = re.search(r"^council members whose last term ended before (\S+): removed contact_data=1, "
                      r"outbox_messages=1$", result.output, re.MULTILINE)
    assert found and date.fromisoformat(found[1]) in days, result.output
