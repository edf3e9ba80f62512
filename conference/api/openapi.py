"""The OpenAPI 3.1 description of /api/v1. Kept beside the routes; a test checks that they match."""

from __future__ import annotations

from flask import current_app

from conference.form_filters import DB_ID_MAX

ERROR = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}
VALIDATION = {
    "type": "object",
    "properties": {"errors": {"type": "object",
                              "additionalProperties": {"type": "array", "items": {"type": "string"}}}},
    "required": ["errors"],
}
DT = {"type": ["string", "null"], "format": "date-time"}
DB_ID = {"type": "integer", "minimum": 1, "maximum": DB_ID_MAX}  # a database integer; larger ids are never found
BOOKING = {
    "type": "object",
    "properties": {
        "session_id": {"type": "integer"},
        "status": {"type": "string", "enum": ["booked", "waitlisted", "attended"]},
        "waitlist_position": {"type": ["integer", "null"], "minimum": 1},
    },
    "required": ["session_id", "status", "waitlist_position"],
}


def _json(schema, description):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def document() -> dict:
    id_param = {"name": "edition_id", "in": "path", "required": True, "schema": DB_ID}
    token_param = {"name": "manage_token", "in": "path", "required": True, "schema": {"type": "string"}}
    not_found = _json(_ref("Error"), "Not found")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{current_app.config['SITE_NAME']} API",
            "version": "1",
            "description": "Public, token-less and cookie-less JSON API. Lists are unpaginated and contain "
                           "published items only. Rate limited per client address (HTTP 429 with Retry-After).",
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/editions": {"get": {
                "operationId": "listEditions", "summary": "Published editions",
                "responses": {"200": _json({"type": "array", "items": _ref("Edition")}, "Editions")},
            }},
            "/editions/{edition_id}/sessions": {"get": {
                "operationId": "listSessions", "summary": "Published sessions of an edition",
                "parameters": [id_param],
                "responses": {"200": _json({"type": "array", "items": _ref("Session")}, "Sessions"),
                              "404": not_found},
            }},
            "/editions/{edition_id}/registrations": {"post": {
                "operationId": "createRegistration",
                "summary": "Register and book sessions (seats are held at once; FIFO waiting list when full)",
                "parameters": [id_param],
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("NewRegistration")}}},
                "responses": {
                    "201": _json(_ref("CreatedRegistration"), "Registered"),
                    "400": _json(_ref("Error"), "Malformed JSON"),
                    "404": not_found,
                    "409": _json(_ref("Error"),
                                 "Registration window closed, or the address already holds one of the sessions"),
                    "422": _json(_ref("ValidationErrors"), "Invalid input"),
                },
            }},
            "/registrations/{manage_token}": {
                "get": {"operationId": "getRegistration", "summary": "A registration by its manage token",
                        "parameters": [token_param],
                        "responses": {"200": _json(_ref("Registration"), "Registration"), "404": not_found}},
                "delete": {"operationId": "cancelRegistration",
                           "summary": "Cancel every booking; waiting lists are promoted",
                           "parameters": [token_param],
                           "responses": {"200": _json(_ref("Registration"), "Cancelled"), "404": not_found}},
            },
        },
        "components": {"schemas": {
            "Error": ERROR,
            "ValidationErrors": VALIDATION,
            "Edition": {"type": "object", "required": ["id", "number", "format", "title", "theme", "starts_at",
                                                        "ends_at", "status"],
                        "properties": {
                            "id": {"type": "integer"}, "number": {"type": "integer"},
                            "format": {"type": "string", "enum": ["council", "open_day"]},
                            "title": {"type": "string"}, "theme": {"type": "string"},
                            "starts_at": {"type": "string", "format": "date-time"},
                            "ends_at": {"type": "string", "format": "date-time"},
                            "status": {"type": "string"}}},
            "Session": {"type": "object",
                        "required": ["id", "title", "kind", "starts_at", "ends_at", "venue", "room", "capacity",
                                     "registration_required", "booked", "waitlisted"],
                        "properties": {
                            "id": {"type": "integer"}, "title": {"type": "string"}, "kind": {"type": "string"},
                            "starts_at": DT, "ends_at": DT, "venue": {"type": ["string", "null"]},
                            "room": {"type": ["string", "null"]},
                            "capacity": {"type": ["integer", "null"], "minimum": 0},
                            "registration_required": {"type": "boolean"},
                            "booked": {"type": "integer", "minimum": 0,
                                       "description": "Seats held, including unconfirmed registrations"},
                            "waitlisted": {"type": "integer", "minimum": 0}}},
            "NewRegistration": {"type": "object", "required": ["name", "email", "consent", "session_ids"],
                                "properties": {
                                    "name": {"type": "string", "maxLength": 200},
                                    "email": {"type": "string", "format": "email", "maxLength": 254},
                                    "consent": {"type": "boolean", "const": True},
                                    "session_ids": {"type": "array", "items": DB_ID, "minItems": 1},
                                    "organisation": {"type": "string", "maxLength": 200},
                                    "role": {"type": "string", "enum": ["", "teacher", "kita", "parent", "youth_work",
                                                                       "administration", "business", "student",
                                                                       "other"]},
                                    "accessibility_needs": {"type": "string", "maxLength": 2000},
                                    "accessibility_consent": {"type": "boolean"}}},
            "CreatedRegistration": {"type": "object", "required": ["registration_id", "manage_token", "bookings"],
                                    "properties": {"registration_id": {"type": "integer"},
                                                   "manage_token": {"type": "string"},
                                                   "bookings": {"type": "array", "items": BOOKING}}},
            "Registration": {"type": "object", "required": ["registration_id", "bookings"],
                             "properties": {"registration_id": {"type": "integer"},
                                            "bookings": {"type": "array", "items": BOOKING}}},
        }},
    }
