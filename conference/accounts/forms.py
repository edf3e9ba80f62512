from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SearchField, SelectField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from conference.form_filters import strip
from conference.forms_base import BaseForm


class EmptyForm(BaseForm):
    """A bare POST button: the form carries only the CSRF token."""

    submit = SubmitField(_l("Submit"))


class LoginForm(BaseForm):
    email = EmailField(_l("E-mail address"), filters=[strip],
                       validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=500)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Stay signed in on this device"))
    next = HiddenField()
    submit = SubmitField(_l("Sign in"))


class ForgotPasswordForm(BaseForm):
    email = EmailField(_l("E-mail address"), filters=[strip],
                       validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
                       render_kw={"autocomplete": "email"})
    submit = SubmitField(_l("Send reset link"))


class ResetPasswordForm(BaseForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=500)],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
                            render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Set new password"))


class AccountFilterForm(BaseForm):
    """The administrators' account list: a GET form (no CSRF: it changes nothing). The view fills the choices."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name or e-mail address"), filters=[strip], validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"), choices=[], default="")
    status = SelectField(_l("Status"), choices=[], default="")
    submit = SubmitField(_l("Filter"))
