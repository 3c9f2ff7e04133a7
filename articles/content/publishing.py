"""The desk's workflow: one function per transition.

draft → review → published (now, or at a future time: scheduled) → unpublished,
and the trash beside them. Each function checks the permission, locks the
row so a double click is one transition, saves only the fields it changes and
records who did it and when in ``WorkflowEvent``; those that change what
readers see drop the cached pages that show the article once the transaction
commits (``page_dependencies.track``), and those that take an article down
(unpublish, trash) do it as a takedown: never served stale, no copy kept for
outages served again. The
admin's buttons and actions, commands and tests all call these; nothing hides
in ``save()``.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from articles.models import Article, Photo, WorkflowEvent
from articles.site import page_dependencies
from newsroom.clock import paper_time

Status = Article.Status
Action = WorkflowEvent.Action


def can_edit(user, article: Article) -> bool:
    """Editors edit any article; reporters only their own drafts."""
    if not user.has_perm("articles.change_article") or article.is_trashed:
        return False
    if user.has_perm("articles.edit_any_article"):
        return True
    return article.created_by_id == user.pk and article.status == Status.DRAFT


def can_preview(user, article: Article) -> bool:
    """Staff preview: editors see any article; reporters their own work, and what readers may see anyway."""
    if not user.is_staff or not user.has_perm("articles.view_article"):
        return False
    return user.has_perm("articles.edit_any_article") or article.created_by_id == user.pk or article.is_live


def staff_url(user, article: Article) -> str | None:
    """Where "Xem trên trang web" takes this user: the public page once live, else the preview if they may
    preview it, else nowhere (None). A draft's future address carries its headline, so it is not handed out."""
    if article.is_live:
        return article.get_absolute_url()
    if can_preview(user, article):
        return reverse("articles:preview", args=[article.pk])
    return None


def can_edit_photo(user, photo: Photo) -> bool:
    """Editors change any photo of the library; a reporter only one they uploaded that no article published or
    scheduled shows (cover, body or photo story): its caption and file are then the desk's, not theirs."""
    if not user.has_perm("articles.change_photo"):
        return False
    if user.has_perm("articles.edit_any_article"):
        return True
    if photo.pk is None:
        return True
    if photo.uploaded_by_id != user.pk:
        return False
    shows_it = Q(cover_photo=photo) | Q(body_photos=photo) | Q(story_photos__photo=photo)
    return not Article.objects.filter(shows_it, status=Status.PUBLISHED).exists()


# The desk's states, as editors say them (the list's filter): "Hẹn giờ" is its own state, not "Đã xuất bản".
DESK_STATES = {
    "draft": ("Bản nháp", lambda articles: articles.filter(status=Status.DRAFT)),
    "review": ("Chờ duyệt", lambda articles: articles.filter(status=Status.REVIEW)),
    "scheduled": ("Hẹn giờ", lambda articles: articles.scheduled()),
    "published": ("Đã xuất bản", lambda articles: articles.published()),
    "unpublished": ("Đã gỡ", lambda articles: articles.filter(status=Status.UNPUBLISHED)),
}

# A publication time this close to now (the minute the editor typed) is "now", not a backdating.
NOW_TOLERANCE = timedelta(minutes=2)


def is_backdated(when: datetime | None) -> bool:
    return when is not None and when < timezone.now() - NOW_TOLERANCE


def publication_message(when: datetime | None) -> str:
    """What the desk is told after publishing with ``when`` (None: now), saying what really happened."""
    if when is not None and when > timezone.now():
        return f"Đã hẹn giờ xuất bản lúc {paper_time(when)}: bài tự hiện với bạn đọc đúng phút đó."
    if is_backdated(when):
        return f"Đã xuất bản bài viết ngay, lùi ngày về {paper_time(when)}."
    return "Đã xuất bản bài viết."


def _require(user, permission: str, message: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(message)


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _record(article: Article, action: str, actor, note: str = "") -> None:
    WorkflowEvent.objects.create(article=article, action=action, actor=actor, note=note)


def _refresh(article: Article, current: Article, fields: list[str]) -> Article:
    for field in fields:
        setattr(article, field, getattr(current, field))
    return article


def photo_problem(photo: Photo) -> str:
    """Why this photo stops a publication, naming it and linking to its page in Thư viện ảnh (safe HTML)."""
    name = photo.shown_caption if photo.has_caption else f"số {photo.pk}"
    return format_html(
        'Ảnh <a href="{}">“{}”</a> thiếu {}: cần đủ chú thích, nguồn ảnh và mô tả cho người khiếm thị '
        "trước khi xuất bản (bấm vào tên ảnh để sửa trong Thư viện ảnh).",
        reverse("admin:articles_photo_change", args=[photo.pk]),
        name,
        ", ".join(photo.missing_details),
    )


def publication_problems(article: Article) -> list[str]:
    """What stops this article from being shown to readers, in Vietnamese; empty when ready.

    A photo's problem is safe HTML with a link to the photo (``photo_problem``); the others are plain text.
    """
    problems = []
    if not article.lead.strip():
        problems.append("Bài chưa có sapo.")
    if not article.bylines.exists() and not article.credit_line.strip():
        problems.append("Bài chưa có tác giả hoặc nguồn.")
    if article.kind == Article.Kind.VIDEO and not (article.video_url or article.video_file):
        problems.append("Bài video cần địa chỉ video hoặc tệp video.")
    if article.kind == Article.Kind.PHOTO_STORY and not article.story_photos.exists():
        problems.append("Phóng sự ảnh cần ít nhất một ảnh.")
    photos = list(article.body_photos.all())
    photos += [item.photo for item in article.story_photos.select_related("photo")]
    if article.cover_photo_id:
        photos.append(article.cover_photo)
    for photo in dict.fromkeys(photos):
        if not photo.is_publishable:
            problems.append(photo_problem(photo))
    return problems


def submit_for_review(*, article: Article, user) -> Article:
    _require(user, "articles.submit_article", "Bạn không có quyền gửi bài chờ duyệt.")
    with transaction.atomic():
        current = _locked(article)
        if not can_edit(user, current):
            raise PermissionDenied("Bạn chỉ có thể gửi duyệt bài nháp của chính mình.")
        if current.status != Status.DRAFT:
            raise ValidationError("Chỉ bài nháp mới có thể gửi duyệt.")
        current.status = Status.REVIEW
        current.save(update_fields=["status"])
        _record(current, Action.SUBMIT, user)
    return _refresh(article, current, ["status"])


def return_to_draft(*, article: Article, editor, note: str = "") -> Article:
    _require(editor, "articles.publish_article", "Bạn không có quyền trả bài về nháp.")
    with transaction.atomic():
        current = _locked(article)
        if current.status != Status.REVIEW:
            raise ValidationError("Chỉ bài đang chờ duyệt mới có thể trả về nháp.")
        current.status = Status.DRAFT
        current.save(update_fields=["status"])
        _record(current, Action.RETURN, editor, note)
    return _refresh(article, current, ["status"])


def publish_article(*, article: Article, editor, when: datetime | None = None) -> Article:
    """Publish now, or at ``when`` (a future time schedules it; readers see it from that minute)."""
    _require(editor, "articles.publish_article", "Bạn không có quyền xuất bản bài viết.")
    when = when or timezone.now()
    if timezone.is_naive(when):
        raise ValidationError("Thời điểm xuất bản phải có múi giờ.")
    with transaction.atomic():
        current = _locked(article)
        page_dependencies.track(current.pk)  # what readers see of it, before the change
        if current.is_trashed:
            raise ValidationError("Bài đang ở thùng rác; hãy khôi phục trước khi xuất bản.")
        if current.status == Status.PUBLISHED and current.published_at == when:
            raise ValidationError("Bài đã được xuất bản với thời điểm này.")
        if current.status == Status.PUBLISHED and current.is_live and when > timezone.now():
            raise ValidationError("Bài đang hiển thị với bạn đọc; hãy gỡ bài trước khi hẹn giờ lại.")
        if current.status == Status.PUBLISHED and current.is_live:
            raise ValidationError("Bài đã được xuất bản.")
        problems = publication_problems(current)
        if problems:
            raise ValidationError(problems)
        current.status = Status.PUBLISHED
        current.published_at = when
        current.save(update_fields=["status", "published_at"])
        scheduled = when > timezone.now()
        note = f"Hẹn giờ {paper_time(when)}" if scheduled else ""
        _record(current, Action.SCHEDULE if scheduled else Action.PUBLISH, editor, note)
    return _refresh(article, current, ["status", "published_at"])


def unpublish_article(*, article: Article, editor, note: str = "") -> Article:
    _require(editor, "articles.publish_article", "Bạn không có quyền gỡ bài.")
    with transaction.atomic():
        current = _locked(article)
        page_dependencies.track(current.pk)  # what readers see of it, before the change
        if current.status != Status.PUBLISHED:
            raise ValidationError("Chỉ bài đã xuất bản hoặc đang hẹn giờ mới có thể gỡ.")
        current.status = Status.UNPUBLISHED
        current.save(update_fields=["status"])
        _record(current, Action.UNPUBLISH, editor, note)
    return _refresh(article, current, ["status"])


def trash_article(*, article: Article, user) -> Article:
    """Move to the trash: hidden everywhere, restorable by an editor. Nothing is deleted."""
    _require(user, "articles.delete_article", "Bạn không có quyền xóa bài viết.")
    with transaction.atomic():
        current = _locked(article)
        page_dependencies.track(current.pk)  # what readers see of it, before the change
        if current.is_trashed:
            raise ValidationError("Bài đã ở trong thùng rác.")
        current.deleted_at = timezone.now()
        current.deleted_by = user
        current.save(update_fields=["deleted_at", "deleted_by"])
        _record(current, Action.TRASH, user)
    return _refresh(article, current, ["deleted_at", "deleted_by"])


def restore_article(*, article: Article, editor) -> Article:
    _require(editor, "articles.restore_article", "Bạn không có quyền khôi phục bài từ thùng rác.")
    with transaction.atomic():
        current = _locked(article)
        page_dependencies.track(current.pk)  # what readers see of it, before the change
        if not current.is_trashed:
            raise ValidationError("Bài không ở trong thùng rác.")
        current.deleted_at = None
        current.deleted_by = None
        current.save(update_fields=["deleted_at", "deleted_by"])
        _record(current, Action.RESTORE, editor)
    return _refresh(article, current, ["deleted_at", "deleted_by"])
