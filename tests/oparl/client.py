"""A generic OParl client for the tests: fetch by absolute URL, validate every object against the
OParl 1.1 JSON schemas in ``schemas/`` (see its README), and walk the API from the System object."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft7Validator, FormatChecker

SCHEMAS = Path(__file__).parent / "schemas"
OPARL = "https://schema.oparl.org/1.1/"
BASE = "http://localhost"
# The one required list the spec wants even when empty ("Bei obligatorischen Eigenschaften muss jedoch
# eine leere Liste ausgegeben werden").
REQUIRED_EMPTY = {("Body", "legislativeTerm")}

formats = FormatChecker()


@formats.checks("url")
def _is_url(value) -> bool:
    return not isinstance(value, str) or bool(re.fullmatch(r"https?://[^\s/]+(/\S*)?", value))


@formats.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    """RFC 3339 with an explicit offset, as OParl requires ("Datum mit Zeit mit Zeitzone")."""
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)", value):
        raise ValueError(value)
    return datetime.fromisoformat(value).tzinfo is not None


@formats.checks("date", raises=ValueError)
def _is_date(value) -> bool:
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            raise ValueError(value)
        date.fromisoformat(value)
    return True


@cache
def validator(type_name: str) -> Draft7Validator:
    schema = json.loads((SCHEMAS / f"{type_name}.json").read_text(encoding="utf-8"))
    return Draft7Validator(schema, format_checker=formats)


def type_name(obj: dict) -> str:
    assert obj["type"].startswith(OPARL), obj["type"]
    return obj["type"].removeprefix(OPARL)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == BASE, url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def get(client, url: str) -> dict:
    response = client.get(path_of(url))
    assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True))
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    return response.get_json()


def objects_in(value, *, top: bool = True):
    """Every OParl object in ``value`` (itself, embedded ones, list entries), with whether it is embedded."""
    if isinstance(value, dict):
        if "type" in value and str(value["type"]).startswith(OPARL):
            yield value, not top
            top = False
        for key, inner in value.items():
            if key != "type":
                yield from objects_in(inner, top=top)
    elif isinstance(value, list):
        for inner in value:
            yield from objects_in(inner, top=top)


def check_object(obj: dict) -> None:
    """The schema of its type, the four properties every object has, and no empty values anywhere."""
    name = type_name(obj)
    errors = sorted(validator(name).iter_errors(obj), key=str)
    assert not errors, (obj["id"], [e.message for e in errors])
    for key in ("id", "type", "created", "modified"):
        assert key in obj, (obj["id"], key)
    assert datetime.fromisoformat(obj["created"]) <= datetime.fromisoformat(obj["modified"]), obj["id"]
    for key, value in obj.items():
        if (name, key) in REQUIRED_EMPTY:
            continue
        assert value is not None and value != "" and value != [] and value != {}, (obj["id"], key)
        if isinstance(value, dict):
            for inner_key, inner in value.items():
                assert inner not in (None, "", [], {}), (obj["id"], key, inner_key)
    assert obj.get("deleted", True) is True, "deleted appears only as true"


def urls_in(value):
    """Every absolute URL of this API anywhere in ``value`` (properties, lists, links)."""
    if isinstance(value, str):
        if value.startswith(f"{BASE}/oparl/"):
            yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from urls_in(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from urls_in(inner)


class Walk:
    """Everything reachable from the System object by following URLs, like a generic client would."""

    def __init__(self, client, start: str = f"{BASE}/oparl/v1/system"):
        self.client = client
        self.documents: dict[str, dict] = {}
        self.objects: dict[str, list[dict]] = {}  # id → every copy seen (fetched and embedded)
        self.fetched: dict[str, dict] = {}
        pending = [start]
        while pending:
            url = pending.pop()
            if url in self.documents or url.endswith(("/access", "/download")):
                continue
            document = get(client, url)
            self.documents[url] = document
            if "data" in document:
                self._check_list(url, document)
            else:
                assert document["id"] == url, (url, document["id"])
                self.fetched[url] = document
            for obj, _embedded in objects_in(document):
                check_object(obj)
                self.objects.setdefault(obj["id"], []).append(obj)
            pending.extend(u for u in urls_in(document) if u not in self.documents)

    @staticmethod
    def _check_list(url: str, page: dict) -> None:
        assert set(page) == {"data", "pagination", "links"}, url
        pagination, links = page["pagination"], page["links"]
        assert links["self"] == url or path_of(links["self"]) == path_of(url), (url, links["self"])
        if pagination["currentPage"] < pagination["totalPages"]:
            assert "next" in links, url
        else:
            assert "next" not in links, url
        assert len(page["data"]) <= pagination["elementsPerPage"]

    def of_type(self, name: str) -> list[dict]:
        return [copies[0] for copies in self.objects.values() if type_name(copies[0]) == name]
