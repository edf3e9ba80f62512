"""Keyboard only (WCAG 2.1.1, 2.4.3, 2.4.7): registering for offers and answering a council invitation.

What was covered before: the survey by keyboard (test_survey_answering.py), the first RSVP answer by Tab, Space
and Enter (test_council_path.py), and the registration with filled-in fields (test_visitor_path.py). Here both
forms are used with the keyboard alone, wrong input first: Tab and Shift+Tab to move, Space to tick, the arrow
keys in radio groups and selects, Enter to follow links and send. No click, no ``fill``, no ``check``: every
character is typed. At every stop the focused element must show a visible focus indicator; every page reached
is checked with axe-core."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from conference.council import invitations
from conference.council.core import meeting_day
from conference.council.follow_up import today
from conference.council.models import Invitation, RsvpStatus
from conference.registration.models import BookingStatus, Registration
from tests import factories
from tests.browser.conftest import assert_accessible, follow

# A visible focus indicator: an outline (app.css draws 3 px on :focus-visible) or a focus ring drawn as a shadow.
FOCUS_VISIBLE = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return el !== document.body && el.matches(':focus-visible') && (outline || style.boxShadow !== 'none');
}"""


def focused(page, check: str) -> bool:
    """Whether ``check`` (JavaScript on ``el``, the focused element) holds."""
    return page.evaluate(f"(() => {{ const el = document.activeElement; return !!({check}); }})()")


def tab_to(page, check: str, *, backwards: bool = False, limit: int = 60) -> None:
    """Press Tab (or Shift+Tab) until ``check`` holds for the focused element; each stop must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        assert page.evaluate(FOCUS_VISIBLE), f"no visible focus on {page.evaluate('document.activeElement.outerHTML')}"
        if focused(page, check):
            return
    raise AssertionError(f"{'Shift+' if backwards else ''}Tab never reached an element with {check}")


def next_stop(page, check: str, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) once: the very next stop must be the element ``check`` holds for."""
    page.keyboard.press("Shift+Tab" if backwards else "Tab")
    assert focused(page, check)


def follow_to(page, status: int) -> None:
    """Press Enter and wait for the page it sends, which must answer ``status``."""
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == status, f"{page.url}: HTTP {navigation.value.status}"


def test_register_for_two_offers_correct_mistakes_and_cancel_by_keyboard_only(page, db, live_server):
    edition, sessions = factories.make_open_day(capacity=5, n_sessions=2)
    db.session.commit()
    first, second = sessions

    # From the offer's page to the form: Tab to the button, Enter.
    page.goto(f"/editions/{edition.id}/sessions/{first.id}")
    tab_to(page, "el.matches('a.kern-btn') && el.getAttribute('href').includes('/register?session=')")
    follow(page, lambda: page.keyboard.press("Enter"))
    assert page.locator(f"input[name=session_ids][value='{first.id}']").is_checked()  # chosen on the offer page
    assert_accessible(page)

    # The second offer: Space ticks it. Name and a wrong address; no consent yet; Enter on the button.
    tab_to(page, f"el.name === 'session_ids' && el.value === '{second.id}'")
    page.keyboard.press("Space")
    assert page.locator(f"input[name=session_ids][value='{second.id}']").is_checked()
    next_stop(page, "el.id === 'name'")
    page.keyboard.type("Karla Tastatur")
    next_stop(page, "el.id === 'email'")
    page.keyboard.type("karla.example.org")
    tab_to(page, "el.type === 'submit' && el.closest('main')")
    follow_to(page, 422)

    # The error summary has the focus; its first link leads to the address, which is typed again.
    assert focused(page, "el.id === 'error-summary'")
    assert page.locator("#email").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    next_stop(page, "el.matches('#error-summary a') && el.getAttribute('href') === '#email'")
    page.keyboard.press("Enter")
    assert focused(page, "el.id === 'email'")
    page.keyboard.press("Control+a")
    page.keyboard.type("karla@example.org")

    # The role by the arrow keys; accessibility needs with their consent; the privacy consent by Space.
    tab_to(page, "el.id === 'role'")
    page.keyboard.press("ArrowDown")
    role = page.locator("#role").input_value()
    assert role
    tab_to(page, "el.id === 'accessibility_needs'")
    page.keyboard.type("Induktionsschleife")
    next_stop(page, "el.id === 'accessibility_consent'")
    page.keyboard.press("Space")
    next_stop(page, "el.id === 'consent'")
    page.keyboard.press("Space")
    # Back with Shift+Tab to make sure of the first consent, then on to the button.
    next_stop(page, "el.id === 'accessibility_consent' && el.checked", backwards=True)
    assert page.evaluate(FOCUS_VISIBLE)
    tab_to(page, "el.type === 'submit' && el.closest('main')")
    next_stop(page, "el.tagName === 'A' && el.getAttribute('href').endsWith('/privacy')",  # the notice's link
              backwards=True)
    page.keyboard.press("Tab")
    follow(page, lambda: page.keyboard.press("Enter"))

    assert "/registrations/" in page.url
    assert page.locator(".flash-messages .kern-alert--success").count() == 1
    assert_accessible(page)
    db.session.expire_all()
    registration = db.session.scalar(select(Registration).where(Registration.email == "karla@example.org"))
    assert registration.name == "Karla Tastatur" and registration.role == role
    assert registration.accessibility_needs == "Induktionsschleife"
    assert {b.session_id: b.status for b in registration.bookings} == {first.id: BookingStatus.BOOKED,
                                                                        second.id: BookingStatus.BOOKED}

    # On the manage page: cancel the second offer (Tab to its button, Enter), then everything.
    tab_to(page, f"el.type === 'submit' && el.form.getAttribute('action').endsWith('/sessions/{second.id}/cancel')")
    follow(page, lambda: page.keyboard.press("Enter"))
    assert_accessible(page)
    db.session.expire_all()
    assert {b.session_id: b.status for b in registration.bookings} == {first.id: BookingStatus.BOOKED,
                                                                        second.id: BookingStatus.CANCELLED}
    tab_to(page, "el.type === 'submit' && el.form.getAttribute('action').endsWith('/cancel') "
                 "&& !el.form.getAttribute('action').includes('/sessions/')")
    page.once("dialog", lambda dialog: dialog.accept())  # the browser's own "Cancel all your bookings?" (Enter)
    follow(page, lambda: page.keyboard.press("Enter"))
    db.session.expire_all()
    assert registration.cancelled_at is not None
    assert_accessible(page)


def test_answer_a_council_invitation_and_change_the_answer_by_keyboard_only(page, db):
    edition = factories.make_council(number=40, day=today() + timedelta(days=21))
    factories.make_seat(member=factories.make_person("Tast", "Tilda", email="tilda@example.org"),
                        deputy=factories.make_person("Vertreter", "Viktor", email="viktor@example.org"))
    assert meeting_day(edition) > today()
    invitation = invitations.generate_invitations(edition)[0]
    db.session.commit()

    # Sending without an answer: the error summary takes the focus, its link leads into the answers.
    page.goto(f"/rsvp/{invitation.token}")
    assert_accessible(page)
    tab_to(page, "el.type === 'submit' && el.closest('main')")
    follow_to(page, 422)
    assert focused(page, "el.id === 'error-summary'")
    assert_accessible(page)
    next_stop(page, "el.matches('#error-summary a') && el.getAttribute('href') === '#status'")
    page.keyboard.press("Enter")  # to the group of answers (a fieldset: the next Tab enters it)
    next_stop(page, "el.name === 'status'")
    assert page.evaluate(FOCUS_VISIBLE)

    # "Declined": Space picks the first answer, the arrows move on to the third. A note, then Shift+Tab back
    # into the group (it lands on the chosen answer), and Tab, Tab, Enter to send.
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator("input[name=status]:checked").get_attribute("value") == RsvpStatus.DECLINED.value
    next_stop(page, "el.id === 'note'")
    page.keyboard.type("Wir sind an dem Tag auf Klassenfahrt.")
    next_stop(page, f"el.name === 'status' && el.value === '{RsvpStatus.DECLINED.value}'", backwards=True)
    page.keyboard.press("Tab")
    next_stop(page, "el.type === 'submit'")
    follow(page, lambda: page.keyboard.press("Enter"))
    assert page.locator(".flash-messages .kern-alert--success").count() == 1
    assert_accessible(page)
    db.session.expire_all()
    saved = db.session.get(Invitation, invitation.id)
    assert saved.status == RsvpStatus.DECLINED and saved.note == "Wir sind an dem Tag auf Klassenfahrt."

    # Plans change: the deputy comes. Tab enters the group at the chosen answer; ArrowUp picks the one above.
    tab_to(page, "el.name === 'status'")
    assert focused(page, f"el.value === '{RsvpStatus.DECLINED.value}'")
    page.keyboard.press("ArrowUp")
    assert page.locator("input[name=status]:checked").get_attribute("value") == RsvpStatus.DEPUTY_ATTENDS.value
    page.keyboard.press("Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("Viktor Vertreter kommt.")
    page.keyboard.press("Tab")
    follow(page, lambda: page.keyboard.press("Enter"))
    db.session.expire_all()
    saved = db.session.get(Invitation, invitation.id)
    assert saved.status == RsvpStatus.DEPUTY_ATTENDS and saved.note == "Viktor Vertreter kommt."
    assert_accessible(page)
