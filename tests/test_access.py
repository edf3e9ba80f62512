"""Every route under /manage and /partner is protected. The walk reads app.url_map, so a new route
is covered the moment it is registered."""

import pytest
from werkzeug.routing import IntegerConverter

from conference import create_app

PROTECTED_PREFIXES = ("/manage", "/partner")


def protected_routes():
    app = create_app("test")
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PROTECTED_PREFIXES):
            continue
        values = {arg: 1 if isinstance(rule._converters[arg], IntegerConverter) else "x" for arg in rule.arguments}
        path = rule.rule
        for arg, value in values.items():
            path = path.replace(f"<int:{arg}>", str(value)).replace(f"<{arg}>", str(value))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append(pytest.param(method, path, id=f"{method} {rule.rule}"))
    return routes


ROUTES = protected_routes()


def test_the_walk_finds_the_protected_areas():
    paths = {p.values[1] for p in ROUTES}
    assert "/manage/" in paths and "/partner/" in paths
    assert len(ROUTES) > 20


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_users_are_sent_to_login(client, method, path):
    response = client.open(path, method=method)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize(("method", "path"), [r for r in ROUTES if r.values[1].startswith("/manage")])
def test_partner_accounts_cannot_enter_the_staff_area(client, login_as, method, path):
    login_as("provider")
    assert client.open(path, method=method).status_code == 403


@pytest.mark.parametrize(("method", "path"), [r for r in ROUTES if r.values[1].startswith("/partner")])
def test_staff_cannot_enter_the_partner_area(client, login_as, method, path):
    login_as("analyst")
    assert client.open(path, method=method).status_code == 403


def post_views(app):
    return {rule.rule: app.view_functions[rule.endpoint] for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/manage") and "POST" in rule.methods}


def test_every_staff_post_declares_its_roles(app):
    """Changes in the staff area name who may make them (roles_required), route by route."""
    undeclared = [path for path, view in post_views(app).items() if not hasattr(view, "required_roles")]
    assert undeclared == []


@pytest.mark.parametrize(("method", "path"), [r for r in ROUTES if r.values[0] == "POST"
                                              and r.values[1].startswith("/manage")])
@pytest.mark.parametrize("role", ["analyst", "reviewer"])
def test_analysts_and_reviewers_change_only_what_their_role_allows(app, client, login_as, method, path, role):
    login_as(role)
    rule = next(r for r in app.url_map.iter_rules() if _fill(r.rule) == path and method in r.methods)
    allowed = app.view_functions[rule.endpoint].required_roles
    status = client.open(path, method=method).status_code
    if role in allowed:
        assert status != 403
    else:
        assert status == 403


def _fill(rule: str) -> str:
    import re

    return re.sub(r"<int:[^>]+>", "1", re.sub(r"<(?!int:)[^>]+>", "x", rule))


def test_admins_pass_every_role_check(client, login_as):
    login_as("admin")
    assert client.get("/manage/editions/new").status_code == 200
    assert client.get("/partner/").status_code == 200


def test_login_redirect_keeps_the_target_and_refuses_other_hosts(client, login_as, db):
    from tests.factories import make_user

    make_user("organiser", email="o@example.org")
    db.session.commit()
    response = client.post("/login", data={"email": "o@example.org", "password": "secret",
                                           "next": "/manage/editions/"})
    assert response.headers["Location"] == "/manage/editions/"
    client.post("/logout")
    response = client.post("/login", data={"email": "o@example.org", "password": "secret",
                                           "next": "https://evil.example/"})
    assert response.headers["Location"] == "/manage/"


# Pages every staff role may open (no roles_required of their own). Analysts see aggregates only and reviewers
# their reviews, so none of these may show a visitor's, member's or contact's name: a new page open to all staff
# must be added here after checking that, or narrowed with roles_required.
OPEN_TO_ALL_STAFF = {
    "manage.dashboard", "editions_manage.index", "editions_manage.show", "schedule.grid",
    "program_manage.sessions", "program_manage.session_detail", "program_manage.walk_ins",
}


def test_the_staff_pages_open_to_every_role_are_the_reviewed_ones(app):
    open_pages = {rule.endpoint for rule in app.url_map.iter_rules()
                  if rule.rule.startswith("/manage") and "GET" in rule.methods
                  and not hasattr(app.view_functions[rule.endpoint], "required_roles")}
    assert open_pages == OPEN_TO_ALL_STAFF


@pytest.fixture
def booked_offer(db):
    """An offer made from a submission with a co-presenter, one visitor booked, and an override with a reason."""
    from conference.registration import services as registrations
    from tests.factories import make_call, make_offer, make_open_day, make_provider

    edition, (session, _) = make_open_day(capacity=1)
    make_call(edition)
    offer = make_offer(edition, make_provider(), co_presenters=[("Paula Partner", "paula@example.org")])
    session.submission = offer
    registrations.register(edition, registrations.Visitor("Erika Musterfrau", "erika@example.org"), [session.id],
                           privacy_notice_version="v")
    db.session.commit()
    return f"/manage/editions/{edition.id}/sessions/{session.id}"


@pytest.mark.parametrize(("role", "sees_names"), [("admin", True), ("organiser", True), ("analyst", False),
                                                  ("reviewer", False)])
def test_only_organisers_see_who_booked_an_offer(client, login_as, booked_offer, role, sees_names):
    login_as(role)
    response = client.get(booked_offer)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 booked of 1" in page or "1 von 1 gebucht" in page
    for personal in ("Erika Musterfrau", "Paula Partner", "paula@example.org"):
        assert (personal in page) is sees_names, personal
    assert "erika@example.org" not in page
