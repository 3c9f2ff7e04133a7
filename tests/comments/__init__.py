"""Helpers shared by the reader-side comments tests (fixtures live in tests/conftest.py)."""

import html
import re
import time
from datetime import UTC, datetime

import time_machine

from comments.abuse import make_form_token

# A moment on a boundary of every rate-limit window (a whole hour), so window arithmetic is exact.
WINDOW_START = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)

READER = {"name": "Nguyễn Văn An", "email": "nguyenvanan@example.com", "body": "Bài viết rất bổ ích, cảm ơn tòa soạn."}


def token_issued(article, seconds_ago: float = 10) -> str:
    """A form token for ``article`` handed out ``seconds_ago`` (past the minimum age by default)."""
    with time_machine.travel(time.time() - seconds_ago, tick=False):
        return make_form_token(article.pk)


def comment_data(article, **overrides) -> dict:
    """What the comment form sends for ``article``: a reader's name, email and text, a good token."""
    data = {**READER, "parent": "", "website": "", "token": token_issued(article)}
    data.update(overrides)
    return data


def post_url(article) -> str:
    return f"/y-kien/gui/{article.pk}/"


def send(client, article, **overrides):
    """Post the comment form for ``article`` from ``REMOTE_ADDR`` 203.0.113.7 unless ``ip`` says otherwise."""
    ip = overrides.pop("ip", "203.0.113.7")
    return client.post(post_url(article), comment_data(article, **overrides), REMOTE_ADDR=ip)


def input_value(content: str, name: str) -> str:
    """The value of the first ``<input name=...>`` in ``content`` (unescaped)."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', content)
    assert match, f"no input named {name}"
    return html.unescape(match[1])


def comments_settings(settings, **values):
    settings.COMMENTS = {**settings.COMMENTS, **values}
