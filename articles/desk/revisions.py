"""Revision history of articles (django-reversion): registration and restore."""

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from reversion.models import Version

from articles.models import Article, ArticlePhoto, Byline, WorkflowEvent
from newsroom.clock import paper_time

# Workflow state is not content: restoring an old text must not unpublish,
# untrash or rewind the edit counter.
WORKFLOW_FIELDS = ("status", "published_at", "deleted_at", "deleted_by", "version", "created_at", "created_by")

# The search document is derived from the text and rebuilt on every save.
DERIVED_FIELDS = ("search_vector",)

reversion.register(Article, exclude=WORKFLOW_FIELDS + DERIVED_FIELDS, follow=["bylines", "story_photos"])
reversion.register(Byline)
reversion.register(ArticlePhoto)


def versions_of(article: Article):
    return Version.objects.get_for_object(article).select_related("revision__user")


def restore_revision(*, article: Article, version: Version, user) -> Article:
    """Bring back the content of ``version`` as a new revision (nothing in between is lost)."""
    from articles.content.publishing import can_edit
    from articles.desk.editing import save_article

    if not (user.has_perm("articles.restore_article") or can_edit(user, article)):
        raise PermissionDenied("Bạn không có quyền khôi phục phiên bản của bài viết này.")
    if version.object_id != str(article.pk) or version.content_type.model_class() is not Article:
        raise PermissionDenied("Phiên bản này không thuộc bài viết đã chọn.")
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        tags = None
        for name, value in version.field_dict.items():
            if name == "tags":
                tags = value
            elif name != "body_photos":
                setattr(current, name, value)
        _restore_children(version, current, Byline, "bylines")
        _restore_children(version, current, ArticlePhoto, "story_photos")
        at = paper_time(version.revision.date_created)
        save_article(
            article=current,
            user=user,
            expected_version=current.version,
            comment=f"Khôi phục bản lưu lúc {at}",
        )
        if tags is not None:
            current.tags.set(tags)
        WorkflowEvent.objects.create(
            article=current, action=WorkflowEvent.Action.REVERT, actor=user, note=f"Bản lưu lúc {at}"
        )
    return current


def _restore_children(version: Version, article: Article, model, related_name: str) -> None:
    """Replace the article's current rows of ``model`` with those stored in the same revision."""
    getattr(article, related_name).all().delete()
    for child in version.revision.version_set.all():
        if child.content_type.model_class() is model:
            child.revert()
