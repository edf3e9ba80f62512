"""WTForms' own messages in the page's language, also those its German catalogue leaves out.

WTForms ships its messages translated, but a few are missing or marked fuzzy there (and so not compiled): the
page showed "'999999' is not a valid choice for this field." in English on a German page. Our own catalogue
translates those; it is asked whenever WTForms' catalogue has no entry."""

from __future__ import annotations

from pathlib import Path

from babel import support
from wtforms.i18n import messages_path

OWN_TRANSLATIONS = Path(__file__).parent / "translations"


def N_(message: str) -> str:
    """Marks a message for extraction without translating it here."""
    return message


def ngettext(singular: str, plural: str, n: int) -> tuple[str, str]:
    """Marks a plural message for extraction without translating it here."""
    return singular, plural


# The messages of WTForms 3.x that its German catalogue lacks; ours translates them.
MISSING_FROM_WTFORMS = (
    ngettext("'%(value)s' is not a valid choice for this field.",
             "'%(value)s' are not valid choices for this field.", 1),
    ngettext("Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long.", 1),
    N_("This field is disabled and cannot have a value."),
    N_("Not a valid time value."),
    N_("Choices cannot be None."),
)


class FormTranslations:
    """WTForms' catalogue, with ours asked for every message it leaves in English. A fallback catalogue is not
    enough: WTForms' compiled German catalogue holds some plural messages with the English text itself, so a
    fallback is never reached for them."""

    def __init__(self, wtforms: support.NullTranslations, own: support.NullTranslations):
        self.wtforms, self.own = wtforms, own

    def gettext(self, message: str) -> str:
        translated = self.wtforms.gettext(message)
        return self.own.gettext(message) if translated == message else translated

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        translated = self.wtforms.ngettext(singular, plural, n)
        return self.own.ngettext(singular, plural, n) if translated in (singular, plural) else translated


def load_form_translations(locale: str) -> FormTranslations:
    """WTForms' catalogue for ``locale``, and ours for every message it does not translate."""
    return FormTranslations(support.Translations.load(messages_path(), [locale], domain="wtforms"),
                            support.Translations.load(str(OWN_TRANSLATIONS), [locale], domain="messages"))
