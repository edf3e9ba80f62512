"""The building blocks of erasure and of the retention purge: anonymise registrations and survey
invitations, delete consent records, co-presenters and mails, and scrub names and addresses out of free text
(the audit log, the reasons of capacity changes, the council's RSVP notes and names of substitutes).

Every step first finds what it would change, so that a dry run counts exactly what a real run removes.
Nothing here commits, and nothing logs a name or an address."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update

from conference.accounts.models import User
from conference.audit.models import AuditEntry
from conference.council.models import Attendance, Invitation, Person
from conference.database import new_token
from conference.extensions import db
from conference.mail.models import OutboxMessage, OutboxStatus
from conference.privacy.models import ConsentKind, ConsentRecord
from conference.program.models import Session
from conference.registration.models import CapacityChange, Registration
from conference.submissions.models import CoPresenter
from conference.surveys.models import Survey, SurveyInvitation, SurveyParticipation


class Counts:
    """What a purge or an erasure did, one count per kind of data (a dataclass's fields)."""

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @property
    def total(self) -> int:
        return sum(asdict(self).values())


def delete_or_count(model, condition, *, apply: bool) -> int:
    """Delete the rows of ``model`` that match ``condition`` (``apply``), or only count them (a dry run)."""
    if apply:
        return db.session.execute(delete(model).where(condition),
                                  execution_options={"synchronize_session": False}).rowcount or 0
    return db.session.scalar(select(func.count()).select_from(model).where(condition)) or 0

# What a name or an address found in free text (the audit log, a capacity change's reason) becomes.
PLACEHOLDER = "[erased]"
# What the reason of a capacity change becomes in the purge of special-category data: a reason may tell of
# someone's health ("Platz für X wegen Rollstuhl"). Stored data, so one fixed marker, not a translation.
REMOVED = "[removed after the retention period]"
# Shorter names are not looked for in free text: "Li" or "Ali" would erase parts of ordinary words.
MIN_NAME_LENGTH = 4
CHUNK = 500  # ids or addresses per IN (…): well below every backend's limit on bound parameters


def chunks(values: Sequence, size: int = CHUNK) -> Iterable[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


def needles(*values: str) -> set[str]:
    """The strings to look for in free text: addresses, and names long enough to mean someone (lower case)."""
    found = set()
    for value in values:
        value = " ".join((value or "").split()).lower()
        if "@" in value or len(value) >= MIN_NAME_LENGTH:
            found.add(value)
    return found


# --- Registrations ---------------------------------------------------------------------------------------------

def has_special_data(registration: Registration) -> bool:
    return bool(registration.accessibility_needs) or registration.accessibility_consent_at is not None


def remove_special_data(registration: Registration) -> None:
    """Art. 9 data: the accessibility needs and the consent that came with them."""
    registration.accessibility_needs = ""
    registration.accessibility_consent_at = None


def anonymise_registration(registration: Registration, now: datetime) -> None:
    """No name, address, organisation or free text is left; the old links and the ticket stop working.
    The row, its role, dates and bookings stay, so every count stays right."""
    remove_special_data(registration)
    registration.name = ""
    registration.email = ""  # never an address again, so nothing can be sent to it
    registration.organisation = ""
    registration.manage_token = new_token()
    registration.confirm_token = new_token()
    registration.ticket_code = None
    registration.anonymised_at = now


def count_consents(registration_ids: Collection[int], kind: ConsentKind | None = None) -> int:
    total = 0
    for part in chunks(sorted(registration_ids)):
        query = select(func.count(ConsentRecord.id)).where(ConsentRecord.registration_id.in_(part))
        if kind is not None:
            query = query.where(ConsentRecord.kind == kind)
        total += db.session.scalar(query) or 0
    return total


def delete_consents(registration_ids: Collection[int], kind: ConsentKind | None = None) -> int:
    removed = count_consents(registration_ids, kind)
    for part in chunks(sorted(registration_ids)):
        statement = delete(ConsentRecord).where(ConsentRecord.registration_id.in_(part))
        if kind is not None:
            statement = statement.where(ConsentRecord.kind == kind)
        db.session.execute(statement, execution_options={"synchronize_session": False})
    return removed


# --- Survey invitations -------------------------------------------------------------------------------------

def erased_address(invitation: SurveyInvitation) -> str:
    """The placeholder of an anonymised invitation: unique per survey (as the column must be), no address."""
    return f"erased-{invitation.id}"


def is_anonymised(invitation: SurveyInvitation) -> bool:
    return invitation.email == erased_address(invitation)


def invitations_to_erase(*, survey_ids: Collection[int] | None = None, addresses: Collection[str] = (),
                         registration_ids: Collection[int] = ()) -> list[SurveyInvitation]:
    """Invitations not anonymised yet: every one of the given surveys (``survey_ids`` without addresses),
    or those to ``addresses`` or for ``registration_ids`` (limited to ``survey_ids`` if given)."""
    found: dict[int, SurveyInvitation] = {}
    base = select(SurveyInvitation)
    if survey_ids is not None:
        if not survey_ids:
            return []
        base = base.where(SurveyInvitation.survey_id.in_(sorted(survey_ids)))
    if survey_ids is not None and not addresses and not registration_ids:
        queries = [base]
    else:
        queries = [base.where(func.lower(SurveyInvitation.email).in_(part)) for part in chunks(sorted(addresses))]
        queries += [base.where(SurveyInvitation.registration_id.in_(part)) for part in chunks(sorted(registration_ids))]
    for query in queries:
        for invitation in db.session.scalars(query):
            found[invitation.id] = invitation
    return [found[i] for i in sorted(found) if not is_anonymised(found[i])]


def anonymise_invitations(invitations: Sequence[SurveyInvitation], now: datetime, *, apply: bool = True) -> int:
    """An invitation that has answered, or whose survey has closed, stays as an anonymous row (it counts
    in the response rate, and the answer it blocks stays blocked); any other is deleted, so that no mail can
    go to it any more. The personal link stops working either way. Answers are never touched."""
    if not invitations:
        return 0
    if not apply:
        return len(invitations)
    ids = [i.id for i in invitations]
    answered = set()
    for part in chunks(ids):
        answered |= set(db.session.scalars(select(SurveyParticipation.invitation_id)
                                           .where(SurveyParticipation.invitation_id.in_(part))))
    closed = set(db.session.scalars(select(Survey.id).where(
        Survey.id.in_(sorted({i.survey_id for i in invitations})), Survey.closes_at.is_not(None),
        Survey.closes_at <= now)))
    for invitation in invitations:
        if invitation.id in answered or invitation.survey_id in closed:
            invitation.email, invitation.name, invitation.token = erased_address(invitation), "", new_token()
        else:
            db.session.delete(invitation)
    db.session.flush()
    return len(invitations)


# --- Mails ----------------------------------------------------------------------------------------------------

def _still_held(addresses: list[str], released_registrations: Collection[int],
                released_invitations: Collection[int], released_people: Collection[int] = ()) -> set[str]:
    """Those of ``addresses`` that someone still holds: a registration not anonymised, a survey invitation,
    a council member or an account; the registrations, invitations and council members being erased do not
    count."""
    held: set[str] = set()
    for part in chunks(addresses):
        registrations = select(Registration.id, func.lower(Registration.email)).where(
            func.lower(Registration.email).in_(part), Registration.anonymised_at.is_(None))
        invitations = select(SurveyInvitation.id, func.lower(SurveyInvitation.email)).where(
            func.lower(SurveyInvitation.email).in_(part))
        held |= {a for i, a in db.session.execute(registrations) if i not in released_registrations}
        held |= {a for i, a in db.session.execute(invitations) if i not in released_invitations}
        people = select(Person.id, func.lower(Person.email)).where(func.lower(Person.email).in_(part))
        held |= {a for i, a in db.session.execute(people) if i not in released_people}
        held |= set(db.session.scalars(select(func.lower(User.email)).where(func.lower(User.email).in_(part))))
    return held


def delete_mail(addresses: Collection[str], *, released_registrations: Collection[int] = (),
                released_invitations: Collection[int] = (), released_people: Collection[int] = (),
                apply: bool = True) -> int:
    """Delete the outbox's mails to ``addresses``, with their bodies and render arguments. A mail still
    waiting to go to an address that someone else still holds (say, the same person's registration for a
    later edition, or a council member) is kept, so that it is delivered. ``released_*``: the registrations,
    invitations and council members (``Person`` ids) erased in the same step (they hold nothing any more,
    even before a real run)."""
    addresses = sorted({a.lower() for a in addresses if a and "@" in a})
    if not addresses:
        return 0
    released = set(released_registrations)
    held = _still_held(addresses, released, set(released_invitations), set(released_people))
    total = 0
    for part in chunks(addresses):
        condition = func.lower(OutboxMessage.recipient).in_(part)
        pending_held = [a for a in part if a in held]
        if pending_held:
            kept = (OutboxMessage.status == OutboxStatus.PENDING) & func.lower(OutboxMessage.recipient).in_(
                pending_held)
            # ... unless the mail is about an erased registration (rendered at send time from its id)
            about_erased = [i for i, args in db.session.execute(select(OutboxMessage.id, OutboxMessage.render_args)
                                                                .where(kept, OutboxMessage.render_args.is_not(None)))
                            if isinstance(args, dict) and args.get("registration_id") in released]
            condition = condition & ~kept
            if about_erased:
                condition = condition | OutboxMessage.id.in_(about_erased)
        total += delete_or_count(OutboxMessage, condition, apply=apply)
    return total


# --- Free text: the audit log and capacity changes ---------------------------------------------------------------

class Scrubber:
    """Replaces whole-word occurrences of names and addresses (any case) with :data:`PLACEHOLDER`."""

    def __init__(self, found: Iterable[str]):
        self.needles = sorted({n for n in found if n}, key=len, reverse=True)

    def _pattern(self, lower: str) -> re.Pattern | None:
        present = [n for n in self.needles if n in lower]  # a quick test in C before any regular expression
        if not present:
            return None
        words = "|".join(r"\s+".join(re.escape(part) for part in n.split(" ")) for n in present)
        return re.compile(rf"(?<![\w.@+-])(?:{words})(?![\w@])", re.IGNORECASE)

    def text(self, value: str) -> str:
        if not value or not self.needles:
            return value
        pattern = self._pattern(" ".join(value.split()).lower())
        return pattern.sub(PLACEHOLDER, value) if pattern else value

    def data(self, value):
        """``value`` (JSON: dicts, lists, strings) with every string scrubbed, keys included."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.data(v) for v in value]
        if isinstance(value, dict):
            return {self.text(k) if isinstance(k, str) else k: self.data(v) for k, v in value.items()}
        return value


@dataclass
class Scrubbed:
    """How many rows of each kind had a name or an address replaced (or would have)."""

    audit_entries: int = 0
    capacity_changes: int = 0
    council_notes: int = 0
    substitute_names: int = 0


def _scrub_column(scrubber: Scrubber, column, *, skip: Collection[int], apply: bool, limit: int | None = None) -> int:
    """Scrub one text column of every row where it is not empty; ``skip``: ids changed otherwise in the same
    step (so that a dry run does not count them twice)."""
    model = column.class_
    changed = 0
    for row_id, value in db.session.execute(select(model.id, column).where(column != "").order_by(model.id)):
        if row_id in skip:
            continue
        new_value = scrubber.text(value)
        if new_value != value:
            changed += 1
            if apply:
                db.session.execute(update(model).where(model.id == row_id)
                                   .values({column.key: new_value[:limit] if limit else new_value}),
                                   execution_options={"synchronize_session": False})
    return changed


def scrub_free_text(found: Iterable[str], *, apply: bool = True, skip_capacity_changes: Collection[int] = (),
                    skip_notes: Collection[int] = (), skip_substitutes: Collection[int] = ()) -> Scrubbed:
    """Replace the names and addresses in the audit log (summary and details), in the reasons of capacity
    changes, in the council's RSVP notes and in the names of substitutes at its check-in, in every edition.
    The ``skip_*`` ids are left out: the caller empties those rows itself."""
    scrubber = Scrubber(found)
    result = Scrubbed()
    if not scrubber.needles:
        return result
    rows = db.session.execute(select(AuditEntry.id, AuditEntry.summary, AuditEntry.details)
                              .order_by(AuditEntry.id)).all()
    for entry_id, summary, details in rows:
        new_summary, new_details = scrubber.text(summary or ""), scrubber.data(details or {})
        if new_summary != (summary or "") or new_details != (details or {}):
            result.audit_entries += 1
            if apply:
                db.session.execute(update(AuditEntry).where(AuditEntry.id == entry_id)
                                   .values(summary=new_summary, details=new_details),
                                   execution_options={"synchronize_session": False})
    result.capacity_changes = _scrub_column(scrubber, CapacityChange.reason, skip=set(skip_capacity_changes),
                                            apply=apply)
    result.council_notes = _scrub_column(scrubber, Invitation.note, skip=set(skip_notes), apply=apply)
    result.substitute_names = _scrub_column(scrubber, Attendance.substitute_name, skip=set(skip_substitutes),
                                            apply=apply, limit=200)
    return result


# --- Capacity changes, co-presenters, RSVP notes -----------------------------------------------------------------

def capacity_reasons_of(edition_id: int) -> list[int]:
    """The capacity changes of the edition's sessions whose reason is still there."""
    return list(db.session.scalars(
        select(CapacityChange.id).join(Session, Session.id == CapacityChange.session_id)
        .where(Session.edition_id == edition_id, CapacityChange.reason != "", CapacityChange.reason != REMOVED)
        .order_by(CapacityChange.id)))


def remove_capacity_reasons(ids: Collection[int]) -> None:
    for part in chunks(sorted(ids)):
        db.session.execute(update(CapacityChange).where(CapacityChange.id.in_(part)).values(reason=REMOVED),
                           execution_options={"synchronize_session": False})


def co_presenters_by_address(address: str) -> list[CoPresenter]:
    if not address:
        return []
    return list(db.session.scalars(select(CoPresenter).where(func.lower(CoPresenter.email) == address)
                                   .order_by(CoPresenter.id)))


def delete_co_presenters(co_presenters: Sequence[CoPresenter]) -> int:
    """A co-presenter is optional on an offer (as when it was submitted without one): the row goes, the offer
    with its own contact, content and decision stays valid."""
    for person in co_presenters:
        db.session.delete(person)
    db.session.flush()
    return len(co_presenters)


def rsvps_of_registrations(registration_ids: Collection[int]) -> list[Invitation]:
    """The council invitations whose forum registration is one of these (the person coming for the seat)."""
    found = []
    for part in chunks(sorted(registration_ids)):
        found += db.session.scalars(select(Invitation).where(Invitation.registration_id.in_(part))
                                    .order_by(Invitation.id))
    return found
