"""Issue 6 in Chromium – the council's "Done when": a member answers the invitation from the mail link, the
organiser sees the quorum, the meeting records attendance and recommendations, and the next edition shows
what is still open.

The story: the 29th council meets in four weeks. Four seats are invited; the member of the first seat
answers by keyboard only from the link in her mail, the second seat sends its deputy, the third declines
with a note, the fourth stays silent. On the meeting day the organiser checks in a member and a deputy,
prints the signature list, adopts a recommendation and reports progress on an open recommendation of the
28th council, carried onto the agenda as a follow-up item. The 30th council is then created from the 29th:
both recommendations are on its agenda as follow-up items, and the public page lists them with their
traffic lights.

Each person works in a browser context of their own. Elements are found by id, name or address; where words
are compared, the app is asked what it shows in German (translated or not yet). axe-core checks every page
on the way, the check-in list also at a phone's width."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO

import pytest
from flask_babel import force_locale, gettext, ngettext
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from conference.council import agenda, documents, follow_up, recommendations
from conference.council.core import meeting_day
from conference.council.models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceRole,
    Decision,
    FollowUpStatus,
    Invitation,
    Recommendation,
    RsvpStatus,
    Seat,
)
from conference.editions.models import Edition, EditionStatus
from conference.mail.models import OutboxMessage
from conference.mail.services import body_of
from tests import factories
from tests.browser.conftest import PASSWORD, assert_accessible, follow, visit

ORGANISER = "olga@example.org"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ITEM_TITLE = "Übergang Kita–Grundschule"
DOCUMENT_TITLE = "Beschlussvorlage Übergang"
NEW_RECOMMENDATION = "Gemeinsame Übergangskonferenzen einrichten"
OLD_RECOMMENDATION = "Sprachförderung in Kitas ausbauen"
DECLINE_NOTE = "Wir sind an dem Tag mit der Klasse unterwegs."


def in_german(message, /, **params) -> str:
    """What the UI shows for ``message`` (a lazy string, or a msgid for gettext) in German, the default language."""
    with force_locale("de"):
        return gettext(message, **params) if isinstance(message, str) else str(message)


def tab_to(page, check: str, limit: int = 80) -> None:
    """Press Tab until ``check`` (a JavaScript expression on ``el``, the focused element) is true."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({check}); }})()"):
            return
    raise AssertionError(f"Tab never reached an element with {check}")


@dataclass
class Council:
    previous: Edition
    edition: Edition
    seats: dict[str, Seat]  # by the member's family name
    emails: dict[str, str]  # family name → address
    item: AgendaItem
    old_recommendation: Recommendation


@pytest.fixture
def council(db) -> Council:
    """The 28th council (held, one adopted recommendation without a report) and the 29th in four weeks
    (registration open) with four seats in two groups, a public agenda item with a PDF, and the 28th's
    open recommendation carried onto its agenda as a follow-up item."""
    factories.make_user("organiser", email=ORGANISER, name="Olga Orga", password=PASSWORD)
    meeting = follow_up.today() + timedelta(days=28)
    previous = factories.make_council(number=28, status=EditionStatus.HELD, day=meeting - timedelta(days=182),
                                      title="28. Regionale Bildungskonferenz")
    old_item = agenda.add_item(previous, title="Sprachförderung", number="TOP 2")
    old = recommendations.draft(old_item, title=OLD_RECOMMENDATION, text="Die Konferenz empfiehlt …",
                                addressees=["kita_providers"])
    recommendations.decide(old, Decision.ADOPTED)
    edition = factories.make_council(number=29, day=meeting, title="29. Regionale Bildungskonferenz",
                                     previous_edition=previous)

    people = [("Arendt", "Anna", "Bauer", "Bert", "Schulen", "Grundschulen"),
              ("Conrad", "Clara", "Dahl", "Dieter", "Schulen", "Gymnasien"),
              ("Engel", "Emil", "Fuchs", "Frieda", "Kinder und Jugend", "Kita-Träger"),
              ("Gerber", "Gerd", "Hahn", "Hanna", "Kinder und Jugend", "Jugendhilfe")]
    seats, emails = {}, {}
    for family, given, deputy_family, deputy_given, group, label in people:
        member = factories.make_person(family, given, email=f"{given.lower()}@example.org")
        deputy = factories.make_person(deputy_family, deputy_given, email=f"{deputy_given.lower()}@example.org")
        seats[family] = factories.make_seat(group=group, label=label, member=member, deputy=deputy,
                                            organisation=factories.make_organisation(f"Träger {label}"))
        emails[family], emails[deputy_family] = member.email, deputy.email

    item = agenda.add_item(edition, title=ITEM_TITLE, number="TOP 1", description="Wie gelingt der Übergang?")
    documents.add_document(item, FileStorage(BytesIO(PDF), filename="vorlage.pdf", content_type="application/pdf"),
                           title=DOCUMENT_TITLE)
    follow_up.sync_upcoming()
    db.session.commit()
    return Council(previous, edition, seats, emails, item, old)


def flash_text(page, kind: str = "success") -> str:
    return page.locator(f".flash-messages .kern-alert--{kind}").inner_text()


def rsvp_path(db, email: str) -> str:
    """The RSVP link from the invitation mail to ``email``, as the person finds it in the mail's text."""
    db.session.expire_all()
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == email,
                                                         OutboxMessage.template == "council_invitation"))
    assert mail is not None, f"no invitation mailed to {email}"
    return re.search(r"http://[^/\s]+(/rsvp/\S+)", body_of(mail)[0]).group(1)


def answer(page, status: RsvpStatus, note: str = "") -> None:
    page.locator(f"input[name=status][value={status.value}]").check()
    if note:
        page.locator("#note").fill(note)
    follow(page, page.locator("form[action^='/rsvp/'] button[type=submit]").click)


def quorum_text(represented: int, active: int, needed: int, expected: bool) -> str:
    text = in_german("%(represented)d of %(active)d seats (%(percent)d %%), needed %(needed)d",
                     represented=represented, active=active, percent=round(100 * represented / active),
                     needed=needed)
    return in_german("Quorum expected: %(text)s" if expected else "Quorum not expected yet: %(text)s", text=text)


def summary_value(page, index: int) -> str:
    """The value of the ``index``-th entry of the check-in summary (0: seats represented, 1: quorum reached)."""
    return page.locator(".checkin-summary .kern-description-list-item__value").nth(index).inner_text()


def test_invitation_rsvp_quorum_meeting_and_follow_up_in_the_next_edition(db, council, sign_in, tmp_path):
    edition, seats, emails = council.edition, council.seats, council.emails
    manage = f"/manage/editions/{edition.id}"

    # 1. The organiser opens the dashboard from the edition's page, creates and sends the invitations.
    organiser = sign_in(ORGANISER)
    visit(organiser, manage)
    follow(organiser, organiser.get_by_role("link", name=in_german("Invitations and answers")).click)
    assert organiser.url.endswith(f"{manage}/council/")
    assert organiser.locator("#quorum-text").inner_text() == quorum_text(0, 4, 2, expected=False)
    follow(organiser, organiser.locator("form[action$='/council/generate'] button[type=submit]").click)
    with force_locale("de"):
        assert flash_text(organiser) == ngettext("%(num)d invitation created.", "%(num)d invitations created.", 4)
    organiser.once("dialog", lambda dialog: dialog.accept())  # "Send 4 invitations now?"
    follow(organiser, organiser.locator("form[action$='/council/send'] button[type=submit]").click)
    assert flash_text(organiser).startswith(in_german(
        "%(n)d invitations sent in %(mails)d mails. They go out in the next minutes.", n=4, mails=8))
    assert organiser.locator("form[action$='/council/send']").count() == 0  # nothing left to send
    assert_accessible(organiser)
    db.session.expire_all()
    assert set(db.session.scalars(select(OutboxMessage.recipient)
                                  .where(OutboxMessage.template == "council_invitation"))) == set(emails.values())

    # 2. Anna Arendt (member, first seat) opens the link from her mail, without signing in, and answers
    # "attending" by keyboard only: Tab into the answers, Space on the first, Tab past the note to the button.
    anna = sign_in(None)
    visit(anna, rsvp_path(db, emails["Arendt"]))
    assert anna.get_by_role("heading", level=1).inner_text() == in_german(
        "Invitation: %(title)s", title=edition.title)
    assert ITEM_TITLE in anna.locator("section[aria-labelledby=agenda-heading]").inner_text()
    document = anna.request.get(anna.get_by_role("link", name=DOCUMENT_TITLE).get_attribute("href"))
    assert document.ok and document.body() == PDF  # the agenda's PDF, from the invitation's own link
    assert_accessible(anna)
    tab_to(anna, "el.name === 'status'")
    assert anna.evaluate("document.activeElement.value") == RsvpStatus.ATTENDING.value
    anna.keyboard.press("Space")
    assert anna.locator("input[name=status]:checked").get_attribute("value") == RsvpStatus.ATTENDING.value
    anna.keyboard.press("Tab")
    assert anna.evaluate("document.activeElement.id") == "note"
    anna.keyboard.press("Tab")
    assert anna.evaluate("document.activeElement.type") == "submit"
    follow(anna, lambda: anna.keyboard.press("Enter"))
    attending = in_german(RsvpStatus.ATTENDING.label)
    assert flash_text(anna) == in_german("Thank you, your answer has been saved: %(answer)s.", answer=attending)
    assert anna.locator("#current-answer strong").inner_text() == attending
    assert anna.locator("input[name=status]:checked").get_attribute("value") == RsvpStatus.ATTENDING.value
    assert_accessible(anna)

    # … Clara Conrad (member, second seat) sends her deputy; Frieda Fuchs (deputy, third seat) declines for
    # her seat with a note, from the same kind of link in her own mail.
    clara = sign_in(None)
    clara.set_viewport_size({"width": 375, "height": 800})  # she reads her mail on the phone
    visit(clara, rsvp_path(db, emails["Conrad"]))
    assert clara.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(clara)
    answer(clara, RsvpStatus.DEPUTY_ATTENDS)
    assert clara.locator("#current-answer strong").inner_text() == in_german(RsvpStatus.DEPUTY_ATTENDS.label)
    frieda = sign_in(None)
    visit(frieda, rsvp_path(db, emails["Fuchs"]))
    answer(frieda, RsvpStatus.DECLINED, DECLINE_NOTE)
    assert frieda.locator("#current-answer").inner_text().endswith(DECLINE_NOTE)
    db.session.expire_all()
    answers = {i.seat_id: (i.status, i.note) for i in db.session.scalars(
        select(Invitation).where(Invitation.edition_id == edition.id))}
    assert answers == {seats["Arendt"].id: (RsvpStatus.ATTENDING, ""),
                       seats["Conrad"].id: (RsvpStatus.DEPUTY_ATTENDS, ""),
                       seats["Engel"].id: (RsvpStatus.DECLINED, DECLINE_NOTE),
                       seats["Gerber"].id: (RsvpStatus.PENDING, "")}

    # 3. The organiser sees the answers and the quorum: 2 of 4 seats expected, 2 needed (50 %).
    visit(organiser, f"{manage}/council/")
    assert organiser.locator("#quorum-text").inner_text() == quorum_text(2, 4, 2, expected=True)
    rows = organiser.locator("section[aria-labelledby=seats-heading] tbody tr")
    assert in_german(RsvpStatus.ATTENDING.label) in rows.filter(has_text="Grundschulen").inner_text()
    assert "Anna Arendt" in rows.filter(has_text="Grundschulen").locator("td").nth(1).inner_text()
    assert "Dieter Dahl" in rows.filter(has_text="Gymnasien").locator("td").nth(1).inner_text()
    assert DECLINE_NOTE in rows.filter(has_text="Kita-Träger").inner_text()
    unanswered = organiser.locator("section[aria-labelledby=unanswered-heading]").inner_text()
    assert "Jugendhilfe" in unanswered and emails["Gerber"] in unanswered and "Grundschulen" not in unanswered
    assert_accessible(organiser)

    # 4. The meeting day: check-in of Anna Arendt (member) and Dieter Dahl (deputy), then the signature list.
    visit(organiser, manage)
    follow(organiser, organiser.get_by_role("link", name=in_german("Check-in on the meeting day")).click)
    assert organiser.url.endswith(f"{manage}/council/checkin/")
    assert summary_value(organiser, 0).startswith(in_german("%(n)d of %(total)d", n=0, total=4))
    assert_accessible(organiser)
    member_present = organiser.locator(f"#seat-{seats['Arendt'].id} button",
                                       has_text=in_german("Member present"))
    follow(organiser, member_present.click)
    assert summary_value(organiser, 0).startswith(in_german("%(n)d of %(total)d", n=1, total=4))
    assert organiser.locator(".checkin-summary strong").inner_text() == in_german("no")  # 1 of 2 needed
    assert "Anna Arendt" in organiser.locator(f"#seat-{seats['Arendt'].id} ul").inner_text()
    follow(organiser, organiser.locator(f"#seat-{seats['Conrad'].id} button",
                                        has_text=in_german("Deputy present")).click)
    assert summary_value(organiser, 0).startswith(in_german("%(n)d of %(total)d", n=2, total=4))
    assert organiser.locator(".checkin-summary strong").inner_text() == in_german("yes")
    assert in_german("member: %(m)d · deputy: %(d)d · substitute: %(s)d", m=1, d=1, s=0) in summary_value(organiser, 2)
    assert_accessible(organiser)
    organiser.set_viewport_size({"width": 375, "height": 800})  # the phone at the door
    assert_accessible(organiser)
    assert organiser.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling (1.4.10)
    organiser.set_viewport_size({"width": 1280, "height": 900})
    db.session.expire_all()
    came = {(a.seat_id, a.role, a.person.family_name) for a in db.session.scalars(
        select(Attendance).where(Attendance.edition_id == edition.id))}
    assert came == {(seats["Arendt"].id, AttendanceRole.MEMBER, "Arendt"),
                    (seats["Conrad"].id, AttendanceRole.DEPUTY, "Dahl")}

    with organiser.expect_download() as download_info:
        organiser.get_by_role("link", name=in_german("Download the signature list (PDF)")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / "signatures.pdf"
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    response = organiser.request.get(f"{manage}/council/checkin/signature-list.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"

    # 5. Under TOP 1 the organiser drafts a recommendation and records its adoption by consensus.
    visit(organiser, manage)
    follow(organiser, organiser.get_by_role("link", name=in_german("Agenda and recommendations")).click)
    assert organiser.url.endswith(f"{manage}/council/agenda/")
    assert_accessible(organiser)
    follow(organiser, organiser.get_by_role("link", name=ITEM_TITLE, exact=True).click)
    assert_accessible(organiser)
    organiser.locator("#recommendation-title").fill(NEW_RECOMMENDATION)
    organiser.locator("#recommendation-text").fill("Die Konferenz empfiehlt, an jeder Grundschule …")
    organiser.locator("input[name='recommendation-addressees'][value=school_authority]").check()
    organiser.locator("input[name='recommendation-addressees'][value=kita_providers]").check()
    follow(organiser, organiser.locator("form[action$='/recommendations'] button[type=submit]").click)
    db.session.expire_all()
    new = db.session.scalar(select(Recommendation).where(Recommendation.title == NEW_RECOMMENDATION))
    assert new is not None and new.reference == "BK 29/1" and new.decision == Decision.PENDING
    assert organiser.url.endswith(f"{manage}/council/agenda/recommendations/{new.id}")
    assert_accessible(organiser)
    organiser.locator("#decision").select_option(Decision.ADOPTED.value)
    follow(organiser, organiser.locator("#decision-section button[type=submit]").click)
    assert flash_text(organiser) == in_german("Decision recorded: %(decision)s.",
                                              decision=in_german(Decision.ADOPTED.label))
    assert in_german(FollowUpStatus.OPEN.label) in organiser.locator(".traffic-light").inner_text()
    assert_accessible(organiser)
    db.session.expire_all()
    new = db.session.get(Recommendation, new.id)
    assert new.decision == Decision.ADOPTED and new.decided_on == meeting_day(edition)  # by default
    assert new.addressees == ["school_authority", "kita_providers"]

    # … and, under the follow-up item for the 28th council's recommendation, reports it in progress.
    old = council.old_recommendation
    visit(organiser, f"{manage}/council/agenda/")
    carried = organiser.locator("tbody tr", has_text=old.reference)
    assert carried.count() == 1 and in_german("Follow-up item") in carried.inner_text()
    follow(organiser, carried.get_by_role("link").first.click)
    assert_accessible(organiser)
    organiser.locator("#status").select_option(FollowUpStatus.IN_PROGRESS.value)
    organiser.locator("#text").fill("Zwei Träger haben Sprachkitas eingerichtet.")
    assert organiser.locator("#edition_id").input_value() == str(edition.id)  # reported at this meeting
    follow(organiser, organiser.locator("form[action$='/reports'] button[type=submit]").click)
    assert organiser.url.endswith(f"{manage}/council/agenda/items/{carried_item_id(db, edition, old)}")
    assert flash_text(organiser) == in_german("The status report has been added. The status is now “%(status)s”.",
                                              status=in_german(FollowUpStatus.IN_PROGRESS.label))
    status_line = organiser.locator("section[aria-labelledby=follow-up-heading] .traffic-light").first
    assert status_line.inner_text() == in_german(FollowUpStatus.IN_PROGRESS.label)
    db.session.expire_all()
    old = db.session.get(Recommendation, old.id)
    assert old.status == FollowUpStatus.IN_PROGRESS and old.follow_ups[-1].edition_id == edition.id

    # The follow-up overview and a recommendation's reports.
    visit(organiser, "/manage/council/follow-up/")
    overview = organiser.locator("tbody")
    assert in_german(FollowUpStatus.IN_PROGRESS.label) in overview.locator("tr", has_text=old.reference).inner_text()
    assert in_german(FollowUpStatus.OPEN.label) in overview.locator("tr", has_text=new.reference).inner_text()
    assert_accessible(organiser)
    follow(organiser, organiser.get_by_role("link", name=OLD_RECOMMENDATION).click)
    assert "Zwei Träger haben Sprachkitas eingerichtet." in organiser.locator("tbody").inner_text()
    assert_accessible(organiser)

    # 6. The 30th council is created from the 29th: both open recommendations are on its agenda.
    visit(organiser, manage)
    follow(organiser, organiser.get_by_role("link", name=in_german("Create the next edition from this one")).click)
    assert_accessible(organiser)
    next_day = meeting_day(edition) + timedelta(days=182)
    organiser.locator("#starts_on").fill(next_day.isoformat())
    follow(organiser, organiser.locator("main form button[type=submit]").click)
    db.session.expire_all()
    following = db.session.scalar(select(Edition).where(Edition.previous_edition_id == edition.id))
    assert following is not None and following.number == 30
    assert organiser.url.endswith(f"/manage/editions/{following.id}")
    follow(organiser, organiser.get_by_role("link", name=in_german("Agenda and recommendations")).click)
    assert organiser.url.endswith(f"/manage/editions/{following.id}/council/agenda/")
    badge = in_german("Follow-up item")
    for recommendation, status in ((old, FollowUpStatus.IN_PROGRESS), (new, FollowUpStatus.OPEN)):
        row = organiser.locator("tbody tr", has_text=recommendation.reference)
        assert row.count() == 1, recommendation.reference
        assert badge in row.inner_text() and recommendation.title in row.inner_text()
        assert row.locator(".traffic-light").inner_text() == in_german(status.label)
    assert_accessible(organiser)
    carried_over = {i.follow_up_of_id for i in db.session.scalars(
        select(AgendaItem).where(AgendaItem.edition_id == following.id, AgendaItem.kind == AgendaItemKind.FOLLOW_UP))}
    assert carried_over == {old.id, new.id}

    # The seats and the people (personal data: organisers only).
    visit(organiser, "/manage/council/")
    assert "Grundschulen" in organiser.locator("main").inner_text()
    assert_accessible(organiser)
    visit(organiser, "/manage/council/people/")
    assert "Arendt" in organiser.locator("main").inner_text()
    assert_accessible(organiser)

    # 7. The public: the adopted recommendations with their traffic lights, and the 29th council's page.
    visitor = sign_in(None)
    visit(visitor, "/recommendations/")
    for recommendation, status in ((old, FollowUpStatus.IN_PROGRESS), (new, FollowUpStatus.OPEN)):
        entry = visitor.locator("main li", has_text=recommendation.reference)
        assert entry.count() == 1, recommendation.reference
        assert entry.locator(".traffic-light").inner_text() == in_german(status.label)
    assert_accessible(visitor)
    follow(visitor, visitor.get_by_role("link", name=f"{new.reference}: {NEW_RECOMMENDATION}").click)
    assert visitor.url.endswith(f"/recommendations/{new.id}")
    assert_accessible(visitor)
    visit(visitor, f"/editions/{edition.id}")
    public_agenda = visitor.locator("section[aria-labelledby=agenda-heading]").inner_text()
    assert ITEM_TITLE in public_agenda and DOCUMENT_TITLE in public_agenda and old.reference in public_agenda
    document = visitor.request.get(visitor.get_by_role("link", name=DOCUMENT_TITLE).get_attribute("href"))
    assert document.ok and document.body() == PDF
    assert_accessible(visitor)


def carried_item_id(db, edition: Edition, recommendation: Recommendation) -> int:
    return db.session.scalar(select(AgendaItem.id).where(AgendaItem.edition_id == edition.id,
                                                         AgendaItem.follow_up_of_id == recommendation.id))
