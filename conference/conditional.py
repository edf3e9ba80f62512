"""Conditional GET (RFC 9110 § 13.1): a response's validators for a version of what it shows, and whether
the client's copy is that version (then it gets a 304 without a body).

Browsers revalidate with the ETag (``If-None-Match``); calendar apps and conference apps that poll a feed
use either. ``If-Modified-Since`` counts only without ``If-None-Match``, as the RFC says.

``Last-Modified`` has whole seconds. A response sent while the second of its last change is still running
would let a client revalidate with that second and miss a change made later in the same second (its
``If-Modified-Since`` would not be older than the new change's second). Such a response therefore carries
only its ETag; from the next second on it carries both."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import request
from werkzeug.wrappers import Response

from conference.database import utcnow


def last_modified_header(last_modified: datetime | None, now: datetime | None = None) -> datetime | None:
    """``last_modified`` in whole seconds, or None while its second is still running."""
    if last_modified is None:
        return None
    second = last_modified.replace(microsecond=0)
    return second if (now or utcnow()) >= second + timedelta(seconds=1) else None


def set_validators(response: Response, etag: str, last_modified: datetime | None) -> None:
    response.set_etag(etag, weak=True)
    header = last_modified_header(last_modified)
    if header is not None:
        response.last_modified = header
    else:  # werkzeug would write the current time for None
        response.headers.pop("Last-Modified", None)


def client_has(etag: str, last_modified: datetime | None) -> bool:
    """Whether the client's copy is this version (answer 304)."""
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    # A copy dated in the second of the last change or later is current: the header above was sent only
    # once that second was over, and every later change falls in a later second.
    since = request.if_modified_since
    return bool(since and last_modified is not None and since >= last_modified.replace(microsecond=0))
