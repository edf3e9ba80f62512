"""What the OParl API publishes and hides, and how the council maps onto OParl objects."""

from __future__ import annotations

import json

import pytest

from conference.council.models import MembershipRole
from tests.oparl.client import BASE, Walk, get
from tests.oparl.data import build_council


def everything(walk: Walk) -> str:
    return json.dumps(list(walk.documents.values()), ensure_ascii=False)


def test_people_without_consent_appear_nowhere(client, db):
    council = build_council()
    walk = Walk(client)
    text = everything(walk)
    hidden = [council.refusing, *(m.person for m in council.former.memberships[0].seat.memberships
                                   if m.person.publication_consent_at is None)]
    for person in hidden:
        assert f"/person/{person.id}\"" not in text
        assert person.family_name not in text and person.given_name not in text
        for membership in person.memberships:
            assert f"/membership/{membership.id}\"" not in text
        assert client.get(f"/oparl/v1/person/{person.id}").status_code == 404
        for membership in person.memberships:
            assert client.get(f"/oparl/v1/membership/{membership.id}").status_code == 404
    # The deputy without consent attended the held meeting, but only the consenting member is a participant.
    held = get(client, f"{BASE}/oparl/v1/meeting/{council.held.id}")
    assert held["participant"] == [f"{BASE}/oparl/v1/person/{council.consenting.id}"]
    # Nobody's e-mail address is published, not even with consent.
    assert "@example.org\"" not in text.replace("bildungsbuero@example.org\"", "")
    assert all("email" not in p for p in walk.of_type("Person"))


def test_consent_withdrawn_hides_the_person_and_their_memberships(client, db):
    council = build_council()
    person_url = f"/oparl/v1/person/{council.consenting.id}"
    assert client.get(person_url).status_code == 200
    council.consenting.publication_consent_at = None
    db.session.commit()
    assert client.get(person_url).status_code == 404
    membership_id = council.consenting.memberships[0].id
    assert client.get(f"/oparl/v1/membership/{membership_id}").status_code == 404
    assert f"/person/{council.consenting.id}\"" not in everything(Walk(client))


def test_non_public_and_draft_things_appear_nowhere(client, db):
    council = build_council()
    text = everything(Walk(client))
    for secret in ("Personalangelegenheiten", "Vertraulich", "Interner Vermerk", "BK 28/4", "BK 28/5", "BK 30/1",
                   "Entwurf", "Tag der Bildung", "Partner ohne Sitz", "Sabine Spontan"):
        assert secret not in text, secret
    not_found = [
        f"/oparl/v1/meeting/{council.draft.id}", f"/oparl/v1/meeting/{council.open_day.id}",
        f"/oparl/v1/agenda-item/{council.items['closed'].id}", f"/oparl/v1/agenda-item/{council.items['draft'].id}",
        f"/oparl/v1/agenda-item/{council.items['open_day'].id}",
        f"/oparl/v1/paper/{council.papers['pending'].id}", f"/oparl/v1/paper/{council.papers['closed'].id}",
        f"/oparl/v1/paper/{council.papers['draft'].id}", f"/oparl/v1/consultation/{council.papers['closed'].id}",
        *(f"/oparl/v1/file/{council.documents[k].id}{suffix}" for k in ("internal", "closed", "draft")
          for suffix in ("", "/access", "/download")),
        "/oparl/v1/organization/0", "/oparl/v1/organization/3", "/oparl/v1/body/2", "/oparl/v1/body/2/meetings",
        "/oparl/v1/person/999999", "/oparl/v1/location/999999",
    ]
    for path in not_found:
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.headers["Content-Type"] == "application/json; charset=utf-8", path
        assert response.headers["Access-Control-Allow-Origin"] == "*", path
        assert response.get_json()["error"], path


def test_a_draft_edition_becomes_visible_once_published(client, db):
    council = build_council()
    council.draft.publish()
    db.session.commit()
    meeting = get(client, f"{BASE}/oparl/v1/meeting/{council.draft.id}")
    assert meeting["meetingState"] == "terminiert"
    assert [i["name"] for i in meeting["agendaItem"]] == ["Entwurf"]


def test_memberships_map_seats_roles_and_institutions(client, db):
    council = build_council()
    person = get(client, f"{BASE}/oparl/v1/person/{council.consenting.id}")
    assert person["name"] == "Dr. Erika Beispiel"
    assert (person["familyName"], person["givenName"], person["title"]) == ("Beispiel", "Erika", ["Dr."])
    [membership] = person["membership"]
    school = council.consenting.memberships[0].seat.organisation
    assert membership["role"] == "Mitglied" and membership["votingRight"] is True
    assert membership["organization"] == f"{BASE}/oparl/v1/organization/council"
    assert membership["onBehalfOf"] == f"{BASE}/oparl/v1/organization/{school.id}"
    assert membership["startDate"] == "2024-01-01" and "endDate" not in membership
    assert membership["bildungskonferenz:seat"] == {"label": "Grundschulen (1)", "group": "Schulen"}
    former = get(client, f"{BASE}/oparl/v1/person/{council.former.id}")["membership"][0]
    assert (former["startDate"], former["endDate"]) == ("2022-01-01", "2025-06-30")

    institution = get(client, membership["onBehalfOf"])
    assert (institution["name"], institution["organizationType"]) == ("Grundschule Lindenweg", "Institution")
    assert institution["website"] == "https://gs-lindenweg.example.org"
    body_council = get(client, f"{BASE}/oparl/v1/organization/council")
    assert (body_council["organizationType"], body_council["classification"]) == ("Gremium", "Beirat")
    assert membership["id"] in body_council["membership"]


@pytest.mark.parametrize("role, label, voting", [(MembershipRole.MEMBER, "Mitglied", True),
                                                 (MembershipRole.DEPUTY, "Stellvertretung", False)])
def test_a_deputy_has_no_voting_right(client, db, role, label, voting):
    council = build_council()
    membership = council.consenting.memberships[0]
    membership.role = role
    db.session.commit()
    published = get(client, f"{BASE}/oparl/v1/membership/{membership.id}")
    assert (published["role"], published["votingRight"]) == (label, voting)


def test_agenda_items_carry_result_resolution_text_and_public_files(client, db):
    council = build_council()
    item = get(client, f"{BASE}/oparl/v1/agenda-item/{council.items['public'].id}")
    assert item["result"] == "Empfehlung beschlossen; Empfehlung nicht beschlossen; Empfehlung vertagt"
    assert item["resolutionText"] == "BK 28/1: Empfehlung BK 28/1\n\nText der Empfehlung BK 28/1."
    assert item["public"] is True and item["order"] == 1 and item["number"] == "TOP 1"
    assert [f["name"] for f in item["auxiliaryFile"]] == ["Leitfaden"]
    # The non-public item between them does not count: "Verschiedenes" is the second public item.
    assert get(client, f"{BASE}/oparl/v1/agenda-item/{council.items['second'].id}")["order"] == 2
    follow_up = get(client, f"{BASE}/oparl/v1/agenda-item/{council.items['follow_up'].id}")
    assert follow_up["bildungskonferenz:followUpOf"] == f"{BASE}/oparl/v1/paper/{council.papers['adopted'].id}"


def test_meetings_have_state_location_and_organization(client, db):
    council = build_council()
    held = get(client, f"{BASE}/oparl/v1/meeting/{council.held.id}")
    upcoming = get(client, f"{BASE}/oparl/v1/meeting/{council.upcoming.id}")
    assert (held["meetingState"], upcoming["meetingState"]) == ("durchgeführt", "eingeladen")
    assert held["start"] == "2026-10-14T15:00:00+02:00" and upcoming["end"] == "2027-03-10T18:00:00+01:00"
    assert held["location"]["room"] == "Ratssaal"
    assert held["organization"] == [f"{BASE}/oparl/v1/organization/council"]
    assert "cancelled" not in held and "participant" not in upcoming


def test_papers_carry_decision_consultation_and_the_follow_up_extension(client, db):
    council = build_council()
    adopted = get(client, f"{BASE}/oparl/v1/paper/{council.papers['adopted'].id}")
    assert (adopted["paperType"], adopted["reference"], adopted["date"]) == ("Empfehlung", "BK 28/1", "2026-10-14")
    [consultation] = adopted["consultation"]
    assert consultation["agendaItem"] == f"{BASE}/oparl/v1/agenda-item/{council.items['public'].id}"
    assert consultation["meeting"] == f"{BASE}/oparl/v1/meeting/{council.held.id}"
    assert adopted["bildungskonferenz:decision"]["code"] == "adopted"
    assert [a["code"] for a in adopted["bildungskonferenz:addressees"]] == ["school_authority", "kita_providers"]
    follow_up = adopted["bildungskonferenz:followUp"]
    assert (follow_up["status"], follow_up["label"], follow_up["final"]) == ("implemented", "umgesetzt", True)
    assert follow_up["adoptedOn"] == "2026-10-14"
    assert [(r["date"], r["status"]) for r in follow_up["reports"]] == [("2027-01-15", "in_progress"),
                                                                      ("2027-02-20", "implemented")]
    # The second report was given at the draft edition, which is not published: no meeting link.
    assert all("meeting" not in r for r in follow_up["reports"])

    deferred = get(client, f"{BASE}/oparl/v1/paper/{council.papers['deferred'].id}")
    assert deferred["date"] == "2026-10-14"  # not decided on a day: the meeting's
    assert deferred["consultation"][0]["authoritative"] is False
    assert "bildungskonferenz:followUp" not in deferred
    rejected = get(client, f"{BASE}/oparl/v1/paper/{council.papers['rejected'].id}")
    assert rejected["bildungskonferenz:decision"] == {"code": "not_adopted", "label": "nicht beschlossen"}


def test_an_adopted_recommendation_without_reports_is_open(client, db):
    council = build_council()
    council.papers["adopted"].follow_ups.clear()
    db.session.commit()
    paper = get(client, f"{BASE}/oparl/v1/paper/{council.papers['adopted'].id}")
    assert paper["bildungskonferenz:followUp"] == {"status": "open", "label": "offen", "final": False,
                                                   "adoptedOn": "2026-10-14"}
