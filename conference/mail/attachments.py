"""Attachments rendered by the mail worker at send time, not in the request.

An outbox attachment is either literal (``content``) or a reference (``render`` + arguments) that a
registered renderer turns into content when the mail is sent. Heavy formatting such as an
iCalendar file then stays off the hot path of a registration rush."""

from __future__ import annotations

from collections.abc import Callable

RENDERERS: dict[str, Callable[..., str | None]] = {}


def renderer(name: str):
    def decorator(function):
        RENDERERS[name] = function
        return function

    return decorator


def materialise(attachment: dict) -> dict | None:
    """The attachment with its content, or None when its subject no longer exists (e.g. purged)."""
    if "content" in attachment:
        return attachment
    content = RENDERERS[attachment["render"]](**attachment.get("args", {}))
    if content is None:
        return None
    return {"filename": attachment["filename"], "content_type": attachment["content_type"], "content": content}
