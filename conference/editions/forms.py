from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from conference.editions.models import FORMAT_LABELS
from conference.form_filters import select_choices
from conference.forms_base import BaseForm

DT_FORMAT = "%Y-%m-%dT%H:%M"
FIRST_YEAR, LAST_YEAR = 2000, 2100


def plausible_year(form, field):
    """Dates outside 2000–2100 are typing mistakes (and year 1 cannot even be converted to UTC)."""
    from wtforms.validators import ValidationError

    if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(_l("Please enter a date between %(first)d and %(last)d.", first=FIRST_YEAR,
                                 last=LAST_YEAR))


class CommaSeparatedField(StringField):
    """A text input holding a list: "Beamer, Flipchart" ⇄ ["Beamer", "Flipchart"]."""

    def _value(self):
        return ", ".join(self.data or [])

    def process_formdata(self, valuelist):
        self.data = [item.strip() for item in (valuelist[0] if valuelist else "").split(",") if item.strip()]


def format_choices():
    return select_choices((f.value, label) for f, label in FORMAT_LABELS.items())


class EditionIdentityForm(BaseForm):
    """Number, format, title and theme: what every edition form asks."""

    number = IntegerField(_l("Number in the series"), validators=[Optional(), NumberRange(min=1, max=100000)],
                          description=_l("Leave empty to continue the series."))
    format = SelectField(_l("Format"), choices=format_choices, validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    theme = StringField(_l("Theme"), validators=[Optional(), Length(max=300)])


class EditionForm(EditionIdentityForm):
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    starts_at = DateTimeLocalField(_l("Start (local time)"), format=DT_FORMAT,
                                   validators=[DataRequired(), plausible_year])
    ends_at = DateTimeLocalField(_l("End (local time)"), format=DT_FORMAT,
                                   validators=[DataRequired(), plausible_year])
    submit = SubmitField(_l("Save"))


class NextEditionForm(EditionIdentityForm):
    starts_on = DateField(_l("Date of the new edition"), validators=[DataRequired(), plausible_year],
                          description=_l("Venues, rooms and time slots are copied and moved to this date."))
    copy_sessions = BooleanField(
        _l("Copy the sessions as drafts"),
        description=_l("Every session comes along unpublished, in the copied room and time slot, to be checked "
                       "and published one by one. Bookings, walk-ins and the link to the offer stay behind."))
    submit = SubmitField(_l("Create next edition"))


class StatusForm(BaseForm):
    target = HiddenField(validators=[DataRequired()])


class VenueForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("Directions and notes"), validators=[Optional(), Length(max=5000)])
    submit = SubmitField(_l("Save"))


class RoomForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    capacity = IntegerField(_l("Capacity (people)"), validators=[InputRequired(), NumberRange(min=0, max=100000)])
    is_step_free = BooleanField(_l("Step-free access"))
    equipment = CommaSeparatedField(_l("Equipment"), validators=[Length(max=500)],
                            description=_l("Separate items with commas, e.g. projector, flipchart, power."))
    submit = SubmitField(_l("Save"))


class TimeSlotForm(BaseForm):
    label = StringField(_l("Label"), validators=[Optional(), Length(max=100)])
    starts_at = DateTimeLocalField(_l("Start (local time)"), format=DT_FORMAT,
                                   validators=[DataRequired(), plausible_year])
    ends_at = DateTimeLocalField(_l("End (local time)"), format=DT_FORMAT,
                                   validators=[DataRequired(), plausible_year])
    submit = SubmitField(_l("Save"))
