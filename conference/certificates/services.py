"""Certificates of attendance: the rule applied to stored registrations, the texts that explain it, the
organisers' settings, and the bulk ZIP (an export of personal data, hence audited)."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from flask import current_app
from flask_babel import format_decimal, format_percent, gettext, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from conference.audit.services import record
from conference.certificates import rules
from conference.certificates.rules import Reason
from conference.database import utcnow
from conference.editions import services as editions
from conference.editions.models import Edition, EditionFormat
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db
from conference.program.models import Session
from conference.registration.models import Booking, Registration

MAX_SIGNATORY = 200  # the columns' length

# Short labels for the organisers' list.
REASON_LABELS = {
    Reason.ISSUED: _l("Issued"),
    Reason.NOT_OVER: _l("Event not over yet"),
    Reason.ANONYMISED: _l("Anonymised"),
    Reason.CANCELLED: _l("Cancelled"),
    Reason.NOT_CONFIRMED: _l("Not confirmed"),
    Reason.NOTHING_ATTENDED: _l("Nothing attended"),
    Reason.BELOW_MINIMUM: _l("Below the minimum share"),
}


def open_day_edition(edition_id: int) -> Edition:
    """The open-day edition ``edition_id`` (drafts included), or 404: a council meeting has no certificates."""
    edition = editions.get_edition(edition_id, include_drafts=True)
    if edition.format != EditionFormat.OPEN_DAY:
        raise NotFoundError(gettext("Certificates of attendance are issued for open days only; "
                                    "this edition is a council meeting."))
    return edition


def booked_sessions(registration: Registration) -> list[rules.BookedSession]:
    return [rules.BookedSession(title=b.session.title, status=b.status.value, starts_at=b.session.starts_at,
                                ends_at=b.session.ends_at) for b in registration.bookings]


def event_is_over(edition: Edition, now: datetime | None = None) -> bool:
    return rules.event_over(edition.status.value, edition.ends_at, now or utcnow())


def decide(registration: Registration, now: datetime | None = None) -> rules.Decision:
    """Whether ``registration`` gets a certificate under its edition's rule, and why (not)."""
    edition = registration.edition
    return rules.decide(
        rules.attendance(booked_sessions(registration)), event_is_over=event_is_over(edition, now),
        confirmed=registration.confirmed_at is not None, cancelled=registration.cancelled_at is not None,
        anonymised=registration.anonymised_at is not None, min_share=edition.certificate_min_share)


def certificate_number(registration: Registration) -> str:
    """``<edition number>-<registration id>``: printed on the certificate, so the office can look it up."""
    return f"{registration.edition.number}-{registration.id}"


def certificate_locale(registration: Registration) -> str:
    """The certificate's language unless the visitor asks for another (the manage page offers English too).
    Registrations store no language, so it is the site's default (German): the certificate is meant for German
    employers and authorities."""
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def hours_text(hours: Fraction) -> str:
    """Hours as the language writes them, up to two decimals ("2,25", "1,5", "0")."""
    return format_decimal(float(hours), "#,##0.##")


def percent_text(share: Fraction) -> str:
    return format_percent(float(share), "#,##0.# %")


def shortfall_text(attendance: rules.Attendance) -> str:
    """The note on a certificate when booked sessions were missed; empty when there is none."""
    if not attendance.has_shortfall:
        return ""
    attended, booked = len(attendance.attended), len(attendance.booked)
    if attendance.by_hours:
        return ngettext("Attended %(attended)d of %(num)d booked session (%(hours)s of %(booked_hours)s hours).",
                        "Attended %(attended)d of %(num)d booked sessions (%(hours)s of %(booked_hours)s hours).",
                        booked, attended=attended, hours=hours_text(attendance.attended_hours),
                        booked_hours=hours_text(attendance.booked_hours))
    return ngettext("Attended %(attended)d of %(num)d booked session.",
                    "Attended %(attended)d of %(num)d booked sessions.", booked, attended=attended)


def rule_text(edition: Edition) -> str:
    """The edition's rule in one sentence, for the visitor's page and the organisers' page."""
    return gettext("After the event, a certificate of attendance is issued to everyone who attended at least "
                   "%(share)s of the time they booked (checked in on the day).",
                   share=percent_text(rules.threshold(edition.certificate_min_share)))


def reason_text(decision: rules.Decision) -> str:
    """Why there is no certificate (or that there is one), addressed to the visitor."""
    attendance = decision.attendance
    match decision.reason:
        case Reason.ISSUED:
            return gettext("Your certificate of attendance is ready.")
        case Reason.NOT_OVER:
            return gettext("The certificate of attendance can be downloaded here after the event.")
        case Reason.ANONYMISED:
            return gettext("This registration has been anonymised, so there is no certificate for it.")
        case Reason.CANCELLED:
            return gettext("This registration was cancelled, so there is no certificate for it.")
        case Reason.NOT_CONFIRMED:
            return gettext("This registration was never confirmed, so there is no certificate for it.")
        case Reason.NOTHING_ATTENDED:
            return gettext("No attendance was recorded for your bookings, so there is no certificate. If you "
                           "were there, please contact the organisers.")
    if attendance.by_hours:
        return gettext("A certificate requires attending at least %(minimum)s of the booked time; you attended "
                       "%(share)s (%(hours)s of %(booked_hours)s hours).",
                       minimum=percent_text(decision.min_share), share=percent_text(attendance.share),
                       hours=hours_text(attendance.attended_hours), booked_hours=hours_text(attendance.booked_hours))
    return gettext("A certificate requires attending at least %(minimum)s of the booked sessions; you attended "
                   "%(share)s (%(attended)d of %(booked)d).", minimum=percent_text(decision.min_share),
                   share=percent_text(attendance.share), attended=len(attendance.attended),
                   booked=len(attendance.booked))


def require_certificate(registration: Registration, now: datetime | None = None) -> rules.Decision:
    """The decision for ``registration`` if a certificate is issued; ConflictError (409) with the reason if not."""
    decision = decide(registration, now)
    if not decision.issued:
        raise ConflictError(reason_text(decision))
    return decision


@dataclass(frozen=True)
class Row:
    registration: Registration
    decision: rules.Decision
    number: str

    @property
    def label(self) -> str:
        return str(REASON_LABELS[self.decision.reason])


def overview(edition: Edition, now: datetime | None = None) -> list[Row]:
    """Every registration of ``edition`` that still has a name, with its decision, by name (a fixed number
    of queries, whatever the number of registrations)."""
    now = now or utcnow()
    registrations = db.session.scalars(
        select(Registration).where(Registration.edition_id == edition.id, Registration.anonymised_at.is_(None))
        .options(selectinload(Registration.bookings).selectinload(Booking.session).selectinload(Session.slot))
    ).all()
    # ``registration.edition`` is found in the identity map (a many-to-one by primary key): no query per row.
    return [Row(r, decide(r, now), certificate_number(r))
            for r in sorted(registrations, key=lambda r: (name_key(r.name), r.id))]


def name_key(name: str) -> str:
    """Sorts names as a reader expects, the same on every database: "Änne" with the A's, not after "Z"."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


def save_settings(edition: Edition, *, min_share_percent: int, signatory: str, signatory_role: str) -> None:
    """Store the edition's rule (a whole percentage, 0–100) and who signs its certificates."""
    if min_share_percent is None or not 0 <= min_share_percent <= 100:
        raise DomainError(gettext("The minimum share must be between 0 and 100 %."), field="min_share")
    for field, value in (("signatory", signatory), ("signatory_role", signatory_role)):
        if len(value) > MAX_SIGNATORY:
            raise DomainError(gettext("At most %(n)d characters.", n=MAX_SIGNATORY), field=field)
    edition.certificate_min_share = min_share_percent / 100
    edition.certificate_signatory = signatory.strip()
    edition.certificate_signatory_role = signatory_role.strip()
    db.session.flush()


def zip_name(number: str, locale: str = "de") -> str:
    """A certificate's file name (in the ZIP, too): ASCII only, so every unpacker shows it as is."""
    return f"bescheinigung-{number}.pdf" if locale == "de" else f"certificate-{number}.pdf"


def bulk_zip(edition: Edition, now: datetime | None = None) -> tuple[bytes, int]:
    """A ZIP of every certificate the edition issues, and their count; audited as an export of personal data.
    ConflictError if there is none."""
    from conference.certificates.pdf import certificate_pdf

    issued = [row for row in overview(edition, now) if row.decision.issued]
    if not issued:
        raise ConflictError(gettext("No certificates are issued for this edition (yet), so there is nothing to "
                                    "download."))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for row in issued:
            archive.writestr(zip_name(row.number), certificate_pdf(row.registration, row.decision))
    record("export.certificates", edition=edition, details={"count": len(issued)})
    return buffer.getvalue(), len(issued)
