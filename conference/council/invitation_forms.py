"""Forms for council invitations: the meeting settings (organisers) and the RSVP answer (invited seats)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from conference.council.models import RsvpStatus
from conference.editions.forms import DT_FORMAT, LocalDateTimeField, plausible_year
from conference.form_filters import select_choices, strip
from conference.forms_base import BaseForm

NOTE_MAX = 1000
INVITATION_TEXT_MAX = 10000


class MeetingSettingsForm(BaseForm):
    rsvp_deadline = LocalDateTimeField(
        _l("Answers possible until (local time)"), format=DT_FORMAT, validators=[Optional(), plausible_year],
        description=_l("Leave empty to accept answers until the meeting starts."))
    quorum_percent = IntegerField(
        _l("Quorum: share of active seats that must be represented (percent)"),
        validators=[InputRequired(), NumberRange(min=1, max=100)], default=50)
    invitation_text = TextAreaField(
        _l("Invitation text"), filters=[strip], validators=[Length(max=INVITATION_TEXT_MAX)],
        description=_l("Printed in every invitation above the agenda. Blank lines start a new paragraph."))
    submit = SubmitField(_l("Save settings"))


# The answers a seat can give; "pending" is only the state before the first answer.
ANSWERS = (RsvpStatus.ATTENDING, RsvpStatus.DEPUTY_ATTENDS, RsvpStatus.DECLINED)
ANSWER_TEXTS = {
    RsvpStatus.ATTENDING: _l("Attending: the member comes"),
    RsvpStatus.DEPUTY_ATTENDS: _l("Deputy attends: the deputy comes instead of the member"),
    RsvpStatus.DECLINED: _l("Declined: nobody can come for this seat"),
}


class RsvpForm(BaseForm):
    status = RadioField(_l("Your answer"), validators=[InputRequired()],
                        choices=lambda: select_choices((s.value, ANSWER_TEXTS[s]) for s in ANSWERS))
    note = TextAreaField(_l("Note for the organisers"), filters=[strip], validators=[Optional(), Length(max=NOTE_MAX)],
                         description=_l("For example who comes instead, or access needs. Up to %(n)d characters.",
                                        n=NOTE_MAX))
    submit = SubmitField(_l("Send answer"))


def forum_ranking_form(workshops):
    """The open day's ranking form (:func:`~conference.registration.forms.ranking_form`) for the council's
    forums: its empty choice and its messages speak of forums, not workshops."""
    from wtforms.validators import DataRequired

    from conference.registration import preferences
    from conference.registration.forms import ChangeRankingForm, ranking_form

    form_class = ranking_form(ChangeRankingForm, workshops, preferences.ranks_required(workshops), with_person=False)
    choices = [("", _l("– choose a forum –")), *((w.key, w.title) for w in workshops)]
    for i in range(1, form_class.choice_count + 1):
        unbound = getattr(form_class, f"choice_{i}")
        unbound.kwargs["choices"] = select_choices(choices)
        unbound.kwargs["validators"] = [
            DataRequired(message=_l("Please choose a forum for this rank.")) if isinstance(v, DataRequired) else v
            for v in unbound.kwargs["validators"]]
    return form_class
