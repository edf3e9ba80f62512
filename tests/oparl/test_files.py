"""The files behind File objects: the access URL shows the PDF (never as an attachment), the download URL
saves it (attachment with its file name), and only public documents are served."""

from __future__ import annotations

from tests.oparl.client import BASE, get, path_of
from tests.oparl.data import PDF, build_council


def test_access_and_download_urls_serve_the_pdf_as_the_spec_asks(client, db):
    council = build_council()
    document = council.documents["public"]
    published = get(client, f"{BASE}/oparl/v1/file/{document.id}")
    assert (published["fileName"], published["mimeType"], published["size"]) == ("leitfaden.pdf",
                                                                                 "application/pdf", len(PDF))

    with client.get(path_of(published["accessUrl"])) as access:
        assert access.status_code == 200 and access.data == PDF
        assert access.mimetype == "application/pdf"
        assert not access.headers.get("Content-Disposition", "").startswith("attachment")

    with client.get(path_of(published["downloadUrl"])) as download:
        assert download.status_code == 200 and download.data == PDF
        assert download.headers["Content-Disposition"].startswith("attachment")
        assert "filename=leitfaden.pdf" in download.headers["Content-Disposition"]
        assert download.headers["Access-Control-Allow-Origin"] == "*"


def test_a_document_made_internal_is_no_longer_served(client, db):
    council = build_council()
    document = council.documents["public"]
    document.is_public = False
    db.session.commit()
    for suffix in ("", "/access", "/download"):
        response = client.get(f"/oparl/v1/file/{document.id}{suffix}")
        assert response.status_code == 404, suffix
        assert response.headers["Content-Type"] == "application/json; charset=utf-8"


def test_a_file_missing_on_disk_is_a_404_not_a_500(client, db, app):
    from conference.council.documents import document_path

    council = build_council()
    document = council.documents["public"]
    document_path(document).unlink()
    assert client.get(f"/oparl/v1/file/{document.id}/download").status_code == 404
