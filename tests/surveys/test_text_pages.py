"""The written answers on the results page, 50 a page: the page count and the answers shown, previous and
next links that keep the group filter, a page past the last showing the last, bad page numbers a 404,
hiding from a later page coming back to it, and every answer still in the export."""

from __future__ import annotations

import pytest

from conference.surveys.free_texts import PAGE_SIZE, free_texts
from conference.surveys.models import QuestionType
from tests.factories import make_edition
from tests.surveys.analysis_setup import question, respond, survey

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def commented(db):
    """A visitor survey with 120 comments (the first 60 from teachers), and a scale question."""
    edition = make_edition()
    scale = question("overall_satisfaction")
    comments = question("comments", type=QuestionType.FREE_TEXT, text_de="Was möchten Sie uns noch sagen?",
                        text_en="Anything else?")
    s = survey(edition, [scale, comments])
    for i in range(120):
        respond(s, {scale: 1 + i % 5, comments: f"Anmerkung {i:03d}"}, group="teacher" if i < 60 else "parent")
    db.session.commit()
    return {"edition": edition, "survey": s, "comments": comments,
            "path": f"/manage/editions/{edition.id}/results/surveys/{s.id}/"}


def shown(page: str) -> list[int]:
    """The numbers of the comments listed on ``page``."""
    return [int(part[:3]) for part in page.split("Anmerkung ")[1:]]


def test_the_written_answers_are_listed_fifty_a_page_with_the_page_count(client, login_as, commented):
    login_as("analyst")
    param = f"page_{commented['comments'].id}"

    first = client.get(commented["path"]).get_data(as_text=True)
    assert shown(first) == list(range(50))
    assert "Written answers 1 to 50 of 120" in first and "Page 1 of 3" in first
    assert 'aria-label="Pages of the written answers to “Anything else?”"' in first
    assert f'rel="next" href="{commented["path"]}?{param}=2#chart-s{commented["survey"].id}-q1-section"' in first
    assert 'rel="prev"' not in first
    assert "120 written answers" in first  # the count is of all of them

    last = client.get(f"{commented['path']}?{param}=3").get_data(as_text=True)
    assert shown(last) == list(range(100, 120))
    assert "Written answers 101 to 120 of 120" in last and "Page 3 of 3" in last
    assert f'rel="prev" href="{commented["path"]}?{param}=2#' in last and 'rel="next"' not in last


def test_a_page_past_the_last_shows_the_last(client, login_as, commented):
    login_as("analyst")
    page = client.get(f"{commented['path']}?page_{commented['comments'].id}=99").get_data(as_text=True)
    assert "Page 3 of 3" in page and shown(page) == list(range(100, 120))


@pytest.mark.parametrize("query", ["{param}=0", "{param}=abc", "{param}=-1", "{param}=1.5", "{param}=",
                                   "{param}=1234567", "{param}=%C2%B2", "page_x=2", "page_=2"])
def test_a_bad_page_number_is_a_404(client, login_as, commented, query):
    login_as("analyst")
    param = f"page_{commented['comments'].id}"
    response = client.get(f"{commented['path']}?{query.format(param=param)}")
    assert response.status_code == 404
    assert "This page of the written answers does not exist." in response.get_data(as_text=True)


def test_a_page_of_another_question_changes_nothing(client, login_as, commented):
    login_as("analyst")
    page = client.get(f"{commented['path']}?page_999999=2").get_data(as_text=True)
    assert shown(page) == list(range(50))


def test_the_pages_of_a_group_hold_its_answers_and_keep_the_filter(client, login_as, commented):
    login_as("analyst")
    param = f"page_{commented['comments'].id}"
    page = client.get(f"{commented['path']}?group=teacher").get_data(as_text=True)
    assert shown(page) == list(range(50)) and "Page 1 of 2" in page
    assert f"?group=teacher&amp;{param}=2#" in page
    second = client.get(f"{commented['path']}?group=teacher&{param}=2").get_data(as_text=True)
    assert shown(second) == list(range(50, 60))


def test_few_answers_need_no_pages(client, login_as, db):
    edition = make_edition()
    comments = question("comments", type=QuestionType.FREE_TEXT)
    s = survey(edition, [comments])
    for i in range(7):
        respond(s, {comments: f"Anmerkung {i:03d}"})
    db.session.commit()
    login_as("analyst")
    page = client.get(f"/manage/editions/{edition.id}/results/surveys/{s.id}/").get_data(as_text=True)
    assert shown(page) == list(range(7))
    assert "Page 1 of" not in page and "Written answers 1 to" not in page and 'rel="next"' not in page


def test_hiding_an_answer_on_a_later_page_comes_back_to_that_page(client, login_as, commented):
    login_as("analyst")
    param = f"page_{commented['comments'].id}"
    page = client.get(f"{commented['path']}?group=teacher&{param}=2").get_data(as_text=True)
    answer_id = int(page.split('id="answer-', 1)[1].split('"', 1)[0])
    assert '<input type="hidden" name="page" value="2">' in page
    response = client.post(f"{commented['path']}answers/{answer_id}/hide", data={"group": "teacher", "page": "2"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"?group=teacher&{param}=2#answer-{answer_id}")
    hidden = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Anmerkung 050" not in hidden and f"/answers/{answer_id}/show" in hidden
    # A forged page number is left out, never an error.
    response = client.post(f"{commented['path']}answers/{answer_id}/show", data={"page": "x"})
    assert response.headers["Location"].endswith(f"#answer-{answer_id}") and param not in response.headers["Location"]


def test_the_export_still_holds_every_written_answer(client, login_as, commented):
    login_as("analyst")
    csv = client.get(f"{commented['path']}responses.csv").get_data(as_text=True)
    assert all(f"Anmerkung {i:03d}" in csv for i in range(120))


def test_the_service_gives_the_page_asked_for(db, commented):
    comments = commented["comments"]
    first = free_texts(commented["survey"])[("comments", 1)]
    assert (first.number, first.pages, first.total, first.first, first.last) == (1, 3, 120, 1, PAGE_SIZE)
    second = free_texts(commented["survey"], pages={comments.id: 2})[("comments", 1)]
    assert [t.text for t in second][:2] == ["Anmerkung 050", "Anmerkung 051"] and len(second) == PAGE_SIZE
    teachers = free_texts(commented["survey"], group="teacher", pages={comments.id: 5})[("comments", 1)]
    assert (teachers.number, teachers.pages, teachers.total, teachers.first, teachers.last) == (2, 2, 60, 51, 60)


@pytest.fixture
def two_questions(login_as, db):
    """Two free-text questions with 60 written answers each (two pages), and an analyst signed in."""
    edition = make_edition()
    first = question("comments", type=QuestionType.FREE_TEXT, text_de="Lob?", text_en="Praise?")
    second = question("suggestions", type=QuestionType.FREE_TEXT, text_de="Ideen?", text_en="Ideas?")
    s = survey(edition, [first, second])
    for i in range(60):
        respond(s, {first: f"Lob {i:03d}", second: f"Idee {i:03d}"})
    db.session.commit()
    login_as("analyst")
    return first, second, f"/manage/editions/{edition.id}/results/surveys/{s.id}/"


def test_paging_one_question_keeps_the_page_of_another(client, two_questions):
    first, second, path = two_questions
    page = client.get(f"{path}?page_{first.id}=2").get_data(as_text=True)
    assert f'rel="next" href="{path}?page_{first.id}=2&amp;page_{second.id}=2#' in page
    page = client.get(f"{path}?page_{first.id}=2&page_{second.id}=2").get_data(as_text=True)
    assert f'rel="prev" href="{path}?page_{first.id}=2&amp;page_{second.id}=1#' in page
    assert f'rel="prev" href="{path}?page_{second.id}=2&amp;page_{first.id}=1#' in page


def test_hiding_an_answer_keeps_the_pages_of_the_other_questions(client, two_questions):
    first, second, path = two_questions
    page = client.get(f"{path}?page_{first.id}=2&page_{second.id}=2").get_data(as_text=True)
    # Each button carries its own question's page and the other question's.
    assert f'<input type="hidden" name="page_{second.id}" value="2">' in page
    assert f'<input type="hidden" name="page_{first.id}" value="2">' in page
    answer_id = int(page.split('id="answer-', 1)[1].split('"', 1)[0])  # on page 2 of the first question
    response = client.post(f"{path}answers/{answer_id}/hide", data={"page": "2", f"page_{second.id}": "2"})
    location = response.headers["Location"]
    assert f"page_{first.id}=2" in location and f"page_{second.id}=2" in location
    assert location.endswith(f"#answer-{answer_id}")
    # Forged page fields are left out, never an error.
    response = client.post(f"{path}answers/{answer_id}/show",
                           data={"page": "2", f"page_{second.id}": "x", "page_1234567890123": "2", "page_x": "3"})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert f"page_{first.id}=2" in location and f"page_{second.id}" not in location
    assert "page_1234567890123" not in location and "page_x" not in location
