from datetime import UTC

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
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
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import DateTimeLocalInput

from conference.editions.models import FORMAT_LABELS
from conference.editions.services import (
    LOCAL_TZ,
    in_second_occurrence,
    local,
    local_time_exists,
    skipped_time_message,
)
from conference.form_filters import select_choices
from conference.forms_base import BaseForm

DT_FORMAT = "%Y-%m-%dT%H:%M"
FIRST_YEAR, LAST_YEAR = 2000, 2100


def plausible_year(form, field):
    """Dates outside 2000–2100 are typing mistakes (and year 1 cannot even be converted to UTC)."""
    if field.data and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(_l("Please enter a date between %(first)d and %(last)d.", first=FIRST_YEAR,
                                 last=LAST_YEAR))


FOLD_SUFFIX = "-fold"


class FoldAwareInput(DateTimeLocalInput):
    """``<input type="datetime-local">``, and beside it, while the field holds a time in the second occurrence
    of the doubled autumn hour, a hidden input naming that wall-clock value: ``datetime-local`` cannot say which
    of the two 02:30 it means, so the page carries it and saving the form again keeps the same instant."""

    def __call__(self, field, **kwargs):
        html = super().__call__(field, **kwargs)
        if field.second_occurrence:
            html += Markup('<input type="hidden" name="{}" value="{}">').format(
                field.name + FOLD_SUFFIX, field.second_occurrence)
        return html


class LocalDateTimeField(DateTimeLocalField):
    """A date and time typed as Europe/Berlin wall-clock time (``<input type="datetime-local">``).

    Every form that asks for a local date and time uses it, so the rules live here once:
    - what the object holds (an aware datetime, stored in UTC) is shown in local time;
    - what is posted is read as local time. A time the clocks skip (02:00–02:59 on the last Sunday of
      March) is refused at the field; a time that happens twice (02:00–02:59 on the last Sunday of
      October) means its first occurrence, still in summer time, as in
      :func:`conference.editions.services.from_local`;
    - after validation ``data`` is the aware instant in UTC, so services compare real instants;
    - a field left out of a posted form is empty (a required field then fails) instead of keeping
      the object's value;
    - a stored time in the second occurrence of that hour (winter time, e.g. from the API or a schedule
      moved by its duration) is shown with a hint and carried in the page (:class:`FoldAwareInput`), so
      saving the form unchanged keeps it; a time typed anew still means the first occurrence.
    """

    widget = FoldAwareInput()

    def __init__(self, label=None, validators=None, format=DT_FORMAT, **kwargs):
        super().__init__(label, validators, format=format, **kwargs)
        self.second_occurrence = None  # the wall-clock value, as shown, while it means winter time

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if formdata is not None and self.data is not None:
            carried = formdata.get(self.name + FOLD_SUFFIX)
            if carried and self.raw_data and self.raw_data[0] == carried:
                self.data = self.data.replace(fold=1)
        if self.data is not None and self.data.tzinfo is not None:
            wall = local(self.data)  # a time already in local time keeps its fold
            if in_second_occurrence(wall):
                self.second_occurrence = wall.strftime(self.format[0])
                hint = _l("Winter time: the second time the clocks show this hour, after they are turned back. "
                          "A time typed anew here means the first, in summer time.")
                self.description = f"{self.description} {hint}" if self.description else hint

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        if not self.data:
            return ""
        return (local(self.data) if self.data.tzinfo else self.data).strftime(self.format[0])

    def process_formdata(self, valuelist):
        self.data = None  # never the object's value for a field that was not posted
        super().process_formdata(valuelist)
        if self.data is not None:
            self.data = self.data.replace(tzinfo=LOCAL_TZ, fold=0)

    def pre_validate(self, form):
        if self.data is None or self.data.tzinfo is not LOCAL_TZ:
            return
        try:
            exists = local_time_exists(self.data)
        except OverflowError:  # year 1 and the like: plausible_year says what is wrong
            return
        if not exists:
            raise ValidationError(skipped_time_message())

    def post_validate(self, form, validation_stopped):
        if not self.errors and self.data is not None and self.data.tzinfo is LOCAL_TZ:
            self.data = self.data.astimezone(UTC)


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
    starts_at = LocalDateTimeField(_l("Start (local time)"), validators=[DataRequired(), plausible_year])
    ends_at = LocalDateTimeField(_l("End (local time)"), validators=[DataRequired(), plausible_year])
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
    starts_at = LocalDateTimeField(_l("Start (local time)"), validators=[DataRequired(), plausible_year])
    ends_at = LocalDateTimeField(_l("End (local time)"), validators=[DataRequired(), plausible_year])
    submit = SubmitField(_l("Save"))
