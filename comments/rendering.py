"""The approved comments' markup, written in Python: the thread is the article page's longest loop.

Each comment is a name, a time, escaped text with its line breaks, a reply
link (top-level comments, while the article takes comments) and the "Báo vi
phạm" form, whose CSRF input stays empty (comments.js fills it: the page is
cached and served to every reader). Never the email or the IP; links stay
text (never urlized). Built with ``format_html``, so every value is escaped;
the URLs are reversed once per thread, not once per comment.
"""

from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

_PLACEHOLDER = "0"


def _url_pattern(name: str, pk) -> str:
    """``reverse(name, args=[pk])`` for a placeholder ``pk``, made into a ``str.format`` pattern."""
    url = reverse(name, args=[pk])
    head, _, tail = url.rpartition(str(pk))
    return head.replace("{", "{{").replace("}", "}}") + "{}" + tail.replace("{", "{{").replace("}", "}}")


def _comment(comment, *, report_url: str, reply_url: str | None) -> str:
    created = timezone.localtime(comment.created_at)
    reply = ""
    if reply_url is not None:
        reply = format_html(
            '<a class="comment-reply-link" href="{}?tra-loi={}" data-reply-to="{}" data-reply-name="{}">'
            'Trả lời<span class="visually-hidden"> ý kiến của {}</span></a>',
            reply_url,
            comment.pk,
            comment.pk,
            comment.name,
            comment.name,
        )
    return format_html(
        '<p class="comment-meta"><span class="comment-author">{}</span> <time datetime="{}">{}</time></p>\n'
        '<div class="comment-body"><p>{}</p></div>\n'
        '<div class="comment-actions">\n  {}\n'
        '  <form class="report-form" method="post" action="{}">\n'
        '    <input type="hidden" name="csrfmiddlewaretoken" value="">\n'
        '    <button class="button button-link" type="submit">Báo vi phạm'
        '<span class="visually-hidden"> ý kiến của {}</span></button>\n  </form>\n</div>',
        comment.name,
        created.isoformat(),
        created.strftime("%H:%M, %d/%m/%Y"),
        linebreaksbr(comment.body, autoescape=True),
        reply,
        report_url.format(comment.pk),
        comment.name,
    )


def thread_html(thread, *, article_id: int, reply_links: bool) -> str:
    """``<ol class="comment-list">`` of the thread's top-level comments, oldest first, each with its replies."""
    report = _url_pattern("comments:report", 1)
    reply_url = reverse("comments:post", args=[article_id]) if reply_links else None
    items = []
    for comment in thread:
        replies = ""
        if comment.thread_replies:
            replies = format_html(
                '\n<ol class="comment-list comment-replies">{}</ol>',
                format_html_join(
                    "",
                    '\n<li class="comment comment-reply" id="y-kien-{}">{}</li>',
                    (
                        (reply.pk, _comment(reply, report_url=report, reply_url=None))
                        for reply in comment.thread_replies
                    ),
                ),
            )
        items.append(
            format_html(
                '\n<li class="comment" id="y-kien-{}">\n{}{}\n</li>',
                comment.pk,
                _comment(comment, report_url=report, reply_url=reply_url),
                replies,
            )
        )
    return mark_safe('<ol class="comment-list">' + "".join(items) + "\n</ol>")  # noqa: S308 built with format_html
