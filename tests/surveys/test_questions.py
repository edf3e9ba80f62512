"""The question bank: keys, versions made by rewording (comparable or not), in-place correction only while
unanswered, retiring, the per-format templates, and the bank's staff pages."""

import pytest
from sqlalchemy import func, select

from conference.editions.models import EditionFormat
from conference.errors import ConflictError, DomainError
from conference.registration.models import PARTICIPANT_ROLES
from conference.surveys import questions as bank
from conference.surveys.models import FORMAT_AUDIENCES, Question, QuestionType, ScaleDirection
from conference.surveys.survey_templates import BANK, GROUP_QUESTION_KEY, TEMPLATES
from tests.factories import make_council, make_edition
from tests.surveys.builder_setup import LIKERT_LABELS, add_response, make_question, make_survey

HOSTILE = '<script>alert("x")</script> & "Zitat" \' <b>fett</b>'


pytestmark = pytest.mark.usefixtures("english")


def page(response) -> str:
    return response.get_data(as_text=True)


def choice_question(db, key="heard_via"):
    return make_question(key, QuestionType.MULTIPLE_CHOICE, options=[
        {"value": "press", "de": "Presse", "en": "Press"}, {"value": "poster", "de": "Plakat", "en": "Poster"}])


# --- Keys and creation -------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["", "Overall", "1st", "über", "with space", "a-b", "x" * 65])
def test_malformed_keys_are_refused(db, key):
    with pytest.raises(DomainError) as error:
        bank.create_question(key=key, type="likert_5", text_de="Frage")
    assert error.value.field == "key"


def test_a_key_is_unique(db):
    make_question("overall_satisfaction")
    with pytest.raises(ConflictError):
        make_question("overall_satisfaction")


def test_choice_questions_need_valid_unique_codes(db):
    with pytest.raises(DomainError, match="twice"):
        make_question("a", "single_choice", options=[{"value": "x", "de": "X"}, {"value": "x", "de": "Y"}])
    with pytest.raises(DomainError, match="not valid"):
        make_question("b", "single_choice", options=[{"value": "Großes X", "de": "X"}, {"value": "y", "de": "Y"}])
    with pytest.raises(DomainError, match="between 2"):
        make_question("c", "single_choice", options=[{"value": "x", "de": "X"}])


def test_scale_labels_are_one_per_point_or_none(db):
    with pytest.raises(DomainError, match="5 points"):
        make_question("a", "likert_5", scale_labels=LIKERT_LABELS[:3])
    assert make_question("b", "likert_5", scale_labels=[]).scale_labels == []
    assert len(make_question("c", "scale_0_10", scale_labels=[{"de": str(i)} for i in range(11)]).scale_labels) == 11


def test_yes_no_maybe_has_fixed_codes_and_other_types_keep_no_options(db):
    q = make_question("first_time", "yes_no_maybe")
    assert [o["value"] for o in q.options] == ["yes", "no", "maybe"]
    likert = make_question("venue", "likert_5", options=[{"value": "x", "de": "X"}])
    assert likert.options == []
    free = make_question("comments", "free_text", direction=ScaleDirection.LOWER_IS_BETTER)
    assert free.direction == ScaleDirection.HIGHER_IS_BETTER  # direction only means something on a scale


# --- Rewording ----------------------------------------------------------------------------------------------

def test_rewording_makes_the_next_version_linked_to_the_previous(db):
    v1 = make_question("overall_satisfaction", text_de="Wie zufrieden sind Sie?", scale_labels=LIKERT_LABELS)
    v2 = bank.reword(v1, text_de="Wie zufrieden sind Sie insgesamt?", text_en="Overall satisfied?", comparable=True)
    assert (v2.key, v2.version, v2.previous_id, v2.comparable_with_previous) == ("overall_satisfaction", 2, v1.id, True)
    assert v2.scale_labels == LIKERT_LABELS and v2.type == QuestionType.LIKERT_5  # carried over
    assert v1.text_de == "Wie zufrieden sind Sie?"  # the old version is untouched
    v3 = bank.reword(v2, text_de="Ganz anders gefragt", comparable=False)
    assert (v3.version, v3.previous_id, v3.comparable_with_previous) == (3, v2.id, False)
    assert [q.version for q in bank.versions("overall_satisfaction")] == [3, 2, 1]


def test_a_comparable_version_keeps_the_type(db):
    v1 = make_question("recommend", "yes_no_maybe")
    with pytest.raises(ConflictError, match="keep the question type") as error:
        bank.reword(v1, text_de="Würden Sie uns empfehlen?", type="scale_0_10", comparable=True)
    assert error.value.field == "type"
    assert db.session.scalar(select(func.count(Question.id))) == 1
    v2 = bank.reword(v1, text_de="Würden Sie uns empfehlen?", type="scale_0_10", comparable=False)
    assert (v2.type, v2.options, v2.comparable_with_previous) == (QuestionType.SCALE_0_10, [], False)


def test_a_comparable_version_keeps_the_option_codes_but_may_relabel_them(db):
    v1 = choice_question(db)
    relabelled = [{"value": "poster", "de": "Aushang/Plakat", "en": "Poster"},
                  {"value": "press", "de": "Zeitung", "en": "Newspaper"}]
    v2 = bank.reword(v1, text_de="Woher kennen Sie uns?", options=relabelled, comparable=True)
    assert v2.options[0]["de"] == "Aushang/Plakat"
    more = [*relabelled, {"value": "social_media", "de": "Social Media", "en": "Social media"}]
    with pytest.raises(ConflictError, match="option codes"):
        bank.reword(v2, text_de="Woher kennen Sie uns?", options=more, comparable=True)
    v3 = bank.reword(v2, text_de="Woher kennen Sie uns?", options=more, comparable=False)
    assert {o["value"] for o in v3.options} == {"press", "poster", "social_media"}


def test_a_comparable_version_keeps_the_direction(db):
    v1 = make_question("grade", "likert_5")
    with pytest.raises(ConflictError, match="direction"):
        bank.reword(v1, text_de="Note?", direction="lower_is_better", comparable=True)
    assert bank.reword(v1, text_de="Note?", direction="lower_is_better", comparable=False).direction == \
        ScaleDirection.LOWER_IS_BETTER


def test_only_the_latest_version_is_reworded_and_never_identically(db):
    v1 = make_question("venue", text_de="Der Ort war gut.")
    bank.reword(v1, text_de="Der Ort war gut erreichbar.", comparable=True)
    with pytest.raises(ConflictError, match="latest version"):
        bank.reword(v1, text_de="Noch anders", comparable=True)
    v2 = bank.latest_version("venue")
    with pytest.raises(DomainError, match="identical"):
        bank.reword(v2, text_de="Der Ort war gut erreichbar.", comparable=True)


# --- In-place correction and retiring -------------------------------------------------------------------------

def test_a_version_is_corrected_in_place_until_a_survey_asking_it_has_responses(db):
    q = make_question("venue", text_de="Der Ort war gut erreichbr.")
    survey = make_survey(make_edition(), questions=[q])
    bank.update_question(q, text_de="Der Ort war gut erreichbar.")  # in a survey, but nobody answered yet
    assert q.text_de == "Der Ort war gut erreichbar." and q.version == 1
    add_response(survey)
    with pytest.raises(ConflictError, match="Reword it"):
        bank.update_question(q, text_de="Anders")
    assert bank.is_locked(q)
    v2 = bank.reword(q, text_de="Anders", comparable=True)  # rewording is still possible
    assert v2.version == 2


def test_an_in_place_correction_of_a_comparable_version_keeps_comparability(db):
    v1 = make_question("venue")
    v2 = bank.reword(v1, text_de="Neu", comparable=True)
    with pytest.raises(ConflictError, match="keep the question type"):
        bank.update_question(v2, text_de="Neu", type="free_text")


def test_a_retired_version_is_offered_no_more(db):
    v1 = make_question("venue")
    v2 = bank.reword(v1, text_de="Neu", comparable=True)
    assert bank.latest_usable(["venue"])["venue"] is v2
    bank.retire(v2)
    assert bank.latest_usable(["venue"])["venue"] is v1
    bank.retire(v1)
    assert "venue" not in bank.latest_usable()
    bank.reinstate(v2)
    assert bank.latest_usable()["venue"] is v2


# --- Templates ---------------------------------------------------------------------------------------------------

def test_every_audience_of_every_format_has_a_template_with_bank_questions():
    assert set(TEMPLATES) == {(fmt, audience) for fmt, audiences in FORMAT_AUDIENCES.items() for audience in audiences}
    for template in TEMPLATES.values():
        keys = [key for key, _ in template["questions"]]
        assert keys and len(keys) == len(set(keys)) and set(keys) <= set(BANK)
        assert template["title"] and template["intro"]


def test_the_template_questions_are_what_the_domain_asks():
    assert BANK["overall_satisfaction"]["type"] == QuestionType.LIKERT_5
    assert BANK["recommend_score"]["type"] == QuestionType.SCALE_0_10
    assert BANK["session_rating"]["type"] == QuestionType.SESSION_RATING
    assert [o["de"] for o in BANK["heard_via"]["options"]] == [
        "Presse", "Social Media", "Schule/Kita", "Aushang/Plakat", "Freunde/Kollegen", "zufällig vorbeigekommen",
        "Sonstiges"]
    assert [o["value"] for o in BANK[GROUP_QUESTION_KEY]["options"]] == list(PARTICIPANT_ROLES)
    council = [k for k, _ in TEMPLATES[(EditionFormat.COUNCIL, FORMAT_AUDIENCES[EditionFormat.COUNCIL][0])]
               ["questions"]]
    assert council == ["meeting_usefulness", "recommendations_relevance", "preparation_documents",
                       "time_for_discussion", "comments"]


def test_ensure_bank_creates_the_template_questions_once(db):
    created = bank.ensure_bank()
    assert {q.key for q in created} == set(BANK) and all(q.version == 1 for q in created)
    bank.reword(bank.latest_version("venue"), text_de="Anders gefragt", comparable=True)
    assert bank.ensure_bank() == []
    assert db.session.scalar(select(func.count(Question.id))) == len(BANK) + 1


# --- Pages -------------------------------------------------------------------------------------------------------

def test_the_organiser_adds_a_choice_question_through_the_form(client, db, login_as):
    login_as("organiser")
    assert client.get("/manage/questions/new").status_code == 200
    response = client.post("/manage/questions/new", data={
        "key": "heard_via", "type": "multiple_choice", "text_de": "Wie haben Sie davon erfahren?",
        "text_en": "How did you hear about it?", "help_de": "", "help_en": "",
        "options": "press | Presse | Press\r\nposter | Aushang/Plakat | Poster\r\n",
        "scale_labels": "", "direction": "higher_is_better"})
    assert response.status_code == 302
    q = db.session.scalar(select(Question).where(Question.key == "heard_via"))
    assert q.options == [{"value": "press", "de": "Presse", "en": "Press"},
                         {"value": "poster", "de": "Aushang/Plakat", "en": "Poster"}]
    text = page(client.get("/manage/questions/heard_via/"))
    assert "Aushang/Plakat" in text and "Version 1" in text


@pytest.mark.parametrize(("data", "message"), [
    ({"key": "Bad Key"}, "lowercase letters"),
    ({"options": "only-one-part"}, "Line 1: write code"),
    ({"type": "nonsense"}, "Not a valid choice"),
    ({"scale_labels": "eins\nzwei"}, "5 points"),
])
def test_bad_input_gets_a_message_not_an_error(client, db, login_as, data, message):
    login_as("organiser")
    form = {"key": "venue", "type": "single_choice", "text_de": "Frage", "direction": "higher_is_better",
            "options": "a | A\nb | B", **data}
    if "scale_labels" in data:
        form["type"] = "likert_5"
    response = client.post("/manage/questions/new", data=form)
    assert response.status_code == 422
    assert message in page(response)
    assert db.session.scalar(select(func.count(Question.id))) == 0


def test_a_taken_key_is_refused_with_a_message(client, db, login_as):
    make_question("venue")
    db.session.commit()
    login_as("organiser")
    response = client.post("/manage/questions/new", data={"key": "venue", "type": "likert_5", "text_de": "Frage",
                                                           "direction": "higher_is_better"})
    assert response.status_code == 422 and "already in the bank" in page(response)


def test_rewording_through_the_form_and_the_refusal_of_a_type_change(client, db, login_as):
    make_question("venue", text_de="Der Ort war gut.")
    db.session.commit()
    login_as("organiser")
    form = page(client.get("/manage/questions/venue/reword"))
    assert "Der Ort war gut." in form  # prefilled from the latest version
    data = {"type": "free_text", "text_de": "Was sagen Sie zum Ort?", "direction": "higher_is_better",
            "comparable": "y"}
    response = client.post("/manage/questions/venue/reword", data=data)
    assert response.status_code == 422 and "keep the question type" in page(response)
    data.pop("comparable")
    assert client.post("/manage/questions/venue/reword", data=data).status_code == 302
    v2 = bank.latest_version("venue")
    assert (v2.version, v2.type, v2.comparable_with_previous) == (2, QuestionType.FREE_TEXT, False)


def test_a_locked_version_cannot_be_edited_in_place_over_http(client, db, login_as):
    q = make_question("venue")
    add_response(make_survey(make_edition(), questions=[q]))
    db.session.commit()
    login_as("organiser")
    response = client.get("/manage/questions/venue/1/edit")
    assert response.status_code == 409 and "Reword it" in page(response)
    response = client.post("/manage/questions/venue/1/edit", data={"type": "likert_5", "text_de": "Neu",
                                                                  "direction": "higher_is_better"})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Question, q.id).text_de == "Wie zufrieden sind Sie?"
    assert "has responses: can only be reworded" in page(client.get("/manage/questions/venue/"))


def test_an_unlocked_version_is_corrected_over_http(client, db, login_as):
    make_question("venue", text_de="Tippfeler")
    db.session.commit()
    login_as("organiser")
    response = client.post("/manage/questions/venue/1/edit", data={"type": "likert_5", "text_de": "Tippfehler",
                                                                  "direction": "higher_is_better"})
    assert response.status_code == 302
    assert bank.latest_version("venue").text_de == "Tippfehler"


def test_retire_and_reinstate_over_http(client, db, login_as):
    q = make_question("venue")
    db.session.commit()
    login_as("organiser")
    assert client.post("/manage/questions/venue/1/retire").status_code == 302
    db.session.expire_all()
    assert db.session.get(Question, q.id).is_retired
    assert "Retired" in page(client.get("/manage/questions/"))
    client.post("/manage/questions/venue/1/reinstate")
    db.session.expire_all()
    assert not db.session.get(Question, q.id).is_retired


def test_unknown_keys_and_versions_are_404(client, db, login_as):
    make_question("venue")
    db.session.commit()
    login_as("organiser")
    assert client.get("/manage/questions/nothing/").status_code == 404
    assert client.get("/manage/questions/venue/7/edit").status_code == 404
    assert client.post("/manage/questions/nothing/reword", data={}).status_code == 404


def test_the_bank_lists_each_key_once_in_its_latest_version_and_filters(client, db, login_as):
    v1 = make_question("venue", text_de="Alte Fassung")
    bank.reword(v1, text_de="Neue Fassung", comparable=True)
    make_question("comments", "free_text", text_de="Kommentare bitte")
    council_only = make_question("meeting_usefulness", text_de="Sitzung nützlich")
    make_survey(make_council(), questions=[council_only])
    db.session.commit()
    login_as("organiser")
    text = page(client.get("/manage/questions/"))
    assert "Neue Fassung" in text and "Alte Fassung" not in text
    assert text.index("comments") < text.index("meeting_usefulness") < text.index("venue")
    text = page(client.get("/manage/questions/?type=free_text"))
    assert "Kommentare bitte" in text and "Neue Fassung" not in text
    text = page(client.get("/manage/questions/?format=council"))
    assert "Sitzung nützlich" in text and "Kommentare bitte" in text  # comments: in the council template
    assert "Neue Fassung" not in text  # "venue" is in the open-day template only
    text = page(client.get("/manage/questions/?format=open_day"))
    assert "Sitzung nützlich" not in text and "Neue Fassung" in text
    assert client.get("/manage/questions/?type=bogus&format=bogus").status_code == 200


def test_the_template_questions_can_be_added_from_the_bank_page(client, db, login_as):
    login_as("organiser")
    assert client.post("/manage/questions/templates").status_code == 302
    assert db.session.scalar(select(func.count(Question.id))) == len(BANK)
    client.post("/manage/questions/templates")
    assert db.session.scalar(select(func.count(Question.id))) == len(BANK)


def test_hostile_text_is_stored_verbatim_and_shown_escaped(client, db, login_as):
    login_as("organiser")
    response = client.post("/manage/questions/new", data={
        "key": "hostile", "type": "single_choice", "text_de": HOSTILE, "text_en": HOSTILE, "help_de": HOSTILE,
        "options": f"a | {HOSTILE}\nb | B", "direction": "higher_is_better"})
    assert response.status_code == 302
    q = bank.latest_version("hostile")
    assert q.text_de == HOSTILE.strip() and q.options[0]["de"] == HOSTILE.strip()
    for url in ("/manage/questions/", "/manage/questions/hostile/", "/manage/questions/hostile/1/edit"):
        text = page(client.get(url))
        assert "<script>alert" not in text and "<b>fett</b>" not in text
        assert "&lt;script&gt;" in text


# --- Access and queries -------------------------------------------------------------------------------------------

WRITES = [("GET", "/manage/questions/new"), ("POST", "/manage/questions/new"), ("POST", "/manage/questions/templates"),
          ("GET", "/manage/questions/venue/reword"), ("POST", "/manage/questions/venue/reword"),
          ("GET", "/manage/questions/venue/1/edit"), ("POST", "/manage/questions/venue/1/edit"),
          ("POST", "/manage/questions/venue/1/retire"), ("POST", "/manage/questions/venue/1/reinstate")]


@pytest.mark.parametrize("role", ["analyst", "reviewer", "provider"])
@pytest.mark.parametrize(("method", "url"), WRITES)
def test_only_organisers_change_the_bank(client, db, login_as, role, method, url):
    make_question("venue")
    db.session.commit()
    login_as(role)
    assert client.open(url, method=method).status_code == 403
    assert not bank.latest_version("venue").is_retired


def test_analysts_read_the_bank_and_reviewers_and_providers_do_not(client, db, login_as):
    make_question("venue", text_de="Der Ort war gut.")
    db.session.commit()
    login_as("analyst")
    text = page(client.get("/manage/questions/"))
    assert "Der Ort war gut." in text and "Add a question" not in text
    text = page(client.get("/manage/questions/venue/"))
    assert "Der Ort war gut." in text and "Retire this version" not in text and "Reword" not in text
    client.post("/logout")
    for role in ("reviewer", "provider"):
        login_as(role)
        assert client.get("/manage/questions/").status_code == 403
        assert client.get("/manage/questions/venue/").status_code == 403
        client.post("/logout")


def test_the_bank_list_needs_the_same_queries_for_one_or_fifty_keys(client, db, login_as, count_queries):
    login_as("organiser")
    edition = make_edition()

    def fill(first, last):
        made = [make_question(f"key_{i:03d}") for i in range(first, last)]
        for q in made[::2]:
            bank.reword(q, text_de="Neu", comparable=True)
        return made

    make_survey(edition, questions=fill(0, 1))
    db.session.commit()
    with count_queries() as few:
        assert client.get("/manage/questions/?format=open_day").status_code == 200
    make_survey(make_edition(), questions=fill(1, 51))
    db.session.commit()
    with count_queries() as many:
        text = page(client.get("/manage/questions/?format=open_day"))
    assert "key_050" in text
    assert many.count == few.count
