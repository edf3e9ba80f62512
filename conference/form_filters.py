"""Input filters shared by forms in every domain."""


# Ids are database INTEGERs: a larger number overflows the driver (SQLite) or the column (PostgreSQL) instead of
# finding nothing, so posted ids are checked against this before any query.
DB_ID_MAX = 2**31 - 1


def is_db_id(value) -> bool:
    """Whether ``value`` can be a row's id: a positive integer (not a bool) that fits a database INTEGER."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= DB_ID_MAX


def strip(value):
    return value.strip() if isinstance(value, str) else value


def select_choices(pairs) -> list:
    """``[(value, label), …]`` as WTForms ``SelectChoice`` objects (raw tuples are deprecated)."""
    from wtforms.fields.choices import SelectChoice

    return [SelectChoice(str(value), label) for value, label in pairs]
