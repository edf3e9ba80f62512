"""Forms of the check-in list. Each carries the search the organiser had typed (``q``), so the list
comes back filtered the same way after a check-in."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import AnyOf, InputRequired, Length

from conference.council.attendance import SUBSTITUTE_NAME_MAX
from conference.council.models import AttendanceRole
from conference.form_filters import strip
from conference.forms_base import BaseForm

SEARCH_MAX = 200


class CheckInForm(BaseForm):
    """"Member present", "Deputy present" (the role as a hidden field) or a substitute with a name.
    Whether a substitute has a name is the service's rule, so the message comes from there."""

    role = HiddenField(validators=[InputRequired(), AnyOf([r.value for r in AttendanceRole],
                                                          message=_l("Unknown role."))])
    substitute_name = StringField(_l("Name of the substitute"), filters=[strip],
                                  validators=[Length(max=SUBSTITUTE_NAME_MAX)])
    q = HiddenField(filters=[strip], validators=[Length(max=SEARCH_MAX)])
    submit = SubmitField(_l("Check in"))


class UndoForm(BaseForm):
    q = HiddenField(filters=[strip], validators=[Length(max=SEARCH_MAX)])
    submit = SubmitField(_l("Undo"))
