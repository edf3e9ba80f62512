"""Surveys per edition and audience: built from the format's template or copied from the previous
same-format edition, edited until the first response, and copied along with "create the next edition"."""

from datetime import date, timedelta

import pytest
from markupsafe import escape
from sqlalchemy import func, select, update

from conference.editions import services as editions
from conference.editions.models import Edition, EditionFormat
from conference.editions.services import local
from conference.errors import ConflictError, DomainError
from conference.surveys import builder
from conference.surveys import questions as bank
from conference.surveys.models import Audience, Question, Survey, SurveyQuestion
from conference.surveys.survey_templates import TEMPLATES
from tests.factories import make_council, make_edition
from tests.surveys.builder_setup import add_response, make_question, make_survey

HOSTILE = '<script>alert("x")</script> & <b>fett</b>'
VISITORS, PROVIDERS, REGISTRANTS = Audience.VISITORS, Audience.PROVIDERS, Audience.REGISTRANTS


pytestmark = pytest.mark.usefixtures("english")


def page(response) -> str:
    return response.get_data(as_text=True)


def keys(survey):
    return [item.question.key for item in sorted(survey.questions, key=lambda i: i.position)]


def open_day(number, previous=None, day=date(2027, 5, 8)):
    return make_edition(number=number, day=day, previous_edition=previous)


def council(number, previous=None, day=date(2027, 3, 10)):
    return make_council(number=number, day=day, previous_edition=previous)


# --- Creating ---------------------------------------------------------------------------------------------------

def test_a_survey_without_a_predecessor_is_built_from_the_template(db):
    edition = open_day(30)
    survey = builder.create_survey(edition, VISITORS)
    template = TEMPLATES[(EditionFormat.OPEN_DAY, VISITORS)]
    assert keys(survey) == [key for key, _ in template["questions"]]
    assert [i.is_required for i in survey.questions] == [required for _, required in template["questions"]]
    assert (survey.title, survey.intro, survey.copied_from) == (template["title"], template["intro"], None)
    assert (survey.title_en, survey.intro_en) == (template["title_en"], template["intro_en"])
    assert survey.title_in("en") == "Your view of the Tag der Bildung" and survey.title_in("de") == template["title"]
    assert all(i.question.version == 1 for i in survey.questions)
    assert (survey.opens_at, survey.closes_at) == (edition.ends_at, edition.ends_at + timedelta(weeks=4))
    assert survey.is_open_link is True
    assert builder.create_survey(edition, PROVIDERS).is_open_link is False


def test_the_template_takes_the_latest_non_retired_version(db):
    bank.ensure_bank()
    v2 = bank.reword(bank.latest_version("venue"), text_de="Neu", comparable=True)
    v3 = bank.reword(v2, text_de="Neuer", comparable=True)
    bank.retire(v3)
    bank.retire(bank.latest_version("catering"))  # every version retired: left out
    survey = builder.create_survey(open_day(30), VISITORS)
    venue = next(i.question for i in survey.questions if i.question.key == "venue")
    assert venue is v2
    assert "catering" not in keys(survey)
    assert [i.position for i in sorted(survey.questions, key=lambda i: i.position)] == list(
        range(len(survey.questions)))


def test_a_survey_copies_the_previous_same_format_edition_skipping_the_other_format(db):
    first = open_day(20, day=date(2025, 5, 10))
    old = builder.create_survey(first, VISITORS)
    old.intro, old.title, old.title_en, old.intro_en = "Liebe Gäste", "Wie war es?", "How was it?", ""
    builder.move_question(old, old.questions[0], 1)
    builder.set_required(old, old.questions[-1], True)
    between = council(21, previous=first, day=date(2026, 3, 4))
    builder.create_survey(between, Audience.COUNCIL_MEMBERS)
    # The bank moves on in the meantime: the copy still asks the versions asked before (comparable).
    newer = bank.reword(bank.latest_version("overall_satisfaction"), text_de="Insgesamt?", comparable=True)
    edition = open_day(22, previous=between, day=date(2027, 5, 8))
    copy = builder.create_survey(edition, VISITORS)
    assert copy.copied_from is old
    assert [(i.question_id, i.position, i.is_required) for i in copy.questions] == [
        (i.question_id, i.position, i.is_required) for i in old.questions]
    assert newer.id not in {i.question_id for i in copy.questions}
    assert (copy.title, copy.intro, copy.title_en) == ("Wie war es?", "Liebe Gäste", "How was it?")
    assert copy.intro_in("en") == "Liebe Gäste"  # no English intro: the German one
    assert copy.opens_at == edition.ends_at  # the window belongs to the new edition


def test_an_edition_without_that_audience_s_survey_is_skipped(db):
    first = open_day(20, day=date(2025, 5, 10))
    providers = builder.create_survey(first, PROVIDERS)
    second = open_day(21, previous=first, day=date(2026, 5, 9))
    builder.create_survey(second, VISITORS)  # but no providers' survey
    third = open_day(22, previous=second)
    assert builder.previous_survey(third, PROVIDERS) is providers
    assert builder.create_survey(third, PROVIDERS).copied_from is providers
    assert builder.create_survey(third, REGISTRANTS).copied_from is None  # nobody asked registrants before


def test_from_previous_false_ignores_the_predecessor(db):
    first = open_day(20, day=date(2025, 5, 10))
    old = make_survey(first, VISITORS, questions=[make_question("own_question")])
    survey = builder.create_survey(open_day(21, previous=first), VISITORS, from_previous=False)
    assert survey.copied_from is None and len(survey.questions) > 1
    assert old.questions[0].question_id not in {i.question_id for i in survey.questions}


def test_refusals_when_creating(db):
    edition = open_day(30)
    with pytest.raises(DomainError, match="no survey for"):
        builder.create_survey(edition, Audience.COUNCIL_MEMBERS)
    with pytest.raises(DomainError, match="no survey for"):
        builder.create_survey(council(31), VISITORS)
    builder.create_survey(edition, VISITORS)
    with pytest.raises(ConflictError, match="already has a survey"):
        builder.create_survey(edition, VISITORS)
    with pytest.raises(DomainError, match="Only the visitors"):
        builder.create_survey(edition, PROVIDERS, is_open_link=True)


def test_a_cycle_in_the_edition_chain_does_not_loop(db):
    a, b = open_day(20), open_day(21, previous=None)
    b.previous_edition = a
    db.session.flush()
    db.session.execute(update(Edition).where(Edition.id == a.id).values(previous_edition_id=b.id))
    db.session.expire(a)
    make_survey(a, VISITORS, questions=[make_question("venue")])
    assert builder.previous_survey(b, VISITORS).edition_id == a.id
    assert builder.previous_survey(a, VISITORS) is None


# --- Editing ------------------------------------------------------------------------------------------------------

def test_questions_are_added_moved_required_swapped_and_removed(db):
    venue, comments = make_question("venue"), make_question("comments", "free_text")
    survey = make_survey(open_day(30), questions=[venue, comments])
    catering = make_question("catering")
    item = builder.add_question(survey, catering, required=True)
    assert keys(survey) == ["venue", "comments", "catering"] and item.is_required
    builder.move_question(survey, item, -1)
    assert keys(survey) == ["venue", "catering", "comments"]
    builder.move_question(survey, survey.questions[0], -1)  # already first: stays
    assert keys(survey) == ["venue", "catering", "comments"]
    builder.set_required(survey, item, False)
    assert not item.is_required
    newer = bank.reword(venue, text_de="Der Ort?", comparable=True)
    venue_item = next(i for i in survey.questions if i.question is venue)
    builder.swap_to_latest(survey, venue_item)
    assert venue_item.question is newer and venue_item.position == 0
    with pytest.raises(DomainError, match="already asked in its latest"):
        builder.swap_to_latest(survey, venue_item)
    builder.remove_question(survey, item)
    assert keys(survey) == ["venue", "comments"]
    assert sorted(i.position for i in survey.questions) == [0, 1]


def test_a_survey_asks_each_key_once_and_no_retired_version(db):
    v1 = make_question("venue")
    survey = make_survey(open_day(30), questions=[v1])
    v2 = bank.reword(v1, text_de="Neu", comparable=True)
    with pytest.raises(ConflictError, match="already asks"):
        builder.add_question(survey, v2)
    retired = bank.retire(make_question("catering"))
    with pytest.raises(DomainError, match="retired"):
        builder.add_question(survey, retired)


def test_a_survey_with_responses_keeps_its_questions_but_not_its_window_and_intro(db):
    venue, comments = make_question("venue"), make_question("comments", "free_text")
    survey = make_survey(open_day(30), questions=[venue, comments])
    add_response(survey)
    item = survey.questions[0]
    for change in (lambda: builder.add_question(survey, make_question("catering")),
                   lambda: builder.remove_question(survey, item),
                   lambda: builder.move_question(survey, item, 1),
                   lambda: builder.set_required(survey, item, True),
                   lambda: builder.swap_to_latest(survey, item)):
        with pytest.raises(ConflictError, match="already has responses"):
            change()
    assert keys(survey) == ["venue", "comments"] and not item.is_required
    later = survey.closes_at + timedelta(days=7)
    builder.update_survey(survey, title="Neuer Titel", intro="Neu", opens_at=survey.opens_at, closes_at=later,
                          is_open_link=True)
    assert (survey.title, survey.intro, survey.closes_at) == ("Neuer Titel", "Neu", later)
    with pytest.raises(ConflictError, match="open link"):
        builder.update_survey(survey, title="T", intro="", opens_at=survey.opens_at, closes_at=later,
                              is_open_link=False)


def test_the_window_is_checked(db):
    survey = make_survey(open_day(30), questions=[make_question("venue")])
    with pytest.raises(DomainError, match="close after it opens"):
        builder.update_survey(survey, title="T", intro="", opens_at=survey.closes_at, closes_at=survey.opens_at,
                              is_open_link=True)
    with pytest.raises(DomainError, match="both"):
        builder.update_survey(survey, title="T", intro="", opens_at=None, closes_at=survey.closes_at,
                              is_open_link=True)
    with pytest.raises(DomainError) as error:
        builder.update_survey(survey, title="  ", intro="", opens_at=None, closes_at=None, is_open_link=True)
    assert error.value.field == "title"


def test_a_survey_is_deleted_only_before_anyone_answered(db):
    edition = open_day(30)
    survey = make_survey(edition, questions=[make_question("venue")])
    add_response(survey)
    with pytest.raises(ConflictError):
        builder.delete_survey(survey)
    other = make_survey(edition, PROVIDERS, questions=[bank.latest_version("venue")])
    builder.delete_survey(other)
    assert db.session.scalar(select(func.count(Survey.id))) == 1
    assert db.session.scalar(select(func.count(Question.id))) == 1  # the bank keeps its questions


# --- Pages ---------------------------------------------------------------------------------------------------------

def url(edition, path=""):
    return f"/manage/editions/{edition.id}/surveys/{path}"


def test_the_overview_offers_each_audience_a_copy_or_the_template(client, db, login_as):
    first = open_day(20, day=date(2025, 5, 10))
    make_survey(first, VISITORS, questions=[make_question("venue")])
    edition = open_day(21, previous=first)
    db.session.commit()
    login_as("organiser")
    text = page(client.get(url(edition)))
    for audience in (VISITORS, PROVIDERS, REGISTRANTS):
        assert f'id="audience-{audience.value}"' in text
    assert text.count("Copy the survey of edition 20") == 1
    assert text.count("Create from the template") == 3
    response = client.post(url(edition, "create"), data={"audience": "visitors", "source": "previous"})
    survey = db.session.scalar(select(Survey).where(Survey.edition_id == edition.id))
    assert response.status_code == 302 and response.headers["Location"].endswith(url(edition, f"{survey.id}/"))
    assert keys(survey) == ["venue"] and survey.copied_from.edition_id == first.id
    client.post(url(edition, "create"), data={"audience": "providers", "source": "template"})
    text = page(client.get(url(edition)))
    assert "Ihre Meinung" in text  # no English title given: the German one
    assert escape(TEMPLATES[(EditionFormat.OPEN_DAY, PROVIDERS)]["title_en"]) in text  # this page is in English
    assert text.count("Create from the template") == 1  # only the registrants are left


@pytest.mark.parametrize(("data", "status", "message"), [
    ({"audience": "visitors", "source": "template"}, 409, "already has a survey"),
    ({"audience": "council_members", "source": "template"}, 422, "no survey for"),
    ({"audience": "nobody", "source": "template"}, 404, "no such audience"),
])
def test_refused_creations_are_4xx_with_a_message(client, db, login_as, data, status, message):
    edition = open_day(30)
    make_survey(edition, VISITORS, questions=[make_question("venue")])
    db.session.commit()
    login_as("organiser")
    response = client.post(url(edition, "create"), data=data)
    assert response.status_code == status and message in page(response)


def test_a_create_without_a_source_is_sent_back_with_a_message(client, db, login_as):
    edition = open_day(30)
    db.session.commit()
    login_as("organiser")
    response = client.post(url(edition, "create"), data={"audience": "visitors", "source": "elsewhere"},
                           follow_redirects=True)
    assert "Please choose an audience" in page(response)
    assert db.session.scalar(select(func.count(Survey.id))) == 0


def test_the_editor_changes_settings_and_questions(client, db, login_as):
    edition = open_day(30)
    venue, comments, catering = make_question("venue"), make_question("comments", "free_text"), make_question(
        "catering", text_de="Wie war das Essen?")
    survey = make_survey(edition, questions=[venue, comments])
    db.session.commit()
    login_as("organiser")
    text = page(client.get(url(edition, f"{survey.id}/")))
    assert "Wie war das Essen?" in text  # offered in the "add" list
    response = client.post(url(edition, f"{survey.id}/"), data={
        "title": "Umfrage", "intro": "Hallo", "title_en": "Survey", "intro_en": "Hello",
        "opens_at": "2027-05-08T16:00", "closes_at": "2027-06-05T16:00", "is_open_link": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    survey = db.session.get(Survey, survey.id)
    assert (survey.title, survey.intro, survey.title_en, survey.intro_en) == ("Umfrage", "Hallo", "Survey", "Hello")
    assert local(survey.closes_at).replace(tzinfo=None).isoformat() == "2027-06-05T16:00:00"
    client.post(url(edition, f"{survey.id}/questions"), data={"question_id": catering.id, "is_required": "y"})
    item = db.session.scalar(select(SurveyQuestion).where(SurveyQuestion.question_id == catering.id))
    assert item.is_required and item.position == 2
    client.post(url(edition, f"{survey.id}/questions/{item.id}/move"), data={"direction": "up"})
    client.post(url(edition, f"{survey.id}/questions/{item.id}/required"), data={"required": "0"})
    db.session.expire_all()
    assert keys(db.session.get(Survey, survey.id)) == ["venue", "catering", "comments"]
    assert not db.session.get(SurveyQuestion, item.id).is_required
    newer = bank.reword(db.session.get(Question, venue.id), text_de="Der Ort?", comparable=True)
    db.session.commit()
    venue_item = db.session.scalar(select(SurveyQuestion).where(SurveyQuestion.question_id == venue.id))
    assert "Use version 2" in page(client.get(url(edition, f"{survey.id}/")))
    client.post(url(edition, f"{survey.id}/questions/{venue_item.id}/latest"))
    client.post(url(edition, f"{survey.id}/questions/{item.id}/remove"))
    db.session.expire_all()
    survey = db.session.get(Survey, survey.id)
    assert keys(survey) == ["venue", "comments"] and survey.questions[0].question_id == newer.id


@pytest.mark.parametrize(("path", "data"), [
    ("questions", {"question_id": "QUESTION"}),
    ("questions/ITEM/remove", {}),
    ("questions/ITEM/move", {"direction": "down"}),
    ("questions/ITEM/required", {"required": "1"}),
    ("questions/ITEM/latest", {}),
])
def test_question_changes_to_an_answered_survey_are_409_with_a_message(client, db, login_as, path, data):
    edition = open_day(30)
    venue = make_question("venue")
    survey = make_survey(edition, questions=[venue, make_question("comments", "free_text")])
    bank.reword(venue, text_de="Neu", comparable=True)
    add_response(survey)
    extra = make_question("catering")
    db.session.commit()
    login_as("organiser")
    item = survey.questions[0]
    path = path.replace("ITEM", str(item.id))
    data = {k: (str(extra.id) if v == "QUESTION" else v) for k, v in data.items()}
    response = client.post(url(edition, f"{survey.id}/{path}"), data=data)
    assert response.status_code == 409 and "already has responses" in page(response)
    text = page(client.get(url(edition, f"{survey.id}/")))
    assert "its questions can no longer change" in text and "Make required" not in text


@pytest.mark.parametrize(("data", "message"), [
    ({"opens_at": "2027-06-05T16:00", "closes_at": "2027-05-08T16:00"}, "close after it opens"),
    ({"opens_at": "0001-01-01T00:00"}, "between 2000 and 2100"),
    ({"title": ""}, "This field is required"),
    ({"opens_at": "gestern"}, "Opens (local time): This field is required"),
])
def test_bad_settings_are_422_with_a_message(client, db, login_as, data, message):
    edition = open_day(30)
    survey = make_survey(edition, questions=[make_question("venue")])
    db.session.commit()
    login_as("organiser")
    form = {"title": "Umfrage", "intro": "", "opens_at": "2027-05-08T16:00", "closes_at": "2027-06-05T16:00", **data}
    response = client.post(url(edition, f"{survey.id}/"), data=form)
    assert response.status_code == 422 and message in page(response)


def test_the_open_link_is_refused_for_providers_over_http(client, db, login_as):
    edition = open_day(30)
    survey = make_survey(edition, PROVIDERS, questions=[make_question("venue")])
    db.session.commit()
    login_as("organiser")
    assert "Open link" not in page(client.get(url(edition, f"{survey.id}/")))
    response = client.post(url(edition, f"{survey.id}/"), data={
        "title": "T", "opens_at": "2027-05-08T16:00", "closes_at": "2027-06-05T16:00", "is_open_link": "y"})
    assert response.status_code == 422 and "Only the visitors" in page(response)


def test_surveys_and_items_of_other_editions_are_404(client, db, login_as):
    edition, other = open_day(30), open_day(31)
    survey = make_survey(other, questions=[make_question("venue")])
    mine = make_survey(edition, questions=[make_question("comments", "free_text")])
    db.session.commit()
    login_as("organiser")
    assert client.get(url(edition, f"{survey.id}/")).status_code == 404
    assert client.post(url(edition, f"{mine.id}/questions/{survey.questions[0].id}/remove")).status_code == 404
    assert client.post(url(edition, f"{mine.id}/questions"), data={"question_id": "999999"}).status_code == 404
    assert client.get("/manage/editions/999999/surveys/").status_code == 404


def test_a_question_id_beyond_a_database_integer_is_no_choice(client, db, login_as):
    """Found by tests/security/test_form_sweep.py: 20 digits overflowed SQLite (a 500) and reached PostgreSQL (its
    refusal, the 400 of the last line of defence). Now the form says what is wrong and nothing changes."""
    edition = open_day(30)
    survey = make_survey(edition, questions=[make_question("comments", "free_text")])
    db.session.commit()
    login_as("organiser")
    for value in ("99999999999999999999", str(2**31), "0", "-1"):
        response = client.post(url(edition, f"{survey.id}/questions"), data={"question_id": value})
        assert response.status_code == 302, value
        assert "Please choose a question." in page(client.get(response.headers["Location"]))
    assert keys(survey) == ["comments"]


def test_deleting_over_http(client, db, login_as):
    edition = open_day(30)
    survey = make_survey(edition, questions=[make_question("venue")])
    db.session.commit()
    login_as("organiser")
    assert client.post(url(edition, f"{survey.id}/delete")).status_code == 302
    assert db.session.scalar(select(func.count(Survey.id))) == 0


def test_hostile_survey_texts_are_stored_verbatim_and_shown_escaped(client, db, login_as):
    edition = open_day(30)
    survey = make_survey(edition, questions=[make_question("venue", text_de=HOSTILE)])
    db.session.commit()
    login_as("organiser")
    client.post(url(edition, f"{survey.id}/"), data={
        "title": HOSTILE, "intro": HOSTILE, "opens_at": "2027-05-08T16:00", "closes_at": "2027-06-05T16:00"})
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).title == HOSTILE
    for path in ("", f"{survey.id}/"):
        text = page(client.get(url(edition, path)))
        assert "<script>alert" not in text and "<b>fett</b>" not in text and "&lt;script&gt;" in text


WRITE_PATHS = [("POST", "create"), ("GET", "SURVEY/"), ("POST", "SURVEY/"), ("POST", "SURVEY/delete"),
               ("POST", "SURVEY/questions"), ("POST", "SURVEY/questions/ITEM/remove"),
               ("POST", "SURVEY/questions/ITEM/move"), ("POST", "SURVEY/questions/ITEM/required"),
               ("POST", "SURVEY/questions/ITEM/latest"), ("GET", "")]


@pytest.mark.parametrize("role", ["analyst", "reviewer", "provider"])
@pytest.mark.parametrize(("method", "path"), WRITE_PATHS)
def test_only_organisers_build_surveys(client, db, login_as, role, method, path):
    edition = open_day(30)
    survey = make_survey(edition, questions=[make_question("venue")])
    db.session.commit()
    login_as(role)
    path = path.replace("SURVEY", str(survey.id)).replace("ITEM", str(survey.questions[0].id))
    assert client.open(url(edition, path), method=method, data={"audience": "providers", "source": "template",
                                                                "direction": "down"}).status_code == 403
    assert db.session.scalar(select(func.count(Survey.id))) == 1


def test_the_overview_needs_the_same_queries_for_few_or_many(client, db, login_as, count_queries):
    login_as("organiser")

    def series(n, first_number):
        previous = None
        for i in range(n):
            previous = open_day(first_number + i, previous=previous, day=date(2020 + i, 5, 9))
        return previous

    small_last = series(1, 100)
    small = open_day(150, previous=small_last, day=date(2090, 5, 9))
    make_survey(small_last, PROVIDERS, questions=[make_question("venue")])
    add_response(make_survey(small, questions=[make_question("comments", "free_text")]))
    db.session.commit()
    with count_queries() as few:
        assert client.get(url(small)).status_code == 200
    big_last = series(50, 200)
    big = open_day(300, previous=big_last, day=date(2091, 5, 9))
    make_survey(big_last, PROVIDERS, questions=[make_question(f"p{i}") for i in range(50)])
    make_survey(db.session.get(Edition, big_last.previous_edition_id), REGISTRANTS,
                questions=[bank.latest_version("venue")])
    survey = make_survey(big, questions=[make_question(f"v{i}") for i in range(50)])
    for _ in range(50):
        add_response(survey)
    db.session.commit()
    with count_queries() as many:
        text = page(client.get(url(big)))
    assert "Copy the survey of edition 249" in text and "Copy the survey of edition 248" in text
    assert many.count == few.count


# --- The next edition -----------------------------------------------------------------------------------------

def test_creating_the_next_edition_copies_the_surveys_with_shifted_windows(client, db, login_as):
    source = open_day(27, day=date(2026, 9, 12))
    visitors = builder.create_survey(source, VISITORS)
    providers = make_survey(source, PROVIDERS, questions=[bank.latest_version("turnout_satisfaction")])
    providers.opens_at, providers.closes_at = source.ends_at, source.ends_at + timedelta(days=14)
    db.session.commit()
    login_as("organiser")
    response = client.post(f"/manage/editions/{source.id}/next", data={
        "starts_on": "2027-09-11", "number": "31", "format": "open_day", "title": "31. Tag der Bildung"})
    assert response.status_code == 302
    new = db.session.scalar(select(Edition).where(Edition.number == 31))
    copies = {s.audience: s for s in db.session.scalars(select(Survey).where(Survey.edition_id == new.id))}
    assert set(copies) == {VISITORS, PROVIDERS}  # no registrants' survey at the source: none here
    assert copies[VISITORS].copied_from_id == visitors.id
    assert [i.question_id for i in copies[VISITORS].questions] == [i.question_id for i in visitors.questions]
    shifted = copies[PROVIDERS]
    assert local(shifted.opens_at).date() == date(2027, 9, 11)
    assert local(shifted.closes_at).date() == date(2027, 9, 25)
    assert local(shifted.opens_at).time() == local(providers.opens_at).time()


def test_the_next_council_meeting_copies_the_members_survey(db):
    source = council(40, day=date(2026, 3, 11))
    old = builder.create_survey(source, Audience.COUNCIL_MEMBERS)
    new = editions.create_next_edition(source, starts_on=date(2026, 6, 17), title="41. Bildungskonferenz")
    (copy,) = db.session.scalars(select(Survey).where(Survey.edition_id == new.id))
    assert copy.copied_from is old and keys(copy) == keys(old)
    assert copy.opens_at == new.ends_at


def test_changing_the_format_copies_no_survey(db):
    source = open_day(27, day=date(2026, 9, 12))
    builder.create_survey(source, VISITORS)
    new = editions.create_next_edition(source, starts_on=date(2027, 3, 10), title="Konferenz", format="council")
    assert db.session.scalars(select(Survey).where(Survey.edition_id == new.id)).all() == []
