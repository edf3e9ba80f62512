from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms import BooleanField, EmailField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from conference.form_filters import select_choices, strip
from conference.forms_base import BaseForm
from conference.registration.models import PARTICIPANT_ROLES


def role_choices():
    return select_choices([("", _l("Please choose (optional)")), *PARTICIPANT_ROLES.items()])


class GroupCheckboxInput(CheckboxInput):
    """One box of a group. A validator such as DataRequired means "at least one box" for the group and
    is checked on the server; as ``required`` on every box it would make the browser demand all of them."""

    validation_attrs = [attr for attr in CheckboxInput.validation_attrs if attr != "required"]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = GroupCheckboxInput()


class RegistrationForm(BaseForm):
    """Used by the registration page and, without CSRF, by the JSON API. ``session_ids`` choices are
    the edition's bookable sessions, set by the caller."""

    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    email = EmailField(_l("E-mail address"), filters=[strip],
                       validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
                       description=_l("We send the confirmation link here."), render_kw={"autocomplete": "email"})
    organisation = StringField(_l("Organisation"), filters=[strip], validators=[Optional(), Length(max=200)],
                               render_kw={"autocomplete": "organization"})
    role = SelectField(_l("I come as"), choices=role_choices, validators=[Optional()])
    session_ids = MultiCheckboxField(_l("Offers"), coerce=int, validators=[DataRequired(
        message=_l("Please choose at least one offer."))], description=_l("Choose at least one offer."))
    accessibility_needs = TextAreaField(
        _l("Accessibility needs"), filters=[strip], validators=[Optional(), Length(max=2000)],
        description=_l("For example step-free access, sign language interpreting or an induction loop."))
    accessibility_consent = BooleanField(_l(
        "I consent to the processing of my accessibility needs, which are health data (Art. 9 GDPR). "
        "They are deleted one month after the event."))
    consent = BooleanField(_l("I have read the privacy notice and agree that my data is processed for this event."),
                           validators=[DataRequired(message=_l("Please agree to the privacy notice."))])
    submit = SubmitField(_l("Register"))

    def for_edition(self, edition):
        """Say how long this edition keeps accessibility needs (its own retention setting)."""
        self.accessibility_consent.label.text = ngettext(
            "I consent to the processing of my accessibility needs, which are health data (Art. 9 GDPR). "
            "They are deleted %(num)d month after the event.",
            "I consent to the processing of my accessibility needs, which are health data (Art. 9 GDPR). "
            "They are deleted %(num)d months after the event.", edition.special_retention_months)
        return self

    def validate_accessibility_needs(self, field):
        if field.data and not self.accessibility_consent.data:
            from wtforms.validators import ValidationError

            raise ValidationError(_l("Please consent to the processing of your accessibility needs, "
                                     "or leave the field empty."))


class AddSessionsForm(BaseForm):
    session_ids = MultiCheckboxField(_l("Offers"), coerce=int, validators=[DataRequired(
        message=_l("Please choose at least one offer."))], description=_l("Choose at least one offer."))
    submit = SubmitField(_l("Book"))


class RankingMixin:
    """Ranked choices as numbered selects ("1st choice: …"); built per edition by :func:`ranking_form`."""

    def ranked_keys(self) -> list[str]:
        return [self[f"choice_{i}"].data for i in range(1, self.choice_count + 1) if self[f"choice_{i}"].data]


def ranking_form(base, workshops, required: int, *, with_person: bool = True):
    """A form class with one select per rank. ``required`` ranks must be filled; there are a few more
    optional ones, up to the number of workshops."""
    choices = [("", _l("– choose a workshop –")), *((w.key, w.title) for w in workshops)]
    count = min(len(workshops), required + 3)
    fields = {"choice_count": count}
    for i in range(1, count + 1):
        fields[f"choice_{i}"] = SelectField(
            _l("Choice %(n)d", n=i), choices=select_choices(choices),
            validators=[DataRequired(message=_l("Please choose a workshop for this rank."))] if i <= required
            else [Optional()])

    def validate(self, extra_validators=None):
        valid = base.validate(self, extra_validators)
        seen = {}
        for i in range(1, count + 1):
            key = self[f"choice_{i}"].data
            if key and key in seen:
                self[f"choice_{i}"].errors = [*self[f"choice_{i}"].errors,
                                              _l("Already chosen as choice %(n)d.", n=seen[key])]
                valid = False
            elif key:
                seen[key] = i
        return valid

    fields["validate"] = validate
    if not with_person:
        fields["submit"] = SubmitField(_l("Save my ranking"))
    return type("RankingForm", (RankingMixin, base), fields)


class RankingRegistrationForm(RegistrationForm):
    """The registration form in preference mode: no offers to tick, ranks instead (added per edition)."""

    session_ids = None
    submit = SubmitField(_l("Send my ranking"))


class ChangeRankingForm(BaseForm):
    submit = SubmitField(_l("Save my ranking"))


class ManageLinkForm(BaseForm):
    """Asks for the address a registration was made with, to send its links again."""

    email = EmailField(_l("E-mail address"), filters=[strip],
                       validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
                       description=_l("The address you registered with."), render_kw={"autocomplete": "email"})
    submit = SubmitField(_l("Send the link"))
