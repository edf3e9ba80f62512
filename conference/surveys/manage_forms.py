"""Forms for the question bank and for building an edition's surveys."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, ValidationError

from conference.editions.forms import DT_FORMAT, LocalDateTimeField, plausible_year
from conference.form_filters import select_choices, strip
from conference.forms_base import BaseForm, drop_control_characters
from conference.surveys.models import QUESTION_TYPE_LABELS, ScaleDirection

NO_LABEL = ("", "-", "–")


def _lines(text: str) -> list[str]:
    return drop_control_characters(text or "").replace("\r\n", "\n").strip().split("\n") if (text or "").strip() \
        else []


class OptionsField(TextAreaField):
    """Options, one a line: ``code | Deutsch | English`` ⇄ ``[{"value", "de", "en"}, …]``."""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "\n".join(" | ".join(filter(None, (o.get("value", ""), o.get("de", ""), o.get("en", ""))))
                         for o in self.data or [])

    def process_formdata(self, valuelist):
        self.parse_error = None
        self.data = []
        for number, line in enumerate(_lines(valuelist[0] if valuelist else ""), start=1):
            parts = [part.strip() for part in line.split("|")]
            if not line.strip():
                continue
            if len(parts) not in (2, 3):
                self.parse_error = _l("Line %(n)d: write code | German label | English label.", n=number)
                return
            self.data.append({"value": parts[0], "de": parts[1], "en": parts[2] if len(parts) == 3 else ""})

    def pre_validate(self, form):
        if getattr(self, "parse_error", None):
            raise ValidationError(self.parse_error)


class ScaleLabelsField(TextAreaField):
    """Scale labels, one a line from the lowest point up: ``Deutsch | English``; a line with only “–”
    leaves that point unlabelled (it is shown as its number)."""

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "\n".join(" | ".join(filter(None, (label.get("de", ""), label.get("en", "")))) or "–"
                         for label in self.data or [])

    def process_formdata(self, valuelist):
        self.data = []
        for line in _lines(valuelist[0] if valuelist else ""):
            parts = [part.strip() for part in line.split("|", 1)]
            de, en = parts[0], parts[1] if len(parts) == 2 else ""
            self.data.append({"de": "" if de in NO_LABEL else de, "en": "" if en in NO_LABEL else en})


def type_choices():
    return select_choices((t.value, label) for t, label in QUESTION_TYPE_LABELS.items())


def direction_choices():
    return select_choices((d.value, d.label) for d in ScaleDirection)


class QuestionContentForm(BaseForm):
    """What a version of a question says and how it is answered."""

    type = SelectField(_l("Type"), choices=type_choices, validators=[DataRequired()])
    text_de = TextAreaField(_l("Question (German)"), filters=[strip], validators=[DataRequired(), Length(max=2000)])
    text_en = TextAreaField(_l("Question (English)"), filters=[strip], validators=[Optional(), Length(max=2000)],
                            description=_l("Shown to people who use the site in English; if empty, they see the "
                                           "German text."))
    help_de = TextAreaField(_l("Help text (German)"), filters=[strip], validators=[Optional(), Length(max=2000)])
    help_en = TextAreaField(_l("Help text (English)"), filters=[strip], validators=[Optional(), Length(max=2000)])
    options = OptionsField(_l("Options (single and multiple choice)"), render_kw={"rows": 7},
                           description=_l("One option a line: code | German label | English label, e.g. "
                                          "“press | Presse | Press”. Codes (lowercase letters, digits, _) identify "
                                          "the answers across editions. Yes/no/maybe has fixed options."))
    scale_labels = ScaleLabelsField(_l("Scale labels (scales and session ratings)"), render_kw={"rows": 11},
                                    description=_l("One label a line, from the lowest value up: German | English. "
                                                   "Leave empty for numbers only, or write “–” for a point "
                                                   "without a label. Likert and session ratings have 5 points, "
                                                   "the 0–10 scale 11."))
    direction = RadioField(_l("Scale direction"), choices=direction_choices,
                           default=ScaleDirection.HIGHER_IS_BETTER.value, validators=[InputRequired()])
    submit = SubmitField(_l("Save"))


class NewQuestionForm(QuestionContentForm):
    key = StringField(_l("Key"), filters=[strip], validators=[DataRequired(), Length(max=64)],
                      description=_l("The question's identity across editions: lowercase letters a–z, digits and "
                                     "_, starting with a letter, e.g. overall_satisfaction. It cannot change."))


class RewordForm(QuestionContentForm):
    comparable = BooleanField(_l("The new version stays comparable with the previous one"), default=True,
                              description=_l("Tick this if the rewording does not change what is measured: results "
                                             "of both versions are then compared across editions. A comparable "
                                             "version keeps the type, the option codes and the direction."))
    submit = SubmitField(_l("Create the new version"))


class SurveySettingsForm(BaseForm):
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    intro = TextAreaField(_l("Introduction"), filters=[strip], validators=[Optional(), Length(max=10000)],
                          description=_l("Shown above the questions: why we ask, how long it takes, that answers "
                                         "are anonymous."))
    title_en = StringField(_l("Title in English"), filters=[strip], validators=[Optional(), Length(max=200)],
                           description=_l("For those who read the site in English; if empty, they see the German "
                                          "title."))
    intro_en = TextAreaField(_l("Introduction in English"), filters=[strip],
                             validators=[Optional(), Length(max=10000)])
    opens_at = LocalDateTimeField(_l("Opens (local time)"), format=DT_FORMAT,
                                  validators=[DataRequired(), plausible_year])
    closes_at = LocalDateTimeField(_l("Closes (local time)"), format=DT_FORMAT,
                                   validators=[DataRequired(), plausible_year])
    is_open_link = BooleanField(_l("Open link"),
                                description=_l("Anyone with the link (or the QR poster) may answer. Only for the "
                                               "visitors of an open day; other audiences get personal links."))
    submit = SubmitField(_l("Save settings"))


class CreateSurveyForm(BaseForm):
    audience = HiddenField(validators=[DataRequired()])
    source = HiddenField(validators=[AnyOf(["previous", "template"])])


class AddQuestionForm(BaseForm):
    question_id = SelectField(_l("Question"), coerce=int, validators=[InputRequired()],
                              description=_l("The latest version of each key in the bank that this survey does not "
                                             "ask yet."))
    is_required = BooleanField(_l("Answer required"))
    submit = SubmitField(_l("Add the question"))


class MoveForm(BaseForm):
    direction = HiddenField(validators=[AnyOf(["up", "down"])])


class RequiredForm(BaseForm):
    required = HiddenField(validators=[AnyOf(["1", "0"])])
