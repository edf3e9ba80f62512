"""The administrators' account page in Chromium: axe-core finds nothing serious (German and English, with a
flash message, with a refused filter), and filtering, unlocking and deactivating work by keyboard."""

from __future__ import annotations

from datetime import timedelta

from conference.database import utcnow
from tests.browser.conftest import PASSWORD, assert_accessible, follow, visit
from tests.factories import make_organisation, make_user

PAGE = "/manage/accounts/"


def test_the_account_page_passes_axe_and_works_by_keyboard(db, sign_in):
    make_user("admin", email="alex@example.org", password=PASSWORD, name="Alex Admin")
    lena = make_user("analyst", email="lena@example.org", name="Lena Locked")
    lena.locked_until, lena.failed_logins = utcnow() + timedelta(hours=1), 11
    petra = make_user("provider", email="petra@example.org", name="Petra Partner",
                      organisation_id=make_organisation("Volkshochschule").id)
    make_user("reviewer", email="rolf@example.org", name="Rolf Gone").is_active_account = False
    db.session.commit()

    page = sign_in("alex@example.org")
    visit(page, "/manage/")
    follow(page, lambda: page.locator(f"main a[href='{PAGE}']").click())
    rows = page.get_by_role("table").locator("tbody tr")
    assert rows.count() == 4
    assert_accessible(page)

    # Only the locked accounts, chosen with the keyboard.
    page.locator("#status").select_option("locked")
    follow(page, lambda: page.locator("#q").press("Enter"))
    assert "status=locked" in page.url and rows.count() == 1 and "Lena Locked" in rows.first.inner_text()

    # Unlock her: the button is reached and pressed from the keyboard; the list keeps its filter.
    button = page.locator(f"form[action^='{PAGE}{lena.id}/unlock'] button")
    button.focus()
    follow(page, lambda: page.keyboard.press("Enter"))
    assert "status=locked" in page.url and rows.count() == 1  # the "nothing matches" row
    assert page.locator(".flash-messages [role=status]").count() == 1
    assert_accessible(page)

    # Deactivate Petra, confirming the question the page asks first.
    visit(page, PAGE)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"form[action^='{PAGE}{petra.id}/deactivate'] button").focus()
    follow(page, lambda: page.keyboard.press("Enter"))
    assert page.locator(f"form[action^='{PAGE}{petra.id}/reactivate']").count() == 1
    assert_accessible(page)

    # A refused filter: the error summary, accessible too.
    response = page.goto(f"{PAGE}?role=king")
    assert response.status == 422 and page.locator("#error-summary").is_visible()
    assert page.locator("#role").get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    visit(page, f"/language/en?next={PAGE}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
