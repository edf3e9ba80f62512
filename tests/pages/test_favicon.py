"""Every page declares the site's icon, and /favicon.ico (which browsers ask for on their own) answers."""


def test_favicon_ico_answers_with_the_icon(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/vnd.microsoft.icon"
        assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file's header


def test_every_page_declares_its_icons_and_they_exist(client):
    html = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.ico" sizes="32x32">' in html
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    for path in ("/static/favicon.svg", "/static/favicon.ico"):
        with client.get(path) as response:
            assert response.status_code == 200 and response.data
