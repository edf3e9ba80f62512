"""The council's seats, their groups, the people on them and their terms (memberships).

Rules kept here: a seat's label is unique within its group; a person's e-mail address is unique
(it is how imports recognise people); a seat holds one member and one deputy at a time; terms are
never deleted, so a change of person ends the old term and starts a new one; a person's name is
published only with recorded consent. Every function flushes and raises DomainError with a message
for people; none commits.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import gettext
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from conference.council.models import Membership, MembershipRole, Person, Seat, SeatGroup
from conference.database import utcnow
from conference.date_formats import format_date
from conference.editions.services import local
from conference.errors import DomainError, NotFoundError
from conference.extensions import db
from conference.organisations.models import Organisation
from conference.organisations.services import get_or_create_organisation

LOCALES = ("de", "en")
# Longest values the columns take (models.py); checked here so that a long value is a message, not a 500.
MAX_NAME, MAX_TITLE, MAX_EMAIL, MAX_LABEL, MAX_CONSENT_TEXT = 100, 60, 254, 200, 40


def today() -> date:
    """Today in local time (Europe/Berlin): terms start and end on local dates."""
    return local(utcnow()).date()


def _text(value: str | None, limit: int, field: str, label: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(gettext("Please enter the %(what)s.", what=label), field=field)
    if len(value) > limit:
        raise DomainError(gettext("The %(what)s is longer than %(n)d characters.", what=label, n=limit), field=field)
    return value


# --- Seat groups ----------------------------------------------------------------------------------------

def _group_name(name: str, group: SeatGroup | None = None) -> str:
    name = _text(name, MAX_LABEL, "name", gettext("name of the group"), required=True)
    clash = db.session.scalar(select(SeatGroup).where(func.lower(SeatGroup.name) == name.lower()))
    if clash is not None and clash is not group:
        raise DomainError(gettext("There is already a group called “%(name)s”.", name=clash.name), field="name")
    return name


def create_group(name: str) -> SeatGroup:
    """A new group, placed after the others."""
    name = _group_name(name)
    last = db.session.scalar(select(func.max(SeatGroup.position)))
    group = SeatGroup(name=name, position=(last or 0) + 1)
    db.session.add(group)
    db.session.flush()
    return group


def rename_group(group: SeatGroup, name: str) -> SeatGroup:
    group.name = _group_name(name, group)
    db.session.flush()
    return group


def groups() -> list[SeatGroup]:
    """Every group in the order of the council's list."""
    return list(db.session.scalars(select(SeatGroup).order_by(SeatGroup.position, SeatGroup.id)))


def move_group(group: SeatGroup, step: int) -> None:
    """Move ``group`` one place up (``step`` < 0) or down (> 0); at either end nothing changes."""
    ordered = groups()
    index = ordered.index(group)
    target = index + (1 if step > 0 else -1)
    if step == 0 or not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    reorder_groups([g.id for g in ordered])


def reorder_groups(group_ids: list[int]) -> None:
    """Put the groups in the order of ``group_ids`` (which must name every group once)."""
    by_id = {g.id: g for g in groups()}
    if sorted(group_ids) != sorted(by_id):
        raise DomainError(gettext("The new order must name every group exactly once."))
    for position, group_id in enumerate(group_ids, start=1):
        by_id[group_id].position = position
    db.session.flush()


def get_group(group_id: int) -> SeatGroup:
    group = db.session.get(SeatGroup, group_id)
    if group is None:
        raise NotFoundError(gettext("This group does not exist."))
    return group


# --- Seats ----------------------------------------------------------------------------------------------

def get_seat(seat_id: int) -> Seat:
    """The seat with its group, institution and every term (with the people), or NotFoundError."""
    seat = db.session.scalar(
        select(Seat).where(Seat.id == seat_id)
        .options(selectinload(Seat.group), selectinload(Seat.organisation),
                 selectinload(Seat.memberships).selectinload(Membership.person)))
    if seat is None:
        raise NotFoundError(gettext("This seat does not exist."))
    return seat


def _organisation(organisation: Organisation | str) -> Organisation:
    if isinstance(organisation, Organisation):
        return organisation
    name = _text(organisation, MAX_LABEL, "organisation", gettext("institution"), required=True)
    return get_or_create_organisation(name)


def _seat_label(group: SeatGroup, label: str, seat: Seat | None = None) -> str:
    label = _text(label, MAX_LABEL, "label", gettext("label of the seat"), required=True)
    clash = db.session.scalar(select(Seat).where(Seat.group_id == group.id,
                                                 func.lower(Seat.label) == label.lower()))
    if clash is not None and clash is not seat:
        # Imports recognise a seat by group and label, so the pair must be unambiguous.
        raise DomainError(gettext("The group “%(group)s” already has a seat “%(label)s”.", group=group.name,
                                  label=clash.label), field="label")
    return label


def create_seat(group: SeatGroup, organisation: Organisation | str, label: str,
                position: int | None = None) -> Seat:
    """A new active seat in ``group``, held by ``organisation`` (an Organisation or the name of one,
    created if new); without ``position`` it comes last in its group."""
    label = _seat_label(group, label)
    if position is None:
        last = db.session.scalar(select(func.max(Seat.position)).where(Seat.group_id == group.id))
        position = (last or 0) + 1
    seat = Seat(group=group, organisation=_organisation(organisation), label=label, position=position)
    db.session.add(seat)
    db.session.flush()
    return seat


def edit_seat(seat: Seat, *, group: SeatGroup, organisation: Organisation | str, label: str,
              position: int) -> Seat:
    seat.label = _seat_label(group, label, seat)
    seat.group = group
    seat.organisation = _organisation(organisation)
    seat.position = position
    db.session.flush()
    return seat


def deactivate_seat(seat: Seat, ends_terms_on: date | None = None) -> Seat:
    """Abolish ``seat``: it keeps its history but gets no more invitations. With ``ends_terms_on``,
    the terms still running on that day end then."""
    if not seat.is_active:
        raise DomainError(gettext("This seat is already inactive."))
    if ends_terms_on is not None:
        for membership in list(seat.memberships):
            if membership.starts_on > ends_terms_on:
                raise DomainError(gettext(
                    "%(name)s's term on this seat starts only on %(date)s, after that day. End it first.",
                    name=membership.person.name, date=format_date(membership.starts_on)))
            if membership.runs_on(ends_terms_on):
                membership.ends_on = ends_terms_on
    seat.is_active = False
    db.session.flush()
    return seat


def reactivate_seat(seat: Seat) -> Seat:
    if seat.is_active:
        raise DomainError(gettext("This seat is already active."))
    seat.is_active = True
    db.session.flush()
    return seat


# --- People ---------------------------------------------------------------------------------------------

def get_person(person_id: int) -> Person:
    person = db.session.scalar(select(Person).where(Person.id == person_id).options(
        selectinload(Person.memberships).selectinload(Membership.seat).selectinload(Seat.group)))
    if person is None:
        raise NotFoundError(gettext("This person does not exist."))
    return person


def _person_fields(person: Person | None, title: str, given_name: str, family_name: str, email: str,
                   locale: str) -> dict:
    email = _text(email, MAX_EMAIL, "email", gettext("e-mail address"))
    if email and ("@" not in email.strip("@") or any(c.isspace() for c in email)):
        raise DomainError(gettext("“%(email)s” is not an e-mail address.", email=email), field="email")
    if email:
        clash = db.session.scalar(select(Person).where(func.lower(Person.email) == email.lower()))
        if clash is not None and clash is not person:
            # Imports recognise people by their address, so two people cannot share one.
            raise DomainError(gettext("%(name)s already has the e-mail address %(email)s.", name=clash.name,
                                      email=email), field="email")
    if locale not in LOCALES:
        raise DomainError(gettext("Please choose German or English."), field="locale")
    return dict(title=_text(title, MAX_TITLE, "title", gettext("title")),
                given_name=_text(given_name, MAX_NAME, "given_name", gettext("given name")),
                family_name=_text(family_name, MAX_NAME, "family_name", gettext("family name"), required=True),
                email=email, locale=locale)


def create_person(*, family_name: str, given_name: str = "", title: str = "", email: str = "",
                  locale: str = "de") -> Person:
    """A new person (no consent to publishing the name: that is recorded separately)."""
    person = Person(**_person_fields(None, title, given_name, family_name, email, locale))
    db.session.add(person)
    db.session.flush()
    return person


def edit_person(person: Person, *, family_name: str, given_name: str, title: str, email: str,
                locale: str) -> Person:
    for key, value in _person_fields(person, title, given_name, family_name, email, locale).items():
        setattr(person, key, value)
    db.session.flush()
    return person


def search_people(query: str = "", *, limit: int = 500) -> list[Person]:
    """People whose name or e-mail address contains ``query`` (all without one), by family name,
    with their terms and seats loaded (three queries)."""
    statement = (select(Person).order_by(func.lower(Person.family_name), func.lower(Person.given_name), Person.id)
                 .options(selectinload(Person.memberships).selectinload(Membership.seat)).limit(limit))
    for word in query.split()[:5]:
        # autoescape: % and _ in the search are literal characters, not wildcards.
        statement = statement.where(or_(*(column.icontains(word, autoescape=True) for column in
                                          (Person.given_name, Person.family_name, Person.email, Person.title))))
    return list(db.session.scalars(statement))


def find_person_by_email(email: str) -> Person | None:
    email = (email or "").strip()
    if not email:
        return None
    return db.session.scalar(select(Person).where(func.lower(Person.email) == email.lower()))


def find_people_by_name(given_name: str, family_name: str) -> list[Person]:
    return list(db.session.scalars(select(Person).where(
        func.lower(Person.given_name) == (given_name or "").strip().lower(),
        func.lower(Person.family_name) == (family_name or "").strip().lower()).order_by(Person.id)))


def record_consent(person: Person, given: bool, text_version: str = "", at: datetime | None = None) -> Person:
    """Record that ``person`` consented (``given``) to their name being published on public pages and in
    the OParl API, when (``at``, default now) and to which text (``text_version``); or, with
    ``given=False``, that they withdrew it: the name is internal again from now on."""
    if not given:
        person.publication_consent_at = None
        person.publication_consent_text = ""
        db.session.flush()
        return person
    text_version = _text(text_version, MAX_CONSENT_TEXT, "text_version", gettext("version of the consent text"),
                         required=True)
    at = at or utcnow()
    if at.tzinfo is None:
        raise ValueError("naive datetime given; use a timezone-aware datetime")
    if at > utcnow() + timedelta(minutes=5):
        raise DomainError(gettext("Consent cannot be recorded for a day in the future."), field="given_on")
    person.publication_consent_at = at
    person.publication_consent_text = text_version
    db.session.flush()
    return person


# --- Terms (memberships) --------------------------------------------------------------------------------

def _terms(seat: Seat, role: MembershipRole) -> list[Membership]:
    return sorted((m for m in seat.memberships if m.role == role), key=lambda m: (m.starts_on, m.id))


def assign(seat: Seat, role: MembershipRole, person: Person, starts_on: date) -> Membership:
    """``person`` holds ``seat`` in ``role`` from ``starts_on`` on, with an open end. Whoever holds it
    then ends the day before; their term stays in the history.

    Refused: an inactive seat; a start on or before the current holder's start; a seat that has a later
    term already; a person who already holds this seat (in either role) on that day."""
    role = MembershipRole(role)
    if not seat.is_active:
        raise DomainError(gettext("This seat is inactive. Reactivate it before assigning someone."))
    terms = _terms(seat, role)
    current = next((m for m in terms if m.runs_on(starts_on)), None)
    if current is not None and current.person_id == person.id:
        raise DomainError(gettext("%(name)s already holds this seat as %(role)s on %(date)s.", name=person.name,
                                  role=role.label, date=format_date(starts_on)), field="starts_on")
    later = next((m for m in terms if m.starts_on >= starts_on), None)
    if later is not None:
        raise DomainError(gettext(
            "%(name)s's term as %(role)s starts on %(start)s. A new term must start after that day "
            "(and after every term already on record).", name=later.person.name, role=role.label,
            start=format_date(later.starts_on)), field="starts_on")
    other_role = MembershipRole.DEPUTY if role == MembershipRole.MEMBER else MembershipRole.MEMBER
    if any(m.person_id == person.id and m.runs_on(starts_on) for m in _terms(seat, other_role)):
        raise DomainError(gettext("%(name)s is the %(role)s of this seat on that day. End that term first.",
                                  name=person.name, role=other_role.label), field="person_id")
    if current is not None:
        current.ends_on = starts_on - timedelta(days=1)
    membership = Membership(seat=seat, person=person, role=role, starts_on=starts_on)
    db.session.add(membership)
    db.session.flush()
    return membership


def end_membership(membership: Membership, ends_on: date) -> Membership:
    """End ``membership`` on ``ends_on`` (its last day); the seat stays vacant in that role until
    someone is assigned. The end can be moved as long as the term does not overlap the next one."""
    if ends_on < membership.starts_on:
        raise DomainError(gettext("A term cannot end before it starts (%(date)s).",
                                  date=format_date(membership.starts_on)), field="ends_on")
    following = [m for m in _terms(membership.seat, membership.role)
                 if m is not membership and m.starts_on > membership.starts_on]
    if following and ends_on >= following[0].starts_on:
        raise DomainError(gettext("The next term (%(name)s) starts on %(date)s; this one must end before.",
                                  name=following[0].person.name, date=format_date(following[0].starts_on)),
                          field="ends_on")
    membership.ends_on = ends_on
    db.session.flush()
    return membership


def get_membership(seat: Seat, membership_id: int) -> Membership:
    membership = next((m for m in seat.memberships if m.id == membership_id), None)
    if membership is None:
        raise NotFoundError(gettext("This term does not exist."))
    return membership
