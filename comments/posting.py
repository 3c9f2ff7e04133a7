"""A reader posts a comment: every check first, then one transaction that writes it.

``post_comment`` is the one way a reader's comment enters the database (the
view only validates the form fields and shows the outcome). Checks run
cheapest first and nothing is written until all have passed: comments open →
honeypot → form token → bans → reply target, then, in the transaction that
writes and holding a lock on the sender, duplicate → rate limit → policy. A
refusal raises ``Refused`` (``comments.abuse``) and leaves no comment and no
event behind (only the spent form token); an accepted comment is committed
when the function returns.
"""

from django.db import transaction
from django.utils import timezone

from comments import abuse, policy
from comments.abuse import Refused
from comments.models import Comment, ModerationEvent
from comments.moderation import recount_comments
from newsroom.page_cache import article_changed

USER_AGENT_LENGTH = 300

__all__ = ["Refused", "post_comment"]


def _check_parent(article, parent_id: int | None) -> None:
    """A reply answers an approved, top-level comment of the same article (one level of replies)."""
    if parent_id is None:
        return
    parent = Comment.objects.filter(pk=parent_id, article_id=article.pk).values("status", "parent_id").first()
    if parent is None or parent["status"] != Comment.Status.APPROVED:
        raise Refused("Ý kiến bạn muốn trả lời không tồn tại hoặc chưa được duyệt.", code="bad_parent")
    if parent["parent_id"] is not None:
        raise Refused("Chỉ có thể trả lời ý kiến gốc, không trả lời tiếp một câu trả lời.", code="reply_to_reply")


def post_comment(
    *,
    article,
    name: str,
    email: str,
    body: str,
    token: str,
    parent_id: int | None = None,
    honeypot: str = "",
    ip: str | None = None,
    user_agent: str = "",
) -> Comment:
    """Check everything, then store the comment: pending, spam, held with a reason, or approved for a trusted reader.

    ``article`` must be one readers can see (the view loads it through
    ``Article.objects.published()``); ``email`` is stored lower-cased so bans,
    duplicates and the trusted-reader rule compare it exactly and by index.
    ``ip`` is the connection's address as the caller determined it.
    """
    email = email.strip().lower()
    if not policy.comments_open(article):
        raise Refused("Bài viết đã đóng bình luận, không nhận thêm ý kiến.", status=403, code="closed")
    abuse.check_honeypot(honeypot)
    abuse.check_form_token(token, article.pk)
    abuse.check_not_banned(email=email, ip=ip)
    _check_parent(article, parent_id)
    digest = abuse.fingerprint(article.pk, body)
    with transaction.atomic():
        abuse.lock_sender(ip=ip, email=email)
        abuse.check_not_duplicate(article_id=article.pk, digest=digest, email=email, ip=ip)
        abuse.check_rate_limit(ip=ip, email=email)
        verdict = policy.classify(email=email, body=body)
        return _store(article, parent_id, name, email, body, digest, ip, user_agent, verdict)


def _store(article, parent_id, name, email, body, digest, ip, user_agent, verdict: policy.Verdict) -> Comment:
    now = timezone.now()
    decided = verdict.action is not None
    with transaction.atomic():
        comment = Comment.objects.create(
            article=article,
            parent_id=parent_id,
            name=name,
            email=email,
            body=body,
            status=verdict.status,
            reason=verdict.reason,
            reason_detail=verdict.reason_detail[:300],
            fingerprint=digest,
            ip_address=ip,
            user_agent=user_agent.replace("\x00", "")[:USER_AGENT_LENGTH],
            created_at=now,
            decided_at=now if decided else None,
        )
        if decided:
            ModerationEvent.objects.create(
                comment=comment, action=verdict.action, at=now, note=verdict.reason_detail[:300]
            )
        if comment.status == Comment.Status.APPROVED:
            recount_comments(article.pk)
            article_changed(article.pk)
    return comment
