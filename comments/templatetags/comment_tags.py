"""The "Ý kiến bạn đọc" block, plugged into the article page (articles imports nothing from comments).

The article page is cached whole and served to every reader, so the block
holds nothing reader-specific: no CSRF token and no form token (comments.js
fetches both from ``comments:session``), and a notice only when the URL asks
for it (``?da-gui=1`` after posting, ``?da-bao=1`` after reporting: those
URLs are cached pages of their own). It costs exactly one query, however many
comments the article has (``approved_thread``).
"""

from django import template
from django.conf import settings

from comments.forms import BODY_MAX_LENGTH, CommentForm
from comments.policy import comments_open
from comments.rendering import thread_html
from comments.threads import approved_thread

register = template.Library()


@register.inclusion_tag("comments/_block.html", takes_context=True)
def reader_comments(context, article):
    """``{% reader_comments article %}``: the article's approved comments and the form (one query)."""
    request = context.get("request")
    query = request.GET if request is not None else {}
    preview = bool(context.get("preview"))
    return {
        "article": article,
        "thread": approved_thread(article.pk, limit=settings.COMMENTS["ON_ARTICLE_PAGE"]),
        "open": comments_open(article) and not preview,
        "preview": preview,
        "form": CommentForm(),
        "body_max_length": BODY_MAX_LENGTH,
        "posted": query.get("da-gui") == "1",
        "reported": query.get("da-bao") == "1",
    }


@register.simple_tag
def comment_thread(thread, article, open):
    """``{% comment_thread thread article open %}``: the thread's markup (``comments.rendering``)."""
    return thread_html(thread, article_id=article.pk, reply_links=bool(open))
