from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from newsroom.clock import paper_time


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """What readers may see: approved by a moderator. Every public surface filters through this."""
        return self.filter(status=Comment.Status.APPROVED)

    def awaiting_moderation(self):
        """The moderators' queue: new comments, and approved ones readers have reported."""
        return self.filter(Q(status=Comment.Status.PENDING) | Q(status=Comment.Status.APPROVED, flagged=True))


class Comment(models.Model):
    """A reader's comment on an article: plain text, shown only once a moderator approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ duyệt"
        APPROVED = "approved", "Đã duyệt"
        REJECTED = "rejected", "Từ chối"
        SPAM = "spam", "Thư rác"

    class Reason(models.TextChoices):
        """Why a comment waits for a moderator beyond the rule that every comment does."""

        NONE = "", "—"
        SUSPECT_WORD = "suspect_word", "Có từ cần xem xét"
        LINKS = "links", "Nhiều liên kết"
        BANNED_WORD = "banned_word", "Có từ bị cấm"
        REPORTED = "reported", "Bị báo vi phạm"

    article = models.ForeignKey(
        "articles.Article", verbose_name="bài viết", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="trả lời ý kiến",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    name = models.CharField("tên", max_length=80)
    email = models.EmailField("email", max_length=254, help_text="Không bao giờ hiển thị công khai.")
    body = models.TextField("nội dung", max_length=3000)
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField("lý do giữ lại", max_length=20, choices=Reason.choices, default="", blank=True)
    reason_detail = models.CharField("chi tiết", max_length=300, blank=True)
    flagged = models.BooleanField("bị báo vi phạm", default=False)
    report_count = models.PositiveIntegerField("số lần bị báo", default=0)
    fingerprint = models.CharField(max_length=64, editable=False, db_index=True)
    ip_address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    user_agent = models.CharField("trình duyệt", max_length=300, blank=True)
    created_at = models.DateTimeField("gửi lúc", default=timezone.now)
    decided_at = models.DateTimeField("quyết định lúc", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người duyệt",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_note = models.CharField("ghi chú của người duyệt", max_length=300, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = "ý kiến bạn đọc"
        verbose_name_plural = "ý kiến bạn đọc"
        ordering = ["created_at", "id"]
        permissions = [("moderate_comment", "Có thể duyệt, từ chối, đánh dấu thư rác ý kiến bạn đọc")]
        indexes = [
            # The article page: its approved comments, oldest first.
            models.Index(fields=["article", "status", "created_at", "id"], name="comment_article_thread"),
            # The queue: pending first, oldest first, and each status by date.
            models.Index(fields=["status", "created_at", "id"], name="comment_queue"),
            models.Index(fields=["created_at", "id"], name="comment_queue_flagged", condition=Q(flagged=True)),
            # What awaits a decision (awaiting_moderation()), oldest first; and every status by date.
            models.Index(
                fields=["created_at", "id"],
                name="comment_awaiting",
                condition=Q(status="pending") | Q(status="approved", flagged=True),
            ),
            models.Index(fields=["created_at", "id"], name="comment_by_date"),
            models.Index(fields=["reason", "created_at"], name="comment_reason"),
            # The reader's other comments, the trusted-reader rule and bans.
            models.Index(fields=["email", "status"], name="comment_by_email"),
            models.Index(fields=["ip_address", "created_at"], name="comment_by_ip"),
            # Rate limits: an email's latest comments (comments.abuse).
            models.Index(fields=["email", "created_at"], name="comment_by_email_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="comment_not_its_own_parent"),
        ]

    def __str__(self):
        return f"{self.name}: {self.body[:60]}"


class ModerationEvent(models.Model):
    """Who decided what about a comment, and when: the moderators' audit trail."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Duyệt"
        REJECT = "reject", "Từ chối"
        SPAM = "spam", "Thư rác"
        AUTO_APPROVE = "auto_approve", "Tự động duyệt (bạn đọc tin cậy)"
        AUTO_SPAM = "auto_spam", "Tự động vào thư rác (từ bị cấm)"
        REPORT = "report", "Bạn đọc báo vi phạm"

    comment = models.ForeignKey(Comment, verbose_name="ý kiến", on_delete=models.CASCADE, related_name="events")
    action = models.CharField("thao tác", max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thực hiện", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField("lúc", default=timezone.now)
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        verbose_name = "lịch sử duyệt"
        verbose_name_plural = "lịch sử duyệt"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["comment", "-at"], name="moderation_event_comment")]

    def __str__(self):
        return f"{self.get_action_display()} — {paper_time(self.at)}"


class Report(models.Model):
    """A reader's "Báo vi phạm" on an approved comment (one per address per comment)."""

    comment = models.ForeignKey(Comment, verbose_name="ý kiến", on_delete=models.CASCADE, related_name="reports")
    ip_address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True)
    created_at = models.DateTimeField("lúc", default=timezone.now)

    class Meta:
        verbose_name = "báo vi phạm"
        verbose_name_plural = "báo vi phạm"
        constraints = [
            models.UniqueConstraint(fields=["comment", "ip_address"], name="report_once_per_address"),
        ]

    def __str__(self):
        return f"Báo vi phạm ý kiến {self.comment_id}"
