"""``flask seed-demo``: build the demo series. Idempotent: natural keys decide what already exists."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from flask import current_app
from sqlalchemy import func, select

from conference.accounts import services as accounts
from conference.accounts.models import User
from conference.database import utcnow
from conference.demo import council, data, past_registrations, preference_day, surveys
from conference.demo import submissions as offers
from conference.editions.models import Edition, EditionFormat, EditionStatus, Room, TimeSlot, Venue
from conference.editions.services import from_local
from conference.extensions import db
from conference.organisations.models import Organisation
from conference.organisations.services import get_or_create_organisation
from conference.program.models import Session, SessionKind
from conference.submissions.models import Review, Submission

WEEKDAY = {EditionFormat.COUNCIL: 2, EditionFormat.OPEN_DAY: 5}  # Wednesday, Saturday


def year_shift(today: date) -> int:
    """Whole years to move the series so that its last two editions still lie ahead."""
    years = 0
    while date(2027 + years, 3, 10) <= today:
        years += 1
    return years


def _day(ymd: tuple[int, int, int], fmt: EditionFormat, years: int) -> date:
    day = date(ymd[0] + years, ymd[1], ymd[2])
    return day + timedelta(days=(WEEKDAY[fmt] - day.weekday()) % 7)


PAST = (EditionStatus.HELD, EditionStatus.EVALUATED, EditionStatus.ARCHIVED)


def seed(today: date | None = None) -> dict[str, int]:
    today = today or date.today()
    years = year_shift(today)
    organisations = {name: get_or_create_organisation(name, kind=kind) for name, kind in data.ORGANISATIONS}
    users = _seed_users(organisations)
    _seed_locked_user()
    reviewers, partner = offers.demo_reviewers(users), offers.demo_partner(users)
    previous = None
    for number, fmt, ymd, theme, status in data.EDITIONS:
        edition = db.session.scalar(select(Edition).where(Edition.number == number))
        if edition is None:
            edition = _create_edition(number, EditionFormat(fmt), _day(ymd, EditionFormat(fmt), years), theme,
                                      EditionStatus(status), previous, list(organisations.values()))
        if edition.format == EditionFormat.OPEN_DAY:  # after its programme: the call and its offers
            offers.seed_call(edition, list(organisations.values()), reviewers, partner, today)
        if number == data.PREFERENCE_EDITION:  # its workshops were booked by ranked preference
            preference_day.seed(edition, users["organiser@example.org"].id, today)
        elif edition.format == EditionFormat.OPEN_DAY and edition.status in PAST:  # first come, first served
            past_registrations.seed(edition)
        previous = edition
    db.session.flush()
    # The council after the editions: its meetings carry recommendations over from one edition to the next.
    council_counts = council.seed(today, years, users["organiser@example.org"].id)
    # Feedback after everything held: surveys, responses, action items, and the frozen results.
    survey_counts = surveys.seed(today, users["organiser@example.org"].id)
    _purge_oldest_open_day(today)
    return {
        "editions": db.session.scalar(select(func.count(Edition.id))),
        "organisations": db.session.scalar(select(func.count(Organisation.id))),
        "sessions": db.session.scalar(select(func.count(Session.id))),
        "users": db.session.scalar(select(func.count(User.id))),
        "submissions": db.session.scalar(select(func.count(Submission.id))),
        "reviews": db.session.scalar(select(func.count(Review.id))),
        **council_counts,
        **survey_counts,
    }


def _purge_oldest_open_day(today: date) -> None:
    """One past edition already purged, as the retention purge leaves it (a second seed finds nothing left)."""
    from conference.privacy.retention import ALL, purge_edition

    oldest = db.session.scalar(select(Edition).where(Edition.format == EditionFormat.OPEN_DAY,
                                                     Edition.ends_at < from_local(today, time(0)))
                               .order_by(Edition.ends_at).limit(1))
    if oldest is not None:
        purge_edition(oldest, ALL, now=from_local(today, time(3)))


def _seed_users(organisations: dict[str, Organisation]) -> dict[str, User]:
    users = {}
    for email, role, name, org in data.DEMO_USERS:
        users[email] = accounts.find_user_by_email(email) or accounts.create_user(
            email, data.DEMO_PASSWORD, role, name=name, enforce_policy=False,
            organisation_id=organisations[org].id if org else None)
    return users


def _seed_locked_user() -> User:
    """The demo's locked account, locked (again, by every seed) as a run of wrong passwords leaves it: the
    longest lock, from now, and that many failures."""
    email, role, name = data.LOCKED_DEMO_USER
    user = accounts.find_user_by_email(email) or accounts.create_user(
        email, data.DEMO_PASSWORD, role, name=name, enforce_policy=False)
    config = current_app.config
    user.failed_logins = max(config["LOGIN_LOCKOUT_THRESHOLD"], 1) + 6
    user.locked_until = utcnow() + timedelta(seconds=config["LOGIN_LOCKOUT_MAX_SECONDS"])
    return user


def _create_edition(number, fmt, day, theme, status, previous, organisations) -> Edition:
    hours = data.COUNCIL_HOURS if fmt == EditionFormat.COUNCIL else data.OPEN_DAY_HOURS
    label = "Regionale Bildungskonferenz" if fmt == EditionFormat.COUNCIL else "Tag der Bildung"
    edition = Edition(
        number=number, format=fmt, title=f"{number}. {label}", theme=theme,
        description=_description(fmt, theme), starts_at=from_local(day, time(*hours[0])),
        ends_at=from_local(day, time(*hours[1])), status=status, previous_edition=previous,
    )
    if fmt == EditionFormat.OPEN_DAY:  # its visitors get certificates of attendance
        edition.certificate_signatory, edition.certificate_signatory_role = data.CERTIFICATE_SIGNATORY
    venues = data.COUNCIL_VENUES if fmt == EditionFormat.COUNCIL else data.OPEN_DAY_VENUES
    for position, (name, address, rooms) in enumerate(venues):
        edition.venues.append(Venue(
            name=name, address=address, position=position,
            rooms=[Room(name=r, capacity=c, is_step_free=s, equipment=list(e)) for r, c, s, e in rooms],
        ))
    if fmt == EditionFormat.OPEN_DAY:
        for index, (start, end) in enumerate(data.OPEN_DAY_SLOTS, start=1):
            edition.time_slots.append(TimeSlot(label=f"Runde {index}", starts_at=from_local(day, time(*start)),
                                               ends_at=from_local(day, time(*end))))
    else:
        edition.time_slots.append(TimeSlot(label="Sitzung", starts_at=edition.starts_at, ends_at=edition.ends_at))
    db.session.add(edition)
    db.session.flush()
    if fmt == EditionFormat.OPEN_DAY:
        _seed_program(edition, organisations, random.Random(number))
    else:
        _seed_council_program(edition)
    return edition


def _description(fmt: EditionFormat, theme: str) -> str:
    if fmt == EditionFormat.COUNCIL:
        return (f"Die Regionale Bildungskonferenz berät zum Schwerpunkt „{theme}“ und verabschiedet "
                "Empfehlungen an Schulaufsicht, Schulträger und Jugendhilfe.")
    return (f"Offener Tag der Bildung zum Motto „{theme}“: Workshops, Vorträge, Mitmachangebote und Stände "
            "von Bildungspartnern in Rathaus, auf dem Marktplatz und in der Alten Kämmerei. Eintritt frei.")


def _seed_council_program(edition: Edition) -> None:
    slot = edition.time_slots[0]
    room = edition.venues[0].rooms[0]
    db.session.add(Session(edition=edition, kind=SessionKind.PLENARY, title="Plenum", room=room, slot=slot,
                           capacity=room.capacity, description=edition.theme))


def _seed_program(edition: Edition, organisations: list[Organisation], rng: random.Random) -> None:
    """Fill every non-stand room in every slot, and the stand areas for the whole day."""
    rooms = [room for venue in edition.venues for room in venue.rooms]
    stand_rooms = [r for r in rooms if r.name in ("Standmeile", "Foyer")]
    talk_rooms = [r for r in rooms if r not in stand_rooms]
    # The day that booked by preference repeats its workshops in fixed rooms and rounds, each run by one partner.
    planned = {(room, round_): (title, key) for key, title, room, _ in data.PREFERENCE_WORKSHOPS
               for round_ in data.PREFERENCE_ROUNDS} if edition.number == data.PREFERENCE_EDITION else {}
    hosts = {key: rng.choice(organisations) for _, key in dict.fromkeys(planned.values())}
    by_title = {o[0]: o for o in data.OFFERS}
    offers = [o for o in data.OFFERS if o[1] != "stand" and o[0] not in {title for title, _ in planned.values()}]
    repeated = " Der Workshop läuft in mehreren Runden; die Plätze werden nach Wunschliste vergeben."
    stands = [o for o in data.OFFERS if o[1] == "stand"]
    sessions: list[Session] = []
    for round_, slot in enumerate(edition.time_slots, start=1):
        for room in talk_rooms:
            if (room.name, round_) in planned:
                title, key = planned[room.name, round_]
                _, kind, topics, groups, _ = by_title[title]
                needs_registration, organisation, note = True, hosts[key], repeated
            else:
                title, kind, topics, groups, needs_registration = rng.choice(offers)
                needs_registration = needs_registration or room.capacity <= 25
                organisation, note = rng.choice(organisations), ""
            sessions.append(Session(
                edition=edition, kind=SessionKind(kind), title=title, organisation=organisation,
                room=room, slot=slot, capacity=room.capacity, registration_required=needs_registration,
                target_groups=list(groups), topics=list(topics),
                description=f"{title}: ein Angebot zum Tag der Bildung „{edition.theme}“.{note}",
            ))
    for index, (title, kind, topics, groups, _) in enumerate(stands * 4):
        sessions.append(Session(
            edition=edition, kind=SessionKind(kind), title=title, organisation=rng.choice(organisations),
            room=stand_rooms[index % len(stand_rooms)], slot=None, capacity=None, registration_required=False,
            target_groups=list(groups), topics=list(topics), description=f"{title} – den ganzen Tag.",
        ))
    db.session.add_all(sessions)
    db.session.flush()
    if edition.status in (EditionStatus.ARCHIVED, EditionStatus.EVALUATED, EditionStatus.HELD):
        for session in sessions:
            session.walk_in_count = rng.randint(5, 40) if session.slot else rng.randint(60, 400)
    elif edition.status == EditionStatus.REGISTRATION_OPEN:
        _seed_registrations(edition, sessions, rng)


ROLES = ["teacher", "kita", "parent", "youth_work", "administration", "business", "student", "other"]


def _seed_registrations(edition: Edition, sessions: list[Session], rng: random.Random) -> None:
    """Registrations through the real booking rules: the small workshops fill up and get waiting lists."""
    from conference.database import utcnow
    from conference.registration import services as registrations

    bookable = [s for s in sessions if s.registration_required]
    popular = sorted(bookable, key=lambda s: (s.capacity or 0, s.id))[:8]
    start = utcnow() - timedelta(hours=6)
    for n in range(160):
        wanted = rng.sample(popular, 2) if n % 3 else rng.sample(bookable, 2)
        chosen = []
        for session in wanted:  # one per time slot
            if all(not session.overlaps(other) for other in chosen):
                chosen.append(session)
        name = f"{rng.choice(data.FIRST_NAMES)} {rng.choice(data.LAST_NAMES)}"
        registration = registrations.register(
            edition, registrations.Visitor(name=name, email=f"besuch{n}@example.org", role=rng.choice(ROLES)),
            [s.id for s in chosen], privacy_notice_version="2026-11", now=start + timedelta(minutes=2 * n),
        )
        if n % 10:  # most have confirmed their address
            registration.confirmed_at = registration.created_at
