"""The council meets by invitation: its public pages never say "registration open"."""

import pytest

from conference.council.core import public_status_label
from conference.editions.models import EditionStatus
from tests.factories import make_council, make_edition

pytestmark = pytest.mark.usefixtures("english")


def test_a_council_edition_is_by_invitation_where_an_open_day_is_open_for_registration(app, db):
    council = make_council(status=EditionStatus.REGISTRATION_OPEN)
    open_day = make_edition(status=EditionStatus.REGISTRATION_OPEN)
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert str(public_status_label(council)) == "By invitation: invitations sent"
        assert str(public_status_label(open_day)) == "Registration open"
        council.status = EditionStatus.REGISTRATION_CLOSED
        assert str(public_status_label(council)) == "By invitation: replies closed"
        council.status = EditionStatus.HELD
        assert str(public_status_label(council)) == "Held"


def test_the_public_pages_show_a_council_edition_as_by_invitation(client, db):
    council = make_council(status=EditionStatus.REGISTRATION_OPEN)
    db.session.commit()
    for path in ("/", f"/editions/{council.id}"):
        page = client.get(path).get_data(as_text=True)
        assert "By invitation: invitations sent" in page, path
        assert "Registration open" not in page, path
