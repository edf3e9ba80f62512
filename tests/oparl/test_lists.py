"""External lists: paging, the created/modified filters carried into every link, bad input as JSON 400,
CORS and content type on every response, GET only, and a fixed number of queries per page."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.oparl.client import BASE, get, path_of
from tests.oparl.data import add_meetings, build_council

LISTS = ("organizations", "people", "memberships", "meetings", "agenda-items", "consultations", "papers", "files",
         "locations", "legislative-terms")


def list_url(name: str, query: str = "") -> str:
    return f"{BASE}/oparl/v1/body/1/{name}" + (f"?{query}" if query else "")


def test_pages_link_to_each_other_and_next_is_absent_on_the_last(client, db):
    add_meetings(5)
    first = get(client, list_url("meetings", "limit=2"))
    assert first["pagination"] == {"totalElements": 5, "elementsPerPage": 2, "currentPage": 1, "totalPages": 3}
    assert "prev" not in first["links"]
    second = get(client, first["links"]["next"])
    assert second["pagination"]["currentPage"] == 2
    assert path_of(second["links"]["prev"]) == path_of(first["links"]["self"])
    last = get(client, second["links"]["next"])
    assert "next" not in last["links"] and last["links"]["self"] == first["links"]["last"]
    ids = [m["id"] for page in (first, second, last) for m in page["data"]]
    assert ids == sorted(ids, key=lambda url: int(url.rsplit("/", 1)[1])) and len(set(ids)) == 5
    assert client.get(path_of(list_url("meetings", "limit=2&page=4"))).status_code == 404


def test_limit_is_bounded(client, db):
    add_meetings(3)
    assert get(client, list_url("meetings"))["pagination"]["elementsPerPage"] == 20
    assert get(client, list_url("meetings", "limit=5000"))["pagination"]["elementsPerPage"] == 100


def test_filters_are_carried_into_every_link(client, db):
    add_meetings(5)
    since = "2000-01-01T00:00:00+01:00"
    page = get(client, list_url("meetings", f"created_since={since.replace('+', '%2B')}&limit=2&omit_internal=true"))
    for name in ("first", "self", "next", "last"):
        query = parse_qs(urlsplit(page["links"][name]).query)
        assert query["created_since"] == [since], name
        assert query["limit"] == ["2"] and query["omit_internal"] == ["true"], name


def _set_stamps(row, created=None, modified=None):
    if created:
        row.created_at = created
    row.updated_at = modified or row.updated_at


def test_modified_since_finds_what_changed_including_embedded_objects(client, db):
    council = build_council()
    later = datetime(2030, 1, 1, tzinfo=UTC)
    _set_stamps(council.documents["public"], modified=later)
    db.session.commit()
    query = "modified_since=2029-12-31T23:00:00%2B00:00"
    assert [m["id"] for m in get(client, list_url("meetings", query))["data"]] == [
        f"{BASE}/oparl/v1/meeting/{council.held.id}"]
    assert [i["id"] for i in get(client, list_url("agenda-items", query))["data"]] == [
        f"{BASE}/oparl/v1/agenda-item/{council.items['public'].id}"]
    assert [f["id"] for f in get(client, list_url("files", query))["data"]] == [
        f"{BASE}/oparl/v1/file/{council.documents['public'].id}"]
    assert get(client, list_url("papers", query))["data"] == []
    meeting = get(client, f"{BASE}/oparl/v1/meeting/{council.held.id}")
    assert meeting["modified"] == "2030-01-01T01:00:00+01:00"
    assert get(client, list_url("meetings", "modified_until=2029-12-31T23:00:00Z"))["pagination"]["totalElements"] == 1


def test_created_filters_bound_both_ways(client, db):
    council = build_council()
    old = council.papers["rejected"]
    _set_stamps(old, created=datetime(2019, 5, 1, tzinfo=UTC), modified=datetime(2019, 5, 1, tzinfo=UTC))
    db.session.commit()
    before = get(client, list_url("papers", "created_until=2020-01-01T00:00:00%2B01:00"))["data"]
    assert [p["reference"] for p in before] == ["BK 28/2"]
    after = get(client, list_url("papers", "created_since=2020-01-01T00:00:00%2B01:00"))["data"]
    assert sorted(p["reference"] for p in after) == ["BK 28/1", "BK 28/3"]
    # A "+" the client forgot to encode arrives as a space; it is still understood.
    unencoded = get(client, list_url("papers", "created_since=2020-01-01T00:00:00+01:00"))["data"]
    assert len(unencoded) == 2


@pytest.mark.parametrize("query", [
    "created_since=yesterday", "modified_since=2026-01-01", "created_until=2026-01-01T00:00:00",
    "modified_until=2026-13-01T00:00:00%2B01:00", "page=0", "page=abc", "page=-1", "limit=0", "limit=x",
    "omit_internal=maybe", "page=99999999999999999999",
])
def test_bad_parameters_are_a_json_400(client, db, query):
    response = client.get(path_of(list_url("papers", query)))
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.get_json()["message"]


def test_omit_internal_leaves_out_the_lists_that_have_their_own_list(client, db):
    council = build_council()
    person = get(client, list_url("people", "omit_internal=true"))["data"][0]
    assert "membership" not in person
    meeting = next(m for m in get(client, list_url("meetings", "omit_internal=true"))["data"]
                   if m["id"].endswith(f"/meeting/{council.held.id}"))
    assert meeting["agendaItem"] and all("auxiliaryFile" not in i for i in meeting["agendaItem"])


@pytest.mark.parametrize("path", [
    "/oparl/v1/system", "/oparl/v1/bodies", "/oparl/v1/body/1", *(f"/oparl/v1/body/1/{name}" for name in LISTS),
    "/oparl/v1/organization/council", "/oparl/v1/nothing-here", "/oparl/v1/person/424242",
])
def test_every_response_is_json_with_cors(client, db, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.get_json() is not None


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_only_get(client, db, method):
    response = getattr(client, method)("/oparl/v1/system")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"


@pytest.mark.parametrize("name", LISTS)
def test_a_page_costs_the_same_number_of_queries_whatever_its_size(client, db, count_queries, name):
    build_council()
    add_meetings(2)
    with count_queries() as small:
        few = get(client, list_url(name))
    add_meetings(30, start=datetime(2022, 1, 1).date())
    with count_queries() as large:
        many = get(client, list_url(name))
    if name not in ("organizations", "legislative-terms"):
        assert len(many["data"]) > len(few["data"]) or len(many["data"]) == 20
    assert large.count == small.count, (small.statements, large.statements)
