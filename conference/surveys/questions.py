"""The question bank: questions with a stable key, versioned when reworded.

Rules:
- a key is lowercase ``a-z0-9_`` (starting with a letter) and names one question across editions;
- rewording creates version n+1 of the key, which the organiser marks as comparable with version n or
  not; a comparable version keeps the type, the option codes and the scale direction (labels and texts
  may change), a non-comparable one may change them;
- a version used in a survey that has responses is never edited in place: it can only be reworded;
- a retired version stays in old surveys and results but is offered for no new survey.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import distinct, exists, false, func, or_, select

from conference.editions.models import Edition, EditionFormat
from conference.errors import ConflictError, DomainError, NotFoundError
from conference.extensions import db
from conference.surveys.models import (
    Question,
    QuestionType,
    ScaleDirection,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)

KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,63}")
CODE_PATTERN = re.compile(r"[a-z0-9_]{1,64}")
CHOICE_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE})
# How many points a scale type has (its labels are either none or exactly one per point).
SCALE_POINTS = {QuestionType.LIKERT_5: 5, QuestionType.SESSION_RATING: 5, QuestionType.SCALE_0_10: 11}
# Yes / no / maybe has fixed codes (answers store them as the choice); kept on the question for display.
YES_NO_MAYBE_OPTIONS = [
    {"value": "yes", "de": "Ja", "en": "Yes"},
    {"value": "no", "de": "Nein", "en": "No"},
    {"value": "maybe", "de": "Vielleicht", "en": "Maybe"},
]
MAX_OPTIONS = 30
MAX_TEXT = 2000


# --- Loading -------------------------------------------------------------------------------------------

def get_question(question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None:
        raise NotFoundError(gettext("This question does not exist."))
    return question


def versions(key: str) -> list[Question]:
    """Every version of ``key``, newest first; 404 if the key is not in the bank."""
    found = list(db.session.scalars(select(Question).where(Question.key == key).order_by(Question.version.desc())))
    if not found:
        raise NotFoundError(gettext("This question does not exist."))
    return found


def latest_version(key: str) -> Question | None:
    return db.session.scalar(select(Question).where(Question.key == key).order_by(Question.version.desc()).limit(1))


def latest_usable(keys=None) -> dict[str, Question]:
    """The newest non-retired version of each key (of ``keys``, or of the whole bank), in one query.
    Keys whose versions are all retired are missing."""
    newest = (select(Question.key, func.max(Question.version).label("version"))
              .where(Question.is_retired == false()).group_by(Question.key))
    if keys is not None:
        newest = newest.where(Question.key.in_(list(keys)))
    newest = newest.subquery()
    query = (select(Question).join(newest, (Question.key == newest.c.key) & (Question.version == newest.c.version))
             .order_by(Question.key))
    return {q.key: q for q in db.session.scalars(query)}


def is_locked(question: Question) -> bool:
    """Whether ``question`` is used in a survey that has responses (or has answers): then it can only
    be reworded, never edited in place."""
    return bool(db.session.scalar(select(
        exists().where(SurveyQuestion.question_id == question.id,
                       SurveyQuestion.survey_id == SurveyResponse.survey_id)
        | exists().where(SurveyAnswer.question_id == question.id))))


def require_editable(question: Question) -> None:
    """Refuse (409) to edit a locked version in place."""
    if is_locked(question):
        raise ConflictError(gettext("Version %(n)d of “%(key)s” is used in a survey that already has responses, so "
                                    "it cannot be edited in place. Reword it to create a new version.",
                                    n=question.version, key=question.key))


@dataclass
class VersionUse:
    surveys: int        # surveys that ask this version
    locked: bool        # one of them has responses


def version_uses(questions: list[Question]) -> dict[int, VersionUse]:
    """Per question id: in how many surveys it is asked and whether it is locked (two queries)."""
    ids = [q.id for q in questions]
    counts = dict(db.session.execute(
        select(SurveyQuestion.question_id, func.count(SurveyQuestion.id))
        .where(SurveyQuestion.question_id.in_(ids)).group_by(SurveyQuestion.question_id)).all())
    answered = select(SurveyResponse.survey_id).distinct().scalar_subquery()
    locked = set(db.session.scalars(
        select(SurveyQuestion.question_id).where(SurveyQuestion.question_id.in_(ids),
                                                 SurveyQuestion.survey_id.in_(answered))))
    locked |= set(db.session.scalars(select(SurveyAnswer.question_id).where(SurveyAnswer.question_id.in_(ids))))
    return {i: VersionUse(surveys=counts.get(i, 0), locked=i in locked) for i in ids}


@dataclass
class BankEntry:
    question: Question   # the latest version of the key
    versions: int
    surveys: int         # surveys asking any version of the key


def bank(*, type: QuestionType | str | None = None, format: EditionFormat | str | None = None) -> list[BankEntry]:
    """One entry per key (its latest version), ordered by key, in a fixed number of queries.

    ``type`` keeps keys whose latest version has that type; ``format`` keeps keys used by that format:
    in one of its templates or in a survey of one of its editions."""
    from conference.surveys.survey_templates import template_keys

    stats = (select(Question.key, func.max(Question.version).label("latest"), func.count(Question.id).label("n"))
             .group_by(Question.key).subquery())
    query = (select(Question, stats.c.n)
             .join(stats, (Question.key == stats.c.key) & (Question.version == stats.c.latest))
             .order_by(Question.key))
    if type:
        query = query.where(Question.type == QuestionType(type))
    if format:
        format = EditionFormat(format)
        used = (select(Question.key).join(SurveyQuestion, SurveyQuestion.question_id == Question.id)
                .join(Survey, Survey.id == SurveyQuestion.survey_id).join(Edition, Edition.id == Survey.edition_id)
                .where(Edition.format == format))
        query = query.where(or_(Question.key.in_(used.scalar_subquery()),
                                Question.key.in_(sorted(template_keys(format)))))
    rows = db.session.execute(query).all()
    surveys = dict(db.session.execute(
        select(Question.key, func.count(distinct(SurveyQuestion.survey_id)))
        .join(SurveyQuestion, SurveyQuestion.question_id == Question.id).group_by(Question.key)).all())
    return [BankEntry(question=q, versions=n, surveys=surveys.get(q.key, 0)) for q, n in rows]


# --- Validation ----------------------------------------------------------------------------------------

def _text(value: str | None, field: str, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(gettext("Please enter the question in German."), field=field)
    if len(value) > MAX_TEXT:
        raise DomainError(gettext("Please keep this under %(n)d characters.", n=MAX_TEXT), field=field)
    return value


def _options(type: QuestionType, options) -> list[dict]:
    if type == QuestionType.YES_NO_MAYBE:
        return [dict(o) for o in YES_NO_MAYBE_OPTIONS]
    if type not in CHOICE_TYPES:
        return []  # other types have no options: whatever was entered for them is not kept
    cleaned, seen = [], set()
    for option in options or ():
        value = str(option.get("value", "")).strip()
        label_de, label_en = str(option.get("de", "")).strip(), str(option.get("en", "")).strip()
        if not CODE_PATTERN.fullmatch(value):
            raise DomainError(gettext("Option code “%(code)s” is not valid: use lowercase letters, digits and _ "
                                      "(up to 64).", code=value), field="options")
        if value in seen:
            raise DomainError(gettext("Option code “%(code)s” appears twice.", code=value), field="options")
        if not label_de:
            raise DomainError(gettext("Option “%(code)s” needs a German label.", code=value), field="options")
        if len(label_de) > 300 or len(label_en) > 300:
            raise DomainError(gettext("Option labels must be under 300 characters."), field="options")
        seen.add(value)
        cleaned.append({"value": value, "de": label_de, "en": label_en})
    if not 2 <= len(cleaned) <= MAX_OPTIONS:
        raise DomainError(gettext("A choice question needs between 2 and %(n)d options.", n=MAX_OPTIONS),
                          field="options")
    return cleaned


def _scale_labels(type: QuestionType, labels) -> list[dict]:
    points = SCALE_POINTS.get(type)
    if points is None:
        return []
    cleaned = [{"de": str(label.get("de", "")).strip(), "en": str(label.get("en", "")).strip()}
               for label in labels or ()]
    if cleaned and len(cleaned) != points:
        raise DomainError(gettext("This scale has %(n)d points: give one label per point, from the lowest value "
                                  "up, or none at all.", n=points), field="scale_labels")
    if any(len(label["de"]) > 200 or len(label["en"]) > 200 for label in cleaned):
        raise DomainError(gettext("Scale labels must be under 200 characters."), field="scale_labels")
    return cleaned


def _content(type, *, text_de, text_en, help_de, help_en, options, scale_labels, direction) -> dict:
    """The cleaned, checked fields of a version (everything but key, version and lineage)."""
    try:
        type = QuestionType(type)
    except ValueError:
        raise DomainError(gettext("Please choose a question type."), field="type") from None
    try:
        direction = ScaleDirection(direction or ScaleDirection.HIGHER_IS_BETTER)
    except ValueError:
        raise DomainError(gettext("Please choose a scale direction."), field="direction") from None
    return {
        "type": type,
        "text_de": _text(text_de, "text_de", required=True), "text_en": _text(text_en, "text_en"),
        "help_de": _text(help_de, "help_de"), "help_en": _text(help_en, "help_en"),
        "options": _options(type, options), "scale_labels": _scale_labels(type, scale_labels),
        # Direction only means something for scales; other types keep the default.
        "direction": direction if type.is_scale else ScaleDirection.HIGHER_IS_BETTER,
    }


def _check_comparable(previous: Question, content: dict) -> None:
    """A comparable version measures the same thing on the same scale: same type, codes and direction."""
    if content["type"] != previous.type:
        raise ConflictError(gettext("A comparable version must keep the question type (%(type)s). Mark the new "
                                    "version as not comparable to change it.", type=previous.type.label),
                            field="type")
    old_codes = {o["value"] for o in previous.options or ()}
    new_codes = {o["value"] for o in content["options"]}
    if old_codes != new_codes:
        raise ConflictError(gettext("A comparable version must keep the option codes (%(codes)s); their labels "
                                    "may change. Mark the new version as not comparable to add or remove "
                                    "options.", codes=", ".join(sorted(old_codes))), field="options")
    if content["direction"] != previous.direction:
        raise ConflictError(gettext("A comparable version must keep the scale direction. Mark the new version as "
                                    "not comparable to turn the scale around."), field="direction")


# --- Changes -------------------------------------------------------------------------------------------

def normalise_key(key: str) -> str:
    key = (key or "").strip()
    if not KEY_PATTERN.fullmatch(key):
        raise DomainError(gettext("A key uses lowercase letters a–z, digits and _, starts with a letter and has at "
                                  "most 64 characters, e.g. overall_satisfaction."), field="key")
    return key


def create_question(*, key: str, type: QuestionType | str, text_de: str, text_en: str = "", help_de: str = "",
                    help_en: str = "", options=(), scale_labels=(),
                    direction: ScaleDirection | str = ScaleDirection.HIGHER_IS_BETTER) -> Question:
    """Version 1 of a new key. Refuses a malformed or taken key and incomplete content."""
    key = normalise_key(key)
    if db.session.scalar(select(exists().where(Question.key == key))):
        raise ConflictError(gettext("The key “%(key)s” is already in the bank. Reword that question to make a new "
                                    "version.", key=key), field="key")
    content = _content(type, text_de=text_de, text_en=text_en, help_de=help_de, help_en=help_en, options=options,
                       scale_labels=scale_labels, direction=direction)
    question = Question(key=key, version=1, comparable_with_previous=True, **content)
    db.session.add(question)
    db.session.flush()
    return question


def reword(question: Question, *, text_de: str, text_en: str = "", help_de: str = "", help_en: str = "",
           comparable: bool, type: QuestionType | str | None = None, options=None, scale_labels=None,
           direction: ScaleDirection | str | None = None) -> Question:
    """Version n+1 of ``question``'s key (``question`` must be the latest version). Type, options, scale
    labels and direction default to the previous version's. A ``comparable`` version may not change the
    type, the option codes or the direction (refused with a ConflictError)."""
    latest = latest_version(question.key)
    if latest is not question:
        raise ConflictError(gettext("Only the latest version (%(n)d) of a question can be reworded.",
                                    n=latest.version))
    content = _content(
        type if type is not None else question.type, text_de=text_de, text_en=text_en, help_de=help_de,
        help_en=help_en, options=options if options is not None else question.options,
        scale_labels=scale_labels if scale_labels is not None else question.scale_labels,
        direction=direction if direction is not None else question.direction)
    if all(getattr(question, name) == value for name, value in content.items()):
        raise DomainError(gettext("The new version would be identical to version %(n)d. Change the wording first.",
                                  n=question.version), field="text_de")
    if comparable:
        _check_comparable(question, content)
    new = Question(key=question.key, version=question.version + 1, previous=question,
                   comparable_with_previous=bool(comparable), **content)
    db.session.add(new)
    db.session.flush()
    return new


def update_question(question: Question, *, text_de: str, text_en: str = "", help_de: str = "", help_en: str = "",
                    type: QuestionType | str | None = None, options=None, scale_labels=None,
                    direction: ScaleDirection | str | None = None) -> Question:
    """Correct a version in place (e.g. a typo) while no survey that asks it has responses. A version
    that is comparable with its predecessor stays comparable: the same limits as for rewording apply."""
    require_editable(question)
    content = _content(
        type if type is not None else question.type, text_de=text_de, text_en=text_en, help_de=help_de,
        help_en=help_en, options=options if options is not None else question.options,
        scale_labels=scale_labels if scale_labels is not None else question.scale_labels,
        direction=direction if direction is not None else question.direction)
    if question.previous is not None and question.comparable_with_previous:
        _check_comparable(question.previous, content)
    for name, value in content.items():
        setattr(question, name, value)
    db.session.flush()
    return question


def retire(question: Question) -> Question:
    """Offer this version for no new survey; surveys that ask it and their results keep it."""
    question.is_retired = True
    db.session.flush()
    return question


def reinstate(question: Question) -> Question:
    question.is_retired = False
    db.session.flush()
    return question


def ensure_bank() -> list[Question]:
    """Create version 1 of every template question whose key is not in the bank yet (idempotent: keys
    already there, in whatever version, are left alone). Returns the questions created."""
    from conference.surveys.survey_templates import BANK

    present = set(db.session.scalars(select(Question.key).where(Question.key.in_(list(BANK)))))
    created = []
    for key, definition in BANK.items():
        if key in present:
            continue
        created.append(create_question(key=key, **definition))
    return created
