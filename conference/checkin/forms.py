"""The check-in buttons. Each carries where the organiser came from (the search with its slot, or a
ticket page), so the same view comes back after the check-in."""

from __future__ import annotations

from wtforms import HiddenField, SubmitField
from wtforms.validators import AnyOf, Length, Optional

from conference.checkin.services import SEARCH_MAX
from conference.form_filters import strip
from conference.forms_base import BaseForm

BACK_TO = ("search", "ticket")


class BookingActionForm(BaseForm):
    """"Checked in" or "Undo" for one booking (the booking is in the URL)."""

    q = HiddenField(filters=[strip], validators=[Length(max=SEARCH_MAX)])
    slot = HiddenField(filters=[strip], validators=[Optional(), Length(max=20)])
    back = HiddenField(default="search", validators=[Optional(), AnyOf(BACK_TO)])
    submit = SubmitField()
