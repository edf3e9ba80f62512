"""Issue 8 in Chromium – the door of an open day: staff on a phone find a visitor by the code on her ticket,
check her in and see the figures change; and the camera reads a ticket's QR code and opens its page.

The story: the 16th Tag der Bildung is on. At 10:55, before the first round, Jana Müller arrives with her
ticket. The organiser at the door holds a 375 px phone: she types the code, taps "Checked in", and the
round's figures count one more. Then she scans Deniz Öztürk's ticket with the camera (Chromium's fake camera
plays a picture of the QR code from his confirmation mail) and lands on his ticket page.

Elements are found by id or address; where words are compared, the app is asked what it shows in German.
axe-core checks every page, and no page may scroll sideways at 375 or 320 px."""

from __future__ import annotations

from datetime import date

import pytest

from conference.checkin import tickets
from conference.registration.models import Booking, BookingStatus
from tests import factories
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PASSWORD, assert_accessible, follow, visit
from tests.checkin.day_setup import in_german, open_day

ORGANISER = "olga@example.org"
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def slot_figures(page) -> list[str]:
    """The chosen slot's total row: booked, checked in, not yet / no-show, walk-ins."""
    return page.locator("#figures-slot td").all_inner_texts()


def test_staff_on_a_phone_check_a_visitor_in_by_the_code_on_her_ticket(db, sign_in):
    day = open_day(day=date(2027, 5, 8))
    factories.make_user("organiser", email=ORGANISER, password=PASSWORD)
    db.session.commit()
    organiser = sign_in(ORGANISER)
    organiser.set_viewport_size({"width": 375, "height": 740})

    visit(organiser, f"/manage/editions/{day.edition.id}")
    follow(organiser, organiser.get_by_role("link", name=in_german("Check-in on the event day")).click)
    assert organiser.url.endswith(day.url("/"))  # before the day: the first round is chosen
    assert organiser.locator("#slot option:checked").get_attribute("value") == str(day.morning.slot_id)
    assert slot_figures(organiser) == ["3", "1", "2", "7"]
    assert organiser.evaluate(NO_SIDEWAYS_SCROLL)
    assert_accessible(organiser)

    organiser.locator("#q").fill(day.jana.ticket_code.lower().replace("-", " "))  # as read out at the door
    follow(organiser, lambda: organiser.locator("#q").press("Enter"))
    person = organiser.locator(f"#registration-{day.jana.id}")
    assert "Jana Müller" in person.locator("h3").inner_text()
    button = person.locator(f"#booking-{day.jana_morning.id} button")
    assert button.inner_text().startswith(in_german("Checked in"))
    assert button.bounding_box()["height"] >= 44  # a thumb's target
    assert organiser.locator(f"#booking-{day.jana_afternoon.id}").count() == 0  # the afternoon is not now
    assert organiser.evaluate(NO_SIDEWAYS_SCROLL)
    assert_accessible(organiser)

    follow(organiser, button.click)
    flash = organiser.locator(".flash-messages").inner_text()
    assert in_german("%(name)s is checked in for “%(title)s”.", name="Jana Müller", title="Lesen mit Bildern") in flash
    assert slot_figures(organiser) == ["3", "2", "1", "7"]
    undo = organiser.locator(f"#booking-{day.jana_morning.id} button")
    assert undo.inner_text().startswith(in_german("Undo"))
    assert organiser.locator("#q").input_value() == day.jana.ticket_code.lower().replace("-", " ")
    assert organiser.evaluate(NO_SIDEWAYS_SCROLL)
    assert_accessible(organiser)
    organiser.set_viewport_size({"width": 320, "height": 640})
    assert organiser.evaluate(NO_SIDEWAYS_SCROLL)
    db.session.expire_all()
    booking = db.session.get(Booking, day.jana_morning.id)
    assert booking.status == BookingStatus.ATTENDED and booking.checked_in_at is not None

    # The ticket page (where a scan leads) reflows too, and says what it shows.
    visit(organiser, day.url(f"/ticket/{day.deniz.ticket_code}"))
    assert organiser.locator("h1").inner_text() == "Deniz Öztürk"
    assert organiser.evaluate(NO_SIDEWAYS_SCROLL)
    assert_accessible(organiser)


def y4m(modules: list[list[bool]], width: int = 640, height: int = 480, scale: int = 8) -> bytes:
    """A still video (two frames, YUV 4:2:0) of a QR code on white, centred: what Chromium's fake camera plays."""
    size = len(modules) * scale
    left, top = (width - size) // 2, (height - size) // 2
    luma = bytearray([235]) * (width * height)
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:
                for dy in range(scale):
                    start = (top + y * scale + dy) * width + left + x * scale
                    luma[start:start + scale] = bytes([16]) * scale
    chroma = bytes([128]) * (width // 2 * height // 2 * 2)
    frame = b"FRAME\n" + bytes(luma) + chroma
    return f"YUV4MPEG2 W{width} H{height} F5:1 Ip A1:1 C420jpeg\n".encode() + frame * 2


@pytest.fixture
def camera_browser(browser, tmp_path):
    """A second Chromium (from the session's Playwright) whose fake camera plays ``camera.y4m``: write the video
    first, then call ``launch()``."""
    video = tmp_path / "camera.y4m"
    args = [*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}"]
    launched = []

    def launch():
        launched.append(browser.browser_type.launch(executable_path=CHROMIUM, args=args))
        return launched[-1]

    yield {"video": video, "launch": launch}
    for instance in launched:
        instance.close()


def test_the_camera_reads_a_ticket_and_opens_its_page(db, live_server, camera_browser):
    day = open_day()
    factories.make_user("organiser", email=ORGANISER, password=PASSWORD)
    db.session.commit()
    # The QR code exactly as mailed: it names the public address (http://localhost), the phone uses another.
    assert tickets.ticket_url(day.jana).startswith("http://localhost/")
    camera_browser["video"].write_bytes(y4m([[bool(m) for m in row] for row in tickets.ticket_qr(day.jana).matrix]))
    context = camera_browser["launch"]().new_context(base_url=live_server.url, locale="de-DE",
                                                     viewport={"width": 375, "height": 740})
    context.set_default_timeout(15_000)
    page = context.new_page()
    scripts = []
    page.on("request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None)
    page.goto("/login")
    page.locator("#email").fill(ORGANISER)
    page.locator("#password").fill(PASSWORD)
    follow(page, lambda: page.locator("#password").press("Enter"))
    visit(page, day.url("/"))
    assert page.locator("#scanner").is_visible()  # the script found a camera API and showed the button
    assert_accessible(page)
    native = page.evaluate("'BarcodeDetector' in window")
    ticket_page = day.url(f"/ticket/{day.jana.ticket_code}")
    with page.expect_navigation(url=f"**{ticket_page}"):
        page.locator("#scan-start").click()
    assert page.url == live_server.url + ticket_page
    assert page.locator("h1").inner_text() == "Jana Müller"
    # Without the browser's own detector the vendored jsQR did the reading, loaded only for it.
    assert native or any(url.endswith("/static/vendor/jsqr/jsQR.js") for url in scripts)

    # Scanning only opened the page; the tap checks in, and the ticket page comes back.
    assert db.session.get(Booking, day.jana_morning.id).status == BookingStatus.BOOKED
    follow(page, page.locator(f"#booking-{day.jana_morning.id} button").click)
    assert page.url.startswith(live_server.url + ticket_page)
    db.session.expire_all()
    assert db.session.get(Booking, day.jana_morning.id).status == BookingStatus.ATTENDED
    assert_accessible(page)
    context.close()


def test_without_a_camera_api_the_scanner_stays_hidden_and_search_works(db, sign_in):
    day = open_day()
    factories.make_user("organiser", email=ORGANISER, password=PASSWORD)
    db.session.commit()
    organiser = sign_in(ORGANISER)
    organiser.add_init_script("Object.defineProperty(navigator, 'mediaDevices', {value: undefined})")
    visit(organiser, day.url("/"))
    assert not organiser.locator("#scanner").is_visible()
    assert organiser.locator("#q").is_visible()
    assert_accessible(organiser)

