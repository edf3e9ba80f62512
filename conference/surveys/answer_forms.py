"""The answer form of a survey, built from its questions: one field per question (a radio group for
scales, single choice and yes/no/maybe, checkboxes for multiple choice, a text area for free text) and,
for a session rating, one radio group per session with "no rating" preselected.

Field names are ``q<SurveyQuestion.id>`` and ``q<id>_s<session id>``. The form checks what it can show
next to a question (required, a value offered, length); :func:`collect_answers` turns its data into the
``answers`` dict of :func:`conference.surveys.answering.submit_response`, which checks everything again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from conference.editions.models import TimeSlot
from conference.form_filters import select_choices, strip
from conference.forms_base import BaseForm
from conference.i18n import in_language
from conference.program.models import Session
from conference.registration.forms import MultiCheckboxField
from conference.surveys.answering import SCALE_RANGES, TEXT_MAX, YES_NO_MAYBE
from conference.surveys.models import Question, QuestionType, SurveyQuestion

ANSWER_REQUIRED = _l("Please answer this question.")
YES_NO_MAYBE_LABELS = {"yes": _l("Yes"), "no": _l("No"), "maybe": _l("Maybe")}


@dataclass
class SessionGroup:
    """Sessions of one time slot (``slot`` None: sessions without a time), each with its field name."""

    slot: TimeSlot | None
    fields: list[tuple[Session, str]]


@dataclass
class Item:
    """One question as the page shows it: its number among the questions shown, and its field(s)."""

    sq: SurveyQuestion
    number: int
    name: str
    text: str
    help: str
    kind: QuestionType
    required: bool
    groups: list[SessionGroup] = field(default_factory=list)
    # Open link: many sessions, shown per time slot in collapsed <details>.
    collapse: bool = False

    @property
    def field_names(self) -> list[str]:
        if self.kind == QuestionType.SESSION_RATING:
            return [name for group in self.groups for _, name in group.fields]
        return [self.name]


def _label(entry: dict, locale: str) -> str:
    return str(entry.get(locale) or entry.get("de") or entry.get("en") or "")


def scale_choices(question: Question, locale: str) -> list[tuple[str, str]]:
    """``(value, label)`` per point: "2 – rather disagree" when there is a label for every point, the two
    ends labelled when there are exactly two labels, numbers only otherwise."""
    low, high = SCALE_RANGES[question.type]
    points = list(range(low, high + 1))
    labels = [_label(entry, locale) for entry in question.scale_labels or []]
    if len(labels) == 2 and len(points) > 2:
        labels = [labels[0], *[""] * (len(points) - 2), labels[1]]
    if len(labels) != len(points):
        labels = [""] * len(points)
    return [(str(p), f"{p} – {text}" if text else str(p)) for p, text in zip(points, labels, strict=True)]


def option_choices(question: Question, locale: str) -> list[tuple[str, str]]:
    if question.type == QuestionType.YES_NO_MAYBE:
        own = {str(o.get("value")): _label(o, locale) for o in question.options or []}
        return [(code, own.get(code) or YES_NO_MAYBE_LABELS[code]) for code in YES_NO_MAYBE]
    return [(str(o["value"]), _label(o, locale) or str(o["value"])) for o in question.options or [] if "value" in o]


def _help(question: Question, locale: str) -> str:
    return in_language(question.help_de, question.help_en, locale)


class AnswerForm(BaseForm):
    """The base of every survey's form; :func:`build_form` adds the question fields."""

    submit = SubmitField(_l("Send my answers"))

    items: list[Item]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self.question_errors = {}
        for item in self.items:
            messages = []
            for name in item.field_names:
                messages += [str(m) for m in self[name].errors]
            if item.kind == QuestionType.SESSION_RATING and item.required and not messages \
                    and not any(self[name].data for name in item.field_names):
                messages.append(str(_l("Please rate at least one session.")))
            if messages:
                self.question_errors[item.sq.id] = messages
        return valid and not self.question_errors

    def attach(self, question_id: int, message: str) -> None:
        """Show a message from the service next to its question."""
        self.question_errors = getattr(self, "question_errors", {})
        self.question_errors.setdefault(question_id, []).append(message)


def _session_groups(question_id: int, sessions: list[Session]) -> list[SessionGroup]:
    ordered = sorted(sessions, key=lambda s: (s.slot is None, s.slot.starts_at if s.slot else None, s.slot_id or 0))
    return [SessionGroup(slot, [(s, f"q{question_id}_s{s.id}") for s in group])
            for slot, group in groupby(ordered, key=lambda s: s.slot)]


def build_form(questions: list[SurveyQuestion], sessions: list[Session], locale: str, *,
               collapse_sessions: bool, formdata=None) -> AnswerForm:
    """The form for ``questions`` in ``locale``. A session rating is left out when there are no
    ``sessions`` to rate. ``formdata`` None: the request's form (if it was submitted)."""
    attrs: dict[str, object] = {}
    items: list[Item] = []
    for sq in questions:
        question = sq.question
        if question.type == QuestionType.SESSION_RATING and not sessions:
            continue
        name = f"q{sq.id}"
        text = question.text(locale)
        required = sq.is_required
        item = Item(sq=sq, number=len(items) + 1, name=name, text=text, help=_help(question, locale),
                    kind=question.type, required=required)
        if question.type in (QuestionType.LIKERT_5, QuestionType.SCALE_0_10, QuestionType.SINGLE_CHOICE,
                             QuestionType.YES_NO_MAYBE):
            choices = scale_choices(question, locale) if question.type.is_scale else option_choices(question, locale)
            attrs[name] = RadioField(text, choices=select_choices(choices),
                                     validators=[InputRequired(ANSWER_REQUIRED) if required else Optional()])
        elif question.type == QuestionType.MULTIPLE_CHOICE:
            attrs[name] = MultiCheckboxField(text, choices=select_choices(option_choices(question, locale)),
                                             validators=[InputRequired(ANSWER_REQUIRED) if required else Optional()])
        elif question.type == QuestionType.FREE_TEXT:
            attrs[name] = TextAreaField(text, filters=[strip],
                                        validators=[DataRequired(ANSWER_REQUIRED) if required else Optional(),
                                                    Length(max=TEXT_MAX)])
        else:  # a rating per session
            item.groups = _session_groups(sq.id, sessions)
            item.collapse = collapse_sessions
            choices = [("", str(_l("No rating"))), *scale_choices(question, locale)]
            for session, field_name in (pair for group in item.groups for pair in group.fields):
                attrs[field_name] = RadioField(session.title, choices=select_choices(choices), default="",
                                               validators=[Optional()])
        items.append(item)
    form_class = type("SurveyAnswerForm", (AnswerForm,), attrs)
    form = form_class() if formdata is None else form_class(formdata=formdata)
    form.items = items
    form.question_errors = {}
    return form


def collect_answers(form: AnswerForm) -> dict[int, object]:
    """The form's data as ``{SurveyQuestion.id: value}`` for ``submit_response`` (empty: not answered)."""
    answers: dict[int, object] = {}
    for item in form.items:
        if item.kind == QuestionType.SESSION_RATING:
            answers[item.sq.id] = {session.id: int(form[name].data) for group in item.groups
                                   for session, name in group.fields if form[name].data}
        elif item.kind in (QuestionType.LIKERT_5, QuestionType.SCALE_0_10):
            data = form[item.name].data
            answers[item.sq.id] = int(data) if data not in (None, "") else None
        elif item.kind == QuestionType.MULTIPLE_CHOICE:
            answers[item.sq.id] = list(form[item.name].data or [])
        else:
            answers[item.sq.id] = form[item.name].data or None
    return answers


def answered_count(form: AnswerForm) -> int:
    """How many of the questions shown have an answer in the form (for the progress indicator)."""
    return sum(1 for item in form.items if any(form[name].data for name in item.field_names))
