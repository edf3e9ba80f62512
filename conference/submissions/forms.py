from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileSize
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from conference.editions.forms import DT_FORMAT, LocalDateTimeField, plausible_year
from conference.form_filters import select_choices, strip
from conference.forms_base import BaseForm, drop_control_characters, wtforms_translations
from conference.program.models import KIND_LABELS, TARGET_GROUPS, TOPICS
from conference.registration.forms import MultiCheckboxField
from conference.submissions.decisions import LOCALES
from conference.submissions.models import DECISIONS, EQUIPMENT, OFFER_KINDS, STATUS_LABELS
from conference.submissions.services import MAX_CO_PRESENTERS
from conference.submissions.storage import MAX_BYTES


class CoPresenterForm(Form):
    """One row of co-presenters (a subform: the outer form carries the CSRF token)."""

    class Meta:
        def get_translations(self, form):
            from flask_babel import get_locale

            return wtforms_translations(str(get_locale()))

    name = StringField(_l("Name"), filters=[drop_control_characters, strip], validators=[Optional(), Length(max=200)])
    email = EmailField(_l("E-mail address"), filters=[drop_control_characters, strip],
                       validators=[Optional(), Email(check_deliverability=False), Length(max=254)])

    def validate_email(self, field):
        if field.data and not self.name.data:
            raise ValidationError(_l("Please add the name to this address."))


class OfferForm(BaseForm):
    """Drafts need only kind and title; submitting checks the rest (``validate`` below)."""

    kind = SelectField(_l("Kind of offer"), validators=[DataRequired()])
    title = StringField(_l("Title"), filters=[strip], validators=[DataRequired(), Length(max=300)])
    abstract = TextAreaField(_l("Description"), filters=[strip], validators=[Length(max=5000)],
                             description=_l("What will visitors do or learn? Up to 5,000 characters."))
    target_groups = MultiCheckboxField(_l("Target groups"), choices=lambda: select_choices(TARGET_GROUPS.items()))
    topics = MultiCheckboxField(_l("Topics"), choices=lambda: select_choices(TOPICS.items()))
    expected_audience = IntegerField(_l("Expected audience (people at a time)"),
                                     validators=[Optional(), NumberRange(min=1, max=10000)])
    room_size = IntegerField(_l("Room size needed (seats)"), validators=[Optional(), NumberRange(min=0, max=10000)],
                             description=_l("Leave empty if any room will do."))
    equipment = MultiCheckboxField(_l("Equipment needed"), choices=lambda: select_choices(EQUIPMENT.items()))
    needs_step_free = BooleanField(_l("Step-free access needed (e.g. a presenter uses a wheelchair)"))
    needs_power = BooleanField(_l("Power supply needed"))
    slot_ids = MultiCheckboxField(_l("When can you take part?"), coerce=int,
                                  description=_l("Choose every time slot that suits you."))
    co_presenters = FieldList(FormField(CoPresenterForm), min_entries=MAX_CO_PRESENTERS,
                              max_entries=MAX_CO_PRESENTERS, label=_l("Co-presenters"))
    attachment = FileField(_l("Attachment (PDF, PNG or JPEG, up to 10 MB)"), validators=[
        FileSize(MAX_BYTES, message=_l("The file is larger than 10 MB."))],
        description=_l("For example a flyer or a photo of your stand."))
    remove_attachment = BooleanField(_l("Remove the current attachment"))
    notes = TextAreaField(_l("Notes for the organisers"), filters=[strip], validators=[Optional(), Length(max=2000)])
    save = SubmitField(_l("Save draft"))
    submit = SubmitField(_l("Submit offer"))

    # A submitted offer must stay complete when it is edited (set by the view).
    keeps_complete = False

    def set_choices(self, call, slots, slot_label, current_kind=None) -> None:
        kinds = call.offered_kinds
        if current_kind is not None and current_kind not in kinds:  # the call no longer asks for it: keep it
            kinds = [current_kind, *kinds]
        self.kind.choices = select_choices((k.value, KIND_LABELS[k]) for k in kinds)
        self.slot_ids.choices = select_choices((s.id, slot_label(s)) for s in slots)

    @property
    def wants_submit(self) -> bool:
        return bool(self.submit.data)

    def validate(self, extra_validators=None) -> bool:
        """Drafts need kind and title only; submitting names every other missing field at once."""
        valid = super().validate(extra_validators)
        if self.wants_submit or self.keeps_complete:
            for field, message in ((self.abstract, _l("Please describe the offer.")),
                                   (self.target_groups, _l("Please choose at least one target group.")),
                                   (self.expected_audience, _l("Please estimate the audience.")),
                                   (self.slot_ids, _l("Please choose at least one time slot in which you can take "
                                                      "part."))):
                if field is self.slot_ids and not field.choices:
                    continue  # the edition has no time slots yet: nothing to choose from
                if not field.data and not field.errors:
                    field.errors.append(message)
                    valid = False
        return valid

    def co_presenter_pairs(self) -> list[tuple[str, str]]:
        """The filled-in rows, each person once (by e-mail address, or by name without one)."""
        pairs, seen = [], set()
        for row in self.co_presenters:
            name, email = row.form.name.data, (row.form.email.data or "").lower()
            key = email or name.casefold() if name else None
            if key and key not in seen:
                seen.add(key)
                pairs.append((name, email))
        return pairs


class CallForm(BaseForm):
    opens_at = LocalDateTimeField(_l("Opens (local time)"), format=DT_FORMAT,
                                  validators=[InputRequired(), plausible_year])
    closes_at = LocalDateTimeField(_l("Closes (local time)"), format=DT_FORMAT,
                                   validators=[InputRequired(), plausible_year])
    intro = TextAreaField(_l("Introduction for partner institutions"), filters=[strip],
                          validators=[Optional(), Length(max=20000)])
    kinds = MultiCheckboxField(_l("Kinds of offer asked for"), choices=lambda: select_choices(
        (k.value, KIND_LABELS[k]) for k in OFFER_KINDS), validators=[DataRequired(
            message=_l("Please offer at least one kind of offer."))])
    score_max = IntegerField(_l("Score scale: 1 to"), default=5, validators=[InputRequired(), NumberRange(2, 10)])
    reviews_per_offer = IntegerField(_l("Reviews per offer (automatic distribution)"), default=2,
                                     validators=[InputRequired(), NumberRange(1, 10)])
    submit = SubmitField(_l("Save"))


class CriterionForm(BaseForm):
    label = StringField(_l("Criterion"), filters=[strip], validators=[DataRequired(), Length(max=200)])
    description = StringField(_l("Explanation for reviewers"), filters=[strip],
                              validators=[Optional(), Length(max=1000)])
    weight = IntegerField(_l("Weight"), default=1, validators=[InputRequired(), NumberRange(1, 10)])
    submit = SubmitField(_l("Add criterion"))


class TemplateForm(BaseForm):
    subject = StringField(_l("Subject"), filters=[strip], validators=[DataRequired(), Length(max=300)])
    body = TextAreaField(_l("Text"), filters=[strip], validators=[DataRequired(), Length(max=20000)])
    submit = SubmitField(_l("Save template"))


def decision_choices():
    return select_choices((d.value, STATUS_LABELS[d]) for d in DECISIONS)


class DecisionForm(BaseForm):
    decision = SelectField(_l("Decision"), choices=decision_choices, validators=[DataRequired()])
    notify = BooleanField(_l("Send the decision mail"), default=True)
    submit = SubmitField(_l("Decide"))


class BulkDecisionForm(DecisionForm):
    submission_ids = MultiCheckboxField(_l("Offers"), coerce=int, validators=[DataRequired(
        message=_l("Please select at least one offer."))])
    submit = SubmitField(_l("Apply to the selected offers"))


class AssignForm(BaseForm):
    reviewer_id = SelectField(_l("Assign to"), coerce=int, validators=[DataRequired()])
    submit = SubmitField(_l("Assign"))


def review_form(criteria, score_max: int):
    """A form with one 1…score_max radio group per criterion, plus a comment."""
    fields = {
        f"criterion_{c.id}": RadioField(c.label, description=c.description, coerce=int,
                                        choices=select_choices((n, str(n)) for n in range(1, score_max + 1)),
                                        validators=[InputRequired(message=_l("Please choose a score."))])
        for c in criteria
    }
    fields["comment"] = TextAreaField(_l("Comment"), filters=[strip], validators=[Optional(), Length(max=5000)])
    fields["submit"] = SubmitField(_l("Save review"))
    return type("ReviewForm", (BaseForm,), fields)


def locale_choices():
    return select_choices((code, {"de": "Deutsch", "en": "English"}[code]) for code in LOCALES)
