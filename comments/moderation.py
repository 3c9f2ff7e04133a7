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
from articles.page_cache import article_changed
from comments.models import Comment, ModerationEvent

Status = Comment.Status
Action = ModerationEvent.Action

PERMISSION = "comments.moderate_comment"


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
    _require_moderator(moderator)
    with transaction.atomic():
        current = Comment.objects.select_for_update().get(pk=comment.pk)
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
            article_changed(current.article_id)
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
    return Comment.objects.filter(Q(status=Status.PENDING) | Q(status=Status.APPROVED, flagged=True)).count()
