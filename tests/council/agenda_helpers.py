"""Builders for agenda items, recommendations and status reports (through the services, so the tests
start from states the application itself produces)."""

from __future__ import annotations

from datetime import date

from conference.council import agenda, follow_up, recommendations
from conference.council.models import Decision, FollowUpStatus

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_item(edition, title="Übergang Kita–Grundschule", **fields):
    return agenda.add_item(edition, title=title, number=fields.pop("number", agenda.suggested_number(edition)),
                           **fields)


def make_recommendation(item, title="Sprachförderung ausbauen", decision=Decision.ADOPTED,
                        decided_on: date | None = None, **fields):
    recommendation = recommendations.draft(item, title=title, text=fields.pop("text", "Die Konferenz empfiehlt …"),
                                           addressees=fields.pop("addressees", ["school_authority"]))
    if decision != Decision.PENDING:
        recommendations.decide(recommendation, decision, decided_on)
    return recommendation


def report(recommendation, status: FollowUpStatus, reported_on: date, text="Bericht", edition=None):
    return follow_up.add_report(recommendation, status=status, text=text, reported_on=reported_on, edition=edition)


def english(client) -> None:
    """Pages in English: the assertions read the messages as written in the code."""
    client.set_cookie("lang", "en")
