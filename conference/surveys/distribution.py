"""Distribution of a survey: personal invitations for the invited audiences, the mails with their
personal links, reminders to those who have not answered, and the open link for visitors.

Who is invited depends on the audience:
- registrants: the edition's confirmed registrations that were not cancelled (with the registration,
  so that the survey can offer the sessions they attended or booked);
- partner institutions: the approved partner accounts of every organisation with a published session in
  the edition, and the co-presenters (with an address) named in those sessions' offers;
- council members: the people checked in at the meeting; when no attendance was recorded, the members
  and deputies of every seat that was invited;
- visitors: nobody personally; they answer through the open link (QR poster).

Services flush and never commit (the request boundary commits).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from conference.accounts.models import Role, User
from conference.council.core import meeting_day, seats_with_holders
from conference.council.models import Attendance, Invitation, Person
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db
from conference.links import external_url
from conference.mail.services import queue_mail
from conference.program.models import Session
from conference.registration.models import Registration
from conference.submissions.models import CoPresenter, Submission
from conference.surveys.answering import window_state
from conference.surveys.models import Audience, Survey, SurveyInvitation, SurveyParticipation

REMINDER_INTERVAL = timedelta(hours=24)


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str = ""
    locale: str = "de"
    registration_id: int | None = None


@dataclass
class MailReport:
    mails: int = 0  # mails queued (one per invitation)
    skipped: int = 0  # reminders: invitations mailed less than 24 hours ago


def get_survey(edition_id: int, survey_id: int) -> Survey:
    """The survey ``survey_id`` of edition ``edition_id`` with its edition, or a 404."""
    survey = db.session.scalar(select(Survey).where(Survey.id == survey_id, Survey.edition_id == edition_id)
                               .options(selectinload(Survey.edition)))
    if survey is None:
        raise NotFoundError(gettext("This survey does not exist."))
    return survey


# --- The audience -------------------------------------------------------------------------------------------

def _registrants(survey: Survey) -> list[Recipient]:
    registrations = db.session.scalars(select(Registration).where(
        Registration.edition_id == survey.edition_id, Registration.confirmed_at.is_not(None),
        Registration.cancelled_at.is_(None)).order_by(Registration.id))
    return [Recipient(r.email, r.name, "de", r.id) for r in registrations]


def _providers(survey: Survey) -> list[Recipient]:
    with_sessions = (select(Session.organisation_id)
                     .where(Session.edition_id == survey.edition_id, Session.is_published.is_(True),
                            Session.organisation_id.is_not(None)))
    users = db.session.scalars(select(User).where(
        User.role == Role.PROVIDER, User.organisation_id.in_(with_sessions), User.is_active_account.is_(True),
        User.email_verified_at.is_not(None), User.approved_at.is_not(None)).order_by(User.id))
    co_presenters = db.session.scalars(
        select(CoPresenter).join(Submission, Submission.id == CoPresenter.submission_id)
        .join(Session, Session.submission_id == Submission.id)
        .where(Session.edition_id == survey.edition_id, Session.is_published.is_(True), CoPresenter.email != "")
        .order_by(CoPresenter.id))
    return ([Recipient(u.email, u.name, u.locale or "de") for u in users]
            + [Recipient(c.email, c.name) for c in co_presenters])


def _council_members(survey: Survey) -> list[Recipient]:
    attended = db.session.scalars(
        select(Person).join(Attendance, Attendance.person_id == Person.id)
        .where(Attendance.edition_id == survey.edition_id, Person.email != "").order_by(Attendance.id))
    people = list(attended)
    if not people:
        invited = set(db.session.scalars(select(Invitation.seat_id).where(Invitation.edition_id == survey.edition_id)))
        for holders in seats_with_holders(meeting_day(survey.edition), active_only=False):
            if holders.seat.id in invited:
                people += [m.person for m in (holders.member, holders.deputy) if m is not None and m.person.email]
    return [Recipient(p.email, p.name, p.locale or "de") for p in people]


AUDIENCE_RECIPIENTS = {
    Audience.REGISTRANTS: _registrants,
    Audience.PROVIDERS: _providers,
    Audience.COUNCIL_MEMBERS: _council_members,
}


def invite(survey: Survey) -> int:
    """Create a personal invitation for everyone in the survey's audience who has none yet (one per
    e-mail address, compared without case). Idempotent: a second run adds only people who are new.
    Returns the number of invitations created. Visitors have no personal invitations (DomainError)."""
    resolve = AUDIENCE_RECIPIENTS.get(survey.audience)
    if resolve is None:
        raise DomainError(gettext("Visitors answer through the open link (for example from the QR poster): "
                                  "there are no personal invitations for them."))
    have = {e.lower() for e in db.session.scalars(select(SurveyInvitation.email)
                                                  .where(SurveyInvitation.survey_id == survey.id))}
    created = []
    for recipient in resolve(survey):
        email = recipient.email.strip()
        if not email or email.lower() in have:
            continue
        have.add(email.lower())
        created.append(SurveyInvitation(survey_id=survey.id, email=email, name=recipient.name[:200],
                                        locale=recipient.locale, registration_id=recipient.registration_id))
    try:
        with db.session.begin_nested():  # two clicks at once: the second finds the addresses taken
            db.session.add_all(created)
    except IntegrityError:
        raise ConflictError(gettext("The invitations are being created at this moment by someone else. Please "
                                    "reload the page.")) from None
    return len(created)


# --- Mails --------------------------------------------------------------------------------------------------

def personal_url(invitation: SurveyInvitation) -> str:
    """The absolute personal link, in the invitation's language."""
    extra = {"lang": invitation.locale} if invitation.locale != current_app.config["BABEL_DEFAULT_LOCALE"] else {}
    return external_url("survey.personal", token=invitation.token, **extra)


def open_url(survey: Survey) -> str:
    """The absolute open link (no venue, no campaign parameter: nothing about where it was scanned)."""
    return external_url("survey.open_link", open_key=survey.open_key)


def _require_window(survey: Survey) -> None:
    if survey.opens_at is None or survey.closes_at is None:
        raise DomainError(gettext("Set the survey's window (opening and closing time) first."))


def _mail(invitation: SurveyInvitation, survey: Survey, now: datetime, *, template: str, subject) -> None:
    queue_mail(invitation.email, template, subject=subject, locale=invitation.locale or "de",
               name=invitation.name, survey=survey, edition=survey.edition, url=personal_url(invitation),
               opens_later=survey.opens_at > now, opens_at=survey.opens_at, closes_at=survey.closes_at)


def not_answered():
    """The condition "this invitation has not answered yet" (for queries on SurveyInvitation)."""
    return ~exists().where(SurveyParticipation.invitation_id == SurveyInvitation.id)


def send_invitations(survey: Survey, now: datetime) -> MailReport:
    """Mail every invitation not sent yet its personal link, in the recipient's language. Possible
    before the survey opens (the mail says from when) but not once it has closed."""
    _require_window(survey)
    if now >= survey.closes_at:
        raise ConflictError(gettext("The survey has closed: invitations can no longer be sent."))
    unsent = db.session.scalars(select(SurveyInvitation).where(
        SurveyInvitation.survey_id == survey.id, SurveyInvitation.sent_at.is_(None)).order_by(SurveyInvitation.id))
    report = MailReport()
    for invitation in unsent:
        _mail(invitation, survey, now, template="survey_invitation",
              subject=_l("Your opinion: %(title)s", title=survey.edition.title))
        invitation.sent_at = now
        report.mails += 1
    db.session.flush()
    return report


def send_reminders(survey: Survey, now: datetime) -> MailReport:
    """Remind every invitation that was sent and has not answered, only while the survey is open, and
    each at most once in 24 hours (counting from the invitation or the last reminder); those mailed
    more recently are counted in ``skipped``."""
    _require_window(survey)
    if not survey.is_open(now):
        raise ConflictError(gettext("Reminders can be sent only while the survey is open."))
    pending = db.session.scalars(select(SurveyInvitation).where(
        SurveyInvitation.survey_id == survey.id, SurveyInvitation.sent_at.is_not(None), not_answered())
        .order_by(SurveyInvitation.id)).all()
    report = MailReport()
    for invitation in pending:
        last = invitation.last_reminded_at or invitation.sent_at
        if now - last < REMINDER_INTERVAL:
            report.skipped += 1
            continue
        _mail(invitation, survey, now, template="survey_reminder",
              subject=_l("Reminder – your opinion: %(title)s", title=survey.edition.title))
        invitation.last_reminded_at = now
        invitation.reminder_count += 1
        report.mails += 1
    db.session.flush()
    return report


# --- The organiser's overview ---------------------------------------------------------------------------------

@dataclass
class Overview:
    invitations: list[SurveyInvitation]
    answered: int
    state: str


def overview(survey: Survey, now: datetime) -> Overview:
    """The invitations (one query) and how many have answered, for the organiser's page. Who has answered
    is deliberately not listed: only the count."""
    invitations = list(db.session.scalars(select(SurveyInvitation).where(SurveyInvitation.survey_id == survey.id)
                                          .order_by(SurveyInvitation.email, SurveyInvitation.id)))
    answered = db.session.scalar(select(func.count()).select_from(SurveyParticipation)
                                 .join(SurveyInvitation, SurveyInvitation.id == SurveyParticipation.invitation_id)
                                 .where(SurveyInvitation.survey_id == survey.id)) or 0
    return Overview(invitations=invitations, answered=answered, state=window_state(survey, now))
