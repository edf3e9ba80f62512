"""German first, English second; the German catalogue covers every string in the code."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_DIR = ROOT / "conference" / "translations"


def extracted_msgids() -> set[str]:
    method_map = [("conference/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]
    ids = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT), method_map, keywords={"_": None, "gettext": None, "ngettext": (1, 2), "_l": None,
                                         "lazy_gettext": None}, options_map={"templates/**.html": {}},
        # Babel skips folders starting with "_" by default; templates/_macros holds strings too.
        directory_filter=lambda path: not Path(path).name.startswith("."),
    ):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return {i for i in ids if i}


def load(locale):
    with open(CATALOGUE_DIR / locale / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=locale)


def test_every_string_in_the_code_is_in_the_german_catalogue_and_translated():
    catalogue = load("de")
    missing = sorted(i for i in extracted_msgids() if i not in catalogue)
    assert not missing, f"run `make translations` and translate: {missing[:10]}"
    untranslated = [m.id for m in catalogue if m.id and (not m.string or m.fuzzy)]
    assert not untranslated, untranslated[:10]


def test_the_english_catalogue_knows_every_string():
    catalogue = load("en")
    missing = sorted(i for i in extracted_msgids() if i not in catalogue)
    assert not missing, missing[:10]


def test_german_is_the_default_whatever_the_browser_asks(client):
    response = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    html = response.get_data(as_text=True)
    assert '<html lang="de">' in html
    assert "Zum Inhalt springen" in html


def test_the_language_switch_sets_english_and_returns_to_the_page(client):
    response = client.get("/language/en?next=/impressum")
    assert response.status_code == 302
    assert response.headers["Location"] == "/impressum"
    html = client.get("/impressum").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Skip to content" in html
    assert "Information pursuant to" in html


def test_the_language_switch_ignores_unknown_languages_and_foreign_targets(client):
    response = client.get("/language/xx?next=https://evil.example/")
    assert response.headers["Location"] == "/"
    assert '<html lang="de">' in client.get("/").get_data(as_text=True)


def test_dates_are_shown_in_berlin_time_and_german_format(client, db):
    from datetime import date

    from tests.factories import make_edition

    edition = make_edition(day=date(2027, 5, 8))
    db.session.commit()
    assert "8. Mai 2027, 11:00–16:00" in client.get(f"/editions/{edition.id}").get_data(as_text=True)
