from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField, URLField
from wtforms.validators import URL, DataRequired, Email, EqualTo, Length, Optional

from conference.form_filters import select_choices, strip
from conference.forms_base import BaseForm
from conference.partners.services import ORGANISATION_KINDS


class SignupForm(BaseForm):
    organisation_name = StringField(_l("Name of your institution"), filters=[strip],
                                    validators=[DataRequired(), Length(max=200)],
                                    description=_l("If your institution already takes part, use the same name: "
                                                   "you then join it as a further contact."),
                                    render_kw={"autocomplete": "organization"})
    organisation_kind = SelectField(_l("Kind of institution"), validators=[Optional()], choices=lambda: select_choices(
        [("", _l("Please choose (optional)")), *ORGANISATION_KINDS.items()]))
    website = URLField(_l("Website"), filters=[strip], validators=[Optional(), URL(), Length(max=300)],
                       render_kw={"autocomplete": "url"})
    name = StringField(_l("Your name"), filters=[strip], validators=[DataRequired(), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    email = EmailField(_l("E-mail address"), filters=[strip],
                       validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
                       description=_l("We send a confirmation link to this address."),
                       render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=500)],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the password"), validators=[
        DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"})
    consent = BooleanField(_l("I have read the privacy notice and agree that my data is processed for the call "
                              "for offers."),
                           validators=[DataRequired(message=_l("Please agree to the privacy notice."))])
    submit = SubmitField(_l("Sign up"))
