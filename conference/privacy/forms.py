from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from conference.form_filters import strip
from conference.forms_base import BaseForm
from conference.privacy.notice import NOTICE_MAX, VERSION_MAX


class NoticeForm(BaseForm):
    """An edition's privacy notice and retention periods; the rules are checked by ``notice.save_settings``."""

    privacy_notice = TextAreaField(
        _l("Privacy notice of this edition"), validators=[Optional(), Length(max=NOTICE_MAX)],
        description=_l("Plain text; a blank line starts a new paragraph. Leave empty to use the site's privacy "
                       "notice."))
    privacy_notice_version = StringField(
        _l("Version of the notice"), filters=[strip], validators=[Optional(), Length(max=VERSION_MAX)],
        description=_l("For example the date of the text. Registrations record the version they agreed to; a "
                       "changed text needs a new version."))
    retention_months = IntegerField(
        _l("Keep personal data for (months after the event)"), validators=[Optional()],
        description=_l("1 to 120 months. Then names, addresses and free text are removed; the counts and the "
                       "frozen results stay."))
    special_retention_months = IntegerField(
        _l("Keep accessibility needs for (months after the event)"), validators=[Optional()],
        description=_l("Special-category data (Art. 9 GDPR): 1 to 120 months, and no longer than the other "
                       "personal data."))
    submit = SubmitField(_l("Save"))


class SearchForm(BaseForm):
    email = EmailField(_l("E-mail address"), filters=[strip],
                       validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
                       description=_l("Compared without regard to case, across all editions."),
                       render_kw={"autocomplete": "off"})
    submit = SubmitField(_l("Search"))


class AddressForm(BaseForm):
    """A button acting on everything filed under an address (export, erasure): the address rides along."""

    email = HiddenField(filters=[strip], validators=[DataRequired(), Email(check_deliverability=False),
                                                     Length(max=254)])


class EraseForm(BaseForm):
    """The visitor's confirmation before their data is erased."""

    confirm = BooleanField(_l("Yes, erase my data. I know that this cannot be undone and that my places are "
                              "released."),
                           validators=[DataRequired(message=_l("Please confirm that your data should be erased."))])
    submit = SubmitField(_l("Erase my data"))
