"""Parts of a mail rendered by the mail worker at send time, not in the request.

Two kinds of reference are stored in an outbox row instead of finished text:

- an attachment ``{"filename", "content_type", "render", "args"}`` that a registered
  :func:`renderer` turns into content (an iCalendar file, say);
- a body: ``render_args`` on the row, which the :func:`context_builder` registered under the row's
  template turns into the template's context.

Heavy formatting then stays off the hot path of a registration rush, and the mail shows the state
of things when it is sent. A builder or renderer returns ``None`` when its subject no longer
exists (erased or purged): such a mail is not sent."""

from __future__ import annotations

from collections.abc import Callable

RENDERERS: dict[str, Callable[..., str | bytes | None]] = {}  # bytes: a binary attachment (PNG)
CONTEXTS: dict[str, Callable[..., dict | None]] = {}


def renderer(name: str):
    def decorator(function):
        RENDERERS[name] = function
        return function

    return decorator


def context_builder(template: str):
    """Register the function that builds ``templates/email/<template>.*``'s context at send time."""
    def decorator(function):
        CONTEXTS[template] = function
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


def build_context(template: str, args: dict) -> dict | None:
    return CONTEXTS[template](**args)
