"""Forms for the agenda, documents, recommendations, decisions and status reports."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional

from conference.council.models import ADDRESSEES, DECISION_LABELS, FOLLOW_UP_LABELS, Decision
from conference.editions.forms import plausible_year
from conference.form_filters import select_choices, strip
from conference.forms_base import BaseForm
from conference.registration.forms import MultiCheckboxField
from conference.submissions.storage import MAX_BYTES


class AgendaItemForm(BaseForm):
    number = StringField(_l("Number"), filters=[strip], validators=[Optional(), Length(max=20)],
                         description=_l("As printed on the agenda, e.g. “TOP 3” or “3.1”."))
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), filters=[strip], validators=[Optional(), Length(max=10000)])
    is_public = BooleanField(_l("Public item"), default=True,
                             description=_l("Public items, their public documents, minutes and adopted "
                                            "recommendations are published. Untick for a non-public item."))
    minutes = TextAreaField(_l("Minutes"), filters=[strip], validators=[Optional(), Length(max=50000)],
                            description=_l("What was discussed and agreed. Published for public items once the "
                                           "meeting has been held."))
    submit = SubmitField(_l("Save"))


class MoveForm(BaseForm):
    direction = HiddenField(validators=[AnyOf(["up", "down"])])


class DocumentForm(BaseForm):
    title = StringField(_l("Document title"), filters=[strip], validators=[DataRequired(), Length(max=300)])
    file = FileField(_l("PDF file (up to 10 MB)"), validators=[
        FileRequired(_l("Please choose a PDF file.")),
        FileSize(MAX_BYTES, message=_l("The file is larger than 10 MB."))])
    is_public = BooleanField(_l("Public document"), default=True,
                             description=_l("Published with a public agenda item. Untick for internal papers."))
    submit = SubmitField(_l("Upload"))


class RecommendationForm(BaseForm):
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), Length(max=300)])
    text = TextAreaField(_l("Text of the recommendation"), filters=[strip],
                         validators=[Optional(), Length(max=20000)])
    addressees = MultiCheckboxField(_l("Addressed to"), choices=lambda: select_choices(ADDRESSEES.items()))
    submit = SubmitField(_l("Save"))


class DecisionForm(BaseForm):
    decision = SelectField(_l("Decision"), validators=[InputRequired()],
                           choices=lambda: select_choices((d.value, DECISION_LABELS[d]) for d in Decision))
    decided_on = DateField(_l("Date of the decision"), validators=[Optional(), plausible_year],
                           description=_l("Leave empty for the day of the meeting."))
    submit = SubmitField(_l("Record the decision"))


class CarryForm(BaseForm):
    target = SelectField(_l("Carry to the meeting"), coerce=int, validators=[InputRequired()])
    submit = SubmitField(_l("Carry over as a new draft"))


class FollowUpForm(BaseForm):
    status = SelectField(_l("Status"), validators=[InputRequired()],
                         choices=lambda: select_choices(FOLLOW_UP_LABELS.items()))
    text = TextAreaField(_l("Report"), filters=[strip], validators=[Optional(), Length(max=20000)],
                         description=_l("What has happened since the last report."))
    reported_on = DateField(_l("Reported on"), validators=[Optional(), plausible_year],
                            description=_l("Leave empty for today."))
    edition_id = SelectField(_l("Reported at the meeting"), coerce=lambda v: int(v) if v else None,
                             validators=[Optional()])
    # Set when the report is given from a follow-up item of the agenda: back to that agenda afterwards.
    from_agenda = HiddenField()
    submit = SubmitField(_l("Add the report"))

    def set_editions(self, pairs) -> None:
        """``pairs`` of (edition id, label) for the meetings a report can have been given at."""
        self.edition_id.choices = select_choices([("", _l("– none –")), *pairs])
