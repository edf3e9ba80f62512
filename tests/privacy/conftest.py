import pytest


@pytest.fixture
def english(client):
    """Pages in English: the tests read the messages as written in the code, whatever the German catalogue
    says (the German ones are checked by the i18n tests)."""
    client.set_cookie("lang", "en")
    return client
