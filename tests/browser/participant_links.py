"""The demo data, and the links from participants' mails into it, for the crawl and the zoom tests."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from conference.accounts.models import User
from conference.accounts.services import make_reset_token
from conference.council.models import Invitation, RsvpStatus
from conference.database import utcnow
from conference.demo.seed import seed
from conference.editions.models import Edition
from conference.program.models import Session
from conference.registration import services as registrations
from conference.surveys.models import Audience, Survey, SurveyInvitation

OPEN_DAY, COUNCIL = 31, 30  # the demo's upcoming open day and council (registration open)


def seed_demo(db) -> dict[int, Edition]:
    """The demo series as of 22 November 2026, by edition number."""
    seed(date(2026, 11, 22))
    db.session.commit()
    return {e.number: e for e in db.session.scalars(select(Edition))}


def participant_links(db, editions: dict[int, Edition]) -> dict[str, str]:
    """The links from the participants' mails: a new registration's confirmation link (it leads on to the manage
    page), both kinds of survey link for surveys opened now, a pending RSVP link of the upcoming council, and
    a password reset link."""
    open_day = editions[OPEN_DAY]
    first = db.session.scalars(
        select(Session).where(Session.edition_id == open_day.id, Session.is_published.is_(True),
                              Session.registration_required.is_(True)).order_by(Session.id)).first()
    registration = registrations.register(
        open_day, registrations.Visitor(name="Clara Crawler", email="clara@example.org"), [first.id],
        privacy_notice_version="2026-11")

    now = utcnow()
    open_link = db.session.scalars(select(Survey).where(Survey.is_open_link.is_(True))
                                   .order_by(Survey.id.desc())).first()
    invited = db.session.scalars(select(Survey).where(Survey.audience == Audience.REGISTRANTS)
                                 .order_by(Survey.id.desc())).first()
    for survey in (open_link, invited):  # the demo's windows lie in the past: open them now
        survey.opens_at, survey.closes_at = now - timedelta(days=1), now + timedelta(days=14)
    invitation = db.session.scalars(select(SurveyInvitation).where(SurveyInvitation.survey_id == invited.id)
                                    .order_by(SurveyInvitation.id)).first()
    rsvp = db.session.scalars(select(Invitation).where(Invitation.edition_id == editions[COUNCIL].id,
                                                       Invitation.status == RsvpStatus.PENDING)
                              .order_by(Invitation.id)).first()
    organiser = db.session.scalar(select(User).where(User.email == "organiser@example.org"))
    db.session.commit()
    return {"registration": f"/registrations/confirm/{registration.confirm_token}",
            "open_survey": f"/s/{open_link.open_key}", "personal_survey": f"/survey/{invitation.token}",
            "rsvp": f"/rsvp/{rsvp.token}", "session": f"/editions/{open_day.id}/sessions/{first.id}",
            "password_reset": f"/password/reset/{make_reset_token(organiser)}"}
