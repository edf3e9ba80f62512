"""Invitations to a council meeting: the meeting settings, generating one invitation per active seat,
sending them (with agenda, documents and an iCalendar REQUEST), the RSVP answer, and reminders.

Every seat gets one invitation; its member and its deputy receive the same RSVP link, and the answer
is the seat's. Services flush and never commit (the request boundary or the CLI command commits).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from conference.council import invitation_ics
from conference.council.core import is_held, meeting_day, meeting_of, seats_with_holders
from conference.council.models import (
    AgendaDocument,
    AgendaItem,
    CouncilMeeting,
    Invitation,
    Membership,
    MembershipRole,
    RsvpStatus,
    Seat,
)
from conference.editions.models import Edition, EditionFormat
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db
from conference.links import external_url
from conference.mail.services import queue_mail

REMINDER_INTERVAL = timedelta(hours=24)
NOTE_MAX = 1000


# --- Settings ---------------------------------------------------------------------------------------------

def save_settings(edition: Edition, *, rsvp_deadline: datetime | None, quorum_share: float,
                  invitation_text: str) -> CouncilMeeting:
    """Store the meeting settings. The deadline must lie before the meeting starts; the quorum share is
    a fraction in (0, 1]."""
    if not 0 < quorum_share <= 1:
        raise DomainError(gettext("The quorum must be between 1 and 100 percent."), field="quorum_percent")
    if rsvp_deadline is not None and rsvp_deadline >= edition.starts_at:
        raise DomainError(gettext("The deadline for answers must be before the meeting starts."),
                          field="rsvp_deadline")
    meeting = meeting_of(edition)
    meeting.rsvp_deadline = rsvp_deadline
    meeting.quorum_share = quorum_share
    meeting.invitation_text = invitation_text
    db.session.flush()
    return meeting


def answer_deadline(edition: Edition, meeting: CouncilMeeting) -> datetime:
    """Until when answers can be given or changed: the RSVP deadline, else the start of the meeting."""
    return meeting.rsvp_deadline or edition.starts_at


def answers_open(edition: Edition, meeting: CouncilMeeting, now: datetime) -> bool:
    """Whether answers can be given or changed (and invitations sent): not after the meeting, nor past
    the deadline."""
    return not is_held(edition) and now < answer_deadline(edition, meeting)


# --- Generating -------------------------------------------------------------------------------------------

def _require_open_council(edition: Edition) -> None:
    if edition.format != EditionFormat.COUNCIL:
        raise DomainError(gettext("Invitations exist only for council meetings."))
    if is_held(edition):
        raise ConflictError(gettext("This meeting has already taken place: no more invitations are sent."))


def generate_invitations(edition: Edition) -> list[Invitation]:
    """One invitation per seat that is active on the meeting day. Idempotent: seats that already have
    one are left alone, so a second run adds only seats that are new. Returns the new invitations."""
    _require_open_council(edition)
    have = set(db.session.scalars(select(Invitation.seat_id).where(Invitation.edition_id == edition.id)))
    created = [Invitation(edition=edition, seat=holders.seat)
               for holders in seats_with_holders(meeting_day(edition)) if holders.seat.id not in have]
    try:
        with db.session.begin_nested():  # two clicks at once: the second one finds the seats taken
            db.session.add_all(created)
    except IntegrityError:
        raise ConflictError(gettext("The invitations are being created at this moment by someone else. Please "
                                    "reload the page.")) from None
    return created


# --- Sending ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Unreachable:
    """Someone who got no mail: a holder without an address, or a role nobody holds."""

    seat: Seat
    role: MembershipRole
    membership: Membership | None

    @property
    def reason(self) -> str:
        if self.membership is None:
            return gettext("nobody holds this role")
        return gettext("no e-mail address")


@dataclass
class MailReport:
    invitations: int = 0  # invitations sent (or reminded)
    mails: int = 0  # mails queued
    unreachable: list[Unreachable] = field(default_factory=list)
    skipped: int = 0  # reminders: invitations reminded less than 24 hours ago


def agenda_of(edition: Edition) -> list[AgendaItem]:
    """All agenda items in order, with their documents (invited members see non-public items too)."""
    return list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.edition_id == edition.id)
        .options(selectinload(AgendaItem.documents))
        .order_by(AgendaItem.position, AgendaItem.id)))


def _unsent(edition: Edition) -> list[Invitation]:
    return list(db.session.scalars(select(Invitation).where(Invitation.edition_id == edition.id,
                                                            Invitation.sent_at.is_(None))
                                   .order_by(Invitation.id)))


def _recipients(holders) -> list[tuple[MembershipRole, Membership | None]]:
    return [(MembershipRole.MEMBER, holders.member), (MembershipRole.DEPUTY, holders.deputy)]


def _require_answers_open(edition: Edition, meeting: CouncilMeeting, now: datetime, message: str) -> None:
    _require_open_council(edition)
    if not answers_open(edition, meeting, now):
        raise ConflictError(message)


def _mail_each(edition, meeting, batch, now, *, template, subject, is_invitation, updated=False) -> MailReport:
    """Queue ``template`` to the member and the deputy of each invitation in ``batch``, in their language,
    and mark it sent (``is_invitation``, with the .ics) or reminded; an ``updated`` invitation (new time or
    place, with the .ics of a higher SEQUENCE) changes neither. Seats no longer active are left out."""
    holders_by_seat = {h.seat.id: h for h in seats_with_holders(meeting_day(edition))}
    agenda = agenda_of(edition)
    report = MailReport()
    for invitation in batch:
        holders = holders_by_seat.get(invitation.seat_id)
        if holders is None:
            continue
        rsvp_url = external_url("rsvp.invitation", token=invitation.token)
        documents = {doc.id: external_url("rsvp.document", token=invitation.token, document_id=doc.id)
                     for item in agenda for doc in item.documents}
        reached = 0
        for role, membership in _recipients(holders):
            person = membership.person if membership else None
            if person is None or not person.email:
                report.unreachable.append(Unreachable(holders.seat, role, membership))
                continue
            attachments = []
            if is_invitation or updated:
                with force_locale(person.locale or "de"):
                    attachments.append(invitation_ics.attachment(invitation, person, role, rsvp_url=rsvp_url,
                                                                 now=now))
            queue_mail(person.email, template, subject=subject, locale=person.locale or "de",
                       attachments=attachments, person=person, role=role, holders=holders, edition=edition,
                       meeting=meeting, invitation=invitation, agenda=agenda, document_urls=documents,
                       rsvp_url=rsvp_url, deadline=answer_deadline(edition, meeting),
                       location=invitation_ics.meeting_location(edition), updated=updated)
            reached += 1
            report.mails += 1
        if reached:
            report.invitations += 1
            if is_invitation:
                invitation.sent_at = now
            elif not updated:
                invitation.last_reminded_at = now
                invitation.reminder_count += 1
    db.session.flush()
    return report


def send_invitations(edition: Edition, now: datetime) -> MailReport:
    """Mail every invitation not sent yet to the seat's member and deputy (each in their language), with
    the meeting, the invitation text, the agenda with document links, the RSVP link and an .ics REQUEST.
    People without an address are reported, not mailed; an invitation counts as sent once one mail is out."""
    meeting = meeting_of(edition)
    _require_answers_open(edition, meeting, now,
                          gettext("The deadline for answers has passed: invitations can no longer be sent."))
    subject = _l("Invitation: %(title)s", title=edition.title)
    report = _mail_each(edition, meeting, _unsent(edition), now, template="council_invitation",
                        subject=subject, is_invitation=True)
    if report.invitations and meeting.invitations_sent_at is None:
        meeting.invitations_sent_at = now
    db.session.flush()
    return report


def meeting_moved(edition: Edition, now: datetime) -> MailReport:
    """The meeting's time or place changed: every invitation already sent gets a higher SEQUENCE and an
    updated mail with its .ics, so that calendars move the entry instead of keeping the old one. Nothing
    is sent for a meeting that has taken place."""
    if edition.format != EditionFormat.COUNCIL or is_held(edition):
        return MailReport()
    sent = db.session.scalars(select(Invitation).where(Invitation.edition_id == edition.id,
                                                       Invitation.sent_at.is_not(None))
                              .order_by(Invitation.id)).all()
    for invitation in sent:
        invitation.sequence += 1
    return _mail_each(edition, meeting_of(edition), sent, now, template="council_invitation",
                      subject=_l("Changed: %(title)s", title=edition.title), is_invitation=False, updated=True)


def send_reminders(edition: Edition, now: datetime) -> MailReport:
    """Remind the member and the deputy of every sent invitation that has no answer yet; each invitation
    at most once in 24 hours (those reminded more recently are counted in ``skipped``)."""
    meeting = meeting_of(edition)
    _require_answers_open(edition, meeting, now,
                          gettext("The deadline for answers has passed: no more reminders are sent."))
    pending = db.session.scalars(select(Invitation).where(
        Invitation.edition_id == edition.id, Invitation.sent_at.is_not(None),
        Invitation.status == RsvpStatus.PENDING).order_by(Invitation.id)).all()
    due = [i for i in pending if i.last_reminded_at is None or now - i.last_reminded_at >= REMINDER_INTERVAL]
    report = _mail_each(edition, meeting, due, now, template="council_reminder",
                        subject=_l("Reminder: please answer the invitation to %(title)s", title=edition.title),
                        is_invitation=False)
    report.skipped = len(pending) - len(due)
    return report


# --- Answering --------------------------------------------------------------------------------------------

def get_by_token(token: str) -> Invitation:
    """The invitation behind an RSVP link, or a 404."""
    invitation = db.session.scalar(select(Invitation).where(Invitation.token == token).options(
        selectinload(Invitation.edition), selectinload(Invitation.seat)))
    if invitation is None:
        raise NotFoundError(gettext("This invitation link is not valid. Please use the link from your latest "
                                    "invitation mail."))
    return invitation


def answer(invitation: Invitation, status: RsvpStatus | str, note: str, now: datetime) -> Invitation:
    """Record the seat's answer (attending, deputy attends or declined) with an optional note. It can be
    changed until the deadline; afterwards a ConflictError and nothing changes."""
    try:
        status = RsvpStatus(status)
    except ValueError:
        raise DomainError(gettext("Please choose one of the answers."), field="status") from None
    if status == RsvpStatus.PENDING:
        raise DomainError(gettext("Please choose one of the answers."), field="status")
    if len(note) > NOTE_MAX:
        raise DomainError(gettext("The note can have at most %(n)d characters.", n=NOTE_MAX), field="note")
    edition = invitation.edition
    if not answers_open(edition, meeting_of(edition), now):
        raise ConflictError(gettext("The deadline for answers has passed. Please contact the organisers if "
                                    "something has changed."))
    invitation.status = status
    invitation.note = note
    invitation.responded_at = now
    db.session.flush()
    # A forum ranking belongs to the person coming: renamed with the answer, cancelled on "declined".
    from conference.council import forums

    forums.follow_rsvp(invitation, now)
    return invitation


def document_for(invitation: Invitation, document_id: int) -> AgendaDocument:
    """A document of the invitation's own edition (any other id is a 404)."""
    document = db.session.scalar(select(AgendaDocument).join(AgendaDocument.agenda_item).where(
        AgendaDocument.id == document_id, AgendaItem.edition_id == invitation.edition_id))
    if document is None:
        raise NotFoundError(gettext("This document does not exist."))
    return document
