"""One rule per concept: who may read an article, what a reader may see of comments, what awaits moderation.

Each rule is written once; every surface derives from it. So a change made to the rule alone (here:
videos withheld from readers, reported comments hidden) changes what every surface shows.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section, detail
from articles.models import article as article_rules
from comments import threads
from comments.models import Comment
from comments.models.comment import CommentQuerySet
from comments.moderation import pending_count
from comments.policy import comments_open
from newsroom.page_cache import seconds_until_next_publication


@pytest.fixture
def videos_withheld(monkeypatch):
    """The readers' rule changed in one place, ``released()``: videos are no longer for readers."""
    rule = article_rules.released
    monkeypatch.setattr(article_rules, "released", lambda: {**rule(), "kind": Article.Kind.STANDARD})
    detail._STATEMENTS.clear()  # compiled once per process: compile the changed rule
    yield
    detail._STATEMENTS.clear()


@pytest.fixture
def stories(make_published):
    """An earlier video and a later story of the same section, sharing a tag: the video is the story's related."""
    section = Section.objects.get(slug="thoi-su")
    video = make_published(
        headline="Video lũ quét ở Krông Bông",
        slug="video-lu-quet",
        kind=Article.Kind.VIDEO,
        video_url="https://www.youtube.com/watch?v=kX7pQ2dLh4M",
        section=section,
        published_at=timezone.now() - timedelta(hours=3),
    )
    story = make_published(
        headline="Khắc phục hậu quả lũ quét",
        slug="khac-phuc-lu-quet",
        section=section,
        published_at=timezone.now() - timedelta(hours=1),
    )
    return video, story


def test_a_published_video_is_everywhere_under_the_rule_as_it_is(client, stories):
    video, story = stories

    assert video.is_live and comments_open(video)
    assert client.get(video.get_absolute_url()).status_code == 200
    assert [related.pk for related in detail.public_article(story.pk).related_articles] == [video.pk]
    assert video.headline in client.get(reverse("articles:home")).content.decode()


def test_a_change_of_the_readers_rule_changes_every_surface(client, stories, videos_withheld, admin_client):
    video, story = stories

    assert list(Article.objects.published()) == [story]
    assert not video.is_live
    assert not comments_open(video)  # comments follow the article's visibility
    assert detail.public_article(video.pk) is None
    assert client.get(video.get_absolute_url()).status_code == 404
    assert detail.public_article(story.pk).related_articles == []  # the page's own SQL, compiled from the rule
    pages = [
        reverse("articles:home"),
        reverse("articles:section", kwargs={"slug": "thoi-su"}),
        reverse("articles:feed"),
        reverse("articles:news_sitemap"),
        reverse("articles:sitemap", args=["bai-viet"]),
        reverse("articles:search") + "?q=lũ quét",
        reverse("articles:multimedia"),
    ]
    for path in pages:
        page = client.get(path).content.decode()
        assert video.slug not in page, path
    # staff still preview it, as the page readers would get under the rule (no related video either)
    preview = admin_client.get(reverse("articles:preview", args=[story.pk])).content.decode()
    assert story.headline in preview and video.headline not in preview


def test_a_change_of_the_readers_rule_changes_what_is_scheduled(make_published, videos_withheld):
    soon = make_published(kind=Article.Kind.VIDEO, published_at=timezone.now() + timedelta(minutes=5))

    assert not soon.is_scheduled
    assert list(Article.objects.scheduled()) == []
    assert seconds_until_next_publication() is None  # no page's lifetime is cut for it


@pytest.fixture
def reported_hidden(monkeypatch):
    """What readers may see of comments changed in one place, ``approved()``: reported ones are hidden."""
    approved = CommentQuerySet.approved
    monkeypatch.setattr(CommentQuerySet, "approved", lambda self: approved(self).filter(flagged=False))
    threads._APPROVED.clear()
    yield
    threads._APPROVED.clear()


@pytest.fixture
def thread(make_published, make_comment):
    article = make_published()
    kept = make_comment(article, body="Ý kiến vẫn hiện", status=Comment.Status.APPROVED)
    reported = make_comment(article, body="Ý kiến bị báo vi phạm", status=Comment.Status.APPROVED, flagged=True)
    return article, kept, reported


def test_approved_comments_show_in_the_thread_under_the_rule_as_it_is(thread):
    article, kept, reported = thread

    assert [comment.pk for comment in threads.approved_thread(article.pk, limit=10)] == [kept.pk, reported.pk]


def test_a_change_of_what_readers_see_of_comments_changes_the_thread(client, thread, reported_hidden):
    article, kept, _ = thread

    assert [comment.pk for comment in threads.approved_thread(article.pk, limit=10)] == [kept.pk]
    page = client.get(reverse("comments:list", args=[article.pk])).content.decode()
    assert "Ý kiến vẫn hiện" in page and "Ý kiến bị báo vi phạm" not in page


def test_what_awaits_moderation_is_one_rule(make_published, make_comment, monkeypatch):
    article = make_published()
    make_comment(article)
    make_comment(article, status=Comment.Status.APPROVED, flagged=True)
    make_comment(article, status=Comment.Status.APPROVED)

    assert pending_count() == Comment.objects.awaiting_moderation().count() == 2
    awaiting = CommentQuerySet.awaiting_moderation
    monkeypatch.setattr(CommentQuerySet, "awaiting_moderation", lambda self: awaiting(self).filter(flagged=False))
    assert pending_count() == 1  # the landing page's count follows the queue's rule
