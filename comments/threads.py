"""An article's approved comments as a thread: top-level comments, oldest first, each with its replies.

Readers see a comment only through ``Comment.objects.approved()``, and a
reply only under an approved parent.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import connections, router

from comments.models import Comment
from newsroom.paging import NoSuchPage, decode_time_cursor, encode_time_cursor
from newsroom.prepared import prepared
from newsroom.sql import condition

AFTER, BEFORE = "sau", "truoc"  # cursors of the comments page, as the article listings name theirs


# approved_thread's query (see there). SQL rather than the ORM: building the query cost more than running it.
# Two halves, so each is one index lookup (pk, parent) and neither walks the article's thousands of comments (a
# prepared statement's generic plan did, through the article index, when the halves also named the article:
# the page's ids are the article's, and a reply is always its parent's article's, comments.posting checks it).
# {approved} is `Comment.objects.approved()`'s condition, compiled from the queryset (newsroom.sql.condition).
THREAD_SQL = """
    SELECT id, parent_id, name, body, created_at FROM comments_comment
    WHERE id = ANY(ARRAY({page})) AND {approved}
    UNION ALL
    SELECT id, parent_id, name, body, created_at FROM comments_comment
    WHERE parent_id = ANY(ARRAY({page})) AND {approved}
    ORDER BY created_at, id
"""
PAGE_SQL = """
    SELECT id FROM comments_comment
    WHERE article_id = %(article)s AND {approved} AND parent_id IS NULL {cursor}
    ORDER BY created_at {order}, id {order} LIMIT %(limit)s
"""
_APPROVED: list = []  # [(SQL, parameters)] once compiled


def _approved() -> tuple[str, dict]:
    if not _APPROVED:
        _APPROVED.append(condition(Comment.objects.approved(), alias="comments_comment", prefix="approved"))
    return _APPROVED[0]


@dataclass(slots=True)
class ThreadComment:
    """What a reader sees of an approved comment (never the email or the IP), with its replies if top-level."""

    pk: int
    parent_id: int | None
    name: str
    body: str
    created_at: datetime
    thread_replies: list = field(default_factory=list)

    def cursor(self) -> str:
        """Its place in the thread, as the comments page's ``?sau=`` / ``?truoc=`` name it."""
        return encode_time_cursor(self.created_at, self.pk)


@dataclass
class Thread:
    """Top-level comments oldest first, each with ``.thread_replies`` (its approved replies, oldest first).

    ``earlier`` / ``later``: cursors of the neighbouring pages, if any.
    """

    comments: list = field(default_factory=list)
    earlier: str | None = None
    later: str | None = None

    def __iter__(self):
        return iter(self.comments)

    def __len__(self):
        return len(self.comments)


def approved_thread(article_id: int, *, limit: int, after: str | None = None, before: str | None = None) -> Thread:
    """One page of an article's approved comments with all their approved replies, in ONE query.

    The ids of the page's top-level comments are a LIMITed subquery (on the
    ``comment_article_thread`` index); the rows are those ids and the replies
    whose parent is one of them, so a reply shows only under an approved
    parent. Written ``id = ANY(ARRAY(subquery)) OR parent_id = ANY(…)`` rather
    than ``IN (subquery)``: PostgreSQL then answers each side from an index
    (pk, parent) instead of filtering every approved comment of the article,
    so a page costs the same with 60 or 60,000 comments. ``after`` /
    ``before`` are cursors (``?sau=`` / ``?truoc=``); a malformed one, or one
    past either end, is ``NoSuchPage``.
    """
    approved, approved_params = _approved()
    params = {"article": article_id, "limit": limit + 1, **approved_params}
    cursor_condition, order = "", "ASC"
    if before is not None:
        cursor_condition, order = "AND (created_at, id) < (%(time)s, %(id)s)", "DESC"
        params["time"], params["id"] = decode_time_cursor(before)
    elif after is not None:
        cursor_condition = "AND (created_at, id) > (%(time)s, %(id)s)"
        params["time"], params["id"] = decode_time_cursor(after)
    page = PAGE_SQL.format(cursor=cursor_condition, order=order, approved=approved)
    connection = connections[router.db_for_read(Comment)]
    with connection.execute_wrapper(prepared), connection.cursor() as cursor:
        cursor.execute(THREAD_SQL.format(page=page, approved=approved), params)
        rows = [ThreadComment(*row) for row in cursor.fetchall()]
    top_level, replies = [], {}
    for row in rows:
        if row.parent_id is None:
            top_level.append(row)
        else:
            replies.setdefault(row.parent_id, []).append(row)
    for comment in top_level:
        comment.thread_replies = replies.get(comment.pk, [])
    more = len(top_level) > limit
    page = top_level[-limit:] if before is not None else top_level[:limit]  # drop the extra one
    if not page:
        if after is not None or before is not None:
            raise NoSuchPage  # a cursor past either end
        return Thread()
    if before is not None:
        return Thread(page, earlier=page[0].cursor() if more else None, later=page[-1].cursor())
    earlier = page[0].cursor() if after is not None else None
    return Thread(page, earlier=earlier, later=page[-1].cursor() if more else None)
