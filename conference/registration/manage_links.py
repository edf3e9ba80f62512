""""Lost the link?": the links to an address's registrations for an edition, mailed to that address again
(the page is ``registration.manage_link``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from conference.database import utcnow
from conference.editions.models import Edition
from conference.extensions import db
from conference.links import external_url
from conference.mail.models import OutboxMessage
from conference.mail.services import queue_mail
from conference.registration.models import Booking, Registration

# Links sent again to one address at most this often, and this many times a day, whoever asks: the form must
# not become a way to flood someone's mailbox (the per-client rate limit alone would allow 200 an hour).
MANAGE_LINKS_PAUSE = timedelta(minutes=10)
MANAGE_LINKS_PER_DAY = 3


def send_manage_links_again(edition: Edition, email: str, now: datetime | None = None) -> bool:
    """Mail ``email`` the links to its active registrations for ``edition`` (any letter case; neither
    cancelled nor anonymised). Nothing is sent for an address without one, or when its links were sent
    less than ``MANAGE_LINKS_PAUSE`` ago; the page says the same in every case, so that nobody can find
    out who is registered. At most ``MANAGE_LINKS_PER_DAY`` such mails go to one address in 24 hours. Returns
    whether a mail was queued."""
    now = now or utcnow()
    address = email.strip().lower()
    registrations = db.session.scalars(
        select(Registration).where(Registration.edition_id == edition.id, func.lower(Registration.email) == address,
                                   Registration.cancelled_at.is_(None), Registration.anonymised_at.is_(None))
        .options(selectinload(Registration.bookings).selectinload(Booking.session))
        .order_by(Registration.id)
    ).all()
    if not registrations:
        return False
    today, latest = db.session.execute(
        select(func.count(OutboxMessage.id), func.max(OutboxMessage.created_at))
        .where(func.lower(OutboxMessage.recipient) == address, OutboxMessage.template == "registration_links",
               OutboxMessage.created_at > now - timedelta(days=1))).one()
    if today >= MANAGE_LINKS_PER_DAY or (latest is not None and latest > now - MANAGE_LINKS_PAUSE):
        return False
    _mail_links(list(registrations), now)
    return True


def _mail_links(registrations: list[Registration], now: datetime) -> None:
    """One mail to the address of ``registrations`` (all of one edition and one address) with the link to
    each, and the confirmation link of those still waiting to be confirmed."""
    first = registrations[0]
    links = [{"registration": r,
              "manage_url": external_url("registration.manage", token=r.manage_token),
              "confirm_url": external_url("registration.confirm", token=r.confirm_token)
              if r.confirmed_at is None and r.confirm_by >= now else None}
             for r in registrations]
    queue_mail(first.email, "registration_links", links=links, edition=first.edition,
               subject=gettext("The link to your registration: %(title)s", title=first.edition.title))
