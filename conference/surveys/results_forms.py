"""Forms for action items."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from conference.form_filters import select_choices, strip
from conference.forms_base import BaseForm
from conference.surveys.metrics import METRIC_LABELS
from conference.surveys.models import ActionStatus

AUTOMATIC = 0  # the target choice "the next edition of the same format"


def edition_label(edition) -> str:
    """"27. Tag der Bildung": the title, led by the number unless the title already starts with it."""
    number = f"{edition.number}."
    return edition.title if edition.title.startswith(number) else f"{number} {edition.title}"


class ActionForm(BaseForm):
    """An action item. ``editions`` (newest first) and ``keys`` (the question bank's keys) fill the
    choices."""

    source_edition_id = SelectField(_l("Finding from edition"), coerce=int, validators=[DataRequired()])
    question_key = SelectField(_l("Question key"), validators=[Optional()],
                               description=_l("Choose a question key or a metric."))
    metric = SelectField(_l("Metric"), validators=[Optional()])
    title = StringField(_l("Action"), filters=[strip], validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), filters=[strip], validators=[Optional(), Length(max=10000)])
    owner = StringField(_l("Owner"), filters=[strip], validators=[Optional(), Length(max=200)],
                        description=_l("Who takes care of it (a person, a team or an institution)."))
    status = SelectField(_l("Status"), validators=[DataRequired()])
    target_edition_id = SelectField(
        _l("For edition"), coerce=int, validators=[InputRequired()],
        description=_l("Automatically: the next edition of the same format; if it does not exist yet, it is "
                       "filled in when that edition is created."))
    submit = SubmitField(_l("Save action"))

    def __init__(self, *args, editions=(), keys=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.source_edition_id.choices = select_choices((e.id, edition_label(e)) for e in editions)
        self.question_key.choices = select_choices([("", "–"), *((k, k) for k in keys)])
        self.metric.choices = select_choices([("", "–"), *METRIC_LABELS.items()])
        self.status.choices = select_choices((s.value, s.label) for s in ActionStatus)
        self.target_edition_id.choices = select_choices(
            [(AUTOMATIC, _l("Automatically: the next edition of the same format")),
             *((e.id, edition_label(e)) for e in editions)])
