"""Realistic, seeded scheduling instances for the tests and the benchmark.

An education day: rooms in a few venues (16–150 seats, some not step-free, mixed equipment), a day
of time slots, and offers with audiences of 10–120, equipment needs, provider availability on about
30 % of them, preferred slots, ~3 offers per organisation (1–5), some presenters shared, target
groups and topics."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from conference.scheduling import Item, Placement, Room, Slot

TARGET_GROUPS = ("kita", "primary", "secondary", "vocational", "parents", "teachers", "youth_work", "adult", "public")
TOPICS = ("language", "stem", "arts", "inclusion", "digital", "health", "democracy", "sustainability", "transition",
          "parenting")
CAPACITIES = (16, 20, 24, 30, 30, 40, 50, 60, 80, 100, 120, 150)
# (hour, minute, minutes) of the day's slots: DAY never overlaps (gaps and adjacent slots: 12:15–13:00
# touches both its neighbours); OVERLAPPING has a short format inside the second slot and two
# afternoon slots that overlap by 15 minutes.
DAY = ((9, 0, 90), (10, 45, 90), (13, 0, 90), (14, 45, 90), (16, 15, 45), (12, 15, 45), (8, 0, 60), (17, 0, 60))
OVERLAPPING = ((9, 0, 90), (10, 45, 90), (11, 15, 45), (13, 0, 90), (14, 30, 90), (16, 0, 45))


@dataclass(frozen=True)
class Instance:
    items: tuple[Item, ...]
    rooms: tuple[Room, ...]
    slots: tuple[Slot, ...]
    current: tuple[Placement, ...] = ()

    def placeable(self) -> set[int]:
        """Items that fit some room in some available slot (ignoring every other item)."""
        from conference.scheduling import room_suits, slot_allowed

        return {it.id for it in self.items if any(room_suits(it, r) for r in self.rooms)
                and any(slot_allowed(it, s.id) for s in self.slots)}


def make_slots(count: int, overlapping: bool = False, day: datetime = datetime(2025, 9, 20)) -> tuple[Slot, ...]:
    layout = OVERLAPPING if overlapping else DAY
    if count > len(layout):
        raise ValueError(f"at most {len(layout)} slots")
    chosen = sorted(layout[:count])
    return tuple(Slot(n + 1, day.replace(hour=h, minute=m), day.replace(hour=h, minute=m) + timedelta(minutes=d))
                 for n, (h, m, d) in enumerate(chosen))


def make_rooms(rng: random.Random, count: int, venues: int) -> tuple[Room, ...]:
    rooms = []
    for n in range(count):
        spread = n * (len(CAPACITIES) - 1) // max(1, count - 1)  # fewer rooms: small to large
        capacity = CAPACITIES[n % len(CAPACITIES) if count >= len(CAPACITIES) else spread]
        equipment = {word for word, p in (("Beamer", 0.75), ("Flipchart", 0.6), ("Strom", 0.9), ("Bildschirm", 0.3))
                     if rng.random() < p}
        if capacity >= 80 and rng.random() < 0.8:
            equipment.add("Mikrofonanlage")
        rooms.append(Room(n + 1, n % venues + 1, capacity, step_free=rng.random() < 0.75,
                          equipment=frozenset(equipment)))
    return tuple(rooms)


def _audience(rng: random.Random) -> int:
    return min(120, max(10, int(rng.lognormvariate(3.3, 0.5))))


def make_items(rng: random.Random, count: int, slots: tuple[Slot, ...], organisations: int) -> tuple[Item, ...]:
    sizes = []
    while sum(sizes) < count:
        sizes.append(rng.choice((1, 2, 2, 3, 3, 3, 4, 5)) if len(sizes) < organisations - 1 else count - sum(sizes))
    sizes[-1] -= sum(sizes) - count
    owners = [org for org, size in enumerate(sizes, start=1) for _ in range(size)]
    freelancers = [f"freelance{n}@example.org" for n in range(max(1, count // 25))]
    slot_ids = [s.id for s in slots]
    morning = frozenset(s.id for s in slots if s.starts_at.hour < 12)
    afternoon = frozenset(slot_ids) - morning
    items = []
    for n, org in enumerate(owners, start=1):
        audience = _audience(rng)
        equipment = {word for word, p in (("Beamer", 0.5), ("Flipchart", 0.25), ("Strom", 0.3), ("Bildschirm", 0.1))
                     if rng.random() < p}
        if audience >= 80 and rng.random() < 0.5:
            equipment.add("Mikrofonanlage")
        available = None
        if rng.random() < 0.3:
            available = rng.choice((morning, afternoon, frozenset(rng.sample(slot_ids, k=min(3, len(slot_ids))))))
            available = available or frozenset(slot_ids)
        pool = sorted(available) if available else slot_ids
        preferred = frozenset(rng.sample(pool, k=1)) if rng.random() < 0.25 else frozenset()
        people = {f"p{org}-{rng.randrange(2)}@example.org"}
        if rng.random() < 0.3:
            people.add(f"p{org}-{2 + rng.randrange(2)}@example.org")
        if rng.random() < 0.08:
            people.add(rng.choice(freelancers))
        items.append(Item(
            n, audience=audience, needs_step_free=rng.random() < 0.15, equipment=frozenset(equipment),
            available_slots=available, preferred_slots=preferred, people=frozenset(people), organisation_id=org,
            target_groups=frozenset(rng.sample(TARGET_GROUPS, k=rng.choice((1, 1, 2, 2, 3)))),
            topics=frozenset(rng.sample(TOPICS, k=rng.choice((1, 1, 2)))),
        ))
    return tuple(items)


def generate(items: int = 120, rooms: int = 12, slots: int = 6, venues: int = 3, *, organisations: int | None = None,
             overlapping: bool = False, seed: int = 0) -> Instance:
    """An instance of the given size; the same arguments always give the same instance."""
    rng = random.Random(seed)
    slot_list = make_slots(slots, overlapping)
    room_list = make_rooms(rng, rooms, venues)
    orgs = organisations if organisations is not None else max(1, round(items / 3))
    return Instance(make_items(rng, items, slot_list, orgs), room_list, slot_list)
