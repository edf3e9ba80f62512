"""schedule.json and schedule.xml, validated against the published c3voc schemas (tests/schemas)."""

import json
from pathlib import Path

import jsonschema
import pytest
import xmlschema

from tests.factories import make_open_day, make_session

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas" / "c3voc-schedule"


@pytest.fixture(scope="module")
def json_schema():
    return json.loads((SCHEMAS / "schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def xml_schema():
    return xmlschema.XMLSchema(str(SCHEMAS / "schedule.xml.xsd"))


@pytest.fixture
def edition(db):
    edition, (a, b) = make_open_day(capacity=3)
    a.title, a.topics, a.description = "Übergänge gestalten: Kita & Schule", ["transition"], "Mit Praxis."
    make_session(edition, title="Stand den ganzen Tag", registration_required=False, capacity=None)
    make_session(edition, title="Mitmachen!", kind="hands_on", slot=b.slot, room=a.room)
    db.session.commit()
    return edition


def test_schedule_json_is_valid(client, edition, json_schema):
    response = client.get(f"/editions/{edition.id}/schedule.json")
    assert response.status_code == 200
    data = response.get_json()
    jsonschema.Draft6Validator(json_schema, format_checker=jsonschema.FormatChecker()).validate(data)
    conference = data["schedule"]["conference"]
    assert conference["time_zone_name"] == "Europe/Berlin"
    events = [e for day in conference["days"] for room in day["rooms"].values() for e in room]
    assert len(events) == 3  # the all-day stand has no time slot
    first = next(e for e in events if e["title"].startswith("Übergänge"))
    assert first["date"] == "2099-05-09T11:00:00+02:00" and first["duration"] == "00:45"
    assert first["room"] == "Rathaus – Raum A"
    assert first["slug"].startswith("bildungskonferenz_")
    assert first["slug"].endswith("uebergaenge-gestalten-kita-schule")
    assert {e["type"] for e in events} == {"workshop", "hands-on"}


def test_schedule_xml_is_valid(client, edition, xml_schema):
    response = client.get(f"/editions/{edition.id}/schedule.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    xml_schema.validate(response.data)
    document = xml_schema.to_dict(response.data)
    rooms = document["day"][0]["room"]
    assert sum(len(r["event"]) for r in rooms) == 3


def test_guids_are_stable_between_exports(client, edition):
    first = client.get(f"/editions/{edition.id}/schedule.json").get_json()
    second = client.get(f"/editions/{edition.id}/schedule.json").get_json()
    assert first == second


def test_schedule_of_unknown_edition_is_404(client, db):
    assert client.get("/editions/999/schedule.json").status_code == 404
    assert client.get("/editions/999/schedule.xml").status_code == 404
