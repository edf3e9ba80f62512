"""The language switch leads to a page that exists in the other language, also from a page shown after a failed
POST or from an error page: never to a POST-only URL (which would answer 405)."""

from tests.pages.language_switch import follow_switch, switch_link


def test_on_a_normal_page_the_switch_returns_to_the_same_page(client):
    html = client.get("/impressum?x=1").get_data(as_text=True)
    assert "next=/impressum?x%3D1" in switch_link(html, "en") or "next=/impressum?x=1" in switch_link(html, "en")
    page = follow_switch(client, html)
    assert page.status_code == 200 and '<html lang="en">' in page.get_data(as_text=True)


def test_after_a_failed_post_to_a_post_only_url_the_switch_leads_to_the_referring_page(client):
    # /logout answers POST only: a page rendered for a POST there must send the switch to the page the form was
    # on (a Referer on this site), never back to /logout, and never to another site.
    from flask import render_template

    app = client.application
    with app.test_request_context("/logout", method="POST", headers={"Referer": "http://localhost/impressum"}):
        html = render_template("base.html")
    assert "next=/impressum" in switch_link(html, "en")
    with app.test_request_context("/logout", method="POST", headers={"Referer": "https://evil.example/x"}):
        html = render_template("base.html")
    assert "evil.example" not in switch_link(html, "en") and "logout" not in switch_link(html, "en")


def test_a_view_can_name_the_page_the_switch_returns_to(client):
    from flask import g, render_template

    with client.application.test_request_context("/logout", method="POST"):
        g.language_switch_next = "/datenschutz"
        html = render_template("base.html")
    assert "next=/datenschutz" in switch_link(html, "en")


def test_on_a_not_found_page_the_switch_leads_to_an_existing_page(client):
    html = client.get("/impressum/does-not-exist").get_data(as_text=True)
    page = follow_switch(client, html)
    assert page.status_code == 200 and '<html lang="en">' in page.get_data(as_text=True)
