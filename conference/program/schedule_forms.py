from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, SubmitField
from wtforms.validators import NumberRange, Optional

from conference.form_filters import select_choices
from conference.forms_base import BaseForm


class MoveForm(BaseForm):
    slot_id = SelectField(_l("Time slot"), validators=[Optional()])
    room_id = SelectField(_l("Room"), validators=[Optional()])
    pinned = BooleanField(_l("Pin here (automatic proposals leave it in place)"))
    submit = SubmitField(_l("Move"))

    def set_choices(self, rooms, slots, slot_label) -> None:
        none = ("", _l("– not placed –"))
        self.room_id.choices = select_choices([none, *((r.id, f"{r.label} ({r.capacity})") for r in rooms)])
        self.slot_id.choices = select_choices([none, *((s.id, slot_label(s)) for s in slots)])


class ScheduleSettingsForm(BaseForm):
    target_group_limit = IntegerField(_l("At most this many offers for one target group in one time slot"),
                                      validators=[Optional(), NumberRange(min=1, max=1000)],
                                      description=_l("Leave empty for no limit."))
    submit = SubmitField(_l("Save"))
