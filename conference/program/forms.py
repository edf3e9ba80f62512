from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, SubmitField

from conference.form_filters import select_choices
from conference.forms_base import BaseForm
from conference.program.models import TARGET_GROUPS, TOPICS


class ProgramFilterForm(BaseForm):
    """The programme's filters: a GET form (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    target_group = SelectField(_l("Target group"), choices=[], default="")
    topic = SelectField(_l("Topic"), choices=[], default="")
    venue = SelectField(_l("Venue"), choices=[], default="")
    slot = SelectField(_l("Time"), choices=[], default="")
    registration_required = BooleanField(_l("Only offers with registration"))
    free_seats = BooleanField(_l("Only offers with free seats"))
    submit = SubmitField(_l("Filter"))

    def set_choices(self, edition, time_label) -> None:
        every = ("", _l("All"))
        self.target_group.choices = select_choices([every, *TARGET_GROUPS.items()])
        self.topic.choices = select_choices([every, *TOPICS.items()])
        self.venue.choices = select_choices([every, *((v.id, v.name) for v in edition.venues)])
        self.slot.choices = select_choices([every, *((s.id, time_label(s)) for s in edition.time_slots)])
