"""WTForms' messages follow the page's language, also those WTForms' German catalogue leaves out."""

from wtforms import Form, SelectMultipleField

from conference.form_messages import MISSING_FROM_WTFORMS, load_form_translations
from conference.forms_base import wtforms_translations


def test_wtforms_messages_it_does_not_translate_are_looked_up_in_our_catalogue(app):
    german = load_form_translations("de")
    assert german.gettext("This field is required.") == "Dieses Feld wird benötigt."  # WTForms' own
    assert german.gettext("Saved.") == "Gespeichert."  # not WTForms': found in ours
    assert load_form_translations("en").gettext("Saved.") == "Saved."


def test_every_message_wtforms_leaves_untranslated_is_translated_in_our_german_catalogue(app):
    german = load_form_translations("de")
    for message in MISSING_FROM_WTFORMS:
        if isinstance(message, tuple):
            assert german.ngettext(*message, 1) != message[0], message
            assert german.ngettext(*message, 2) != message[1], message
        else:
            assert german.gettext(message) != message, message


def test_a_stale_choice_is_refused_in_the_pages_language(app, tmp_path, monkeypatch):
    """End to end through a form, with a catalogue of ours made here (the real one is checked above)."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from werkzeug.datastructures import MultiDict

    from conference import form_messages
    from conference.form_filters import select_choices

    catalog = Catalog(locale="de")
    catalog.add(MISSING_FROM_WTFORMS[0], ("„%(value)s“ steht nicht zur Auswahl.",
                                          "„%(value)s“ stehen nicht zur Auswahl."))
    (tmp_path / "de" / "LC_MESSAGES").mkdir(parents=True)
    with open(tmp_path / "de" / "LC_MESSAGES" / "messages.mo", "wb") as mo:
        write_mo(mo, catalog)
    monkeypatch.setattr(form_messages, "OWN_TRANSLATIONS", tmp_path)
    wtforms_translations.cache_clear()

    class Choose(Form):
        class Meta:
            def get_translations(self, form):
                return wtforms_translations("de")

        offers = SelectMultipleField(choices=select_choices([("1", "Eins")]))

    try:
        form = Choose(MultiDict([("offers", "999999")]))
        assert not form.validate()
        assert form.offers.errors == ["„999999“ steht nicht zur Auswahl."]
    finally:
        wtforms_translations.cache_clear()
