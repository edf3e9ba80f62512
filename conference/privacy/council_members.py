"""Former council members in retention: their contact data goes once they have left the council.

A council member (``Person``) is filed with an e-mail address and a language for the council's invitations.
Both are needed while the person holds a seat, and for no purpose after that (Art. 5(1)(e) GDPR). So they
have a retention of their own: the setting ``COUNCIL_MEMBER_RETENTION_MONTHS`` (default 12), counted from
the end of the person's last term.

A person is due when no term of theirs is open-ended or runs today or later, and the last one ended before
:func:`cutoff`. A person who never held a seat (a record made for a seat that went to somebody else) is due
when the record was made before it. For a due person:

- the address is emptied and the language goes back to the default: nothing can be sent to them any more;
- the name, title and consent to publishing the name stay when they are part of the council's record: the
  person's terms (the seats' history) or attendance at a meeting (as in the minutes). A person with neither
  is deleted: nothing refers to them;
- the outbox's mails to the address are deleted, except a mail still waiting to go to an address that
  someone else still holds (``anonymise.delete_mail``); the address is replaced by ``[erased]`` wherever it
  occurs in free text (``anonymise.scrub_free_text``).

Idempotent; a dry run counts exactly what a real run changes. Logged (counts only) and, when it changed
anything, in the audit log as ``privacy.purge`` with the scope ``council_members``."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import exists, func, select

from conference.audit import services as audit
from conference.council.models import Attendance, Membership, Person
from conference.database import utcnow
from conference.extensions import db
from conference.privacy import anonymise
from conference.row_locks import lock_rows

logger = logging.getLogger("conference.privacy.retention")

SCOPE = "council_members"  # the purge's scope in the log and the audit log


def default_locale() -> str:
    """The language of a person who never chose one (the column's default)."""
    return Person.__table__.c.locale.default.arg


def cutoff(now: datetime, before: datetime | None = None) -> datetime:
    """Terms that ended before this moment (and records of people who never held a seat made before it) are
    due: ``COUNCIL_MEMBER_RETENTION_MONTHS`` before ``now``, or ``before`` (``--before``) if that is later."""
    from conference.privacy.retention import add_months

    due = add_months(now, -int(current_app.config["COUNCIL_MEMBER_RETENTION_MONTHS"]))
    return max(due, before) if before is not None else due


def _local_day(moment: datetime) -> date:
    from conference.editions.services import local

    return local(moment).date()


def _has_terms():
    return exists().where(Membership.person_id == Person.id)


def _on_record():
    """The person is part of the council's record: a term on a seat, or attendance at a meeting."""
    return _has_terms() | exists().where(Attendance.person_id == Person.id)


def _has_contact():
    return (Person.email != "") | (Person.locale != default_locale())


def due_condition(moment: datetime, now: datetime):
    """People who have left: every term ended (``ends_on``, the last day, inclusive) before the day of
    ``moment``, and none runs today or later, even with a ``--before`` in the future; or, without any term,
    the record was made before ``moment``."""
    left_before = min(_local_day(moment), _local_day(now))
    left = (select(Membership.person_id).group_by(Membership.person_id)
            .having(func.count(Membership.id) == func.count(Membership.ends_on),  # no open-ended term
                    func.max(Membership.ends_on) < left_before))
    return Person.id.in_(left) | (~_has_terms() & (Person.created_at < moment))


@dataclass
class CouncilMemberCounts(anonymise.Counts):
    """How many rows each step changed (or would change): never who."""

    contact_data: int = 0  # people kept for the council's record whose address and language were removed
    people_deleted: int = 0  # people with neither terms nor attendance, deleted
    outbox_messages: int = 0  # mails to their addresses, deleted
    audit_entries: int = 0  # entries of the audit log with an address replaced
    capacity_changes: int = 0  # reasons of capacity changes with an address replaced
    council_notes: int = 0  # RSVP notes with an address replaced
    substitute_names: int = 0  # names of substitutes with an address replaced


@dataclass
class CouncilMemberPurge:
    ended_before: datetime
    counts: CouncilMemberCounts

    @property
    def ended_before_day(self) -> date:
        return _local_day(self.ended_before)


def purge(*, now: datetime | None = None, before: datetime | None = None, dry_run: bool = False,
          actor_id: int | None = None) -> CouncilMemberPurge:
    """Remove the contact data of everyone due (see :func:`due_condition`), delete those who are not part of
    the council's record, and the mails to their addresses; replace the addresses in free text. Idempotent;
    a dry run counts and changes nothing. Logged (counts only) and, when it changed anything, in the audit
    log."""
    now = now or utcnow()
    moment = cutoff(now, before)
    due = due_condition(moment, now)
    apply = not dry_run
    if apply:
        # A term or a check-in saved for one of them at the same moment (its foreign key locks the person)
        # either committed first, and the queries below see it, or waits for this transaction: a new term is
        # never deleted with its person.
        lock_rows(Person, due)
    kept = list(db.session.scalars(select(Person).where(due, _on_record(), _has_contact()).order_by(Person.id)))
    people = db.session.execute(select(Person.id, Person.email).where(due)).all()
    addresses = {email.lower() for _, email in people if email}
    counts = CouncilMemberCounts(contact_data=len(kept))
    counts.outbox_messages = anonymise.delete_mail(addresses, released_people={i for i, _ in people}, apply=apply)
    # The names stay where the person stays on record; the address is contact data wherever it was written.
    scrubbed = anonymise.scrub_free_text(anonymise.needles(*addresses), apply=apply)
    counts.audit_entries, counts.capacity_changes = scrubbed.audit_entries, scrubbed.capacity_changes
    counts.council_notes, counts.substitute_names = scrubbed.council_notes, scrubbed.substitute_names
    if apply:
        for person in kept:
            person.email, person.locale = "", default_locale()
        db.session.flush()
    counts.people_deleted = anonymise.delete_or_count(Person, due & ~_on_record(), apply=apply)
    day = _local_day(moment).isoformat()
    if apply:
        if counts.total:
            audit.record("privacy.purge", subject_type=SCOPE, actor_id=actor_id,
                         details={"scope": SCOPE, "ended_before": day, **counts.as_dict()})
        db.session.flush()
    logger.info("purge %s", "dry run" if dry_run else "done",
                extra={"scope": SCOPE, "dry_run": dry_run, "ended_before": day, **counts.as_dict()})
    return CouncilMemberPurge(ended_before=moment, counts=counts)
