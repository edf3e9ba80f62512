from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from conference.form_filters import strip
from conference.forms_base import BaseForm


class AccessibilityFeedbackForm(BaseForm):
    message = TextAreaField(
        _l("Your message"), validators=[DataRequired(), Length(max=5000)],
        description=_l("Describe the barrier you met and, if you can, the page where it happened."),
    )
    page_url = StringField(_l("Page concerned"), validators=[Optional(), Length(max=500)],
                           description=_l("Optional: the address or name of the page."))
    name = StringField(_l("Your name"), validators=[Optional(), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    email = EmailField(_l("Your e-mail address"), filters=[strip],
                       validators=[Optional(), Email(check_deliverability=False), Length(max=254)],
                       description=_l("Optional: only if you would like an answer."),
                       render_kw={"autocomplete": "email"})
    submit = SubmitField(_l("Send feedback"))
