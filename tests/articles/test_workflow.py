"""The review → schedule → publish workflow, each transition from both sides."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles.content.publishing import (
    publish_article,
    restore_article,
    return_to_draft,
    submit_for_review,
    trash_article,
    unpublish_article,
)
from articles.models import Article, Author, Byline, WorkflowEvent

Status = Article.Status


@pytest.fixture
def draft(make_article, reporter):
    article = make_article(created_by=reporter)
    Byline.objects.create(article=article, author=Author.objects.create(name="Hồng Chuyên", slug="hong-chuyen"))
    return article


def test_reporter_submits_own_draft_for_review(draft, reporter):
    submit_for_review(article=draft, user=reporter)
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW
    event = draft.events.get()
    assert (event.action, event.actor) == (WorkflowEvent.Action.SUBMIT, reporter)


def test_reporter_cannot_submit_someone_elses_draft(draft, other_reporter):
    with pytest.raises(PermissionDenied):
        submit_for_review(article=draft, user=other_reporter)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_reporter_cannot_publish(draft, reporter):
    with pytest.raises(PermissionDenied, match="không có quyền xuất bản"):
        publish_article(article=draft, editor=reporter)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not Article.objects.published().exists()


def test_moderator_cannot_publish_or_trash(draft, moderator):
    with pytest.raises(PermissionDenied):
        publish_article(article=draft, editor=moderator)
    with pytest.raises(PermissionDenied):
        trash_article(article=draft, user=moderator)


def test_editor_publishes_and_readers_see_it(draft, editor):
    publish_article(article=draft, editor=editor)
    assert list(Article.objects.published()) == [draft]
    assert draft.events.get().action == WorkflowEvent.Action.PUBLISH


def test_publishing_twice_is_one_transition(draft, editor):
    publish_article(article=draft, editor=editor)
    with pytest.raises(ValidationError, match="đã được xuất bản"):
        publish_article(article=draft, editor=editor)
    assert draft.events.filter(action=WorkflowEvent.Action.PUBLISH).count() == 1


def test_editor_returns_a_review_to_draft(draft, reporter, editor):
    submit_for_review(article=draft, user=reporter)
    return_to_draft(article=draft, editor=editor, note="Cần thêm nguồn")
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    with pytest.raises(PermissionDenied):
        return_to_draft(article=draft, editor=reporter)


def test_scheduled_article_is_hidden_until_its_time(draft, editor):
    start = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        publish_article(article=draft, editor=editor, when=start + timedelta(minutes=1))
        assert not Article.objects.published().exists()
    with time_machine.travel(start + timedelta(seconds=59), tick=False):
        assert not Article.objects.published().exists()
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        assert list(Article.objects.published()) == [draft]


def test_scheduling_is_recorded_as_such(draft, editor):
    publish_article(article=draft, editor=editor, when=timezone.now() + timedelta(hours=2))
    assert draft.events.get().action == WorkflowEvent.Action.SCHEDULE
    assert draft.is_scheduled


def test_unpublished_article_disappears_for_readers(draft, editor, reporter):
    publish_article(article=draft, editor=editor)
    with pytest.raises(PermissionDenied):
        unpublish_article(article=draft, editor=reporter)
    unpublish_article(article=draft, editor=editor)
    draft.refresh_from_db()
    assert draft.status == Status.UNPUBLISHED
    assert not Article.objects.published().exists()


def test_trashed_article_is_hidden_and_editor_restores_it(draft, editor):
    publish_article(article=draft, editor=editor)
    trash_article(article=draft, user=editor)
    assert not Article.objects.published().exists()
    assert Article.objects.trashed().get() == draft
    restore_article(article=draft, editor=editor)
    assert list(Article.objects.published()) == [draft]
    actions = list(draft.events.order_by("at", "id").values_list("action", flat=True))
    assert actions == ["publish", "trash", "restore"]


def test_reporter_cannot_restore_from_trash(draft, editor, reporter):
    trash_article(article=draft, user=editor)
    with pytest.raises(PermissionDenied):
        restore_article(article=draft, editor=reporter)
    assert Article.objects.trashed().exists()


def test_photo_without_caption_credit_and_alt_blocks_publication(draft, editor, make_photo):
    photo = make_photo(credit="", alt_text="")
    draft.cover_photo = photo
    draft.save()
    with pytest.raises(ValidationError) as refused:
        publish_article(article=draft, editor=editor)
    assert "thiếu nguồn ảnh, mô tả cho người khiếm thị" in " ".join(refused.value.messages)
    photo.credit, photo.alt_text = "Hồng Chuyên", "Hội trường hội nghị"
    photo.save()
    publish_article(article=draft, editor=editor)
    assert Article.objects.published().exists()


def test_article_without_byline_or_credit_cannot_be_published(make_article, editor):
    article = make_article()
    with pytest.raises(ValidationError, match="tác giả"):
        publish_article(article=article, editor=editor)
    article.credit_line = "Theo TTXVN"
    article.save()
    publish_article(article=article, editor=editor)
    assert Article.objects.published().exists()


def test_publication_time_must_carry_a_time_zone(draft, editor):
    with pytest.raises(ValidationError, match="múi giờ"):
        publish_article(article=draft, editor=editor, when=datetime(2026, 1, 1, 8, 0))  # noqa: DTZ001
