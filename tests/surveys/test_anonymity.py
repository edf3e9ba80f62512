"""Anonymity in the schema and in the data.

- ``survey_response`` and ``survey_answer`` have no foreign key to any person-like table, nor to any table
  with an e-mail, token or name column, and no column with a time of day (a date at most); checked on the
  models' metadata and on the database built by the real migrations;
- ``survey_participation`` holds nothing but the invitation id;
- after an answer through a personal link, nothing in the response's rows equals or contains the
  invitation's token, id or address or the registration's id, and the invitation row is left untouched.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Date, DateTime, Time, inspect, select

import conference.models  # noqa: F401  (every table in the metadata)
from conference.extensions import db as _db
from conference.surveys import distribution
from conference.surveys.models import Audience, SurveyInvitation, SurveyParticipation, SurveyResponse
from tests.surveys.answer_setup import book, every_type, make_registration, make_survey, open_day_with_sessions

ANONYMOUS = ("survey_response", "survey_answer")
PERSON_LIKE = {"person", "registration", "booking", "invitation", "survey_invitation", "survey_participation",
               "user_account", "membership", "attendance", "co_presenter", "ranking", "outbox_message"}
# What may be referenced: the survey, the answer's own response, the question asked and the session rated.
ALLOWED_TARGETS = {"survey_response": {"survey"}, "survey_answer": {"survey_response", "question", "session"}}


def identifying(column_name: str) -> bool:
    name = column_name.lower()
    return "email" in name or "token" in name or name in {"name", "given_name", "family_name", "substitute_name"}


def test_the_forbidden_list_covers_every_table_with_personal_columns():
    """Any table with an e-mail, token or name column counts as person-like, whatever its name."""
    tables = _db.metadata.tables
    with_personal_columns = {name for name, table in tables.items() if any(identifying(c.name) for c in table.c)}
    assert {"person", "registration", "survey_invitation", "invitation", "user_account"} <= with_personal_columns
    for table in ANONYMOUS:
        targets = {fk.column.table.name for fk in tables[table].foreign_keys}
        assert not targets & (PERSON_LIKE | with_personal_columns), table


@pytest.mark.parametrize("table", ANONYMOUS)
def test_the_models_reference_no_person_like_table(table):
    referred = {fk.column.table.name for fk in _db.metadata.tables[table].foreign_keys}
    assert referred == ALLOWED_TARGETS[table]
    assert not referred & PERSON_LIKE
    for target in referred:  # nor any table with personal columns
        assert not [c.name for c in _db.metadata.tables[target].c if identifying(c.name)], target


@pytest.mark.parametrize("table", ANONYMOUS)
def test_the_models_have_no_time_of_day(table):
    for column in _db.metadata.tables[table].c:
        assert column.type.python_type is not datetime, column.name
        assert not isinstance(getattr(column.type, "impl", column.type), DateTime | Time), column.name
        assert not identifying(column.name), column.name
    if table == "survey_response":
        assert isinstance(_db.metadata.tables[table].c.submitted_on.type, Date)


@pytest.mark.parametrize("table", ANONYMOUS)
def test_the_migrated_database_agrees(db, table):
    """The database built by the migrations, not only the models: foreign keys and column types."""
    inspector = inspect(db.engine)
    referred = {fk["referred_table"] for fk in inspector.get_foreign_keys(table)}
    assert referred == ALLOWED_TARGETS[table]
    columns = {c["name"]: c["type"] for c in inspector.get_columns(table)}
    for name, kind in columns.items():
        assert not isinstance(kind, DateTime | Time), name
        assert not identifying(name), name
    if table == "survey_response":
        assert set(columns) == {"id", "survey_id", "submitted_on", "respondent_group", "channel"}
        assert isinstance(columns["submitted_on"], Date) and not isinstance(columns["submitted_on"], DateTime)
    else:
        assert set(columns) == {"id", "response_id", "survey_id", "question_id", "session_id", "value", "choice",
                                "text", "is_hidden"}


def test_participation_holds_only_the_invitation(db):
    assert [c.name for c in _db.metadata.tables["survey_participation"].c] == ["invitation_id"]
    inspector = inspect(db.engine)
    assert [c["name"] for c in inspector.get_columns("survey_participation")] == ["invitation_id"]
    assert inspector.get_pk_constraint("survey_participation")["constrained_columns"] == ["invitation_id"]
    assert {fk["referred_table"] for fk in inspector.get_foreign_keys("survey_participation")} == {"survey_invitation"}
    # Nothing points from the invitations to the responses either.
    for table in ("survey_invitation", "survey_participation"):
        assert not {fk["referred_table"] for fk in inspector.get_foreign_keys(table)} & set(ANONYMOUS)


def test_an_answer_by_personal_link_carries_nothing_of_the_invitation(client, db):
    edition, sessions, _ = open_day_with_sessions(2)
    survey = make_survey(edition, Audience.REGISTRANTS, every_type())
    # Sixty registrants first, so that the invitation's and the registration's ids are numbers that no
    # small id or value of the response could equal by chance.
    for _ in range(60):
        make_registration(edition)
    registration = make_registration(edition, "ada.lovelace@example.org", name="Ada Lovelace")
    book(registration, sessions[0])
    distribution.invite(survey)
    invitation = db.session.scalar(select(SurveyInvitation).where(SurveyInvitation.registration_id == registration.id))
    db.session.commit()
    token, invitation_id, email, registration_id = invitation.token, invitation.id, invitation.email, registration.id
    touched = invitation.updated_at
    assert invitation_id > 60 and registration_id > 60
    q = [sq.id for sq in survey.questions]
    answers = {f"q{q[0]}": "5", f"q{q[1]}": "10", f"q{q[2]}": "parent", f"q{q[3]}": ["press", "friends"],
               f"q{q[4]}": "maybe", f"q{q[5]}": "Alles gut.", f"q{q[6]}_s{sessions[0].id}": "4"}
    assert client.post(f"/survey/{token}", data=answers).status_code == 303
    db.session.expire_all()

    rows = []
    for table in ANONYMOUS:
        rows += [(table, dict(row)) for row in db.session.execute(select(_db.metadata.tables[table])).mappings()]
    assert len(rows) == 1 + 8
    secrets = (token, email, email.split("@")[0], "Ada", "Lovelace")
    for table, row in rows:
        for column, value in row.items():
            if isinstance(value, int) and not isinstance(value, bool):
                assert value not in (invitation_id, registration_id), (table, column)
            if isinstance(value, str):
                assert not any(secret.lower() in value.lower() for secret in secrets), (table, column)
                assert str(invitation_id) not in value and str(registration_id) not in value, (table, column)
            assert not isinstance(value, datetime), (table, column)
    (response,) = db.session.scalars(select(SurveyResponse)).all()
    assert type(response.submitted_on) is date and response.channel == "invited"
    # Only the marker records that this invitation answered, and the invitation row itself is unchanged
    # (its updated_at would otherwise tell when).
    assert db.session.get(SurveyParticipation, invitation_id) is not None
    assert db.session.get(SurveyInvitation, invitation_id).updated_at == touched
