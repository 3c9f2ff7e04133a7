"""Moderators' decisions: one function per transition, called by the admin, commands and tests.

Each checks the permission, locks the comment, records who decided and when
(``ModerationEvent``), keeps the article's approved-comment count exact and,
once the transaction commits, drops the cached copy of the article's page so
readers see the decision at once.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import Article
from comments.models import Ban, Comment, ModerationEvent
from newsroom.forwarded import subscriber_of
from newsroom.page_cache import article_changed, article_withdrawn

Status = Comment.Status
Action = ModerationEvent.Action

PERMISSION = "comments.moderate_comment"

ALREADY_DECIDED = {
    Status.APPROVED: "Ý kiến này đã được duyệt rồi.",
    Status.REJECTED: "Ý kiến này đã bị từ chối rồi.",
    Status.SPAM: "Ý kiến này đã ở trong thư rác rồi.",
}


def _require_moderator(user) -> None:
    if not user.has_perm(PERMISSION):
        raise PermissionDenied("Bạn không có quyền kiểm duyệt ý kiến bạn đọc.")


def recount_comments(article_id: int) -> None:
    """Set the article's count of comments readers see from the rows themselves (exact under concurrency).

    A reply counts only while its parent is approved too, as only then is it shown.
    """
    approved = (
        Comment.objects.approved()
        .filter(Q(parent__isnull=True) | Q(parent__status=Status.APPROVED), article_id=OuterRef("pk"))
        .order_by()
        .values("article_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    Article.objects.filter(pk=article_id).update(comment_count=Coalesce(Subquery(approved), 0))


def _decide(comment: Comment, *, status: str, action: str, moderator, note: str) -> Comment:
    """Move ``comment`` to ``status``.

    Repeating the decision a comment already carries (a double click, two
    moderators at once) is refused under the lock, so it is recorded and
    counted once. Keeping a reported comment (approving it again while
    flagged) is a decision of its own, and so is confirming a status no one
    decided (``decided_at`` empty: rows imported or made by hand).
    """
    _require_moderator(moderator)
    with transaction.atomic():
        current = Comment.objects.select_for_update().get(pk=comment.pk)
        if current.status == status and not current.flagged and current.decided_at is not None:
            raise ValidationError(ALREADY_DECIDED[status])
        was_public = current.status == Status.APPROVED
        current.status = status
        current.flagged = False
        current.decided_at = timezone.now()
        current.decided_by = moderator
        current.decision_note = note[:300]
        current.save(update_fields=["status", "flagged", "decided_at", "decided_by", "decision_note"])
        ModerationEvent.objects.create(comment=current, action=action, actor=moderator, note=note[:300])
        if was_public or status == Status.APPROVED:
            recount_comments(current.article_id)
            # Taking a comment off the page is a takedown: no outage copy may show it again.
            (article_changed if status == Status.APPROVED else article_withdrawn)(current.article_id)
    for field in ("status", "flagged", "decided_at", "decided_by", "decision_note"):
        setattr(comment, field, getattr(current, field))
    return comment


def approve_comment(*, comment: Comment, moderator, note: str = "") -> Comment:
    """Show the comment to readers (a reply only under an approved parent)."""
    if comment.parent_id and not Comment.objects.approved().filter(pk=comment.parent_id).exists():
        raise ValidationError("Ý kiến này trả lời một ý kiến chưa được duyệt; hãy duyệt ý kiến gốc trước.")
    return _decide(comment, status=Status.APPROVED, action=Action.APPROVE, moderator=moderator, note=note)


def reject_comment(*, comment: Comment, moderator, note: str = "") -> Comment:
    return _decide(comment, status=Status.REJECTED, action=Action.REJECT, moderator=moderator, note=note)


def mark_spam(*, comment: Comment, moderator, note: str = "") -> Comment:
    return _decide(comment, status=Status.SPAM, action=Action.SPAM, moderator=moderator, note=note)


def pending_count() -> int:
    """What waits for a moderator: new comments and reported approved ones (index-only count)."""
    return Comment.objects.awaiting_moderation().count()


def delete_comments(*, comments, user) -> int:
    """Remove comments for good (replies go with their parent); counts and pages follow.

    Only for holders of ``comments.delete_comment`` (in the admin: superusers);
    moderators reject or mark spam instead, which keeps the row and its history.
    """
    if not user.has_perm("comments.delete_comment"):
        raise PermissionDenied("Bạn không có quyền xóa ý kiến bạn đọc.")
    ids = [comment.pk for comment in comments]
    with transaction.atomic():
        article_ids = set(Comment.objects.filter(pk__in=ids).values_list("article_id", flat=True))
        deleted, _ = Comment.objects.filter(pk__in=ids).delete()
        for article_id in sorted(article_ids):
            recount_comments(article_id)
            article_withdrawn(article_id)
    return deleted


def ban_readers(*, comments, kind: str, moderator, reason: str = "") -> int:
    """Ban the email addresses (or IP addresses) the given comments came from; return how many bans are new.

    An existing ban is left as it is unless it has expired, in which case it is
    made permanent again. Needs ``comments.add_ban``.
    """
    if not moderator.has_perm("comments.add_ban"):
        raise PermissionDenied("Bạn không có quyền chặn bạn đọc.")
    if kind == Ban.Kind.EMAIL:
        values = {comment.email.strip().lower() for comment in comments if comment.email}
    else:
        values = {subscriber_of(comment.ip_address) for comment in comments if comment.ip_address}  # IPv6: its /64
    now = timezone.now()
    added = 0
    with transaction.atomic():
        for value in sorted(values):
            ban, created = Ban.objects.get_or_create(
                kind=kind, value=value, defaults={"reason": reason[:300], "created_by": moderator}
            )
            if not created and ban.expires_at is not None and ban.expires_at <= now:
                ban.expires_at, ban.reason, ban.created_by, ban.created_at = None, reason[:300], moderator, now
                ban.save(update_fields=["expires_at", "reason", "created_by", "created_at"])
                created = True
            added += created
    return added
