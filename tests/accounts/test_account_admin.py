"""The administrators' account page (/manage/accounts/): who may open it, what it lists and filters, and the
unlock, deactivate and reactivate actions with their flash messages, audit entries and effect on sign-in.

Most pages are read in English (the ``english`` fixture); the German rendering has tests of its own."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import g
from sqlalchemy import func, select

from conference.accounts.models import User
from conference.audit.models import AuditEntry
from conference.database import utcnow
from tests.audit.helpers import entries, the_entry
from tests.factories import make_organisation, make_user

PAGE = "/manage/accounts/"
LOCKED_AT = datetime(2036, 5, 8, 9, 0, tzinfo=UTC)  # 11:00 in Berlin
ACTIONS = ("unlock", "deactivate", "reactivate")


@pytest.fixture(autouse=True)
def fresh_g_per_request(app):
    """Forget the signed-in user and the CSRF token between requests, as production does (each request has
    its own app context; the fixture's outlives them), so that several clients (browsers) can take turns."""
    @app.before_request
    def _forget():
        for name in ("_login_user", "csrf_token", "csrf_valid"):
            g.pop(name, None)


@pytest.fixture
def admin(login_as):
    return login_as("admin", email="alex@example.org", name="Alex Admin")


def reload(db, user) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def lock(db, user, until=LOCKED_AT, failures=7) -> User:
    user.locked_until, user.failed_logins = until, failures
    db.session.commit()
    return user


def rows(html: str) -> list[str]:
    """The body rows of the account table, as text without tags."""
    body = html.split('<tbody class="kern-table__body">', 1)[1].split("</tbody>", 1)[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in body.split("</tr>")[:-1]]


def sign_in(app, email, password="secret"):
    """A fresh client (another browser) that signs in; returns the client and the response."""
    other = app.test_client()
    other.set_cookie("lang", "en")
    return other, other.post("/login", data={"email": email, "password": password})


# --- Access -------------------------------------------------------------------------------------------------------

ROUTES = [("GET", PAGE)] + [("POST", f"{PAGE}1/{action}") for action in ACTIONS]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_visitors_are_sent_to_sign_in(client, method, path):
    response = client.open(path, method=method)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", ["organiser", "analyst", "reviewer", "provider"])
@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_only_administrators_may_enter(client, db, login_as, role, method, path):
    login_as(role)
    target = make_user("analyst", email="target@example.org")
    lock(db, target)
    response = client.open(path.replace("/1/", f"/{target.id}/"), method=method)
    assert response.status_code == 403
    assert reload(db, target).locked_until is not None and reload(db, target).is_active_account
    assert entries() == []


def test_the_dashboard_links_the_page_for_administrators_only(client, db, login_as, english):
    lock(db, make_user("analyst", email="locked@example.org"), until=utcnow() + timedelta(minutes=30))
    login_as("organiser")
    assert PAGE not in client.get("/manage/").get_data(as_text=True)
    client.post("/logout")
    login_as("admin")
    html = client.get("/manage/").get_data(as_text=True)
    assert f'href="{PAGE}"' in html and "Accounts</a> (1 locked)" in html


# --- The list -----------------------------------------------------------------------------------------------------

def test_the_list_shows_every_account_with_role_institution_status_and_sign_ins(client, db, admin, english):
    school = make_organisation("Volkshochschule")
    partner = make_user("provider", email="petra@example.org", name="Petra Partner", organisation_id=school.id)
    partner.last_login_at = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    lock(db, make_user("analyst", email="lena@example.org", name="Lena Locked"), failures=9)
    gone = make_user("reviewer", email="rolf@example.org", name="Rolf Gone")
    gone.is_active_account = False
    waiting = make_user("provider", email="wanda@example.org", name="Wanda Waiting", organisation_id=school.id)
    waiting.approved_at = None
    new = make_user("provider", email="nina@example.org", name="Nina New")
    new.email_verified_at, new.approved_at = None, None
    db.session.commit()

    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<caption class="visually-hidden">Accounts, by name</caption>' in html
    assert html.count('<th scope="col"') == 8 and "6 accounts." in html
    listed = rows(html)
    assert listed[0].startswith("Alex Admin (you) alex@example.org Administrator – Active 0 ")  # then her sign-in
    assert "never" not in listed[0] and "Deactivate" not in listed[0]  # nobody is offered to switch themselves off
    assert listed[1:] == [
        "Lena Locked lena@example.org Analyst – Locked until 8 May 2036, 11:00 9 never Unlock : Lena Locked "
        "Deactivate : Lena Locked",
        "Nina New nina@example.org Partner institution – Waiting for e-mail confirmation 0 never "
        "Deactivate : Nina New",
        "Petra Partner petra@example.org Partner institution Volkshochschule Active 0 2 Mar 2026, 09:30 "
        "Deactivate : Petra Partner",
        "Rolf Gone rolf@example.org Reviewer – Deactivated 0 never Reactivate : Rolf Gone",
        "Wanda Waiting wanda@example.org Partner institution Volkshochschule Waiting for approval 0 never "
        "Deactivate : Wanda Waiting",
    ]
    assert '<time datetime="2026-03-02T08:30:00+00:00">' in html


def test_an_expired_lock_no_longer_shows(client, db, admin, english):
    lock(db, make_user("analyst", name="Old Lock"), until=utcnow() - timedelta(seconds=1), failures=5)
    row = next(r for r in rows(client.get(PAGE).get_data(as_text=True)) if r.startswith("Old Lock"))
    assert "Active 5" in row and "Locked" not in row and "Unlock" not in row


def test_german_rendering(client, db, admin):
    lock(db, make_user("provider", email="p@example.org", name="Petra", organisation_id=make_organisation("VHS").id))
    html = client.get(PAGE).get_data(as_text=True)
    assert '<html lang="de">' in html
    for german in ("Rolle", "Einrichtung", "E-Mail-Adresse", "Aktionen", "Partnereinrichtung", "Administration",
                   "08.05.36, 11:00", "Filtern", "Name oder E-Mail-Adresse"):
        assert german in html, german
    assert "5/8/36" not in html and "Partner institution" not in html


def test_english_rendering(client, db, admin, english):
    lock(db, make_user("provider", email="p@example.org", name="Petra"))
    html = client.get(PAGE).get_data(as_text=True)
    assert '<html lang="en">' in html
    for english in ("<h1 class=\"kern-heading-x-large\">Accounts</h1>", "Role", "Institution", "Failed sign-ins",
                    "Last sign-in", "Partner institution", "Locked until 8 May 2036, 11:00", "Unlock"):
        assert english in html, english
    assert "08.05.36" not in html and "5/8/36" not in html


@pytest.fixture
def mixed(db):
    """Two partners (one locked), an organiser, a deactivated analyst and a sign-up waiting for approval."""
    people = {
        "petra": make_user("provider", email="petra@vhs.example", name="Petra Partner"),
        "paul": make_user("provider", email="paul@example.org", name="Paul Probst"),
        "olga": make_user("organiser", email="olga@example.org", name="Olga Organiser"),
        "anna": make_user("analyst", email="anna@example.org", name="Anna 100% Analyst"),
        "wanda": make_user("provider", email="wanda@example.org", name="Wanda Waiting"),
    }
    people["paul"].locked_until, people["paul"].failed_logins = utcnow() + timedelta(minutes=5), 6
    people["anna"].is_active_account = False
    people["wanda"].approved_at = None
    db.session.commit()
    return people


@pytest.mark.parametrize(("query", "expected"), [
    ("role=provider", ["Paul Probst", "Petra Partner", "Wanda Waiting"]),
    ("role=admin", ["Alex Admin (you)"]),
    ("status=locked", ["Paul Probst"]),
    ("status=deactivated", ["Anna 100% Analyst"]),
    ("status=pending", ["Wanda Waiting"]),
    ("status=active", ["Alex Admin (you)", "Olga Organiser", "Petra Partner"]),
    ("role=provider&status=active", ["Petra Partner"]),
    ("q=PETRA", ["Petra Partner"]),
    ("q=vhs.example", ["Petra Partner"]),  # a part of the address
    ("q=p+partner", ["Petra Partner"]),  # every word must occur
    ("q=%25", ["Anna 100% Analyst"]),  # a percent sign is a character, not a wildcard
    ("q=_", []),
    ("q=nobody&status=locked", []),
])
def test_filters_and_search(client, admin, mixed, english, query, expected):
    response = client.get(f"{PAGE}?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    found = [re.sub(r"\s+", " ", n).strip() for n in
             re.findall(r'<th scope="row" class="kern-table__cell">(.*?)</th>', html)]
    assert found == expected
    if not expected:
        assert "No account matches these filters." in html


@pytest.mark.parametrize("query", ["role=king", "status=asleep", "q=" + "x" * 201])
def test_a_bad_filter_is_a_422_that_says_why(client, admin, english, query):
    response = client.get(f"{PAGE}?{query}")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="error-summary"' in html and "<tbody" not in html


def test_hostile_search_text_is_shown_escaped_and_never_a_500(client, admin, english):
    response = client.get(PAGE, query_string={"q": "<script>alert(1)</script>\x00"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert(1)" not in html and 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert "No account matches these filters." in html


def test_long_lists_are_paged_and_the_filters_stay(client, db, admin, english):
    for n in range(55):
        make_user("reviewer", email=f"r{n:02d}@example.org", name=f"Reviewer {n:02d}")
    db.session.commit()
    first = client.get(f"{PAGE}?role=reviewer").get_data(as_text=True)
    assert "55 accounts." in first and len(rows(first)) == 50 and "Page 1 of 2" in first
    assert f'href="{PAGE}?page=2&amp;role=reviewer"' in first
    second = client.get(f"{PAGE}?role=reviewer&page=2").get_data(as_text=True)
    assert [r.split(" r")[0] for r in rows(second)] == [f"Reviewer {n}" for n in range(50, 55)]
    assert f'href="{PAGE}?page=1&amp;role=reviewer"' in second
    # The actions on page 2 return to page 2 with the same filter.
    assert re.search(rf'action="{PAGE}\d+/deactivate\?role=reviewer&amp;page=2"', second)
    beyond = client.get(f"{PAGE}?role=reviewer&page=99").get_data(as_text=True)
    assert "Page 2 of 2" in beyond
    assert "Page 1 of 2" in client.get(f"{PAGE}?role=reviewer&page=abc").get_data(as_text=True)


def test_the_list_costs_the_same_queries_for_one_account_and_for_fifty(client, db, login_as, count_queries):
    login_as("admin", organisation_id=make_organisation().id)

    def queries() -> int:
        with count_queries() as counter:
            assert client.get(PAGE).status_code == 200
        return counter.count

    one = queries()
    for n in range(49):
        user = make_user("provider", organisation_id=make_organisation().id)
        user.locked_until = utcnow() + timedelta(minutes=n + 1) if n % 2 else None
        user.last_login_at = utcnow()
    db.session.commit()
    assert queries() == one


# --- Unlock -------------------------------------------------------------------------------------------------------

def test_unlock_lets_the_person_sign_in_again(app, client, db, admin, english):
    lena = lock(db, make_user("analyst", email="lena@example.org", name="Lena"), until=utcnow() + timedelta(hours=1),
                failures=11)
    _, refused = sign_in(app, "lena@example.org")
    assert refused.status_code == 200 and "Too many failed sign-in attempts" in refused.get_data(as_text=True)

    response = client.post(f"{PAGE}{lena.id}/unlock", follow_redirects=True)
    assert response.request.path == PAGE
    assert "Lena is unlocked." in response.get_data(as_text=True)
    user = reload(db, lena)
    assert user.locked_until is None and user.failed_logins == 0
    entry = the_entry("account.unlock")
    assert (entry.actor_id, entry.subject_type, entry.subject_id) == (admin.id, "user_account", lena.id)
    assert entry.details == {"was_locked": True, "failed_logins": 11}

    other, welcome = sign_in(app, "lena@example.org")
    assert welcome.status_code == 302 and other.get("/manage/").status_code == 200


def test_unlocking_an_account_that_is_not_locked_changes_nothing(client, db, admin, english):
    olga = make_user("organiser", name="Olga")
    db.session.commit()
    response = client.post(f"{PAGE}{olga.id}/unlock", follow_redirects=True)
    assert "Olga was not locked." in response.get_data(as_text=True)
    assert entries() == []


def test_a_lock_that_has_run_out_is_not_recorded_as_unlocked(client, db, admin, english):
    olga = lock(db, make_user("organiser", name="Olga"), until=utcnow() - timedelta(minutes=1), failures=0)
    response = client.post(f"{PAGE}{olga.id}/unlock", follow_redirects=True)
    assert "Olga was not locked." in response.get_data(as_text=True)
    assert entries() == [] and reload(db, olga).locked_until is None


def test_unlock_also_forgets_failures_below_the_threshold(client, db, admin):
    olga = lock(db, make_user("organiser"), until=None, failures=4)
    assert client.post(f"{PAGE}{olga.id}/unlock").status_code == 302
    assert reload(db, olga).failed_logins == 0
    assert the_entry("account.unlock").details == {"was_locked": False, "failed_logins": 4}


def test_an_action_returns_to_the_filtered_list(client, db, admin):
    olga = lock(db, make_user("organiser"), until=utcnow() + timedelta(minutes=3))
    response = client.post(f"{PAGE}{olga.id}/unlock?status=locked&q=olga&page=2&evil=https://x.example")
    assert response.headers["Location"] == f"{PAGE}?q=olga&status=locked&page=2"


# --- Deactivate and reactivate ------------------------------------------------------------------------------------

def test_deactivation_blocks_sign_in_and_ends_open_sessions(app, client, db, admin, english):
    petra = make_user("provider", email="petra@example.org", name="Petra")
    db.session.commit()
    her_browser, signed_in = sign_in(app, "petra@example.org")
    assert signed_in.status_code == 302 and her_browser.get("/partner/").status_code == 200

    response = client.post(f"{PAGE}{petra.id}/deactivate", follow_redirects=True)
    assert "Petra is deactivated and can no longer sign in." in response.get_data(as_text=True)
    assert reload(db, petra).is_active_account is False
    entry = the_entry("account.deactivate")
    assert (entry.actor_id, entry.subject_id, entry.details) == (admin.id, petra.id, {"role": "provider"})

    assert her_browser.get("/partner/").status_code == 302  # her session has ended
    _, refused = sign_in(app, "petra@example.org")
    assert refused.status_code == 200 and "E-mail address or password is incorrect" in refused.get_data(as_text=True)


def test_reactivation_lets_the_person_sign_in_again(app, client, db, admin, english):
    petra = make_user("provider", email="petra@example.org", name="Petra")
    petra.is_active_account = False
    db.session.commit()
    response = client.post(f"{PAGE}{petra.id}/reactivate", follow_redirects=True)
    assert "Petra is reactivated." in response.get_data(as_text=True)
    assert reload(db, petra).is_active_account is True
    assert the_entry("account.reactivate").details == {"role": "provider"}
    _, welcome = sign_in(app, "petra@example.org")
    assert welcome.status_code == 302


def test_repeating_an_action_says_so_and_logs_nothing_more(client, db, admin, english):
    petra = make_user("provider", name="Petra")
    db.session.commit()
    assert "Petra was already active." in client.post(f"{PAGE}{petra.id}/reactivate",
                                                      follow_redirects=True).get_data(as_text=True)
    client.post(f"{PAGE}{petra.id}/deactivate")
    again = client.post(f"{PAGE}{petra.id}/deactivate", follow_redirects=True).get_data(as_text=True)
    assert "Petra was already deactivated." in again
    assert [e.action for e in entries()] == ["account.deactivate"]


def test_an_administrator_cannot_deactivate_themselves(client, db, admin, english):
    response = client.post(f"{PAGE}{admin.id}/deactivate")
    assert response.status_code == 409
    assert "You cannot deactivate your own account." in response.get_data(as_text=True)
    assert reload(db, admin).is_active_account is True and entries() == []
    assert client.get("/manage/").status_code == 200  # still signed in
    assert f"{PAGE}{admin.id}/deactivate" not in client.get(PAGE).get_data(as_text=True)  # not even offered


def test_another_administrator_can_be_deactivated(client, db, admin):
    other = make_user("admin")
    db.session.commit()
    assert client.post(f"{PAGE}{other.id}/deactivate").status_code == 302
    assert reload(db, other).is_active_account is False


@pytest.mark.parametrize("action", ACTIONS)
def test_unknown_accounts_are_404_and_reading_an_action_is_405(client, db, admin, english, action):
    missing = client.post(f"{PAGE}999999/{action}")
    assert missing.status_code == 404 and "This account does not exist." in missing.get_data(as_text=True)
    assert client.get(f"{PAGE}{admin.id}/{action}").status_code == 405
    assert client.post(f"{PAGE}99999999999999/{action}").status_code == 404  # beyond a database integer


# --- CSRF ---------------------------------------------------------------------------------------------------------

@pytest.mark.config(WTF_CSRF_ENABLED=True)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_needs_the_csrf_token(client, db, english, action):
    make_user("admin", email="alex@example.org")
    paul = lock(db, make_user("provider", name="Paul"), until=utcnow() + timedelta(minutes=5))
    paul.is_active_account = action != "reactivate"
    db.session.commit()
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    assert client.post("/login", data={"email": "alex@example.org", "password": "secret",
                                       "csrf_token": token}).status_code == 302

    refused = client.post(f"{PAGE}{paul.id}/{action}")
    assert refused.status_code == 400
    assert "The form has expired or was not sent from this site." in refused.get_data(as_text=True)
    assert entries() == []
    page = client.get(PAGE).get_data(as_text=True)
    form = re.search(rf'<form method="post" action="{PAGE}{paul.id}/{action}"[^>]*>\s*'
                     r'<input name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert form, f"no {action} form with a token"
    assert client.post(f"{PAGE}{paul.id}/{action}", data={"csrf_token": form.group(1)}).status_code == 302
    assert [e.action for e in entries()] == [f"account.{action}"]


# --- The audit log ------------------------------------------------------------------------------------------------

def test_the_audit_log_names_the_account_actions(client, db, admin, english):
    petra = lock(db, make_user("provider", name="Petra"), until=utcnow() + timedelta(minutes=5), failures=6)
    client.post(f"{PAGE}{petra.id}/unlock")
    client.post(f"{PAGE}{petra.id}/deactivate")
    client.post(f"{PAGE}{petra.id}/reactivate")
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 3
    html = client.get("/manage/audit/").get_data(as_text=True)
    for text in ("Account unlocked", "Account deactivated", "Account reactivated", "was locked: yes",
                 "failed sign-ins: 6", "role: Partner institution", f"Account #{petra.id}"):
        assert text in html, text
    filtered = client.get("/manage/audit/?action=account.unlock").get_data(as_text=True)
    assert "1 entry." in filtered


def test_two_administrators_cannot_switch_each_other_off_at_the_same_moment(app, db):
    """Anna deactivates Ben and has not committed yet when Ben asks to deactivate Anna: Ben's request waits
    for Anna's commit, finds Ben switched off, and changes nothing, so one active administrator remains."""
    import threading

    from conference.accounts import administration
    from conference.errors import ConflictError

    anna = make_user("admin", email="anna@example.org")
    ben = make_user("admin", email="ben@example.org")
    db.session.commit()
    anna_id, ben_id = anna.id, ben.id
    annas_change_made, commit_now = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def anna_switches_ben_off():
        with app.app_context():
            try:
                administration.deactivate(administration.get_account(ben_id), actor_id=anna_id)
                annas_change_made.set()
                commit_now.wait(10)
                db.session.commit()
            finally:
                db.session.remove()

    def ben_switches_anna_off():
        with app.app_context():
            try:
                outcome["ben"] = administration.deactivate(administration.get_account(anna_id), actor_id=ben_id)
                db.session.commit()
            except ConflictError as error:
                db.session.rollback()
                outcome["ben"] = error
            finally:
                db.session.remove()

    first = threading.Thread(target=anna_switches_ben_off)
    first.start()
    assert annas_change_made.wait(10)
    second = threading.Thread(target=ben_switches_anna_off)
    second.start()
    second.join(0.5)
    outcome["ben waited"] = second.is_alive()  # Anna's transaction still holds the lock
    commit_now.set()
    first.join(10)
    second.join(10)
    assert outcome["ben waited"] is True
    assert isinstance(outcome["ben"], ConflictError)
    db.session.expire_all()
    assert {u.email: u.is_active_account for u in db.session.scalars(select(User))} == {
        "anna@example.org": True, "ben@example.org": False}


def test_two_administrators_switching_the_same_account_off_at_once_change_and_log_it_once(app, db):
    """Anna and Ben both deactivate Petra; Ben's request waits for Anna's commit and finds Petra off already."""
    import threading

    from conference.accounts import administration

    anna = make_user("admin", email="anna@example.org")
    ben = make_user("admin", email="ben@example.org")
    petra = make_user("analyst", email="petra@example.org")
    db.session.commit()
    ids = {"anna": anna.id, "ben": ben.id, "petra": petra.id}
    annas_change_made, commit_now = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def switch_off(actor: str, hold: bool):
        with app.app_context():
            try:
                target = administration.get_account(ids["petra"])  # read before the other commits
                if not hold:
                    commit_now.set()
                outcome[actor] = administration.deactivate(target, actor_id=ids[actor])
                if hold:
                    annas_change_made.set()
                    commit_now.wait(10)
                db.session.commit()
            finally:
                db.session.remove()

    first = threading.Thread(target=switch_off, args=("anna", True))
    first.start()
    assert annas_change_made.wait(10)
    second = threading.Thread(target=switch_off, args=("ben", False))
    second.start()
    first.join(10)
    second.join(10)
    assert outcome == {"anna": True, "ben": False}
    assert [e.action for e in entries()] == ["account.deactivate"]
