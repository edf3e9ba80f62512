"""Leichte Sprache (BITV NRW § 4): two German pages, linked from every page, in both interface languages."""

import re
from datetime import date

import pytest

from tests.factories import make_edition

PAGES = ["/leichte-sprache", "/leichte-sprache/anmelden"]


def content(html: str) -> str:
    """The page's own part (inside <main>), without the site's header and footer."""
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_the_pages_are_german_in_either_interface_language(client, db, path, lang):
    client.set_cookie("lang", lang)
    response = client.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert '<div class="easy-language" lang="de">' in html
    assert "css/easy-language.css" in html
    assert "Bildungs·konferenz" in content(html) or "Warte·liste" in content(html)  # Mediopunkt in compounds


def test_the_overview_names_the_configured_office_and_address(client, db, app):
    app.config.update(OFFICE_NAME="Bildungsbüro Nord", CONTACT_EMAIL="nord@example.org", CITY_NAME="Beispielstadt")
    html = content(client.get("/leichte-sprache").get_data(as_text=True))
    assert "Wir sind: Bildungsbüro Nord" in html
    assert 'href="mailto:nord@example.org"' in html
    assert "Stadt Beispielstadt" in html
    for topic in ("Tag der Bildung", "Umfrage", "Einladung", "Barriere·freiheit", "Gebärden·sprache"):
        assert topic in html
    assert 'href="/leichte-sprache/anmelden"' in html
    assert 'href="/barrierefreiheit#dgs"' in html


def test_the_next_open_day_is_named_with_its_day_and_hours(client, db):
    edition = make_edition(number=40, day=date(2027, 5, 8), title="40. Tag der Bildung")
    db.session.commit()
    client.set_cookie("lang", "en")  # the date is German all the same
    html = content(client.get("/leichte-sprache").get_data(as_text=True))
    assert "Der nächste Tag der Bildung ist am Samstag, 8. Mai 2027." in html
    assert "Er beginnt um 11 Uhr." in html and "Er endet um 16 Uhr." in html
    assert f'href="/editions/{edition.id}/program"' in html


def test_without_an_open_day_the_page_says_the_day_is_not_fixed(client, db):
    html = content(client.get("/leichte-sprache").get_data(as_text=True))
    assert "steht noch nicht fest" in html


def test_the_registration_help_states_the_real_deadline_and_buttons(client, db, app):
    app.config["REGISTRATION_CONFIRM_HOURS"] = 48
    make_edition(number=41, day=date(2099, 5, 9), special_retention_months=2)
    db.session.commit()
    html = content(client.get("/leichte-sprache/anmelden").get_data(as_text=True))
    assert "in den nächsten 48 Stunden" in html and "48 Stunden sind 2 Tage." in html
    assert "2 Monate nach dem Tag der Bildung" in html
    # The German labels the steps quote are the ones the pages show.
    for label in ("„Programm“", "„Für dieses Angebot anmelden“", "„Anmelden“", "„Meine Anmeldung“",
                  "„Meine Anmeldung stornieren“", "„Auf die Warteliste“", "„ausgebucht – Warteliste“",
                  "„Bedarfe zur Barrierefreiheit“", "„1. Wahl“"):
        assert label in html, label
    assert [int(n) for n in re.findall(r"Schritt (\d):", html)] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("path", ["/", "/impressum", "/barrierefreiheit", "/login", "/does-not-exist"])
def test_every_page_links_to_both_pages(client, db, path, lang):
    client.set_cookie("lang", lang)
    page = client.get(path).get_data(as_text=True)
    html = page.split("<header", 1)[1].split("</header>", 1)[0] + page.split("<footer", 1)[1]  # the site's frame
    labels = re.findall(r'<a [^>]*href="/leichte-sprache"[^>]*>(?:<svg [^>]*aria-hidden="true".*?</svg>)?([^<]*)</a>',
                        html)
    assert len(labels) == 2, labels  # in the header (with its icon) and in the footer
    # "Leichte Sprache" in German ("(Easy German)" added in English), so that people recognise it.
    assert all(label.startswith("Leichte Sprache") for label in labels), labels
    if lang == "en":
        assert labels == ["Leichte Sprache (Easy German)"] * 2
    assert 'href="/leichte-sprache/anmelden"' in html
    assert 'href="/barrierefreiheit#dgs"' in html
