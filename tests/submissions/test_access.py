"""Who sees what in the call for offers, route by route (read from the URL map, so new routes are covered)."""

import re

import pytest

from conference import create_app

ORGANISER_ONLY = ("submissions_manage", "partners_manage")


def routes(blueprints, method="GET"):
    app = create_app("test")
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.partition(".")[0] in blueprints and method in rule.methods:
            path = re.sub(r"<int:[^>]+>", "1", re.sub(r"<(?!int:)[^>]+>", "accepted", rule.rule))
            found.append(pytest.param(path, id=f"{method} {rule.rule}"))
    return found


@pytest.mark.parametrize("path", routes(ORGANISER_ONLY) + routes(ORGANISER_ONLY, "POST"))
@pytest.mark.parametrize("role", ["analyst", "reviewer"])
def test_offers_partner_accounts_and_exports_are_for_organisers(client, login_as, path, role):
    login_as(role)
    method = "POST" if any(path.endswith(s) for s in ("/approve", "/reject", "/decide", "/assign", "/remove",
                                                        "/distribute", "/delete", "/criteria")) else "GET"
    assert client.open(path, method=method).status_code == 403


@pytest.mark.parametrize("path", routes(("reviews",)))
@pytest.mark.parametrize("role", ["analyst", "organiser"])
def test_the_review_pages_are_for_reviewers(client, login_as, path, role):
    login_as(role)
    assert client.get(path).status_code == 403


def test_the_lists_of_routes_are_not_empty():
    assert len(routes(ORGANISER_ONLY)) >= 8 and len(routes(ORGANISER_ONLY, "POST")) >= 8
    assert len(routes(("reviews",))) == 3 and len(routes(("submissions",))) >= 4


@pytest.mark.parametrize("path", routes(("submissions",)))
def test_the_partner_offer_pages_refuse_staff(client, login_as, path):
    login_as("organiser")
    assert client.get(path).status_code == 403
