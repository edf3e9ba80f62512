"""Follow a page's language switch the way a browser does."""

import re
from html import unescape


def switch_link(html: str, code: str) -> str:
    """The href of the language switch's link to ``code`` on a page."""
    nav = re.search(r'<nav class="language-switch".*?</nav>', html, re.S).group(0)
    return unescape(re.search(rf'<a class="kern-link" href="([^"]+)" lang="{code}"', nav).group(1))


def follow_switch(client, html: str, code: str = "en"):
    """Click the switch to ``code`` and follow the redirect: the response of the page it leads to."""
    response = client.get(switch_link(html, code))
    assert response.status_code == 302
    return client.get(response.headers["Location"])
