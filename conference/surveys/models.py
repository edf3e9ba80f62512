"""Feedback surveys and the learning loop: a versioned question bank, surveys per edition and audience,
anonymous responses, frozen results per edition and action items aimed at the next edition.

Anonymity lives in the schema: ``survey_response`` and ``survey_answer`` have no foreign key to any
person-like table (person, registration, booking, invitation, user, membership, token) and no timestamp,
only the date of submission. Who was invited and whether they answered is kept apart, in
``survey_invitation`` and ``survey_participation``, with nothing that links to a response.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    inspect,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from conference.database import Timestamps, UTCDateTime, enum_column, new_token, utcnow
from conference.editions.models import Edition, EditionFormat
from conference.extensions import db
from conference.i18n import in_language
from conference.program.models import Session

# --- The question bank ---------------------------------------------------------------------------------

class QuestionType(enum.StrEnum):
    LIKERT_5 = "likert_5"
    SCALE_0_10 = "scale_0_10"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO_MAYBE = "yes_no_maybe"
    FREE_TEXT = "free_text"
    # One rating (Likert 5) per session: the sessions attended (invited audiences) or picked (open link).
    SESSION_RATING = "session_rating"

    @property
    def label(self):
        return QUESTION_TYPE_LABELS[self]

    @property
    def is_scale(self) -> bool:
        return self in (QuestionType.LIKERT_5, QuestionType.SCALE_0_10, QuestionType.SESSION_RATING)


QUESTION_TYPE_LABELS = {
    QuestionType.LIKERT_5: _l("Likert scale (5 points)"),
    QuestionType.SCALE_0_10: _l("Scale 0–10"),
    QuestionType.SINGLE_CHOICE: _l("Single choice"),
    QuestionType.MULTIPLE_CHOICE: _l("Multiple choice"),
    QuestionType.YES_NO_MAYBE: _l("Yes / no / maybe"),
    QuestionType.FREE_TEXT: _l("Free text"),
    QuestionType.SESSION_RATING: _l("Rating per session"),
}


class ScaleDirection(enum.StrEnum):
    # The highest value is the best (Likert: 5 = fully agree; 0–10: 10 = best).
    HIGHER_IS_BETTER = "higher_is_better"
    # The lowest value is the best (German school grades: 1 = sehr gut).
    LOWER_IS_BETTER = "lower_is_better"

    @property
    def label(self):
        return {ScaleDirection.HIGHER_IS_BETTER: _l("Higher is better"),
                ScaleDirection.LOWER_IS_BETTER: _l("Lower is better (like school grades)")}[self]


class Question(Timestamps, db.Model):
    """One version of a question. The ``key`` is the question's stable identity across editions; rewording
    makes a new version, and the organiser says whether it stays comparable with the one before.

    ``options`` (choice types): ``[{"value": "press", "de": "Presse", "en": "Press"}, …]``.
    ``scale_labels`` (scale types): one label per point from the lowest value up,
    ``[{"de": "trifft nicht zu", "en": "disagree"}, …]`` (may be empty: numbers only)."""

    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("key", "version"),
                      CheckConstraint("version >= 1", name="version_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    type: Mapped[QuestionType] = mapped_column(enum_column(QuestionType, "question_type"))
    text_de: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text, default="")
    help_de: Mapped[str] = mapped_column(Text, default="")
    help_en: Mapped[str] = mapped_column(Text, default="")
    options: Mapped[list[dict]] = mapped_column(JSON, default=list)
    scale_labels: Mapped[list[dict]] = mapped_column(JSON, default=list)
    direction: Mapped[ScaleDirection] = mapped_column(enum_column(ScaleDirection, "scale_direction"),
                                                      default=ScaleDirection.HIGHER_IS_BETTER,
                                                      server_default=ScaleDirection.HIGHER_IS_BETTER.value)
    # Whether results of this version may be compared with the previous version's (set when rewording).
    comparable_with_previous: Mapped[bool] = mapped_column(default=True, server_default=true())
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("question.id", ondelete="SET NULL"))
    # A retired version stays for old surveys and results but is not offered for new surveys.
    is_retired: Mapped[bool] = mapped_column(default=False, server_default=false())

    previous: Mapped[Question | None] = relationship(remote_side=[id])

    def text(self, locale: str) -> str:
        return in_language(self.text_de, self.text_en, locale)


# --- Surveys ---------------------------------------------------------------------------------------------

class Audience(enum.StrEnum):
    VISITORS = "visitors"            # participants and visitors (open day: also the open link)
    PROVIDERS = "providers"          # partner institutions that offered sessions
    COUNCIL_MEMBERS = "council_members"
    REGISTRANTS = "registrants"      # people who registered (also those who did not come)

    @property
    def label(self):
        return AUDIENCE_LABELS[self]


AUDIENCE_LABELS = {
    Audience.VISITORS: _l("Visitors and participants"),
    Audience.PROVIDERS: _l("Partner institutions"),
    Audience.COUNCIL_MEMBERS: _l("Council members"),
    Audience.REGISTRANTS: _l("Registrants"),
}
# Which audiences a format has.
FORMAT_AUDIENCES = {
    EditionFormat.OPEN_DAY: (Audience.VISITORS, Audience.PROVIDERS, Audience.REGISTRANTS),
    EditionFormat.COUNCIL: (Audience.COUNCIL_MEMBERS,),
}


class Survey(Timestamps, db.Model):
    """The survey of one audience at one edition: its questions in order, a window and an intro text."""

    __tablename__ = "survey"
    __table_args__ = (UniqueConstraint("edition_id", "audience"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    audience: Mapped[Audience] = mapped_column(enum_column(Audience, "survey_audience"))
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text, default="")
    # English title and intro for those who read the site in English; empty: the German ones are shown.
    title_en: Mapped[str] = mapped_column(String(200), default="", server_default="")
    intro_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Anyone with the link may answer (the open day's visitors, e.g. by QR poster); otherwise personal links.
    is_open_link: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The random part of the open link (/s/<open_key>); never a person's token.
    open_key: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("survey.id", ondelete="SET NULL"))

    edition: Mapped[Edition] = relationship()
    questions: Mapped[list[SurveyQuestion]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", order_by="SurveyQuestion.position")
    copied_from: Mapped[Survey | None] = relationship(remote_side=[id])

    def title_in(self, locale: str) -> str:
        return in_language(self.title, self.title_en, locale)

    def intro_in(self, locale: str) -> str:
        return in_language(self.intro, self.intro_en, locale)

    def is_open(self, now: datetime) -> bool:
        return (self.opens_at is not None and self.closes_at is not None
                and self.opens_at <= now < self.closes_at)


class SurveyQuestion(db.Model):
    """A question (one version) in a survey, at a position."""

    __tablename__ = "survey_question"
    __table_args__ = (UniqueConstraint("survey_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="RESTRICT"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_required: Mapped[bool] = mapped_column(default=False, server_default=false())

    survey: Mapped[Survey] = relationship(back_populates="questions")
    question: Mapped[Question] = relationship()


# --- Distribution: who was asked, and only *that* they answered --------------------------------------------

class SurveyInvitation(Timestamps, db.Model):
    """A personal link to a survey for one person of an invited audience. Personal data: purged with the
    edition's other personal data. ``registration_id`` lets the survey offer ratings of the sessions that
    person attended; nothing here ever points to a response."""

    __tablename__ = "survey_invitation"
    __table_args__ = (UniqueConstraint("survey_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200), default="")
    locale: Mapped[str] = mapped_column(String(8), default="de", server_default="de")
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    survey: Mapped[Survey] = relationship()


class SurveyParticipation(db.Model):
    """Only that an invitation has been used to answer: it blocks a second answer. No time, no link to the
    response (the response row is written in the same transaction but carries nothing that points here)."""

    __tablename__ = "survey_participation"

    invitation_id: Mapped[int] = mapped_column(ForeignKey("survey_invitation.id", ondelete="CASCADE"),
                                               primary_key=True)


# --- Anonymous responses -------------------------------------------------------------------------------------

class SurveyResponse(db.Model):
    """One anonymous response. Deliberately without any link to a person and without a time of day."""

    __tablename__ = "survey_response"
    # The target of survey_answer's (response_id, survey_id) foreign key. A unique index rather than a
    # constraint: SQLite adds it without rebuilding the table (a rebuild would delete every answer).
    __table_args__ = (Index("ix_survey_response_id_survey_id", "id", "survey_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    submitted_on: Mapped[date] = mapped_column(Date)
    # A coarse group the respondent chose (e.g. "teacher"), for filtered analysis; groups under 5 are
    # never shown. Empty: not given.
    respondent_group: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # "invited" or "open": how the response came in (not who).
    channel: Mapped[str] = mapped_column(String(16), default="open", server_default="open")

    answers: Mapped[list[SurveyAnswer]] = relationship(back_populates="response", cascade="all, delete-orphan")


class SurveyAnswer(db.Model):
    """One answer: a number (scale types and session ratings, which also name the session), a choice code
    (single choice; yes/no/maybe as "yes", "no", "maybe"; one row per chosen option for multiple choice),
    or a text (free text).

    ``survey_id`` repeats the response's survey so that a survey's answers are counted from one index
    without a join (``ix_survey_answer_survey_id`` covers every column the counts read: PostgreSQL
    aggregates from the index alone). The foreign key on (response_id, survey_id) keeps it equal to the
    response's survey; the ORM fills both from ``response``, and a Core insert names both."""

    __tablename__ = "survey_answer"
    __table_args__ = (
        ForeignKeyConstraint(["response_id", "survey_id"], ["survey_response.id", "survey_response.survey_id"],
                             ondelete="CASCADE"),
        Index("ix_survey_answer_question_id_session_id", "question_id", "session_id"),
        Index("ix_survey_answer_survey_id", "survey_id", "question_id", "session_id", "value", "choice",
              "response_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(Integer, index=True)
    survey_id: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="RESTRICT"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("session.id", ondelete="SET NULL"))
    value: Mapped[int | None] = mapped_column(Integer)
    choice: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text)
    # Free text an analyst has hidden (insulting, identifying): kept, but shown to nobody.
    is_hidden: Mapped[bool] = mapped_column(default=False, server_default=false())

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()
    session: Mapped[Session | None] = relationship()


# --- Frozen results and action items -------------------------------------------------------------------------

class EditionResult(db.Model):
    """An edition's aggregates, frozen when it is evaluated: immutable; a re-evaluation adds a new version.
    Comparison across editions reads only these, so it stays fast and survives every purge.

    ``data`` holds every aggregate: ``{"edition": 27, "format": "open_day", "metrics": {...},
    "questions": [{"key": ..., "version": ..., "type": ..., "n": ..., ...}], "sessions": [...]}``.

    The edition's number, format and title (``edition_number``, ``edition_format``, ``edition_title``) and
    each question's aggregates (``questions``, one ``EditionResultQuestion`` per entry of ``data["questions"]``)
    are copies of parts of ``data``, taken when ``data`` is set: the comparison across editions reads only
    these, never decoding the whole documents (their session rankings and figures)."""

    __tablename__ = "edition_result"
    __table_args__ = (UniqueConstraint("edition_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # RESTRICT: an edition cannot be deleted from under its frozen results, not even in the database.
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="RESTRICT"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    data: Mapped[dict] = mapped_column(JSON)
    frozen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    frozen_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # Copied from ``data`` (see the docstring).
    edition_number: Mapped[int | None] = mapped_column(Integer)
    edition_format: Mapped[str] = mapped_column(String(32), default="", server_default="")
    edition_title: Mapped[str] = mapped_column(String(200), default="", server_default="")

    edition: Mapped[Edition] = relationship()
    questions: Mapped[list[EditionResultQuestion]] = relationship(
        back_populates="result", order_by="EditionResultQuestion.position", cascade="all, delete-orphan")

    @validates("data")
    def _copy_parts(self, _key: str, data: dict) -> dict:
        """Take the copies of ``data``'s parts while the result is new. A stored result is never changed (a
        flush that would change it is refused, see ``results``), so the copies cannot drift from the
        document."""
        if inspect(self).has_identity:
            return data
        self.edition_number = data.get("edition")
        self.edition_format = str(data.get("format") or "")
        self.edition_title = str(data.get("title") or "")
        self.questions = [EditionResultQuestion(position=position, key=str(question.get("key") or ""), data=question)
                          for position, question in enumerate(data.get("questions") or [])]
        return data


class EditionResultQuestion(db.Model):
    """One question's frozen aggregates: ``EditionResult.data["questions"][position]``, written with the
    result and as immutable. The trend of one key reads only that key's rows (by ``key``), so it costs what
    the page shows, not what every edition's document weighs."""

    __tablename__ = "edition_result_question"
    __table_args__ = (UniqueConstraint("result_id", "position"),
                      Index("ix_edition_result_question_key", "key", "result_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("edition_result.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict] = mapped_column(JSON)

    result: Mapped[EditionResult] = relationship(back_populates="questions")


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self):
        return {ActionStatus.OPEN: _l("Open"), ActionStatus.IN_PROGRESS: _l("In progress"),
                ActionStatus.DONE: _l("Done"), ActionStatus.DROPPED: _l("Dropped")}[self]


class ActionItem(Timestamps, db.Model):
    """From a finding to an action for the next edition: aimed at a question key or a metric, so that the
    next edition's results show before and after."""

    __tablename__ = "action_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The edition whose results showed the finding, and the one the action is for.
    source_edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    target_edition_id: Mapped[int | None] = mapped_column(ForeignKey("edition.id", ondelete="SET NULL"), index=True)
    question_key: Mapped[str] = mapped_column(String(64), default="", server_default="", index=True)
    metric: Mapped[str] = mapped_column(String(64), default="", server_default="")
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus, "action_status", 16),
                                                 default=ActionStatus.OPEN, server_default=ActionStatus.OPEN.value)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    source_edition: Mapped[Edition] = relationship(foreign_keys=[source_edition_id])
    target_edition: Mapped[Edition | None] = relationship(foreign_keys=[target_edition_id])
