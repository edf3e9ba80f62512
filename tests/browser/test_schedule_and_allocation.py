"""Issue 5 in Chromium – "the grid, conflicts, proposal, ranking, allocation and publishing work and are
browser-tested":

1. An organiser builds the schedule on the grid: drags an unplaced offer onto a cell (Playwright's
   ``drag_to``, real HTML5 drag and drop in Chromium: dragstart/dragover/drop with a DataTransfer), moves
   it again by keyboard only through its "Move" link, then lets the solver propose a schedule and applies it.
   Each step creates or removes a conflict, and the grid and the conflict list are checked after it.
2. A visitor ranks workshops by keyboard while the choice window is open; after it closes, an organiser runs
   the allocation, reads the report next to first come, first served, and publishes it as bookings.

Each person works in a browser context of their own; elements are found by id, name or address, and where
words are compared the app is asked what it shows in German. axe-core checks every page on the way."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from conference.database import utcnow
from conference.editions.models import BookingMode, EditionStatus
from conference.mail.models import OutboxMessage
from conference.mail.services import body_of
from conference.program.models import ProposalStatus, ScheduleProposal, Session
from conference.registration import preferences
from conference.registration.models import AllocationRun, AllocationStatus, Booking, BookingStatus, Registration
from conference.registration.services import Visitor
from tests import factories
from tests.browser.conftest import PASSWORD, assert_accessible, follow, visit

ORGANISER = "olga@example.org"


def in_german(text, **params) -> str:
    """What the UI shows for ``text`` (a lazy string, or a msgid for gettext) in German, the default language."""
    with force_locale("de"):
        return gettext(text, **params) if isinstance(text, str) else str(text)


def conflict_phrase(msgid: str) -> str:
    """The German words a conflict message starts with, before the offers' titles."""
    return in_german(msgid, names="\0").split("\0")[0].strip()


DOUBLE_BOOKED = "Room booked twice: %(names)s."
OVER_CAPACITY = "More people expected than the room holds: %(names)s."








def tab_to(page, check: str, limit: int = 80) -> None:
    """Press Tab until ``check`` (a JavaScript expression on ``el``, the focused element) is true."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({check}); }})()"):
            return
    raise AssertionError(f"Tab never reached an element with {check}")


def choose_by_keyboard(page, select_id: str, value: str) -> None:
    """In the focused <select>, move to the option ``value`` with the arrow keys (no mouse, no fill)."""
    select = page.locator(f"#{select_id}")
    assert page.evaluate("document.activeElement.id") == select_id
    options = select.locator("option").evaluate_all("options => options.map(o => o.value)")
    steps = options.index(value) - options.index(select.input_value())
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    assert select.input_value() == value


@pytest.fixture
def people(db) -> None:
    factories.make_user("organiser", email=ORGANISER, name="Olga Orga", password=PASSWORD)
    db.session.commit()


# --- 1. the schedule grid ---------------------------------------------------------------------------

def test_organiser_drags_moves_by_keyboard_and_applies_a_proposal(db, people, sign_in):
    edition = factories.make_edition(day=date(2099, 5, 9))
    venue = factories.make_venue(edition, rooms=[("Saal", 100, True), ("Keller", 12, True)])
    hall, cellar = sorted(venue.rooms, key=lambda r: r.capacity, reverse=True)
    first = factories.make_slot(edition, time(11), label="Runde 1")
    second = factories.make_slot(edition, time(13), label="Runde 2")
    robots = factories.make_session(edition, title="Robotik", capacity=20, slot=first, room=hall)
    dance = factories.make_session(edition, title="Tanztheater", capacity=30)
    reading = factories.make_session(edition, title="Lesung", capacity=10)
    db.session.commit()
    # A conflict-free schedule exists: Robotik and Tanztheater in the hall one after the other, Lesung anywhere.
    grid_path = f"/manage/editions/{edition.id}/schedule/"

    def cell(page, room, slot):
        return page.locator(f"td.schedule-cell[data-room-id='{room.id}'][data-slot-id='{slot.id}']")

    def conflict_list(page) -> str:
        return page.locator("section[aria-labelledby=conflicts]").inner_text()

    organiser = sign_in(ORGANISER)
    visit(organiser, grid_path)
    assert conflict_list(organiser).count(in_german("No conflicts.")) == 1
    assert organiser.locator(f".schedule-unplaced #s{dance.id}").count() == 1
    assert_accessible(organiser)

    # (a) Drag the unplaced "Tanztheater" onto the hall in round 1, where "Robotik" already is. Playwright's
    # drag_to drives Chromium's own HTML5 drag and drop (dragstart, dragover, drop with a real DataTransfer);
    # the page posts the move and reloads itself.
    card = organiser.locator(f"div.schedule-card[draggable=true]#s{dance.id}")
    follow(organiser, lambda: card.drag_to(cell(organiser, hall, first)))
    assert cell(organiser, hall, first).locator(f"#s{dance.id}").count() == 1
    assert organiser.locator(f".schedule-unplaced #s{dance.id}").count() == 0
    warning = organiser.locator(".flash-messages .kern-alert--warning").inner_text()  # the move's live warning
    assert conflict_phrase(DOUBLE_BOOKED) in warning and "Tanztheater" in warning and "Robotik" in warning
    assert "schedule-card--conflict" in organiser.locator(f"#s{dance.id}").get_attribute("class")
    assert conflict_phrase(DOUBLE_BOOKED) in conflict_list(organiser)
    assert_accessible(organiser)
    db.session.expire_all()
    assert (db.session.get(Session, dance.id).room_id, db.session.get(Session, dance.id).slot_id) == (hall.id, first.id)

    # (b) The same kind of move by keyboard only: Tab to the card's "Move" link, Enter, arrow keys in the
    # selects, Tab to the button, Enter. "Tanztheater" goes to the cellar in round 2: no longer double booked,
    # but too many people for the room.
    move_link = in_german("Move “%(title)s”", title="Tanztheater")
    tab_to(organiser, f"el.tagName === 'A' && el.textContent.trim() === {move_link!r}")
    follow(organiser, lambda: organiser.keyboard.press("Enter"))
    assert organiser.url.endswith(f"/schedule/sessions/{dance.id}")
    assert organiser.get_by_role("heading", level=1).inner_text() == move_link
    assert conflict_phrase(DOUBLE_BOOKED) in organiser.locator("main .kern-alert--warning").inner_text()
    assert_accessible(organiser)
    tab_to(organiser, "el.id === 'slot_id'")
    choose_by_keyboard(organiser, "slot_id", str(second.id))
    organiser.keyboard.press("Tab")
    choose_by_keyboard(organiser, "room_id", str(cellar.id))
    tab_to(organiser, "el.type === 'submit'", limit=3)
    follow(organiser, lambda: organiser.keyboard.press("Enter"))
    assert organiser.url.split("#")[0].endswith(grid_path)
    assert cell(organiser, cellar, second).locator(f"#s{dance.id}").count() == 1
    assert cell(organiser, hall, first).locator(f"#s{dance.id}").count() == 0
    conflicts = conflict_list(organiser)
    assert conflict_phrase(OVER_CAPACITY) in conflicts and "Tanztheater" in conflicts
    assert conflict_phrase(DOUBLE_BOOKED) not in conflicts
    assert conflict_phrase(OVER_CAPACITY) in organiser.locator(".flash-messages .kern-alert--warning").inner_text()
    assert_accessible(organiser)

    # (c) The solver's proposal: a diff against the grid, applied in one go, and no conflicts remain.
    follow(organiser, organiser.locator("form[action$='/schedule/propose'] button[type=submit]").click)
    proposal = db.session.scalar(select(ScheduleProposal).where(ScheduleProposal.edition_id == edition.id))
    assert proposal.status == ProposalStatus.DONE
    assert organiser.url.endswith(f"/schedule/proposals/{proposal.id}")
    changes = organiser.locator("main table tbody")
    assert "Tanztheater" in changes.inner_text()  # it has to leave the cellar
    assert "Lesung" in changes.inner_text()  # and the unplaced offer gets a place
    assert_accessible(organiser)
    follow(organiser, organiser.locator("form[action$='/apply'] button[type=submit]").click)
    assert organiser.url.endswith(grid_path)
    assert in_german("No conflicts.") in conflict_list(organiser)
    assert organiser.locator(".schedule-unplaced .schedule-card").count() == 0
    assert organiser.locator(".schedule-card--conflict").count() == 0
    assert_accessible(organiser)
    db.session.expire_all()
    placed = {s.id: (s.room_id, s.slot_id) for s in db.session.scalars(
        select(Session).where(Session.edition_id == edition.id))}
    assert placed[dance.id][0] == hall.id and placed[robots.id][0] == hall.id  # 30 and 20 people: only the hall
    assert placed[dance.id][1] != placed[robots.id][1] and None not in placed[reading.id]
    assert db.session.get(ScheduleProposal, proposal.id).status == ProposalStatus.APPLIED


# --- 2. booking by preference -----------------------------------------------------------------------

def test_visitor_ranks_by_keyboard_organiser_allocates_and_publishes(db, people, sign_in):
    edition = factories.make_edition(status=EditionStatus.REGISTRATION_OPEN, day=date(2099, 5, 9))
    venue = factories.make_venue(edition, rooms=[("R1", 30, True), ("R2", 30, True), ("R3", 30, True)])
    slots = [factories.make_slot(edition, time(11), label="Runde 1"),
             factories.make_slot(edition, time(13), label="Runde 2")]
    titles = {"A": "Drucken mit Holz", "B": "Bienen im Schulgarten", "C": "Comics zeichnen"}
    for (key, title), room in zip(titles.items(), venue.rooms, strict=True):
        for slot in slots:
            factories.make_session(edition, title=title, capacity=2, slot=slot, room=room, workshop_key=key)
    now = utcnow()
    preferences.save_settings(edition, mode=BookingMode.PREFERENCE, opens_at=now - timedelta(days=1),
                              closes_at=now + timedelta(days=1))
    db.session.commit()

    # The visitor ranks three workshops (two rounds + 2, at most all three) by keyboard.
    visitor = sign_in(None)
    visit(visitor, f"/editions/{edition.id}/register")
    assert visitor.locator("input[name=session_ids]").count() == 0
    assert_accessible(visitor)
    wanted = ["B", "C", "A"]
    visitor.locator("#choice_1").focus()
    for i, key in enumerate(wanted, start=1):
        choose_by_keyboard(visitor, f"choice_{i}", key)
        visitor.keyboard.press("Tab")
    tab_to(visitor, "el.id === 'name'")
    visitor.keyboard.type("Frida Gast")
    visitor.keyboard.press("Tab")
    visitor.keyboard.type("frida@example.org")
    tab_to(visitor, "el.id === 'consent'")
    visitor.keyboard.press("Space")
    assert visitor.locator("#consent").is_checked()
    tab_to(visitor, "el.type === 'submit'")
    follow(visitor, lambda: visitor.keyboard.press("Enter"))
    assert re.search(r"/registrations/[^/]+$", visitor.url), visitor.url
    manage_url = visitor.url
    ranking = visitor.locator("section[aria-labelledby=ranking-heading]")
    assert [ranking.locator(f"#choice_{i}").input_value() for i in (1, 2, 3)] == wanted  # changeable while open
    assert_accessible(visitor)
    db.session.expire_all()
    frida = db.session.scalar(select(Registration).where(Registration.email == "frida@example.org"))
    assert [r.workshop_key for r in frida.rankings] == wanted and frida.bookings == []

    # The visitor confirms by the link in the mail; four more people rank and confirm.
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "frida@example.org"))
    follow(visitor, lambda: visitor.goto(re.search(r"http://[^/]+(/registrations/confirm/\S+)",
                                                   body_of(mail)[0]).group(1)))
    for n, keys in enumerate([["B", "A", "C"], ["B", "C", "A"], ["C", "B", "A"], ["A", "B", "C"]]):
        other = preferences.register_ranking(edition, Visitor(f"Gast {n}", f"gast{n}@example.org"), keys,
                                             privacy_notice_version="test")
        other.confirmed_at = utcnow()
    # The choice window closes.
    edition.choice_opens_at, edition.choice_closes_at = now - timedelta(days=3), utcnow() - timedelta(minutes=1)
    db.session.commit()

    # The organiser runs the allocation and compares it with first come, first served.
    organiser = sign_in(ORGANISER)
    allocation = f"/manage/editions/{edition.id}/allocation/"
    visit(organiser, allocation)
    assert organiser.locator("form[action$='/allocation/run'] button[type=submit]").inner_text().strip() == \
        in_german("Run the allocation")
    assert_accessible(organiser)
    follow(organiser, organiser.locator("form[action$='/allocation/run'] button[type=submit]").click)
    run = db.session.scalar(select(AllocationRun).where(AllocationRun.edition_id == edition.id))
    assert run.status == AllocationStatus.DONE
    assert organiser.url.endswith(f"/allocation/runs/{run.id}")
    comparison = organiser.locator("main table").first
    headers = comparison.locator("thead th").all_inner_texts()
    assert [h.strip() for h in headers[1:]] == [in_german("This allocation"), in_german("First come, first served")]
    participants = comparison.locator("tr", has=organiser.locator("th", has_text=in_german("Participants")))
    assert [c.strip() for c in participants.locator("td").all_inner_texts()] == ["5", "5"]
    places = comparison.locator("tr", has=organiser.locator("th", has_text=in_german("Places given")))
    assert places.locator("td").first.inner_text().strip() == "10"  # 5 people × 2 rounds, 12 seats
    assert_accessible(organiser)

    # Publishing asks first (data-confirm), then makes the bookings.
    dialogs = []
    organiser.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    follow(organiser, organiser.locator("form[action$='/publish'] button[type=submit]").click)
    assert dialogs == [in_german("Publish this allocation? Bookings are made and every participant is mailed.")]
    assert organiser.locator("form[action$='/publish']").count() == 0  # published: nothing left to publish
    assert_accessible(organiser)
    db.session.expire_all()
    assert db.session.get(AllocationRun, run.id).status == AllocationStatus.PUBLISHED
    bookings = db.session.scalars(select(Booking).join(Registration).where(Registration.edition_id == edition.id)).all()
    assert len(bookings) == 10 and {b.status for b in bookings} == {BookingStatus.BOOKED}
    mine = [b for b in bookings if b.registration_id == frida.id]
    assert len(mine) == 2 and len({b.session.slot_id for b in mine}) == 2  # one workshop in each round

    # The visitor's page lists the workshops they got.
    visit(visitor, manage_url)
    rows = visitor.locator("section[aria-labelledby=bookings-heading] tbody tr")
    assert rows.count() == 2
    for booking in mine:
        row = rows.filter(has_text=booking.session.title)
        assert row.count() == 1 and in_german(BookingStatus.BOOKED.label) in row.inner_text()
    assert visitor.locator("section[aria-labelledby=ranking-heading] select").count() == 0  # the window is shut
    assert_accessible(visitor)
