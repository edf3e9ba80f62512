"""Input filters shared by forms in every domain."""


def strip(value):
    return value.strip() if isinstance(value, str) else value


def select_choices(pairs) -> list:
    """``[(value, label), …]`` as WTForms ``SelectChoice`` objects (raw tuples are deprecated)."""
    from wtforms.fields.choices import SelectChoice

    return [SelectChoice(str(value), label) for value, label in pairs]
