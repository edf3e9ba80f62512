"""The survey service tests read the services' messages in English: messages raised outside a request follow
the default language (German), so they run under English here. Page tests choose their language by cookie."""

import pytest
from flask_babel import force_locale

ENGLISH_MODULES = {"test_questions", "test_builder", "test_distribution"}


@pytest.fixture(autouse=True)
def english_messages(request):
    if request.module.__name__.rsplit(".", 1)[-1] not in ENGLISH_MODULES:
        yield
        return
    app = request.getfixturevalue("app")
    with app.test_request_context(headers={"Accept-Language": "en"}), force_locale("en"):
        yield
