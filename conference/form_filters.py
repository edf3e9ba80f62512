"""Input filters shared by forms in every domain."""


def strip(value):
    return value.strip() if isinstance(value, str) else value
