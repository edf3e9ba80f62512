"""A generic client walks the whole API from /oparl/v1/system, following every URL and every list's
``links.next``: every object it meets validates against the OParl 1.1 schema of its type, carries id,
type, created and modified, has no empty properties, and is served at its id exactly as it is embedded."""

from __future__ import annotations

from tests.oparl.client import BASE, Walk, get, type_name
from tests.oparl.data import build_council


def test_the_whole_api_is_walkable_and_valid(client, db):
    council = build_council()
    walk = Walk(client)

    # Every object type the council publishes was reached.
    found = {type_name(copies[0]) for copies in walk.objects.values()}
    assert found == {"System", "Body", "Organization", "Person", "Membership", "Meeting", "AgendaItem",
                     "Consultation", "Paper", "File", "Location"}
    # Every object's id resolves to that object, and an embedded copy equals the object at its id.
    for object_id, copies in walk.objects.items():
        fetched = walk.fetched.get(object_id) or get(client, object_id)
        assert fetched["id"] == object_id
        for copy in copies:
            assert copy == fetched, object_id
    # Every external list of the body was read to its end.
    body = walk.fetched[f"{BASE}/oparl/v1/body/1"]
    for prop in ("organization", "person", "meeting", "paper", "agendaItem", "consultation", "file",
                 "membership", "locationList", "legislativeTermList"):
        assert body[prop] in walk.documents, prop
    assert body["legislativeTerm"] == []
    # The counts match the fixture: 2 meetings (held and upcoming), 3 decided papers of the public item.
    assert {m["name"] for m in walk.of_type("Meeting")} == {"28. Regionale Bildungskonferenz: Übergänge gestalten",
                                                           "29. Regionale Bildungskonferenz"}
    assert sorted(p["reference"] for p in walk.of_type("Paper")) == ["BK 28/1", "BK 28/2", "BK 28/3"]
    assert len(walk.of_type("Person")) == 2
    assert council.held.id  # the fixture really was built


def test_the_walk_follows_next_through_small_pages(client, db):
    """With two objects per page every list has several pages; the walk gets all of them."""
    build_council()
    system = get(client, f"{BASE}/oparl/v1/system")
    body = get(client, get(client, system["body"])["data"][0]["id"])
    seen, url, pages = [], body["agendaItem"] + "?limit=2", 0
    while url:
        page = get(client, url)
        seen += [item["id"] for item in page["data"]]
        url, pages = page["links"].get("next"), pages + 1
    assert pages == 2 and len(seen) == len(set(seen)) == 3
