"""Applying an imported seat sheet (see seat_xlsx.py) to the seats, people and terms.

Seats are recognised by group and label, people by e-mail address, else by name (see ``_person``). What differs from
the database is changed through the services in seats.py, so the same rules hold as on the staff
pages. A change of holder starts the new term on the "valid from" date chosen for the import and ends
the old one the day before, so the history stays; an emptied holder cell ends the term. Seats that are
not in the sheet, and the "name public" columns, are left alone (consent is recorded per person).

The preview runs the very same import and then rolls it back, so it shows exactly what applying will
do. Between preview and confirmation the checked rows travel in a signed, time-limited field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from conference.council import seats as services
from conference.council.models import Membership, MembershipRole, Person, Seat, SeatGroup
from conference.council.seat_xlsx import PersonCells, SheetRow
from conference.errors import DomainError
from conference.extensions import db
from conference.organisations.models import Organisation
from conference.organisations.services import get_or_create_organisation

SALT = "council-seat-import"
# The preview must be confirmed within this many seconds, so a stale sheet is not applied much later.
MAX_AGE = 3600


@dataclass(frozen=True)
class HolderChange:
    row: int
    seat: str
    role: MembershipRole
    person: str
    on: date


@dataclass
class ImportReport:
    valid_from: date
    new_groups: list[str] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)
    new_seats: list[str] = field(default_factory=list)
    changed_seats: list[str] = field(default_factory=list)
    new_people: list[str] = field(default_factory=list)
    changed_people: list[str] = field(default_factory=list)
    # New terms (``on`` = first day) and ended ones (``on`` = last day).
    new_holders: list[HolderChange] = field(default_factory=list)
    ended: list[HolderChange] = field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def _size(self) -> int:
        return sum(len(getattr(self, name)) for name in ("new_groups", "new_organisations", "new_seats",
                                                          "changed_seats", "new_people", "changed_people",
                                                          "new_holders", "ended"))

    @property
    def has_changes(self) -> bool:
        return self._size() > 0


def run_import(rows: list[SheetRow], valid_from: date) -> ImportReport:
    """Apply ``rows`` (flushed, not committed) and report every change. Rows that break a rule are
    listed in ``errors``; the caller must then not commit (the other rows' changes are flushed)."""
    report = ImportReport(valid_from=valid_from)
    for row in rows:
        before = report._size()
        try:
            _apply_row(row, valid_from, report)
        except DomainError as error:
            report.errors.append(gettext("Row %(n)d (%(seat)s): %(message)s", n=row.number,
                                         seat=_seat_name(row.group, row.label), message=error.message))
            continue
        if report._size() == before:
            report.unchanged += 1
    return report


def preview_import(rows: list[SheetRow], valid_from: date) -> ImportReport:
    """What :func:`run_import` would change, with nothing written: the run is rolled back."""
    try:
        return run_import(rows, valid_from)
    finally:
        db.session.rollback()


def sign(rows: list[SheetRow], valid_from: date) -> str:
    """The checked rows and the date as a signed token for the confirmation form."""
    return _serializer().dumps({"valid_from": valid_from.isoformat(), "rows": [r.to_json() for r in rows]})


def unsign(token: str) -> tuple[list[SheetRow], date]:
    """The rows and date of a token from :func:`sign`; DomainError if it was altered or is too old."""
    try:
        data = _serializer().loads(token or "", max_age=MAX_AGE)
        return [SheetRow.from_json(r) for r in data["rows"]], date.fromisoformat(data["valid_from"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise DomainError(gettext("The checked file has expired or was altered. Please upload it again.")) from None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _seat_name(group: str, label: str) -> str:
    return f"{group} – {label}"


def _group(name: str, report: ImportReport) -> SeatGroup:
    group = db.session.scalar(select(SeatGroup).where(func.lower(SeatGroup.name) == name.lower()))
    if group is None:
        group = services.create_group(name)
        report.new_groups.append(group.name)
    return group


def _organisation(name: str, report: ImportReport) -> Organisation:
    organisation = db.session.scalar(select(Organisation).where(func.lower(Organisation.name) == name.lower())
                                     .order_by(Organisation.id).limit(1))
    if organisation is None:
        organisation = get_or_create_organisation(name)
        report.new_organisations.append(organisation.name)
    return organisation


def _who(name: str, email: str) -> str:
    return f"{name} <{email}>" if email else name


def _person(cells: PersonCells | None, report: ImportReport) -> Person | None:
    """The person the cells describe, brought up to date, or a new one. Found by e-mail address; without a
    match there, by name, but never someone with another address: a namesake must not be given the
    address (and the seat) of somebody else."""
    if cells is None:
        return None
    person = services.find_person_by_email(cells.email)
    if person is None:
        namesakes = [p for p in services.find_people_by_name(cells.given_name, cells.family_name)
                     if not cells.email or not p.email]
        if len(namesakes) > 1:
            raise DomainError(gettext("There are several people called %(name)s. Add the e-mail address to tell "
                                      "them apart.", name=cells.name))
        person = namesakes[0] if namesakes else None
    if person is None:
        person = services.create_person(title=cells.title, given_name=cells.given_name,
                                        family_name=cells.family_name, email=cells.email)
        report.new_people.append(_who(person.name, person.email))
        return person
    email = cells.email or person.email
    before = _who(person.name, person.email)
    if (cells.title, cells.given_name, cells.family_name, email.lower()) != (
            person.title, person.given_name, person.family_name, person.email.lower()):
        services.edit_person(person, title=cells.title, given_name=cells.given_name, family_name=cells.family_name,
                             email=email, locale=person.locale)
        report.changed_people.append(f"{before} → {_who(person.name, person.email)}")
    return person


def _apply_row(row: SheetRow, valid_from: date, report: ImportReport) -> None:
    group = _group(row.group, report)
    organisation = _organisation(row.organisation, report)
    seat = db.session.scalar(
        select(Seat).where(Seat.group_id == group.id, func.lower(Seat.label) == row.label.lower())
        .options(selectinload(Seat.organisation),
                 selectinload(Seat.memberships).selectinload(Membership.person)))
    name = _seat_name(group.name, row.label)
    if seat is None:
        seat = services.create_seat(group, organisation, row.label)
        report.new_seats.append(name)
    elif seat.organisation_id != organisation.id:
        old = seat.organisation.name
        services.edit_seat(seat, group=group, organisation=organisation, label=seat.label, position=seat.position)
        report.changed_seats.append(gettext("%(seat)s: institution %(old)s → %(new)s", seat=name, old=old,
                                            new=organisation.name))
    # Holders change on an active seat: reactivate first, deactivate last.
    if row.is_active and not seat.is_active:
        services.reactivate_seat(seat)
        report.changed_seats.append(gettext("%(seat)s: active again", seat=name))
    _apply_holders(row, seat, name, valid_from, report)
    if not row.is_active and seat.is_active:
        services.deactivate_seat(seat)
        if name not in report.new_seats:
            report.changed_seats.append(gettext("%(seat)s: inactive", seat=name))


def _apply_holders(row: SheetRow, seat: Seat, name: str, valid_from: date, report: ImportReport) -> None:
    wanted = {role: _person(row.holder(role), report) for role in MembershipRole}
    current = {role: seat.holder(role, valid_from) for role in MembershipRole}
    changing = [role for role in MembershipRole
                if (wanted[role].id if wanted[role] else None) != (current[role].person_id if current[role] else None)]
    # End every changing term before starting the new ones, so that a deputy can become the member.
    for role in changing:
        if current[role] is not None:
            services.end_membership(current[role], valid_from - timedelta(days=1))
            report.ended.append(HolderChange(row.number, name, role, current[role].person.name,
                                             valid_from - timedelta(days=1)))
    for role in changing:
        person = wanted[role]
        if person is None:
            continue
        first_ever = not any(m.role == role for m in seat.memberships)
        # The very first holder of a seat may bring the real start of the term along (an initial import).
        since = row.holder(role).since if first_ever and row.holder(role).since else valid_from
        services.assign(seat, role, person, since)
        report.new_holders.append(HolderChange(row.number, name, role, person.name, since))
