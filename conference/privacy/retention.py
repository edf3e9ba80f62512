"""The retention purge: an edition's personal data goes when its purpose is fulfilled.

Per edition, counted from the end of the event (``Edition.ends_at``):

- after ``special_retention_months`` (default 1): special-category data (Art. 9 GDPR), that is the
  accessibility needs and the consent records that came with them, and the reasons of the capacity
  changes of the edition's sessions (a reason may tell of someone's health);
- after ``retention_months`` (default 6): all personal data (see :func:`purge_edition`).

``purge(before=…)`` purges all personal data of every edition that ended before that moment, whatever its
retention. Every step is idempotent (a second run finds nothing left), a dry run counts exactly what a real
run removes, and nothing here touches an ``EditionResult``: the frozen aggregates are what is kept.

Accessibility feedback belongs to the website, not to an edition, and a council member to the council: each
has its own retention (``conference.privacy.feedback``, ``conference.privacy.council_members``), which the
command runs as well.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, literal, or_, select
from sqlalchemy.types import String

from conference.audit import services as audit
from conference.council.models import Attendance, Invitation
from conference.database import utcnow
from conference.editions.models import Edition
from conference.extensions import db
from conference.mail.models import OutboxMessage
from conference.privacy import anonymise
from conference.privacy.models import ConsentKind, ConsentRecord
from conference.program.models import Session
from conference.registration.models import CapacityChange, Registration
from conference.submissions.models import CoPresenter, Submission
from conference.surveys.models import Survey, SurveyInvitation

logger = logging.getLogger("conference.privacy.retention")

SPECIAL = "special"  # special-category data only
ALL = "all"  # all personal data


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus whole calendar months; the day is clamped (31 Jan + 1 month = 28/29 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def special_due_at(edition: Edition) -> datetime:
    return add_months(edition.ends_at, edition.special_retention_months)


def personal_due_at(edition: Edition) -> datetime:
    return add_months(edition.ends_at, edition.retention_months)


def due_scope(edition: Edition, now: datetime, before: datetime | None = None) -> str | None:
    """What is due for ``edition``: :data:`ALL`, :data:`SPECIAL` or nothing (None)."""
    if before is not None and edition.ends_at < before:
        return ALL
    if edition.ends_at >= now:
        return None
    if personal_due_at(edition) <= now:
        return ALL
    if special_due_at(edition) <= now:
        return SPECIAL
    return None


@dataclass
class PurgeCounts(anonymise.Counts):
    """How many rows each step changed (or would change): never who."""

    registrations: int = 0  # anonymised
    special_data: int = 0  # registrations whose accessibility needs (Art. 9) were removed
    consent_records: int = 0  # deleted
    capacity_reasons: int = 0  # reasons of the edition's capacity changes removed (they may tell of health)
    survey_invitations: int = 0  # anonymised, or deleted where nothing counts on them
    council_notes: int = 0  # RSVP notes emptied
    substitute_names: int = 0  # names of substitutes at the council's check-in emptied
    co_presenters: int = 0  # co-presenters named on offers, deleted
    outbox_messages: int = 0  # mails to the addresses concerned, deleted
    audit_entries: int = 0  # entries of the audit log with a name or address replaced
    capacity_changes: int = 0  # reasons of capacity changes with a name or address replaced


@dataclass
class EditionPurge:
    edition: Edition
    scope: str
    counts: PurgeCounts = field(default_factory=PurgeCounts)
    newly_marked: bool = False  # the edition's *_purged_at was set by this run

    @property
    def changed(self) -> bool:
        return self.newly_marked or self.counts.total > 0


def _registrations(edition: Edition, *, special_only: bool) -> list[Registration]:
    query = select(Registration).where(Registration.edition_id == edition.id, Registration.anonymised_at.is_(None))
    if special_only:
        query = query.where((Registration.accessibility_needs != "") | Registration.accessibility_consent_at.is_not(
            None))
    return list(db.session.scalars(query.order_by(Registration.id)))


def _all_registration_ids(edition: Edition) -> list[int]:
    return list(db.session.scalars(select(Registration.id).where(Registration.edition_id == edition.id)))


def _purge_capacity_reasons(edition: Edition, counts: PurgeCounts, *, apply: bool) -> list[int]:
    """Art. 9 data in free text: "Platz für X wegen Rollstuhl". The changes stay (old and new capacity,
    override, who, when); the reason becomes :data:`anonymise.REMOVED`."""
    ids = anonymise.capacity_reasons_of(edition.id)
    counts.capacity_reasons = len(ids)
    if apply:
        anonymise.remove_capacity_reasons(ids)
    return ids


def _purge_special(edition: Edition, counts: PurgeCounts, *, apply: bool) -> None:
    registrations = _registrations(edition, special_only=True)
    counts.special_data = len(registrations)
    ids = _all_registration_ids(edition)
    if apply:
        for registration in registrations:
            anonymise.remove_special_data(registration)
        counts.consent_records = anonymise.delete_consents(ids, ConsentKind.SPECIAL_CATEGORY)
    else:
        counts.consent_records = anonymise.count_consents(ids, ConsentKind.SPECIAL_CATEGORY)
    _purge_capacity_reasons(edition, counts, apply=apply)


def _purge_council(edition: Edition, counts: PurgeCounts, found: set[str], *,
                   apply: bool) -> tuple[set[int], set[int]]:
    """Empty the edition's RSVP notes and names of substitutes; returns their ids (invitations, attendances)."""
    notes = list(db.session.scalars(select(Invitation).where(Invitation.edition_id == edition.id,
                                                             Invitation.note != "")))
    substitutes = list(db.session.scalars(select(Attendance).where(Attendance.edition_id == edition.id,
                                                                   Attendance.substitute_name != "")))
    counts.council_notes, counts.substitute_names = len(notes), len(substitutes)
    for attendance in substitutes:  # "Name (Funktion)": the name alone may appear elsewhere too
        found |= anonymise.needles(attendance.substitute_name, attendance.substitute_name.split(" (")[0])
    if apply:
        for invitation in notes:
            invitation.note = ""
        for attendance in substitutes:
            attendance.substitute_name = ""
    return {i.id for i in notes}, {a.id for a in substitutes}


def _purge_co_presenters(edition: Edition, counts: PurgeCounts, found: set[str], addresses: set[str], *,
                         apply: bool) -> None:
    co_presenters = list(db.session.scalars(
        select(CoPresenter).join(Submission, Submission.id == CoPresenter.submission_id)
        .where(Submission.edition_id == edition.id).order_by(CoPresenter.id)))
    counts.co_presenters = len(co_presenters)
    for person in co_presenters:
        found |= anonymise.needles(person.name, person.email)
        addresses.add(person.email.lower())
    if apply:
        for person in co_presenters:
            db.session.delete(person)


def _purge_all(edition: Edition, counts: PurgeCounts, now: datetime, *, apply: bool) -> None:
    registrations = _registrations(edition, special_only=False)
    ids = _all_registration_ids(edition)
    found: set[str] = set()
    addresses: set[str] = set()
    for registration in registrations:
        found |= anonymise.needles(registration.name, registration.email)
        addresses.add(registration.email.lower())
    counts.registrations = len(registrations)
    counts.special_data = sum(anonymise.has_special_data(r) for r in registrations)
    survey_ids = set(db.session.scalars(select(Survey.id).where(Survey.edition_id == edition.id)))
    invitations = anonymise.invitations_to_erase(survey_ids=survey_ids)
    for invitation in invitations:
        found |= anonymise.needles(invitation.name, invitation.email)
        addresses.add(invitation.email.lower())
    released = ([r.id for r in registrations], [i.id for i in invitations])
    if apply:
        counts.consent_records = anonymise.delete_consents(ids)
        for registration in registrations:
            anonymise.anonymise_registration(registration, now)
        db.session.flush()
    else:
        counts.consent_records = anonymise.count_consents(ids)
    counts.survey_invitations = anonymise.anonymise_invitations(invitations, now, apply=apply)
    notes, substitutes = _purge_council(edition, counts, found, apply=apply)
    _purge_co_presenters(edition, counts, found, addresses, apply=apply)
    reasons = _purge_capacity_reasons(edition, counts, apply=apply)
    db.session.flush()
    counts.outbox_messages = anonymise.delete_mail(addresses, released_registrations=released[0],
                                                   released_invitations=released[1], apply=apply)
    # Elsewhere (the audit log, other editions' notes and reasons), the names and addresses are replaced.
    scrubbed = anonymise.scrub_free_text(found, apply=apply, skip_capacity_changes=reasons, skip_notes=notes,
                                         skip_substitutes=substitutes)
    counts.audit_entries, counts.capacity_changes = scrubbed.audit_entries, scrubbed.capacity_changes
    counts.council_notes += scrubbed.council_notes
    counts.substitute_names += scrubbed.substitute_names


def purge_edition(edition: Edition, scope: str, *, now: datetime | None = None, dry_run: bool = False,
                  actor_id: int | None = None) -> EditionPurge:
    """Remove the edition's special-category data (``scope`` :data:`SPECIAL`) or all its personal data
    (:data:`ALL`):

    - registrations are anonymised (:func:`anonymise.anonymise_registration`): the rows, their bookings with
      their statuses and their rankings stay, so every count stays right;
    - consent records are deleted; survey invitations of the edition's surveys are anonymised or deleted;
    - the council's RSVP notes and the names of substitutes are emptied; co-presenters named on the
      edition's offers are deleted; the reasons of the capacity changes of its sessions are removed
      (also in the purge of special-category data: they may tell of someone's health);
    - mails to the addresses concerned are deleted from the outbox, and those names and addresses are
      replaced in the audit log, the reasons of capacity changes, and the RSVP notes and names of
      substitutes of other editions.

    The edition is marked (``special_data_purged_at``, ``personal_data_purged_at``) and the purge is logged
    in the audit log (counts only) when it changed anything. With ``dry_run`` nothing changes: the counts say
    what would go."""
    now = now or utcnow()
    result = EditionPurge(edition=edition, scope=scope)
    apply = not dry_run
    if scope == ALL:
        _purge_all(edition, result.counts, now, apply=apply)
    else:
        _purge_special(edition, result.counts, apply=apply)
    result.newly_marked = edition.special_data_purged_at is None or (
        scope == ALL and edition.personal_data_purged_at is None)
    if apply:
        edition.special_data_purged_at = edition.special_data_purged_at or now
        if scope == ALL:
            edition.personal_data_purged_at = edition.personal_data_purged_at or now
        if result.changed:
            audit.record("privacy.purge", edition=edition, actor_id=actor_id,
                         details={"scope": scope, **result.counts.as_dict()})
        db.session.flush()
    return result


def log_result(result: EditionPurge, *, dry_run: bool) -> None:
    """One log line per edition: its number, the scope and the counts (never a name or an address)."""
    logger.info("purge %s", "dry run" if dry_run else "done",
                extra={"edition_number": result.edition.number, "scope": result.scope, "dry_run": dry_run,
                       "newly_marked": result.newly_marked, **result.counts.as_dict()})


def purge(*, now: datetime | None = None, before: datetime | None = None, dry_run: bool = False) -> list[EditionPurge]:
    """Purge what is due in every edition (see :func:`due_scope`), oldest first. Returns one entry per
    edition that had anything due, including those where nothing was left to remove."""
    now = now or utcnow()
    results = []
    for edition in db.session.scalars(select(Edition).order_by(Edition.ends_at, Edition.id)):
        scope = due_scope(edition, now, before)
        if scope is not None:
            results.append(purge_edition(edition, scope, now=now, dry_run=dry_run))
            log_result(results[-1], dry_run=dry_run)
    return results


@dataclass
class Preview:
    """For the organiser's page: when each purge is due, whether it has run, and what a purge of all
    personal data would remove now. The free text (audit log, reasons, notes elsewhere) is searched only
    when the purge runs: ``counts.audit_entries`` and ``counts.capacity_changes`` stay 0, and
    ``counts.outbox_messages`` counts every mail to the addresses concerned (the purge keeps a waiting one
    that someone else still needs)."""

    special_due_at: datetime
    personal_due_at: datetime
    counts: PurgeCounts
    has_ended: bool


def _count(query) -> int:
    return db.session.scalar(query) or 0


def preview_counts(edition: Edition) -> PurgeCounts:
    """What a purge of all personal data of ``edition`` would remove, counted by a fixed number of queries
    (however many registrations, mails or audit entries there are)."""
    registrations = select(Registration.id).where(Registration.edition_id == edition.id)
    open_registrations = registrations.where(Registration.anonymised_at.is_(None))
    surveys = select(Survey.id).where(Survey.edition_id == edition.id)
    invitations = (SurveyInvitation.survey_id.in_(surveys)
                   & (SurveyInvitation.email != literal("erased-", String) + SurveyInvitation.id.cast(String)))
    co_presenters = CoPresenter.submission_id.in_(select(Submission.id).where(Submission.edition_id == edition.id))
    special = (Registration.accessibility_needs != "") | Registration.accessibility_consent_at.is_not(None)
    recipient = func.lower(OutboxMessage.recipient)
    return PurgeCounts(
        registrations=_count(select(func.count()).select_from(open_registrations.subquery())),
        special_data=_count(select(func.count(Registration.id)).where(
            Registration.edition_id == edition.id, Registration.anonymised_at.is_(None), special)),
        consent_records=_count(select(func.count(ConsentRecord.id)).where(
            ConsentRecord.registration_id.in_(registrations))),
        capacity_reasons=_count(select(func.count(CapacityChange.id)).join(
            Session, Session.id == CapacityChange.session_id).where(
            Session.edition_id == edition.id, CapacityChange.reason != "", CapacityChange.reason != anonymise.REMOVED)),
        survey_invitations=_count(select(func.count(SurveyInvitation.id)).where(invitations)),
        council_notes=_count(select(func.count(Invitation.id)).where(Invitation.edition_id == edition.id,
                                                                     Invitation.note != "")),
        substitute_names=_count(select(func.count(Attendance.id)).where(Attendance.edition_id == edition.id,
                                                                        Attendance.substitute_name != "")),
        co_presenters=_count(select(func.count(CoPresenter.id)).where(co_presenters)),
        outbox_messages=_count(select(func.count(OutboxMessage.id)).where(or_(
            recipient.in_(select(func.lower(Registration.email)).where(
                Registration.edition_id == edition.id, Registration.anonymised_at.is_(None))),
            recipient.in_(select(func.lower(SurveyInvitation.email)).where(invitations)),
            recipient.in_(select(func.lower(CoPresenter.email)).where(co_presenters, CoPresenter.email != ""))))),
    )


def preview(edition: Edition, now: datetime | None = None) -> Preview:
    now = now or utcnow()
    return Preview(special_due_at=special_due_at(edition), personal_due_at=personal_due_at(edition),
                   counts=preview_counts(edition), has_ended=edition.ends_at < now)
