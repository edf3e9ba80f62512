"""Forms of the staff pages for seats, groups, people, terms, consent and the XLSX import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, EmailField, HiddenField, IntegerField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from conference.council.models import MEMBERSHIP_ROLE_LABELS
from conference.council.seats import MAX_CONSENT_TEXT, MAX_EMAIL, MAX_LABEL, MAX_NAME, MAX_TITLE
from conference.editions.forms import plausible_year
from conference.form_filters import select_choices, strip
from conference.forms_base import BaseForm

LOCALE_CHOICES = (("de", _l("German")), ("en", _l("English")))
NEW_PERSON = ""


class GroupForm(BaseForm):
    name = StringField(_l("Name of the group"), filters=[strip], validators=[DataRequired(), Length(max=MAX_LABEL)],
                       description=_l("For example “Schulen”, “Kita-Träger” or “Wirtschaft”."))
    submit = SubmitField(_l("Save"))


class MoveForm(BaseForm):
    direction = HiddenField(validators=[DataRequired()])

    @property
    def step(self) -> int:
        return -1 if self.direction.data == "up" else 1


class SeatForm(BaseForm):
    group_id = SelectField(_l("Group"), coerce=int, validators=[InputRequired()])
    label = StringField(_l("Seat"), filters=[strip], validators=[DataRequired(), Length(max=MAX_LABEL)],
                        description=_l("What the seat stands for, e.g. “Grundschulen” or “Freie Träger der "
                                       "Jugendhilfe (1)”. Unique within its group."))
    organisation = StringField(_l("Institution holding the seat"), filters=[strip],
                               validators=[DataRequired(), Length(max=MAX_LABEL)],
                               description=_l("Choose an existing institution or type a new name: it is added."),
                               render_kw={"list": "organisation-names", "autocomplete": "off"})
    position = IntegerField(_l("Position within the group"), validators=[Optional(), NumberRange(0, 10000)],
                            description=_l("Seats are listed by this number. Leave empty to put a new seat last."))
    submit = SubmitField(_l("Save"))

    def set_choices(self, groups) -> None:
        self.group_id.choices = select_choices((g.id, g.name) for g in groups)


class DeactivateForm(BaseForm):
    ends_terms_on = DateField(_l("End the current terms on (optional)"), validators=[Optional(), plausible_year],
                              description=_l("Leave empty to keep the member and deputy on record as they are."))
    submit = SubmitField(_l("Deactivate the seat"))


class PersonFields:
    """Fields of a person, shared by the person form and the inline "new person" of the assign form."""

    title = StringField(_l("Title"), filters=[strip], validators=[Optional(), Length(max=MAX_TITLE)],
                        description=_l("For example “Dr.”; printed before the name."))
    given_name = StringField(_l("Given name"), filters=[strip], validators=[Optional(), Length(max=MAX_NAME)])
    family_name = StringField(_l("Family name"), filters=[strip], validators=[Length(max=MAX_NAME)])
    email = EmailField(_l("E-mail address"), filters=[strip],
                       validators=[Optional(), Email(check_deliverability=False), Length(max=MAX_EMAIL)],
                       description=_l("Invitations go to this address."))
    locale = SelectField(_l("Language of invitations"), choices=lambda: select_choices(LOCALE_CHOICES),
                         default="de")


class PersonForm(PersonFields, BaseForm):
    submit = SubmitField(_l("Save"))

    def validate_family_name(self, field):
        if not field.data:
            raise ValidationError(_l("Please enter the family name."))


class AssignForm(PersonFields, BaseForm):
    role = RadioField(_l("Role"), choices=lambda: select_choices(MEMBERSHIP_ROLE_LABELS.items()),
                      validators=[InputRequired(_l("Please choose member or deputy."))])
    person_id = SelectField(_l("Person"), validators=[Optional()],
                            description=_l("Choose someone on record, or “New person” and fill in the fields "
                                           "below."))
    starts_on = DateField(_l("Term starts on"), validators=[InputRequired(), plausible_year],
                          description=_l("Whoever holds the seat in this role then leaves it the day before."))
    submit = SubmitField(_l("Assign"))

    def set_choices(self, people) -> None:
        self.person_id.choices = select_choices(
            [(NEW_PERSON, _l("– New person (fill in below) –")),
             *((p.id, f"{p.sort_name}{f' ({p.email})' if p.email else ''}") for p in people)])

    @property
    def wants_new_person(self) -> bool:
        return self.person_id.data in (None, NEW_PERSON)

    def validate_family_name(self, field):
        if self.wants_new_person and not field.data:
            raise ValidationError(_l("Choose a person on record or enter the new person's family name."))


class EndForm(BaseForm):
    ends_on = DateField(_l("Last day of the term"), validators=[InputRequired(), plausible_year])
    submit = SubmitField(_l("End the term"))


class ConsentForm(BaseForm):
    given = RadioField(_l("Publication of the name"), choices=lambda: select_choices((
        ("yes", _l("Consent given: the name may appear on public pages and in the OParl API")),
        ("no", _l("No consent, or consent withdrawn: the name stays internal")))),
        validators=[InputRequired(_l("Please choose."))])
    given_on = DateField(_l("Consent given on"), validators=[Optional(), plausible_year],
                         description=_l("The date on the signed form or mail; today if empty."))
    text_version = StringField(_l("Version of the consent text"), filters=[strip],
                               validators=[Optional(), Length(max=MAX_CONSENT_TEXT)],
                               description=_l("Which wording the person agreed to, e.g. “2026-11”."))
    submit = SubmitField(_l("Record"))

    def validate_text_version(self, field):
        if self.given.data == "yes" and not field.data:
            raise ValidationError(_l("Please name the version of the text the person agreed to."))


class ImportForm(BaseForm):
    file = FileField(_l("Workbook (.xlsx)"), validators=[
        FileRequired(_l("Please choose a file.")),
        FileAllowed(["xlsx"], _l("Please upload an Excel workbook (.xlsx), for example the one from the export.")),
    ], description=_l("The layout of the export: row 1 holds the column names, then one row per seat."))
    valid_from = DateField(_l("Changes of holder are valid from"), validators=[InputRequired(), plausible_year],
                           description=_l("New members and deputies start on this day; those they replace leave "
                                          "the day before."))
    submit = SubmitField(_l("Check the file"))


class ImportConfirmForm(BaseForm):
    payload = HiddenField(validators=[DataRequired()])
    submit = SubmitField(_l("Apply these changes"))
