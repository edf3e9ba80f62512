from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from conference.form_filters import select_choices, strip
from conference.forms_base import BaseForm
from conference.program.models import KIND_LABELS, TARGET_GROUPS, TOPICS
from conference.registration.forms import MultiCheckboxField


class SessionForm(BaseForm):
    kind = SelectField(_l("Kind"), choices=lambda: select_choices((k.value, v) for k, v in KIND_LABELS.items()))
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), filters=[strip], validators=[Optional(), Length(max=20000)])
    organisation_id = SelectField(_l("Partner institution"), validators=[Optional()])
    room_id = SelectField(_l("Room"), validators=[Optional()])
    slot_id = SelectField(_l("Time slot"), validators=[Optional()])
    capacity = IntegerField(_l("Capacity (people)"), validators=[Optional(), NumberRange(min=0, max=100000)],
                            description=_l("Leave empty for no limit."))
    registration_required = BooleanField(_l("Registration required"))
    is_published = BooleanField(_l("Published"), default=True)
    workshop_key = StringField(_l("Workshop key"), filters=[strip], validators=[Optional(), Length(max=64)],
                               description=_l("Give repeated sessions of one workshop the same key (e.g. "
                                              "“robotics”), so that visitors rank the workshop once in "
                                              "preference mode."))
    target_groups = MultiCheckboxField(_l("Target groups"),
                                       choices=lambda: select_choices(TARGET_GROUPS.items()))
    topics = MultiCheckboxField(_l("Topics"), choices=lambda: select_choices(TOPICS.items()))
    override = BooleanField(_l("Allow overbooking (lower capacity than seats already booked)"))
    reason = StringField(_l("Reason for the override"), filters=[strip], validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Save"))

    def set_choices(self, edition, organisations, slot_label) -> None:
        none = ("", _l("– none –"))
        self.organisation_id.choices = select_choices([none, *((o.id, o.name) for o in organisations)])
        self.room_id.choices = select_choices(
            [none, *((r.id, r.label) for v in edition.venues for r in v.rooms)])
        self.slot_id.choices = select_choices([none, *((s.id, slot_label(s)) for s in edition.time_slots)])


class ImportForm(BaseForm):
    file = FileField(_l("File (.xlsx or .csv)"), validators=[
        FileRequired(_l("Please choose a file.")),
        FileAllowed(["xlsx", "csv"], _l("Please upload a .xlsx or .csv file.")),
    ], description=_l("Columns: Titel, Art, Beschreibung, Einrichtung, Ort, Raum, Beginn, Ende, Kapazität, "
                      "Anmeldung, Zielgruppen, Themen. The first row holds the column names."))
    submit = SubmitField(_l("Check and import"))


class OverrideForm(BaseForm):
    reason = StringField(_l("Reason"), filters=[strip], validators=[DataRequired(), Length(max=500)])
    submit = SubmitField(_l("Give a seat beyond capacity"))
