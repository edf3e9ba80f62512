"""The call window and the offers of partner institutions: drafts, submission, editing until the deadline,
withdrawal, and attachments that are checked by content and served only as downloads to those allowed."""

from datetime import timedelta
from io import BytesIO

import pytest
from sqlalchemy import func, select

from conference.database import utcnow
from conference.editions.models import EditionFormat
from conference.mail.models import OutboxMessage
from conference.submissions import services
from conference.submissions.models import Submission, SubmissionStatus
from tests.factories import make_call, make_edition, make_offer, make_organisation, make_provider, make_slot, make_user

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def open_call(db):
    edition = make_edition()
    slots = [make_slot(edition), make_slot(edition, start=__import__("datetime").time(13), label="Runde 2")]
    call = make_call(edition)
    db.session.commit()
    return edition, call, slots


def sign_in_provider(client, db, organisation=None, email=None):
    provider = make_provider(organisation, email=email)
    db.session.commit()
    assert client.post("/login", data={"email": provider.email, "password": "secret"}).status_code == 302
    return provider


def offer_form(slots, **overrides):
    data = {"kind": "workshop", "title": "Coding mit Calliope", "abstract": "Kinder programmieren.",
            "target_groups": ["primary"], "topics": ["digital"], "expected_audience": "15",
            "slot_ids": [str(s.id) for s in slots], "equipment": ["Beamer"], "needs_power": "y",
            "co_presenters-0-name": "Karl Ko", "co_presenters-0-email": "karl@example.org", "submit": "1"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_provider_submits_an_offer_and_gets_a_receipt(client, db, open_call):
    edition, _, slots = open_call
    provider = sign_in_provider(client, db)
    assert client.get(f"/partner/editions/{edition.id}/offers/new").status_code == 200
    response = client.post(f"/partner/editions/{edition.id}/offers/new", data=offer_form(slots))
    assert response.status_code == 302
    offer = db.session.scalar(select(Submission))
    assert response.headers["Location"] == f"/partner/offers/{offer.id}"
    assert offer.status == SubmissionStatus.SUBMITTED and offer.submitted_at is not None
    assert offer.organisation_id == provider.organisation_id and offer.submitted_by_id == provider.id
    assert [s.id for s in offer.slots] == [s.id for s in slots]
    assert [(p.name, p.email) for p in offer.co_presenters] == [("Karl Ko", "karl@example.org")]
    assert offer.equipment == ["Beamer"] and offer.needs_power and offer.expected_audience == 15
    receipt = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "submission_received"))
    assert receipt.recipient == provider.email and f"/partner/offers/{offer.id}" in receipt.body_text
    assert "Coding mit Calliope" in client.get(f"/partner/offers/{offer.id}").get_data(as_text=True)


def test_a_draft_needs_only_kind_and_title_and_submitting_names_every_missing_field(client, db, open_call):
    edition, _, slots = open_call
    sign_in_provider(client, db)
    incomplete = {"kind": "talk", "title": "Nur ein Titel"}
    response = client.post(f"/partner/editions/{edition.id}/offers/new", data={**incomplete, "save": "1"})
    assert response.status_code == 302
    draft = db.session.scalar(select(Submission))
    assert draft.status == SubmissionStatus.DRAFT and draft.submitted_at is None
    response = client.post(f"/partner/offers/{draft.id}/edit", data={**incomplete, "submit": "1"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for field in ("abstract", "target_groups", "expected_audience", "slot_ids"):
        assert f'id="{field}-error"' in page, field
    db.session.expire_all()
    assert db.session.get(Submission, draft.id).status == SubmissionStatus.DRAFT
    assert client.post(f"/partner/offers/{draft.id}/edit", data=offer_form(slots)).status_code == 302
    db.session.expire_all()
    assert db.session.get(Submission, draft.id).status == SubmissionStatus.SUBMITTED


def test_kinds_the_call_does_not_ask_for_and_foreign_slots_are_refused(client, db, open_call):
    edition, _, slots = open_call
    other = make_edition()
    foreign = make_slot(other)
    db.session.commit()
    sign_in_provider(client, db)
    assert client.post(f"/partner/editions/{edition.id}/offers/new",
                       data=offer_form(slots, kind="presentation")).status_code == 422
    assert client.post(f"/partner/editions/{edition.id}/offers/new",
                       data=offer_form(slots, slot_ids=[str(foreign.id)])).status_code == 422
    assert db.session.scalar(select(func.count(Submission.id))) == 0


def test_submitting_needs_an_open_call_and_editing_ends_with_the_deadline(client, db, open_call):
    edition, call, slots = open_call
    provider = sign_in_provider(client, db)
    offer = make_offer(edition, provider)
    call.opens_at, call.closes_at = utcnow() + timedelta(days=1), utcnow() + timedelta(days=5)
    db.session.commit()
    early = client.post(f"/partner/editions/{edition.id}/offers/new", data=offer_form(slots))
    assert early.status_code == 409
    assert client.post(f"/partner/editions/{edition.id}/offers/new",
                       data=offer_form(slots, submit=None, save="1")).status_code == 302  # drafts are fine
    call.opens_at, call.closes_at = utcnow() - timedelta(days=5), utcnow() - timedelta(minutes=1)
    db.session.commit()
    late = client.post(f"/partner/offers/{offer.id}/edit", data=offer_form(slots, title="Neu"))
    assert late.status_code == 409
    db.session.expire_all()
    assert db.session.get(Submission, offer.id).title != "Neu"
    assert "Bearbeiten" not in client.get(f"/partner/offers/{offer.id}").get_data(as_text=True)


def test_offers_of_other_institutions_are_invisible(client, db, open_call):
    edition, _, _ = open_call
    theirs = make_offer(edition, make_provider())
    db.session.commit()
    sign_in_provider(client, db)
    for path in (f"/partner/offers/{theirs.id}", f"/partner/offers/{theirs.id}/edit",
                 f"/partner/offers/{theirs.id}/attachment"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/partner/offers/{theirs.id}/withdraw").status_code == 404


def test_a_colleague_of_the_same_institution_sees_and_edits_the_offer(client, db, open_call):
    edition, _, slots = open_call
    school = make_organisation()
    offer = make_offer(edition, make_provider(school))
    db.session.commit()
    sign_in_provider(client, db, school)
    assert client.post(f"/partner/offers/{offer.id}/edit", data=offer_form(slots, title="Gemeinsam")).status_code == 302


def test_withdrawing_an_offer(client, db, open_call):
    edition, _, _ = open_call
    provider = sign_in_provider(client, db)
    offer = make_offer(edition, provider)
    db.session.commit()
    assert client.post(f"/partner/offers/{offer.id}/withdraw").status_code == 302
    db.session.expire_all()
    assert db.session.get(Submission, offer.id).status == SubmissionStatus.WITHDRAWN
    assert client.post(f"/partner/offers/{offer.id}/withdraw").status_code == 409  # once is enough


def test_a_pdf_attachment_is_stored_outside_static_and_served_only_as_a_download(client, db, open_call, app):
    edition, _, slots = open_call
    sign_in_provider(client, db)
    upload = (BytesIO(PDF), "../../etc/Flyer <b>final</b>.pdf")
    response = client.post(f"/partner/editions/{edition.id}/offers/new",
                           data={**offer_form(slots), "attachment": upload}, content_type="multipart/form-data")
    assert response.status_code == 302
    offer = db.session.scalar(select(Submission))
    assert offer.attachment_type == "application/pdf" and offer.attachment_size == len(PDF)
    assert "/" not in offer.attachment_name and ".." not in offer.attachment_name and "<" not in offer.attachment_name
    stored = services.storage.path_of(offer.attachment_key)
    assert stored.read_bytes() == PDF and "static" not in stored.parts
    assert stored.is_relative_to(app.config["UPLOAD_FOLDER"])
    download = client.get(f"/partner/offers/{offer.id}/attachment")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download.headers["Content-Security-Policy"]
    download.close()  # a WSGI server closes the response, and with it the file
    client.post("/logout")
    sign_in_provider(client, db, email="fremd@example.org")
    assert client.get(f"/partner/offers/{offer.id}/attachment").status_code == 404


@pytest.mark.parametrize(("content", "name"), [
    (b"<html><script>alert(1)</script></html>", "flyer.pdf"),  # the name says PDF, the content does not
    (b"MZ\x90\x00\x03" + b"\x00" * 60, "programm.png"),
    (b"", "leer.pdf"),
])
def test_attachments_are_checked_by_content(client, db, open_call, content, name):
    edition, _, slots = open_call
    sign_in_provider(client, db)
    response = client.post(f"/partner/editions/{edition.id}/offers/new",
                           data={**offer_form(slots), "attachment": (BytesIO(content), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Submission.id))) == 0


def test_attachments_over_10_mb_are_refused(app):
    from werkzeug.datastructures import FileStorage

    from conference.errors import DomainError

    with pytest.raises(DomainError) as refused:
        services.storage.save(FileStorage(BytesIO(PNG + b"\x00" * (10 * 1024 * 1024)), "gross.png"))
    assert refused.value.field == "attachment"
    assert services.storage.save(FileStorage(BytesIO(PNG + b"\x00" * 1000), "ok.png")).size == len(PNG) + 1000


@pytest.mark.config(MAX_CONTENT_LENGTH=100_000)
def test_a_request_larger_than_the_limit_is_413_and_saves_nothing(client, db, open_call):
    edition, _, slots = open_call
    sign_in_provider(client, db)
    response = client.post(f"/partner/editions/{edition.id}/offers/new",
                           data={**offer_form(slots), "attachment": (BytesIO(PNG + b"\x00" * 150_000), "gross.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    assert db.session.scalar(select(func.count(Submission.id))) == 0


def test_replacing_and_removing_the_attachment_deletes_the_old_file(client, db, open_call):
    edition, _, slots = open_call
    sign_in_provider(client, db)
    client.post(f"/partner/editions/{edition.id}/offers/new",
                data={**offer_form(slots), "attachment": (BytesIO(PDF), "a.pdf")}, content_type="multipart/form-data")
    offer = db.session.scalar(select(Submission))
    first = services.storage.path_of(offer.attachment_key)
    client.post(f"/partner/offers/{offer.id}/edit", data={**offer_form(slots, submit=None, save="1"),
                                                         "attachment": (BytesIO(PNG), "b.png")},
                content_type="multipart/form-data")
    db.session.expire_all()
    offer = db.session.get(Submission, offer.id)
    assert not first.exists() and offer.attachment_type == "image/png" and offer.attachment_name == "b.png"
    second = services.storage.path_of(offer.attachment_key)
    client.post(f"/partner/offers/{offer.id}/edit", data=offer_form(slots, submit=None, save="1",
                                                                      remove_attachment="y"))
    db.session.expire_all()
    assert db.session.get(Submission, offer.id).attachment_key is None and not second.exists()


def test_calls_belong_to_open_days_and_close_after_they_open(db):
    from conference.errors import DomainError

    council = make_edition(format=EditionFormat.COUNCIL)
    with pytest.raises(DomainError):
        make_call(council)
    with pytest.raises(DomainError):
        make_call(make_edition(), opens_days=5, closes_days=1)


def test_the_public_call_page_and_the_partner_dashboard(client, db, open_call):
    edition, _, _ = open_call
    page = client.get(f"/editions/{edition.id}/call")
    assert page.status_code == 200 and "/signup/partner" in page.get_data(as_text=True)
    assert f"/editions/{edition.id}/call" in client.get(f"/editions/{edition.id}").get_data(as_text=True)
    assert client.get(f"/editions/{make_edition().id}/call").status_code == 404
    sign_in_provider(client, db)
    assert f"/partner/editions/{edition.id}/offers/new" in client.get("/partner/").get_data(as_text=True)


def test_without_time_slots_an_offer_can_still_be_submitted(client, db):
    edition = make_edition()
    make_call(edition)
    db.session.commit()
    sign_in_provider(client, db)
    response = client.post(f"/partner/editions/{edition.id}/offers/new", data=offer_form([], slot_ids=None))
    assert response.status_code == 302
    assert db.session.scalar(select(Submission.status)) == SubmissionStatus.SUBMITTED


def test_hostile_text_is_stored_verbatim_and_shown_escaped(client, db, open_call):
    edition, _, slots = open_call
    sign_in_provider(client, db)
    title = '<script>alert("x")</script>\x00 Robert\'); DROP TABLE submission;--'
    response = client.post(f"/partner/editions/{edition.id}/offers/new",
                           data=offer_form(slots, title=title, **{"co_presenters-0-name": "Eve\x00<b>"}))
    assert response.status_code == 302
    offer = db.session.scalar(select(Submission))
    assert offer.title == title.replace("\x00", "") and offer.co_presenters[0].name == "Eve<b>"
    page = client.get(f"/partner/offers/{offer.id}").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_the_organisers_offer_list_costs_the_same_queries_for_2_and_20_offers(client, db, login_as,
                                                                            count_queries):
    from conference.submissions import reviews

    call = make_call(make_edition())
    login_as("organiser")
    reviewer = make_user("reviewer")

    def add(n):
        for _ in range(n):
            offer = make_offer(call.edition, make_provider())
            reviews.save_review(reviews.assign(offer, reviewer), call, {c.id: 3 for c in call.criteria}, "")
        db.session.commit()

    add(2)
    with count_queries() as few:
        assert client.get(f"/manage/editions/{call.edition_id}/submissions/").status_code == 200
    add(18)
    with count_queries() as many:
        assert client.get(f"/manage/editions/{call.edition_id}/submissions/").status_code == 200
    assert many.count == few.count
