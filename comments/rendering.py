"""The approved comments' markup: ``comments/jinja2/comments/thread.html``, the article page's longest loop.

A Jinja2 template (``newsroom.templating``): every value a reader wrote is
escaped there; links stay text (never urlized). The URLs are worked out once
per thread, not once per comment.
"""

from django.utils.safestring import SafeString, mark_safe

from newsroom.addresses import kept_reverse
from newsroom.templating import partial

TEMPLATE = "comments/thread.html"


def _url_pattern(name: str) -> str:
    """The URL of ``name`` for an object id, as a ``str.format`` pattern (``{}`` for the id)."""
    placeholder = 999_999_999
    head, _, tail = kept_reverse(name, args=[placeholder]).rpartition(str(placeholder))
    return head.replace("{", "{{").replace("}", "}}") + "{}" + tail.replace("{", "{{").replace("}", "}}")


def thread_html(thread, *, article_id: int, reply_links: bool) -> SafeString:
    """``<ol class="comment-list">`` of the thread's top-level comments, oldest first, each with its replies."""
    context = {
        "thread": thread,
        "report_url": _url_pattern("comments:report"),
        "reply_url": kept_reverse("comments:post", args=[article_id]) if reply_links else None,
    }
    return mark_safe(partial(TEMPLATE).render(context))  # noqa: S308 Jinja2's output, escaped there
