"""Schemathesis against /api/v1/openapi.json, in process through WSGI, on both database backends.

Every operation of the document gets ``FUZZ_EXAMPLES`` generated requests (schema-valid and schema-invalid
ones). Most path parameters and session ids are then pointed at a seeded edition, its sessions and real manage
tokens, so that the requests reach the services rather than stopping at a 404."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from conference import create_app
from conference.api.openapi import document
from conference.editions.models import EditionFormat, EditionStatus
from conference.registration import services
from tests.factories import make_edition, make_open_day, make_session

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
# Not positive_data_acceptance: a schema-valid registration may still be refused with a 422 for rules a schema
# cannot state (session ids of another edition, overlapping slots, accessibility needs without consent).
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]


def operation_labels() -> list[str]:
    with create_app("test").app_context():
        paths = document()["paths"]
    return [f"{method.upper()} {path}" for path, operations in paths.items() for method in operations]


@dataclass
class Seed:
    """What the requests are steered to: an open day, its sessions and manage tokens of registrations."""

    edition_id: int
    session_ids: list[int]
    tokens: list[str]


def steer(case, data, seed: Seed) -> None:
    """Point path parameters and session ids of ``case`` at the seeded data, each one three times in four.

    The containers are replaced, not changed in place, so that Schemathesis checks the case again: a
    schema-invalid case whose invalid part was replaced counts as a valid one."""

    def often(label: str) -> bool:
        return data.draw(st.integers(0, 3), label=label) > 0

    path = dict(case.path_parameters or {})
    if "edition_id" in path and often("real edition"):
        path["edition_id"] = seed.edition_id
    if "manage_token" in path and often("real token"):
        path["manage_token"] = data.draw(st.sampled_from(seed.tokens), label="token")
    if path != (case.path_parameters or {}):
        case.path_parameters = path
    if isinstance(case.body, dict) and "session_ids" in case.body and often("real ids"):
        ids = data.draw(st.lists(st.sampled_from(seed.session_ids), min_size=1, max_size=3, unique=True),
                        label="session ids")
        case.body = {**case.body, "session_ids": ids}


@pytest.fixture
def seeded_api(app, db) -> tuple[object, Seed]:
    """The schema loaded from the app, with an open day (bookable sessions, two registrations), a published
    council and a draft edition in the database."""
    edition, sessions = make_open_day(capacity=3, n_sessions=4)
    sessions.append(make_session(edition, capacity=None, registration_required=False))
    make_edition(format=EditionFormat.COUNCIL, status=EditionStatus.PUBLISHED)
    make_edition(status=EditionStatus.DRAFT)
    tokens = [services.register(edition, services.Visitor(name=f"Gast {n}", email=f"gast{n}@example.org"),
                                [sessions[n].id], privacy_notice_version="2026-11").manage_token for n in range(2)]
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return schema, Seed(edition.id, [s.id for s in sessions], tokens)


@pytest.mark.parametrize("label", operation_labels())
def test_operation_never_fails_and_keeps_its_contract(seeded_api, label):
    schema, seed = seeded_api
    method, path = label.split(" ", 1)
    operation = schema[path][method]
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))
    statuses = Counter()

    @given(case=cases, data=st.data())
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def run(case, data):
        steer(case, data, seed)
        statuses[case.call_and_validate(checks=CHECKS).status_code] += 1

    run()
    # The steering works: the requests got past the lookup of the edition or registration.
    assert set(statuses) - {404}, statuses


def test_valid_requests_get_the_documented_answers(seeded_api):
    """One valid request per operation, through the same checks: the successful answers conform too."""
    schema, seed = seeded_api
    new = {"name": "Frida Gast", "email": "frida@example.org", "consent": True, "session_ids": seed.session_ids[:2],
           "organisation": "Grundschule Nord", "role": "teacher"}
    edition = {"edition_id": seed.edition_id}
    created = schema["/editions/{edition_id}/registrations"]["POST"].Case(path_parameters=edition, body=new)
    assert created.call_and_validate(checks=CHECKS).status_code == 201
    calls = [("/editions", "GET", {}), ("/editions/{edition_id}/sessions", "GET", edition),
             ("/registrations/{manage_token}", "GET", {"manage_token": seed.tokens[0]}),
             ("/registrations/{manage_token}", "DELETE", {"manage_token": seed.tokens[0]})]
    for path, method, parameters in calls:
        case = schema[path][method].Case(path_parameters=parameters)
        assert case.call_and_validate(checks=CHECKS).status_code == 200, (method, path)
