"""The results pages: who may see them, what they show (charts with data tables, numbers in the reader's
language, the ranking, free texts), hiding and showing texts again, the group filter, and that no
personal data ever appears."""

from __future__ import annotations

import re

import pytest

from conference.surveys.models import Audience, QuestionType, SurveyAnswer
from tests.factories import make_edition, make_session
from tests.surveys.analysis_setup import bulk_respond, invite, question, respond, survey


@pytest.fixture
def results(db):
    """An open day with a visitor survey (open link) and a provider survey (invited)."""
    edition = make_edition(title="12. Tag der Bildung")
    sessions = [make_session(edition, title=t) for t in ("Robotik für Kinder", "Lesezeit", "Kleiner Kreis")]
    satisfaction = question("overall_satisfaction", text_de="Wie zufrieden waren Sie insgesamt?",
                            text_en="How satisfied were you overall?")
    heard = question("heard_of", type=QuestionType.SINGLE_CHOICE, text_de="Wie haben Sie vom Tag erfahren?")
    comments = question("comments", type=QuestionType.FREE_TEXT, text_de="Was möchten Sie uns noch sagen?")
    rating = question("session_rating", type=QuestionType.SESSION_RATING, text_de="Wie fanden Sie die Angebote?")
    visitors = survey(edition, [satisfaction, heard, comments, rating], title="Besucherbefragung")
    values = [5, 5, 4, 4, 4, 3, 2]
    for i, v in enumerate(values):
        respond(visitors, {satisfaction: v, heard: "press" if i % 2 else "web", comments: f"Anmerkung Nummer {i}",
                           rating: {sessions[0].id: 5, sessions[1].id: 3 if i < 5 else 4,
                                    **({sessions[2].id: 4} if i < 2 else {})}},
                group="teacher" if i < 5 else "parent")
    providers = survey(edition, [satisfaction], audience=Audience.PROVIDERS, is_open_link=False,
                       title="Anbieterbefragung")
    invite(providers, 10)
    for v in (4, 5, 5, 3, 4, 4):
        respond(providers, {satisfaction: v}, channel="invited")
    db.session.commit()
    return {"edition": edition, "visitors": visitors, "providers": providers, "sessions": sessions,
            "comments": comments}


def url(edition, rest=""):
    return f"/manage/editions/{edition.id}/results/{rest}"


@pytest.mark.parametrize("role", ["analyst", "organiser", "admin"])
def test_analysts_and_organisers_see_the_results(client, login_as, results, role):
    login_as(role)
    page = client.get(url(results["edition"]))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Wie zufrieden waren Sie insgesamt?" in text and "Besucherbefragung" in text
    assert "Anbieterbefragung" in text


@pytest.mark.parametrize("role", ["reviewer", "provider"])
def test_reviewers_and_providers_may_not(client, login_as, results, role):
    login_as(role)
    edition, visitors = results["edition"], results["visitors"]
    answer_id = results["visitors"].id
    for path in (url(edition), url(edition, f"surveys/{visitors.id}/"), url(edition, "report.pdf"),
                 url(edition, f"surveys/{visitors.id}/responses.csv")):
        assert client.get(path).status_code == 403, path
    assert client.post(url(edition, f"surveys/{visitors.id}/answers/{answer_id}/hide")).status_code == 403


def test_numbers_are_written_in_the_readers_language(client, login_as, results):
    login_as("analyst")
    german = client.get(url(results["edition"])).get_data(as_text=True)
    # The visitors' satisfaction: mean 27/7 = 3.86, top-2 5/7 = 71.4 %; providers: 6 of 10 invited answered.
    assert "3,86" in german and "71,4\xa0%" in german and "60,0\xa0%" in german
    english = client.get(url(results["edition"]) + "?lang=en").get_data(as_text=True)
    assert "3.86" in english and "71.4%" in english and "How satisfied were you overall?" in english


def test_survey_titles_are_in_the_readers_language_where_one_is_given(client, login_as, results, db):
    from tests.council.test_signature_pdf import pdf_pages

    results["visitors"].title_en = "Visitor survey"
    db.session.commit()
    login_as("organiser")
    edition, visitors = results["edition"], results["visitors"]
    for path in (url(edition), url(edition, f"surveys/{visitors.id}/")):
        english = client.get(path + "?lang=en")
        assert english.status_code == 200, path
        assert "Visitor survey" in english.get_data(as_text=True) and \
            "Besucherbefragung" not in english.get_data(as_text=True), path
        assert "Besucherbefragung" in client.get(path + "?lang=de").get_data(as_text=True), path
    # the survey's own pages (the builder's form still holds both titles to edit)
    for path in (f"/manage/editions/{edition.id}/surveys/{visitors.id}/",
                 f"/manage/editions/{edition.id}/surveys/{visitors.id}/distribution/"):
        heading = re.search(r"<h1[^>]*>([^<]*)</h1>", client.get(path + "?lang=en").get_data(as_text=True)).group(1)
        assert "Visitor survey" in heading, path
    report = "\n".join(pdf_pages(client.get(url(edition, "report.pdf") + "?lang=en").data))
    assert "Visitor survey" in report and "Besucherbefragung" not in report
    assert "Anbieterbefragung" in report  # no English title given: the German one


def test_every_chart_is_named_by_its_caption_and_has_a_data_table(client, login_as, results):
    login_as("analyst")
    page = client.get(url(results["edition"])).get_data(as_text=True)
    charts = re.findall(r'<svg [^>]*role="img"[^>]*aria-labelledby="([^"]+)"', page)
    assert len(charts) >= 4  # two satisfaction questions, the choice, the ratings, the ranking
    for caption in charts:
        assert f'<figcaption id="{caption}"' in page
    assert page.count("<table") >= len(charts)
    assert "style=" not in page.split("<main", 1)[1] and "<script" not in page.split("<main", 1)[1]
    assert "Verteilung der Antworten" in page or "Distribution of the answers" in page


def test_the_ranking_lists_sessions_with_five_ratings_and_summarises_the_rest(client, login_as, results):
    login_as("analyst")
    page = client.get(url(results["edition"], f"surveys/{results['visitors'].id}/?lang=en")).get_data(as_text=True)
    ranking = page.split('id="ranking-', 1)[1]
    assert ranking.index("Robotik für Kinder") < ranking.index("Lesezeit")
    assert "Kleiner Kreis" not in ranking
    assert "1 session with fewer than 5 ratings is not ranked." in ranking
    assert "100.0% (64.6% – 100.0%)" in ranking  # Robotik: 7 of 7 in the top two, with its Wilson interval


def test_no_personal_data_appears(client, login_as, results):
    login_as("organiser")
    for path in (url(results["edition"]), url(results["edition"], f"surveys/{results['providers'].id}/")):
        page = client.get(path).get_data(as_text=True)
        main = page.split("<main", 1)[1].split("</main>", 1)[0]
        assert "@" not in main and "Mustermann" not in page and "person" not in main


def _first_text(results) -> SurveyAnswer:
    from sqlalchemy import select

    from conference.extensions import db

    return db.session.scalars(select(SurveyAnswer).where(SurveyAnswer.question_id == results["comments"].id)
                              .order_by(SurveyAnswer.id)).first()


def test_free_texts_can_be_hidden_and_shown_again(client, login_as, results, db):
    login_as("analyst")
    edition, visitors = results["edition"], results["visitors"]
    answer = _first_text(results)
    page = client.get(url(edition, f"surveys/{visitors.id}/")).get_data(as_text=True)
    assert "Anmerkung Nummer 0" in page and "Anmerkung Nummer 6" in page
    response = client.post(url(edition, f"surveys/{visitors.id}/answers/{answer.id}/hide"))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#answer-{answer.id}")
    db.session.expire_all()
    assert db.session.get(SurveyAnswer, answer.id).is_hidden  # hidden, not deleted
    page = client.get(url(edition, f"surveys/{visitors.id}/")).get_data(as_text=True)
    assert "Anmerkung Nummer 0" not in page and "Anmerkung Nummer 1" in page
    assert f"/answers/{answer.id}/show" in page
    assert "Anmerkung Nummer 0" not in client.get(url(edition)).get_data(as_text=True)
    client.post(url(edition, f"surveys/{visitors.id}/answers/{answer.id}/show"))
    assert "Anmerkung Nummer 0" in client.get(url(edition, f"surveys/{visitors.id}/")).get_data(as_text=True)


def test_hiding_needs_the_csrf_token(client, login_as, results, db, app):
    login_as("organiser")
    app.config["WTF_CSRF_ENABLED"] = True
    answer = _first_text(results)
    edition, visitors = results["edition"], results["visitors"]
    assert client.post(url(edition, f"surveys/{visitors.id}/answers/{answer.id}/hide")).status_code == 400
    db.session.expire_all()
    assert not db.session.get(SurveyAnswer, answer.id).is_hidden
    page = client.get(url(edition, f"surveys/{visitors.id}/")).get_data(as_text=True)
    assert 'name="csrf_token"' in page


def test_hiding_an_answer_of_another_survey_is_a_404(client, login_as, results):
    login_as("analyst")
    edition = results["edition"]
    answer = _first_text(results)
    assert client.post(url(edition, f"surveys/{results['providers'].id}/answers/{answer.id}/hide")).status_code == 404
    other = make_edition()
    from conference.extensions import db

    db.session.commit()
    assert client.get(url(other, f"surveys/{results['visitors'].id}/")).status_code == 404
    assert client.get(url(edition, "surveys/999999/")).status_code == 404


def test_the_group_filter_offers_the_groups_and_suppresses_small_ones(client, login_as, results):
    login_as("analyst")
    edition, visitors = results["edition"], results["visitors"]
    page = client.get(url(edition, f"surveys/{visitors.id}/")).get_data(as_text=True)
    assert '<option value="teacher">Lehrkraft</option>' in page  # the group's name in the reader's language
    assert '<option value="parent"' in page
    teacher = client.get(url(edition, f"surveys/{visitors.id}/?group=teacher")).get_data(as_text=True)
    # The five teachers: 5, 5, 4, 4, 4 → mean 4.40, all in the top two.
    assert "4,40" in teacher and "100,0\xa0%" in teacher and "Anmerkung Nummer 4" in teacher
    assert "Anmerkung Nummer 5" not in teacher
    parent = client.get(url(edition, f"surveys/{visitors.id}/?group=parent&lang=en")).get_data(as_text=True)
    assert "Anmerkung Nummer 5" not in parent and "<svg" not in parent.split("<main")[1].split('id="ranking-')[0]
    assert "The group “Parent” has fewer than 5 responses." in parent  # the name, not the code
    assert "Fewer than 5 answers in this group: not shown" in parent
    assert "Parent – fewer than 5 responses, suppressed" in parent
    assert client.get(url(edition, f"surveys/{visitors.id}/?group=nobody")).status_code == 404


def test_the_pages_link_to_the_exports(client, login_as, results):
    login_as("analyst")
    page = client.get(url(results["edition"])).get_data(as_text=True)
    visitors = results["visitors"]
    assert url(results["edition"], "report.pdf") in page
    assert url(results["edition"], f"surveys/{visitors.id}/responses.csv") in page
    assert url(results["edition"], f"surveys/{visitors.id}/responses.xlsx") in page


def test_an_edition_without_surveys_says_so(client, login_as, db):
    edition = make_edition()
    db.session.commit()
    login_as("analyst")
    page = client.get(url(edition))
    assert page.status_code == 200


def test_the_overview_costs_the_same_queries_for_many_responses(client, login_as, db, count_queries):
    login_as("analyst")
    counts = []
    for size in (10, 300):
        edition = make_edition()
        q = question()
        s = survey(edition, [q])
        bulk_respond(s, q, [1 + i % 5 for i in range(size)])
        db.session.commit()
        with count_queries() as counter:
            assert client.get(url(edition)).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_chart_labels_are_escaped_and_intervals_drawn_as_whiskers():
    from conference.surveys.charts import Bar, bar_chart

    svg = str(bar_chart([Bar("<script>alert(1)</script> und ein sehr langer Titel", 0.5, "50 %", (0.3, 0.7)),
                         Bar("B & C", 0.25, "25 %")], labelledby="cap"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "B &amp; C" in svg
    assert svg.count('class="chart__whisker"') == 1 and 'aria-labelledby="cap"' in svg
    assert "style=" not in svg
    assert bar_chart([], labelledby="x") == ""


@pytest.mark.parametrize("lang", ["de", "en"])
def test_numbers_are_formatted_as_flask_babel_formats_them(app, lang):
    """The results pages parse each number pattern once (``format_number``); the text is babel's own."""
    from flask_babel import force_locale, format_decimal, format_percent

    from conference.surveys.analysis_display import format_number, share

    with app.test_request_context(), force_locale(lang):
        for value in (0, 0.0004, 0.12345, 0.5, 0.99995, 1, 3.456789, 12345.678, -0.25):
            assert format_number(value, "#,##0.00") == format_decimal(value, "#,##0.00")
            assert format_number(value, "#,##0.0 %") == format_percent(value, "#,##0.0 %")
            assert format_number(value, "+#,##0.0;−#,##0.0") == format_decimal(value, "+#,##0.0;−#,##0.0")
        assert share(0.457) == ("45,7\xa0%" if lang == "de" else "45.7%")
