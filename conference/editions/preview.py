"""Staff preview of a draft edition's public pages.

Staff reach a draft's public pages (the edition, its programme and sessions, its privacy notice) from
their own views; anyone else gets the same 404 as for an edition that does not exist. Such a preview says
so on the page (``editions/_draft_preview.html``) and is never kept by a cache: the worker's page cache
for anonymous visitors (``conference.program.views``) skips signed-in users, and the answer tells browsers
and proxies ``Cache-Control: private, no-store``."""

from __future__ import annotations

from flask import after_this_request
from flask_login import current_user

from conference.editions import services
from conference.editions.models import Edition


def may_preview_drafts() -> bool:
    return bool(current_user.is_authenticated and current_user.is_staff)


def public_edition(edition_id: int, *, with_layout: bool = False) -> Edition:
    """Load-or-404 for a public page of an edition: drafts only for staff, and then never cached."""
    edition = services.get_edition(edition_id, include_drafts=may_preview_drafts(), with_layout=with_layout)
    if not edition.is_public:
        @after_this_request
        def never_store(response):
            response.headers["Cache-Control"] = "private, no-store"
            return response
    return edition
