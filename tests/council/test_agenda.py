"""The agenda of a council edition: items in order, minutes, documents (PDF only, by content), and who
may see and change what."""

from datetime import date
from io import BytesIO

import pytest
from sqlalchemy import func, select

from conference.council import documents
from conference.council.models import AgendaDocument, AgendaItem, AgendaItemKind
from conference.editions.models import EditionStatus
from tests.council.agenda_helpers import PDF, english, make_item, make_recommendation
from tests.factories import make_council, make_edition

PAST = date(2024, 3, 13)


@pytest.fixture(autouse=True)
def _english(client):
    english(client)


def url(edition, path=""):
    return f"/manage/editions/{edition.id}/council/agenda{path}"


def titles(db, edition):
    return list(db.session.scalars(select(AgendaItem.title).where(AgendaItem.edition_id == edition.id)
                                   .order_by(AgendaItem.position)))


def upload(client, edition, item, content=PDF, name="vorlage.pdf", title="Vorlage", public=True):
    data = {"document-title": title, "document-file": (BytesIO(content), name)}
    if public:
        data["document-is_public"] = "y"
    return client.post(url(edition, f"/items/{item.id}/documents"), data=data, content_type="multipart/form-data")


def test_the_organiser_adds_items_that_are_listed_in_order(client, db, login_as):
    edition = make_council()
    login_as("organiser")
    page = client.get(url(edition, "/new")).get_data(as_text=True)
    assert 'value="TOP 1"' in page  # the next number is suggested
    response = client.post(url(edition, "/new"), data={"number": "TOP 1", "title": "Begrüßung", "is_public": "y"})
    assert response.status_code == 302
    client.post(url(edition, "/new"), data={"number": "TOP 2", "title": "Bericht des Bildungsbüros",
                                            "description": "Zahlen 2026", "minutes": ""})
    first, second = db.session.scalars(select(AgendaItem).order_by(AgendaItem.position)).all()
    assert (first.number, first.title, first.is_public) == ("TOP 1", "Begrüßung", True)
    assert (second.number, second.is_public, second.description) == ("TOP 2", False, "Zahlen 2026")
    page = client.get(url(edition, "/")).get_data(as_text=True)
    assert page.index("Begrüßung") < page.index("Bericht des Bildungsbüros")
    assert "non-public" in page


def test_a_title_is_required(client, db, login_as):
    edition = make_council()
    login_as("organiser")
    response = client.post(url(edition, "/new"), data={"number": "TOP 1", "title": "  "})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(AgendaItem.id))) == 0


def test_editing_an_item_saves_the_minutes_and_the_visibility(client, db, login_as):
    edition = make_council()
    item = make_item(edition, title="Alt")
    db.session.commit()
    login_as("organiser")
    response = client.post(url(edition, f"/items/{item.id}/edit"),
                           data={"number": "TOP 7", "title": "Neu", "description": "", "minutes": "Beschlossen: …"})
    assert response.status_code == 302
    db.session.expire_all()
    item = db.session.get(AgendaItem, item.id)
    assert (item.number, item.title, item.minutes, item.is_public) == ("TOP 7", "Neu", "Beschlossen: …", False)
    assert "Beschlossen: …" in client.get(url(edition, f"/items/{item.id}")).get_data(as_text=True)


def test_items_move_up_and_down(client, db, login_as):
    edition = make_council()
    a, b, c = (make_item(edition, title=t) for t in "ABC")
    db.session.commit()
    login_as("organiser")
    assert client.post(url(edition, f"/items/{c.id}/move"), data={"direction": "up"}).status_code == 302
    assert titles(db, edition) == ["A", "C", "B"]
    client.post(url(edition, f"/items/{a.id}/move"), data={"direction": "down"})
    assert titles(db, edition) == ["C", "A", "B"]
    client.post(url(edition, f"/items/{c.id}/move"), data={"direction": "up"})  # already first: nothing
    client.post(url(edition, f"/items/{b.id}/move"), data={"direction": "sideways"})  # refused
    assert titles(db, edition) == ["C", "A", "B"]


def test_new_regular_items_go_before_the_follow_up_items(db):
    from conference.council import agenda

    edition = make_council()
    make_item(edition, title="Regulär")
    db.session.add(AgendaItem(edition=edition, title="Follow-up", kind=AgendaItemKind.FOLLOW_UP, position=5))
    db.session.flush()
    agenda.add_item(edition, title="Noch eins")
    assert titles(db, edition) == ["Regulär", "Noch eins", "Follow-up"]


def test_an_item_with_recommendations_cannot_be_deleted(client, db, login_as):
    edition = make_council(day=PAST, status=EditionStatus.HELD)
    item = make_item(edition)
    make_recommendation(item)
    db.session.commit()
    login_as("organiser")
    response = client.post(url(edition, f"/items/{item.id}/delete"))
    assert response.status_code == 409
    assert "has recommendations" in response.get_data(as_text=True)
    assert db.session.get(AgendaItem, item.id) is not None


def test_deleting_an_item_deletes_its_documents_and_their_files(client, db, login_as):
    edition = make_council()
    item = make_item(edition)
    db.session.commit()
    login_as("organiser")
    assert upload(client, edition, item).status_code == 302
    path = documents.document_path(db.session.scalar(select(AgendaDocument)))
    assert path.is_file()
    assert client.post(url(edition, f"/items/{item.id}/delete")).status_code == 302
    assert db.session.scalar(select(func.count(AgendaItem.id))) == 0
    assert db.session.scalar(select(func.count(AgendaDocument.id))) == 0
    assert not path.exists()


def test_a_pdf_is_stored_outside_static_and_downloaded_by_staff_as_an_attachment(client, db, login_as, app):
    edition = make_council()
    item = make_item(edition)
    db.session.commit()
    login_as("organiser")
    response = upload(client, edition, item, name="../../Einladung <b>.pdf", title="Einladung", public=False)
    assert response.status_code == 302
    document = db.session.scalar(select(AgendaDocument))
    assert (document.title, document.is_public, document.content_type, document.size) == (
        "Einladung", False, "application/pdf", len(PDF))
    assert "/" not in document.file_name and "<" not in document.file_name
    path = documents.document_path(document)
    assert path.read_bytes() == PDF and "static" not in path.parts
    assert path.is_relative_to(app.config["UPLOAD_FOLDER"]) and path.parent.name == documents.AREA
    download = client.get(url(edition, f"/documents/{document.id}"))
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["Content-Type"] == "application/pdf"
    assert "sandbox" in download.headers["Content-Security-Policy"]
    download.close()
    other = make_council(day=date(2027, 9, 1))
    db.session.commit()
    assert client.get(url(other, f"/documents/{document.id}")).status_code == 404  # not this edition's


@pytest.mark.parametrize(("content", "name"), [
    (b"<html><script>alert(1)</script></html>", "vorlage.pdf"),  # the name says PDF, the content does not
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "bild.pdf"),  # a PNG is fine for offers, not for the council
    (b"", "leer.pdf"),
])
def test_uploads_are_checked_by_content_and_only_pdfs_pass(client, db, login_as, content, name):
    edition = make_council()
    item = make_item(edition)
    db.session.commit()
    login_as("organiser")
    response = upload(client, edition, item, content=content, name=name)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "PDF" in page or "empty" in page
    assert db.session.scalar(select(func.count(AgendaDocument.id))) == 0


def test_uploads_over_10_mb_are_refused_with_a_message(client, db, login_as):
    edition = make_council()
    item = make_item(edition)
    db.session.commit()
    login_as("organiser")
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    # Encoded here, in memory: the test client would spool a large body to a temporary file it never closes.
    boundary, body = encode_multipart({"document-title": "Groß", "document-file": FileStorage(
        BytesIO(PDF + b"\x00" * (10 * 1024 * 1024)), "gross.pdf")})
    response = client.post(url(edition, f"/items/{item.id}/documents"), data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 422
    assert "larger than 10 MB" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(AgendaDocument.id))) == 0


def test_an_upload_without_a_file_or_title_is_refused(client, db, login_as):
    edition = make_council()
    item = make_item(edition)
    db.session.commit()
    login_as("organiser")
    response = client.post(url(edition, f"/items/{item.id}/documents"), data={"document-title": "Ohne Datei"})
    assert response.status_code == 422
    assert "Please choose a PDF file." in response.get_data(as_text=True)
    assert upload(client, edition, item, title="").status_code == 422


def test_deleting_a_document_removes_its_file(client, db, login_as):
    edition = make_council()
    item = make_item(edition)
    db.session.commit()
    login_as("organiser")
    upload(client, edition, item)
    document = db.session.scalar(select(AgendaDocument))
    path = documents.document_path(document)
    assert client.post(url(edition, f"/documents/{document.id}/delete")).status_code == 302
    assert db.session.scalar(select(func.count(AgendaDocument.id))) == 0 and not path.exists()


@pytest.mark.parametrize("role", ["analyst", "reviewer", "provider"])
def test_only_organisers_see_and_download(client, db, login_as, role):
    edition = make_council()
    item = make_item(edition)
    document = documents.add_document(item, _file(), title="Vorlage", is_public=False)
    db.session.commit()
    login_as(role)
    for path in ("/", "/new", f"/items/{item.id}", f"/items/{item.id}/edit", f"/documents/{document.id}"):
        assert client.get(url(edition, path)).status_code == 403, path
    assert client.get("/manage/council/follow-up/").status_code == 403


def test_anonymous_visitors_are_sent_to_login(client, db):
    edition = make_council()
    item = make_item(edition)
    document = documents.add_document(item, _file(), title="Vorlage")
    db.session.commit()
    response = client.get(url(edition, f"/documents/{document.id}"))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_open_days_have_no_council_agenda(client, db, login_as):
    edition = make_edition()
    db.session.commit()
    login_as("organiser")
    assert client.get(url(edition, "/")).status_code == 404


def test_the_agenda_page_costs_the_same_queries_for_2_and_12_items(client, db, login_as, count_queries):
    edition = make_council()
    login_as("organiser")

    def add(n):
        for i in range(n):
            item = make_item(edition, title=f"Punkt {i}")
            documents.add_document(item, _file(), title="Vorlage")
            make_recommendation(item, decision="pending")
        db.session.commit()

    add(2)
    with count_queries() as few:
        assert client.get(url(edition, "/")).status_code == 200
    add(10)
    with count_queries() as many:
        assert client.get(url(edition, "/")).status_code == 200
    assert many.count == few.count


def _file(content=PDF, name="vorlage.pdf"):
    from werkzeug.datastructures import FileStorage

    return FileStorage(BytesIO(content), name)
