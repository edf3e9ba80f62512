"""The audit log's filter form: a GET form (no CSRF: it changes nothing)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, SubmitField
from wtforms.validators import Optional, ValidationError

from conference.editions.forms import plausible_year
from conference.forms_base import BaseForm

NO_ACCOUNT = "none"


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Activity"), choices=[], default="")
    edition = SelectField(_l("Edition"), choices=[], default="")
    actor = SelectField(_l("Who"), choices=[], default="")
    since = DateField(_l("From (date)"), validators=[Optional(), plausible_year])
    until = DateField(_l("To (date)"), validators=[Optional(), plausible_year])
    submit = SubmitField(_l("Filter"))

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end date must not be before the start date."))
