"""The demo council (Regionale Bildungskonferenz): eight seat groups, 55 seats held by institutions, their
members and deputies since 2020 with the changes over the years, and every council edition's meeting
(see ``council_meetings``).

Written against the models directly, not the services: the past is recorded as it happened, with its own
dates, and no mail is queued. Idempotent: a seat group is found by its name, a seat by its label, a person
by e-mail address, and a seat that exists keeps its memberships. Deterministic: every choice comes from
``random.Random`` with a fixed seed, and every date moves with the series (``year_shift``)."""

from __future__ import annotations

import random
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from conference.council.models import (
    AgendaItem,
    Attendance,
    FollowUp,
    Invitation,
    Membership,
    MembershipRole,
    Person,
    Recommendation,
    Seat,
    SeatGroup,
)
from conference.demo import council_forums, council_meetings
from conference.demo import council_seat_data as data
from conference.editions.services import from_local
from conference.extensions import db
from conference.organisations.models import Organisation

UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True)
class PersonSpec:
    title: str
    given_name: str
    family_name: str
    locale: str
    consent: bool

    @property
    def email(self) -> str:
        return f"{_ascii(self.given_name)}.{_ascii(self.family_name)}@example.org"


@dataclass(frozen=True)
class Term:
    role: MembershipRole
    starts_on: date
    ends_on: date | None
    person: PersonSpec


def seed(today: date, years: int, organiser_id: int | None) -> dict[str, int]:
    """Build the council: seats with their history, then every council edition's meeting. Returns counts."""
    seats = seed_seats(years)
    council_meetings.seed(seats, today, organiser_id)
    council_forums.seed(today)
    return counts()


def counts() -> dict[str, int]:
    def total(model) -> int:
        return db.session.scalar(select(func.count()).select_from(model))

    return {"seats": total(Seat), "people": total(Person), "invitations": total(Invitation),
            "attendance": total(Attendance), "agenda_items": total(AgendaItem),
            "recommendations": total(Recommendation), "follow_ups": total(FollowUp)}


def shift(ymd: tuple[int, int, int], years: int) -> date:
    return date(ymd[0] + years, ymd[1], ymd[2])


def plan_terms(years: int) -> dict[str, list[Term]]:
    """Every demo seat's terms (label → member and deputy terms, oldest first), the same on every run."""
    rng = random.Random("council-people")
    changes: dict[tuple[str, str], list[date]] = defaultdict(list)
    for label, role, ymd in data.CHANGES:
        changes[label, role].append(shift(ymd, years))
    vacancies = {(label, role): shift(ymd, years) for label, role, ymd in data.VACANCIES}
    labels = [label for _, _, seats in data.SEAT_GROUPS for label, _ in seats]
    needed = 2 * len(labels) + len(data.CHANGES)
    names = iter(rng.sample([(g, f) for g in data.GIVEN_NAMES for f in data.FAMILY_NAMES], needed))
    consenting = set(rng.sample(range(needed), round(needed * data.CONSENT_SHARE)))
    plan: dict[str, list[Term]] = {}
    index = 0
    for label in labels:
        first = shift(data.ADDED.get(label, data.TERMS_START), years)
        last = shift(data.ABOLISHED[label], years) if label in data.ABOLISHED else None
        terms = []
        for role in (MembershipRole.MEMBER, MembershipRole.DEPUTY):
            starts = [first, *sorted(changes[label, role.value])]
            for n, start in enumerate(starts):
                end = (starts[n + 1] - timedelta(days=1) if n + 1 < len(starts)
                       else vacancies.get((label, role.value), last))
                given, family = next(names)
                title = "Prof. Dr." if label in data.PROFESSORS and role == MembershipRole.MEMBER else (
                    "Dr." if rng.random() < 0.1 else "")
                fixed = data.FIXED_PEOPLE.get((label, role.value, n))
                spec = (PersonSpec(*fixed, consent=index in consenting) if fixed
                        else PersonSpec(title, given, family, "de", index in consenting))
                terms.append(Term(role, start, end, spec))
                index += 1
        plan[label] = terms
    return plan


def seed_seats(years: int) -> list[Seat]:
    """Create the groups, seats, people and memberships that are missing; return every seat (by group and
    position) with its memberships and people loaded."""
    organisations = _organisations()
    plan = plan_terms(years)
    groups = {g.name: g for g in db.session.scalars(select(SeatGroup))}
    existing = set(db.session.scalars(select(Seat.label)))
    emails = {term.person.email for terms in plan.values() for term in terms}
    people = {p.email: p for p in db.session.scalars(select(Person).where(Person.email.in_(emails)))}
    since = from_local(shift(data.TERMS_START, years), time(9))
    for group_position, (name, _, seats) in enumerate(data.SEAT_GROUPS):
        group = groups.get(name)
        if group is None:
            group = groups[name] = SeatGroup(name=name, position=group_position, created_at=since, updated_at=since)
            db.session.add(group)
        for position, (label, organisation) in enumerate(seats):
            if label in existing:
                continue
            terms = plan[label]
            created = from_local(terms[0].starts_on, time(9))
            seat = Seat(group=group, organisation=organisations[organisation], label=label, position=position,
                        is_active=label not in data.ABOLISHED, created_at=created, updated_at=created)
            for term in terms:
                seat.memberships.append(Membership(
                    person=_person(people, term), role=term.role, starts_on=term.starts_on, ends_on=term.ends_on,
                    created_at=from_local(term.starts_on, time(9)), updated_at=from_local(
                        term.ends_on or term.starts_on, time(9))))
            db.session.add(seat)
    db.session.flush()
    return list(db.session.scalars(
        select(Seat).join(Seat.group)
        .options(selectinload(Seat.group), selectinload(Seat.memberships).selectinload(Membership.person))
        .order_by(SeatGroup.position, SeatGroup.id, Seat.position, Seat.id)))


def _organisations() -> dict[str, Organisation]:
    """The council's institutions by name; the ones the demo partners lack are added (one flush)."""
    names = {organisation for _, _, seats in data.SEAT_GROUPS for _, organisation in seats}
    found = {o.name: o for o in db.session.scalars(select(Organisation).where(Organisation.name.in_(names)))}
    kinds = dict(data.ORGANISATIONS)
    for name in sorted(names - set(found)):
        found[name] = Organisation(name=name, kind=kinds.get(name, ""))
        db.session.add(found[name])
    return found


def _person(people: dict[str, Person], term: Term) -> Person:
    spec = term.person
    person = people.get(spec.email)
    if person is None:
        joined = from_local(term.starts_on, time(9))
        person = people[spec.email] = Person(
            title=spec.title, given_name=spec.given_name, family_name=spec.family_name, email=spec.email,
            locale=spec.locale, publication_consent_at=joined if spec.consent else None,
            publication_consent_text=data.CONSENT_TEXT if spec.consent else "", created_at=joined,
            updated_at=joined)
    return person


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().translate(UMLAUTS))
    return "".join(c for c in text if c.isascii() and (c.isalnum() or c == "-"))
