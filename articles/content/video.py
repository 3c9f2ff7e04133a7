"""Embeddable player addresses for the video hosts an editor may link (see admin_forms' allowlist)."""

import re
from urllib.parse import parse_qs, quote, urlsplit

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_VIMEO_ID = re.compile(r"^\d{4,12}$")


def embed_url(video_url: str) -> str | None:
    """The player URL to put in an iframe, or None when the link is not one we know how to embed."""
    parts = urlsplit(video_url or "")
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.strip("/")
    if host == "youtube.com":
        video_id = parse_qs(parts.query).get("v", [""])[0] if path == "watch" else path.rsplit("/", 1)[-1]
        if path.startswith(("watch", "embed/", "shorts/", "live/")) and _YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host == "youtu.be" and _YOUTUBE_ID.match(path):
        return f"https://www.youtube-nocookie.com/embed/{path}"
    elif host in ("vimeo.com", "player.vimeo.com"):
        video_id = path.rsplit("/", 1)[-1]
        if _VIMEO_ID.match(video_id):
            return f"https://player.vimeo.com/video/{video_id}"
    elif host in ("facebook.com", "fb.watch"):
        return f"https://www.facebook.com/plugins/video.php?href={quote(video_url, safe='')}&show_text=false"
    return None
