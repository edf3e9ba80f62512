"""The public pages: adopted recommendations (searchable, filtered, paginated), one recommendation with
its reports, public documents, and the council edition's page with agenda, minutes and results."""

from datetime import date

import pytest
from sqlalchemy import select

from conference.council import agenda, documents, follow_up
from conference.council.models import Decision, FollowUpStatus, Recommendation
from conference.council.publication import PAGE_SIZE
from conference.editions.models import EditionStatus
from tests.council.agenda_helpers import english, make_item, make_recommendation, report
from tests.council.test_agenda import _file
from tests.factories import make_council

SPRING, AUTUMN = date(2024, 3, 13), date(2024, 9, 11)


@pytest.fixture(autouse=True)
def _english(client):
    english(client)


def held(number, day, status=EditionStatus.HELD):
    return make_council(number=number, day=day, status=status, title=f"{number}. Regionale Bildungskonferenz")


def listing(client, query=""):
    response = client.get(f"/recommendations/{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_only_adopted_recommendations_of_public_items_and_editions_are_listed(client, db):
    spring = held(28, SPRING)
    public, secret = make_item(spring, title="Öffentlich"), make_item(spring, title="Intern", is_public=False)
    make_recommendation(public, title="Angenommen")
    make_recommendation(public, title="Abgelehnt", decision=Decision.NOT_ADOPTED)
    make_recommendation(public, title="Vertagt", decision=Decision.DEFERRED)
    make_recommendation(public, title="Entwurf", decision=Decision.PENDING)
    make_recommendation(secret, title="Vertraulich")
    draft_edition = held(29, AUTUMN, status=EditionStatus.DRAFT)
    hidden = make_recommendation(make_item(draft_edition), title="Unveröffentlicht")
    db.session.commit()
    page = listing(client)
    assert "BK 28/1: Angenommen" in page
    for title in ("Abgelehnt", "Vertagt", "Entwurf", "Vertraulich", "Unveröffentlicht"):
        assert title not in page
    assert "1 adopted recommendation." in page
    assert client.get(f"/recommendations/{hidden.id}").status_code == 404
    for rec_title in ("Abgelehnt", "Vertraulich"):
        rec = db.session.scalar(select(Recommendation).where(Recommendation.title == rec_title))
        assert client.get(f"/recommendations/{rec.id}").status_code == 404


def test_the_list_runs_by_edition_newest_first_with_status_and_age(client, db):
    spring, autumn = held(28, SPRING), held(29, AUTUMN)
    old = make_recommendation(make_item(spring), title="Älter")
    report(old, FollowUpStatus.IMPLEMENTED, date(2024, 12, 1))
    make_recommendation(make_item(autumn), title="Neuer")
    db.session.commit()
    page = listing(client)
    assert page.index("29. Regionale Bildungskonferenz") < page.index("28. Regionale Bildungskonferenz")
    assert page.index("Neuer") < page.index("Älter")
    assert "traffic-light--green" in page and "Implemented" in page
    assert "traffic-light--red" in page and "Open" in page
    assert "months" in page and "ago" in page


def test_search_finds_title_text_and_reference_whatever_the_case(client, db):
    spring = held(28, SPRING)
    item = make_item(spring)
    make_recommendation(item, title="Sprachförderung in Kitas", text="Mehr Fachkräfte")
    make_recommendation(item, title="Ganztag", text="Offene GANZTAGSSCHULEN ausbauen")
    make_recommendation(item, title="Schulwege", text="Sicher")
    db.session.commit()
    assert "Sprachförderung" in listing(client, "?q=SPRACHF")
    found = listing(client, "?q=ganztagsschulen")
    assert "Ganztag" in found and "Sprachförderung" not in found and "1 recommendation found." in found
    by_reference = listing(client, "?q=bk+28/3")
    assert "Schulwege" in by_reference and "Ganztag" not in by_reference
    assert "0 recommendations found." in listing(client, "?q=nichts+davon")


def test_search_ignores_the_case_of_umlauts_on_every_database(client, db):
    item = make_item(held(28, SPRING))
    make_recommendation(item, title="Übergänge gestalten")
    make_recommendation(item, title="Schulwege")
    db.session.commit()
    found = listing(client, "?q=%C3%BCberg%C3%84nge")  # "übergÄnge"
    assert "Übergänge gestalten" in found and "Schulwege" not in found


def test_sql_wildcards_in_the_search_are_literal(client, db):
    item = make_item(held(28, SPRING))
    make_recommendation(item, title="Quote 100% erreichen")
    make_recommendation(item, title="Schul_sozialarbeit stärken")
    make_recommendation(item, title="Schulsozialarbeit ausbauen")
    db.session.commit()
    percent = listing(client, "?q=%25")
    assert "Quote 100% erreichen" in percent and "Schulsozialarbeit ausbauen" not in percent
    underscore = listing(client, "?q=_")
    assert "Schul_sozialarbeit" in underscore and "Schulsozialarbeit ausbauen" not in underscore
    assert "0 recommendations found." in listing(client, "?q=100%25%25")
    backslash = listing(client, "?q=%5C")
    assert "0 recommendations found." in backslash
    assert "3 recommendations found." in listing(client, "?q=%2F")  # the escape character is literal too


def test_filters_by_edition_addressee_and_status(client, db):
    spring, autumn = held(28, SPRING), held(29, AUTUMN)
    a = make_recommendation(make_item(spring), title="Schulaufsicht", addressees=["school_supervision"])
    make_recommendation(make_item(autumn), title="Jugendhilfe", addressees=["youth_services", "schools"])
    report(a, FollowUpStatus.IN_PROGRESS, date(2024, 6, 1))
    db.session.commit()
    by_edition = listing(client, f"?edition={autumn.id}")
    assert "Jugendhilfe" in by_edition and "BK 28/1" not in by_edition
    by_addressee = listing(client, "?addressee=schools")
    assert "BK 29/1" in by_addressee and "BK 28/1" not in by_addressee
    by_status = listing(client, "?status=in_progress")
    assert "BK 28/1" in by_status and "BK 29/1" not in by_status
    assert "BK 28/1" in listing(client, "?status=in_progress&addressee=school_supervision&q=schulauf")
    # Nonsense in the query string is ignored, never an error.
    for query in ("?edition=-1", "?edition=abc", "?status=bogus", "?addressee=mars", "?page=abc", "?page=99999",
                  "?q=" + "x" * 500, "?edition=99999999999999999999"):
        assert client.get(f"/recommendations/{query}").status_code == 200, query


def test_the_list_is_paginated(client, db):
    item = make_item(held(28, SPRING))
    for i in range(PAGE_SIZE + 5):
        make_recommendation(item, title=f"Empfehlung Nummer {i:02d}")
    db.session.commit()
    first = listing(client)
    assert "Empfehlung Nummer 00" in first and f"Empfehlung Nummer {PAGE_SIZE:02d}" not in first
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = listing(client, "?page=2")
    assert f"Empfehlung Nummer {PAGE_SIZE:02d}" in second and "Empfehlung Nummer 00" not in second


def test_one_recommendation_with_its_status_reports(client, db):
    spring, autumn = held(28, SPRING), held(29, AUTUMN)
    rec = make_recommendation(make_item(spring), title="Sprachförderung", text="Die Konferenz empfiehlt mehr.",
                              addressees=["school_authority", "kita_providers"])
    report(rec, FollowUpStatus.IN_PROGRESS, date(2024, 9, 11), text="Arbeitsgruppe tagt", edition=autumn)
    db.session.commit()
    page = client.get(f"/recommendations/{rec.id}").get_data(as_text=True)
    assert "Sprachförderung" in page and "Die Konferenz empfiehlt mehr." in page
    assert "School authority (Schulträger)" in page and "Kita providers" in page
    assert "Arbeitsgruppe tagt" in page and "29. Regionale Bildungskonferenz" in page
    assert "traffic-light--amber" in page and "In progress" in page


def test_the_council_edition_page_shows_agenda_documents_minutes_and_results(client, db):
    spring = held(28, SPRING)
    public = make_item(spring, title="Übergänge gestalten", minutes="Die Konferenz hat beraten.")
    secret = make_item(spring, title="Personalien", is_public=False, minutes="Vertraulich besprochen")
    shown = documents.add_document(public, _file(), title="Beschlussvorlage")
    internal = documents.add_document(public, _file(), title="Interne Notiz", is_public=False)
    hidden_item_doc = documents.add_document(secret, _file(), title="Personalakte")
    done = make_recommendation(public, title="Umgesetzte Empfehlung")
    report(done, FollowUpStatus.IMPLEMENTED, date(2024, 12, 1))
    make_recommendation(public, title="Offene Empfehlung")
    make_recommendation(public, title="Abgelehnte Empfehlung", decision=Decision.NOT_ADOPTED)
    make_recommendation(secret, title="Geheime Empfehlung")
    db.session.commit()
    page = client.get(f"/editions/{spring.id}").get_data(as_text=True)
    assert "Übergänge gestalten" in page and "Die Konferenz hat beraten." in page
    assert "Personalien" not in page and "Vertraulich" not in page
    assert "Beschlussvorlage" in page and "Interne Notiz" not in page and "Personalakte" not in page
    assert "Umgesetzte Empfehlung" in page and "Offene Empfehlung" in page
    assert "Abgelehnte Empfehlung" not in page and "Geheime Empfehlung" not in page
    assert "Recommendations adopted</dt>" in page
    assert '<dd class="kern-description-list-item__value">2</dd>' in page  # adopted here (public items)
    assert '<dd class="kern-description-list-item__value">1</dd>' in page  # of which implemented
    download = client.get(f"/editions/{spring.id}/documents/{shown.id}")
    assert download.status_code == 200 and download.headers["Content-Disposition"].startswith("attachment;")
    download.close()
    for document in (internal, hidden_item_doc):
        assert client.get(f"/editions/{spring.id}/documents/{document.id}").status_code == 404
    other = held(29, AUTUMN)
    db.session.commit()
    assert client.get(f"/editions/{other.id}/documents/{shown.id}").status_code == 404


def test_minutes_and_documents_of_unpublished_or_upcoming_meetings(client, db):
    upcoming = make_council(number=30, day=date(2099, 3, 11), status=EditionStatus.PUBLISHED)
    item = make_item(upcoming, title="Haushalt", minutes="Entwurf des Protokolls")
    document = documents.add_document(item, _file(), title="Einladung")
    draft = make_council(number=31, day=date(2099, 9, 9), status=EditionStatus.DRAFT)
    draft_document = documents.add_document(make_item(draft), _file(), title="Entwurf")
    db.session.commit()
    page = client.get(f"/editions/{upcoming.id}").get_data(as_text=True)
    assert "Haushalt" in page and "Einladung" in page
    assert "(PDF, 1 kB)" in page and "0.0 MB" not in page  # a small file is not "0.0 MB"
    assert "Entwurf des Protokolls" not in page  # minutes only once the meeting has been held
    assert "Recommendations adopted" not in page  # no results before the meeting
    assert client.get(f"/editions/{draft.id}/documents/{draft_document.id}").status_code == 404
    download = client.get(f"/editions/{upcoming.id}/documents/{document.id}")
    assert download.status_code == 200
    download.close()


@pytest.mark.parametrize(("size", "lang", "shown"), [(80, "en", "1 kB"), (14_600, "de", "14 kB"),
                                                     (1_363_149, "de", "1,3 MB"), (1_363_149, "en", "1.3 MB")])
def test_file_sizes_read_well_in_the_page_language(app, size, lang, shown):
    with app.test_request_context(f"/?lang={lang}"):
        assert app.jinja_env.filters["filesize"](size) == shown


def test_follow_up_items_on_the_edition_page_show_the_status(client, db):
    rec = make_recommendation(make_item(held(28, SPRING)), title="Sprachförderung")
    report(rec, FollowUpStatus.IN_PROGRESS, date(2024, 6, 1))
    upcoming = make_council(number=30, day=date(2099, 3, 11), status=EditionStatus.PUBLISHED)
    follow_up.carry_open_recommendations(upcoming)
    db.session.commit()
    page = client.get(f"/editions/{upcoming.id}").get_data(as_text=True)
    assert ": BK 28/1 Sprachförderung" in page and "traffic-light--amber" in page


def test_the_public_list_costs_the_same_queries_for_2_and_20_recommendations(client, db, count_queries):
    counter = iter(range(28, 100))

    def add(n):
        for i in range(n):
            edition = held(next(counter), date(2024, 1, 1 + i % 20))
            rec = make_recommendation(make_item(edition), addressees=["schools"])
            report(rec, FollowUpStatus.IN_PROGRESS, date(2024, 6, 1))
        db.session.commit()

    add(2)
    with count_queries() as few:
        listing(client)
    add(18)
    with count_queries() as many:
        listing(client)
    assert many.count == few.count
    edition = held(next(counter), date(2024, 2, 1))
    item = make_item(edition)
    for _ in range(3):
        make_recommendation(item)
    db.session.commit()
    with count_queries() as edition_few:
        client.get(f"/editions/{edition.id}")
    for _ in range(10):
        documents.add_document(agenda.add_item(edition, title="Mehr"), _file(), title="Vorlage")
        make_recommendation(item)
    db.session.commit()
    with count_queries() as edition_many:
        client.get(f"/editions/{edition.id}")
    assert edition_many.count == edition_few.count
