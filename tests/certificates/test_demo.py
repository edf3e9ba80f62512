"""The demo's past open days issue certificates of attendance, signed by the office's head."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from conference.certificates import services
from conference.certificates.pdf import certificate_pdf
from conference.demo import data
from conference.demo.seed import seed
from conference.editions.models import Edition, EditionFormat
from tests.council.test_signature_pdf import pdf_pages


def test_the_demo_open_days_have_a_signatory_and_the_past_ones_issue_certificates(db):
    seed(date(2026, 11, 22))
    editions = db.session.scalars(select(Edition).order_by(Edition.number)).all()
    open_days = [e for e in editions if e.format == EditionFormat.OPEN_DAY]
    assert open_days and all((e.certificate_signatory, e.certificate_signatory_role) == data.CERTIFICATE_SIGNATORY
                             for e in open_days)
    assert all(e.certificate_signatory == "" for e in editions if e.format == EditionFormat.COUNCIL)
    past = [e for e in open_days if e.personal_data_purged_at is None and e.ends_at < open_days[-1].starts_at]
    assert [e.number for e in past] == [19, 23, 27]  # the 15th is purged, the 31st is still to come
    for edition in past:  # first come (19, 23) or by preference (27): checked in at the door
        rows = services.overview(edition)
        issued = [row for row in rows if row.decision.issued]
        assert len(issued) > len(rows) / 2, edition.number  # most came
        assert any(not row.decision.issued for row in rows), edition.number  # some stayed away or cancelled
    text = "\n".join(pdf_pages(certificate_pdf(issued[0].registration, issued[0].decision, locale="en")))
    assert issued[0].registration.name in text and data.CERTIFICATE_SIGNATORY[0] in text
