"""The video in German Sign Language (DGS) on the accessibility page (BITV NRW § 4).

``DGS_VIDEO_URL`` is an address on this site: a file under ``static/`` (``/static/dgs/erklaerung.mp4``) or
under ``instance/dgs/``, which :func:`media_folder` names and ``/media/dgs/<file>`` serves
(``/media/dgs/erklaerung.mp4``). A WebVTT file of the same name beside it (``erklaerung.vtt``) is offered
as the captions track. Addresses on other hosts are refused: the Content-Security-Policy allows media from
this site only, and no visitor's browser should be sent to a third party.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.security import safe_join

MEDIA_PREFIX = "/media/dgs/"


@dataclass(frozen=True)
class SignLanguageVideo:
    src: str
    type: str
    captions: str | None  # the WebVTT track's address, when there is one


def media_folder() -> Path:
    """Where ``/media/dgs/<file>`` is served from: ``instance/dgs`` (outside the code, kept by backups)."""
    return Path(current_app.instance_path) / "dgs"


def _file_for(path: str) -> Path | None:
    """The file behind an address of this site, for the two places a video can live (None elsewhere)."""
    static_prefix = (current_app.static_url_path or "/static").rstrip("/") + "/"
    for prefix, folder in ((static_prefix, current_app.static_folder), (MEDIA_PREFIX, str(media_folder()))):
        if folder and path.startswith(prefix):
            found = safe_join(folder, path[len(prefix):])
            return Path(found) if found else None
    return None


def configured_video() -> SignLanguageVideo | None:
    """The configured DGS video, or None when there is none (or its address is not on this site)."""
    url = (current_app.config.get("DGS_VIDEO_URL") or "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        current_app.logger.warning("DGS_VIDEO_URL must be a path on this site (e.g. /static/dgs/video.mp4), "
                                   "not %s: the video is not shown", url)
        return None
    video_type = mimetypes.guess_type(parts.path)[0] or "video/mp4"
    captions = None
    found = _file_for(parts.path)
    if found is not None and found.with_suffix(".vtt").is_file():
        captions = str(PurePosixPath(parts.path).with_suffix(".vtt"))
    return SignLanguageVideo(src=url, type=video_type, captions=captions)
