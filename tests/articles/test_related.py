"""The article page's "Tin liên quan": the latest stories published before it, from the same section or sharing a tag,
readers' articles only (a story published later never changes an article's page, so the page cache keeps it)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Section, Tag


@pytest.fixture
def tag(db):
    return Tag.objects.create(name="Cà phê", slug="ca-phe")


def related_headlines(client, article) -> list[str]:
    html = client.get(article.get_absolute_url()).content.decode()
    aside = re.search(r'<aside class="related".*?</aside>', html, re.S)
    if aside is None:
        return []
    return [
        re.sub(r"<[^>]+>", "", title).strip() for title in re.findall(r'<h3 class="teaser-title">(.*?)</h3>', aside[0])
    ]


def test_related_are_the_section_and_tag_neighbours_published_before_it_latest_first(make_published, tag, client):
    now = timezone.now()
    elsewhere = Section.objects.get(slug="kinh-te")
    make_published(headline="Cùng chuyên mục, cũ", published_at=now - timedelta(days=3))
    sharing = make_published(
        headline="Cùng thẻ, chuyên mục khác", section=elsewhere, published_at=now - timedelta(days=1)
    )
    sharing.tags.add(tag)
    make_published(headline="Không liên quan", section=elsewhere, published_at=now - timedelta(hours=2))
    article = make_published(headline="Bài chính", published_at=now - timedelta(hours=1))
    article.tags.add(tag)
    later = make_published(headline="Cùng chuyên mục, đăng sau", published_at=now - timedelta(minutes=5))
    later.tags.add(tag)

    assert related_headlines(client, article) == ["Cùng thẻ, chuyên mục khác", "Cùng chuyên mục, cũ"]
    assert related_headlines(client, later)[0] == "Bài chính"


def test_only_five_related_articles_and_never_the_article_itself(make_published, client):
    now = timezone.now()
    article = make_published(headline="Bài chính", published_at=now - timedelta(minutes=30))
    for number in range(8):
        make_published(headline=f"Tin số {number}", published_at=now - timedelta(hours=number + 1))

    assert related_headlines(client, article) == [f"Tin số {number}" for number in range(5)]


def test_articles_readers_cannot_see_are_never_related(make_published, hidden_articles, tag, client):
    for hidden in hidden_articles:
        hidden.tags.add(tag)
    article = make_published(headline="Bài chính", published_at=timezone.now() - timedelta(days=2))
    article.tags.add(tag)

    assert related_headlines(client, article) == []


def test_a_video_teaser_says_so_and_links_to_its_page(make_published, client):
    video = make_published(
        headline="Lễ hội cà phê", kind="video", slug="le-hoi-ca-phe", published_at=timezone.now() - timedelta(hours=3)
    )
    article = make_published(headline="Bài chính", published_at=timezone.now() - timedelta(hours=2))

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'<a href="{video.get_absolute_url()}">(Video) Lễ hội cà phê</a>' in html
