"""The approved comments' markup, written in Python: the thread is the article page's longest loop.

Each comment is a name, a time, escaped text with its line breaks, a reply
link (top-level comments, while the article takes comments) and the "Báo vi
phạm" form, whose CSRF input stays empty (comments.js fills it: the page is
cached and served to every reader). Never the email or the IP; links stay
text (never urlized). Every value a reader wrote goes through ``escape``; the
URLs are reversed once per thread, not once per comment.
"""

from html import escape

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from newsroom.addresses import kept_reverse


def _text(body: str) -> str:
    """Escaped, with its line breaks as ``<br>`` (Django's ``linebreaksbr``)."""
    return escape(body.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


def _comment(comment, *, report_url: str, reply_url: str | None) -> str:
    created = timezone.localtime(comment.created_at)
    name = escape(comment.name)
    reply = ""
    if reply_url is not None:
        reply = (
            f'<a class="comment-reply-link" href="{reply_url}?tra-loi={comment.pk}" data-reply-to="{comment.pk}" '
            f'data-reply-name="{name}">Trả lời<span class="visually-hidden"> ý kiến của {name}</span></a>'
        )
    return (
        f'<p class="comment-meta"><span class="comment-author">{name}</span> '
        f'<time datetime="{created.isoformat()}">{created:%H:%M, %d/%m/%Y}</time></p>\n'
        f'<div class="comment-body"><p>{_text(comment.body)}</p></div>\n'
        f'<div class="comment-actions">\n  {reply}\n'
        f'  <form class="report-form" method="post" action="{report_url.format(comment.pk)}">\n'
        '    <input type="hidden" name="csrfmiddlewaretoken" value="">\n'
        '    <button class="button button-link" type="submit">Báo vi phạm'
        f'<span class="visually-hidden"> ý kiến của {name}</span></button>\n  </form>\n</div>'
    )


def _url_pattern(name: str) -> str:
    """The escaped URL of ``name`` for an object id, as a ``str.format`` pattern (``{}`` for the id)."""
    placeholder = 999_999_999
    head, _, tail = escape(kept_reverse(name, args=[placeholder])).rpartition(str(placeholder))
    return head.replace("{", "{{").replace("}", "}}") + "{}" + tail.replace("{", "{{").replace("}", "}}")


def thread_html(thread, *, article_id: int, reply_links: bool) -> SafeString:
    """``<ol class="comment-list">`` of the thread's top-level comments, oldest first, each with its replies."""
    report = _url_pattern("comments:report")
    reply_url = escape(kept_reverse("comments:post", args=[article_id])) if reply_links else None
    items = []
    for comment in thread:
        replies = ""
        if comment.thread_replies:
            replies = (
                '\n<ol class="comment-list comment-replies">'
                + "".join(
                    f'\n<li class="comment comment-reply" id="y-kien-{reply.pk}">'
                    f"{_comment(reply, report_url=report, reply_url=None)}</li>"
                    for reply in comment.thread_replies
                )
                + "</ol>"
            )
        items.append(
            f'\n<li class="comment" id="y-kien-{comment.pk}">\n'
            f"{_comment(comment, report_url=report, reply_url=reply_url)}{replies}\n</li>"
        )
    return mark_safe('<ol class="comment-list">' + "".join(items) + "\n</ol>")  # noqa: S308 every value escaped
