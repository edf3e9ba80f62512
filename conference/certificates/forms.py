from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, NumberRange

from conference.certificates.services import MAX_SIGNATORY
from conference.form_filters import strip
from conference.forms_base import BaseForm


class CertificateSettingsForm(BaseForm):
    """The edition's rule and signature block. The share is a whole percentage; the rule is "at least"."""

    min_share = IntegerField(
        _l("Minimum attendance (percent of the booked time)"), validators=[InputRequired(), NumberRange(0, 100)],
        description=_l("A certificate is issued when a person attended at least this share of the time they "
                       "booked (a whole number from 0 to 100; 50 means half). With 0, attending one session "
                       "is enough."))
    signatory = StringField(_l("Signed by"), filters=[strip], validators=[Length(max=MAX_SIGNATORY)],
                            description=_l("Name of the person who signs the certificates, e.g. Dr. Jana Lehmann."))
    signatory_role = StringField(_l("Role of the signatory"), filters=[strip],
                                 validators=[Length(max=MAX_SIGNATORY)],
                                 description=_l("E.g. Head of the regional education office."))
    submit = SubmitField(_l("Save"))
