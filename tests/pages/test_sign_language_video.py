"""The place for the video in German Sign Language (DGS) on the accessibility page (BITV NRW § 4)."""

import logging
import re

import pytest

VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(2000)  # the player is not tested here, only what is served


@pytest.fixture
def media(app, tmp_path):
    """instance/dgs in a temporary instance folder, with a video and its captions."""
    app.instance_path = str(tmp_path)
    folder = tmp_path / "dgs"
    folder.mkdir()
    (folder / "erklaerung.mp4").write_bytes(VIDEO)
    (folder / "erklaerung.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nWillkommen\n", encoding="utf-8")
    return folder


def section(client) -> str:
    client.set_cookie("lang", "en")
    html = client.get("/barrierefreiheit").get_data(as_text=True)
    return html.split('<section aria-labelledby="dgs"', 1)[1].split("</section>", 1)[0]


def test_without_a_video_the_page_says_it_is_in_preparation_and_how_to_ask(client, db, app):
    html = section(client)
    assert "Information in German Sign Language (DGS)" in html
    assert "<video" not in html
    assert "The video in German Sign Language is in preparation." in html
    assert f'<a class="kern-link" href="mailto:{app.config["CONTACT_EMAIL"]}">' in html  # on request, by mail
    assert app.config["OFFICE_NAME"] in html


def test_a_video_in_the_instance_folder_is_shown_with_its_captions(client, db, app, media):
    app.config["DGS_VIDEO_URL"] = "/media/dgs/erklaerung.mp4"
    html = section(client)
    assert re.search(r'<video class="dgs-video" controls preload="metadata"[^>]*aria-describedby="dgs-description"',
                     html)
    assert '<source src="/media/dgs/erklaerung.mp4" type="video/mp4">' in html
    assert '<track kind="captions" src="/media/dgs/erklaerung.vtt" srclang="de" label="Deutsch" default>' in html
    assert "in preparation" not in html

    with client.get("/media/dgs/erklaerung.mp4") as video:
        assert video.status_code == 200 and video.mimetype == "video/mp4" and video.data == VIDEO
    with client.get("/media/dgs/erklaerung.mp4", headers={"Range": "bytes=0-9"}) as part:
        assert part.status_code == 206 and part.data == VIDEO[:10]  # players seek with ranges
    with client.get("/media/dgs/erklaerung.vtt") as captions:
        assert captions.status_code == 200 and captions.mimetype == "text/vtt"


def test_a_video_without_captions_has_no_track(client, db, app, media):
    (media / "erklaerung.vtt").unlink()
    app.config["DGS_VIDEO_URL"] = "/media/dgs/erklaerung.mp4"
    html = section(client)
    assert '<source src="/media/dgs/erklaerung.mp4"' in html
    assert "<track" not in html


def test_a_video_under_static_finds_its_captions_there(client, db, app, tmp_path):
    app.static_folder = str(tmp_path / "static")  # still served at /static
    (tmp_path / "static" / "dgs").mkdir(parents=True)
    (tmp_path / "static" / "dgs" / "info.webm").write_bytes(VIDEO)
    (tmp_path / "static" / "dgs" / "info.vtt").write_text("WEBVTT\n", encoding="utf-8")
    app.config["DGS_VIDEO_URL"] = "/static/dgs/info.webm"
    html = section(client)
    assert '<source src="/static/dgs/info.webm" type="video/webm">' in html
    assert 'src="/static/dgs/info.vtt"' in html


@pytest.mark.parametrize("url", ["https://cdn.example.net/dgs.mp4", "//cdn.example.net/dgs.mp4", "dgs.mp4"])
def test_a_video_on_another_host_is_refused(client, db, app, url, caplog):
    app.config["DGS_VIDEO_URL"] = url
    with caplog.at_level(logging.WARNING):
        html = section(client)
    assert "<video" not in html and "in preparation" in html
    assert "DGS_VIDEO_URL must be a path on this site" in caplog.text


def test_the_media_route_serves_nothing_outside_its_folder(client, db, media):
    assert client.get("/media/dgs/../../config.py").status_code == 404
    assert client.get("/media/dgs/missing.mp4").status_code == 404


def test_the_content_security_policy_lets_the_page_play_media_from_this_site_only(client, db):
    policy = client.get("/barrierefreiheit").headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    media_sources = directives.get("media-src", directives["default-src"])
    assert media_sources == ["'self'"]
