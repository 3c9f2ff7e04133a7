"""Saving an article's content: sanitize, refuse stale saves, keep a revision.

``save_article`` is the one way content reaches the database, for the admin,
the demo loader and tests alike. Workflow fields (status, publication time,
trash) are never written here: they belong to ``articles.content.publishing``.
"""

import reversion
from django.db import transaction
from django.utils import timezone

from articles.content.body import adopt_captions, link_body_photos, sanitize_body
from articles.content.publishing import can_edit_photo
from articles.models import Article, Photo
from articles.site import page_dependencies
from newsroom.clock import paper_time


class EditConflict(Exception):
    """Someone saved the article after this editor opened it."""

    def __init__(self, current: Article):
        self.current = current
        who = current.updated_by.get_username() if current.updated_by else "một người khác"
        when = paper_time(current.updated_at, seconds=True)
        self.message = (
            f"Bài viết đã được {who} sửa lúc {when}, sau khi bạn mở trang này. "
            "Thay đổi của bạn CHƯA được lưu để không ghi đè lên bản của họ; nội dung bạn vừa nhập vẫn còn "
            "trong biểu mẫu dưới đây. Hãy mở bài trong một thẻ mới, đối chiếu và áp dụng lại thay đổi của bạn."
        )
        super().__init__(self.message)


def check_version(article_id: int, expected_version: int) -> Article:
    """Lock the article's row until the transaction ends and refuse if it moved past ``expected_version``."""
    current = Article.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=article_id)
    if current.version != expected_version:
        raise EditConflict(current)
    return current


def prepare_body(article: Article) -> list[int]:
    """Sanitize the body and mark its library photos; return their ids in order."""
    article.body, photo_ids = link_body_photos(sanitize_body(article.body))
    return photo_ids


def save_article(*, article: Article, user, expected_version: int | None = None, comment: str = "") -> Article:
    """Save content with a revision; refuse with ``EditConflict`` if the row changed since ``expected_version``."""
    with transaction.atomic(), reversion.create_revision():
        if article.pk and expected_version is not None:
            check_version(article.pk, expected_version)
        photo_ids = prepare_body(article)
        now = timezone.now()
        if not article.pk:
            article.created_by = article.created_by or user
            article.created_at = now
        else:
            article.version = (Article.objects.filter(pk=article.pk).values_list("version", flat=True).first() or 0) + 1
        if not article.slug:
            from articles.content.text import slugify_vi

            article.slug = slugify_vi(article.headline) or "bai-viet"
        article.updated_by = user
        article.updated_at = now
        new = not article.pk
        if not new:
            page_dependencies.track(article.pk)  # the pages showing it, as they are before the edit
        article.save()
        if new:
            page_dependencies.track(article.pk, new=True)
        sync_body_photos(article, photo_ids, user)
        if user is not None:
            reversion.set_user(user)
        reversion.set_comment(comment or "Lưu bài viết")
    return article


def sync_body_photos(article: Article, photo_ids: list[int], user=None) -> None:
    """Link the body's library photos; fill a photo's missing caption, credit or alt text from the body's figure,
    only where ``user`` may change that photo (``publishing.can_edit_photo``; ``None``: a loader, not a person)."""
    photos = {photo.pk: photo for photo in Photo.objects.filter(pk__in=photo_ids)}
    adoptable = {pk: photo for pk, photo in photos.items() if user is None or can_edit_photo(user, photo)}
    for photo in adopt_captions(article.body, adoptable):
        photo.save(update_fields=["caption", "credit", "alt_text"])
    article.body_photos.set(list(photos))
