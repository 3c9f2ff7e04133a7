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
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe

from comments.forms import BODY_MAX_LENGTH, CommentForm
from comments.policy import comments_open
from comments.rendering import thread_html
from comments.threads import approved_thread
from newsroom.addresses import kept_reverse
from newsroom.templating import macros

register = template.Library()

_PLACEHOLDER_ID = 999_999_999
_blank_forms: dict = {}  # script prefix -> the blank form's markup, posting to the placeholder article


def blank_form(article_id: int) -> str:
    """The article page's comment form: the same blank markup for every article but the URL it posts to.

    Rendered once per process (it was a fifth of the article page's template
    work) and given the article's URL; the form page, with a reader's text and
    errors, renders ``_form.html`` itself.
    """
    prefix = get_script_prefix()
    html = _blank_forms.get(prefix)
    if html is None:
        context = {"article": {"pk": _PLACEHOLDER_ID}, "form": CommentForm(), "body_max_length": BODY_MAX_LENGTH}
        html = _blank_forms[prefix] = render_to_string(
            "comments/_form.html", {**context, "csrf_value": "", "form_token": "", "reply_to": None}
        )
    posting = kept_reverse("comments:post", args=[_PLACEHOLDER_ID])
    return mark_safe(html.replace(posting, kept_reverse("comments:post", args=[article_id])))  # noqa: S308 a template's output


@register.inclusion_tag("comments/_block.html", takes_context=True)
def reader_comments(context, article):
    """``{% reader_comments article %}``: the article's approved comments and the form (one query)."""
    request = context.get("request")
    query = request.GET if request is not None else {}
    preview = bool(context.get("preview"))
    open_ = comments_open(article) and not preview
    return {
        "article": article,
        "thread": approved_thread(article.pk, limit=settings.COMMENTS["ON_ARTICLE_PAGE"]),
        "open": open_,
        "preview": preview,
        "blank_form": blank_form(article.pk) if open_ else "",
        "posted": query.get("da-gui") == "1",
        "reported": query.get("da-bao") == "1",
    }


@register.simple_tag
def comment_thread(thread, article, open):
    """``{% comment_thread thread article open %}``: the thread's markup (``comments.rendering``)."""
    return thread_html(thread, article_id=article.pk, reply_links=bool(open))


@register.simple_tag
def quoted_comment(comment):
    """``{% quoted_comment comment %}``: the comment a reader answers or reports, as the thread shows it."""
    return mark_safe(macros("comments/comment.html").quote(comment))  # noqa: S308 Jinja2's output, escaped there
