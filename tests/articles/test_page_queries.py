"""Reader pages run a fixed number of queries, whether they show one article or many."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Author, Byline, Correction, HomepageSlot, Section, Tag


@pytest.fixture
def archive(make_published, make_photo):
    """Builds ``count`` published articles spread over the sections, each with a cover, bylines and tags."""

    def build(count):
        sections = list(Section.objects.all())
        photo = make_photo()
        tag = Tag.objects.get_or_create(name="Đắk Lắk", slug="dak-lak")[0]
        author = Author.objects.get_or_create(name="Hồng Chuyên", slug="hong-chuyen")[0]
        second = Author.objects.get_or_create(name="Thu Hà", slug="thu-ha")[0]
        articles = []
        for number in range(count):
            article = make_published(
                headline=f"Bài số {number}",
                slug=f"bai-so-{number}",
                section=sections[number % len(sections)],
                cover_photo=photo,
                published_at=timezone.now() - timedelta(hours=number + 1),
            )
            article.tags.add(tag, Tag.objects.create(name=f"Thẻ {number}", slug=f"the-{number}"))
            Byline.objects.create(article=article, author=author, position=0)
            Byline.objects.create(article=article, author=second, role=Byline.Role.PHOTO, position=1)
            Correction.objects.create(article=article, note="Đính chính.")
            articles.append(article)
        HomepageSlot.objects.filter(position=2).update(article=articles[-1])
        return articles

    return build


# Every listing on a cache miss with an empty cache: the next scheduled publication (page cache, listings only:
# a story published later never changes an article's page) and the section menu; both are then remembered
# until a schedule or the sections change. The active sections are remembered the same way.
# The homepage also sums the views of "Đọc nhiều" (kept until the next flush of view counters).
HOMEPAGE = 2 + 6  # active sections; view sums; slots; the ids of every list (one statement); articles; print issue
SECTION = 2 + 2  # active sections; one page of articles
TAG = 2 + 2  # tag; one page
AUTHOR = 2 + 2  # author with portrait; one page
# the section menu; the article with bylines, tags, corrections, photos and related articles as JSON columns (one
# query); comments
ARTICLE = 1 + 2


@pytest.mark.parametrize("count", [1, 40])
def test_homepage_queries(count, archive, client, django_assert_num_queries):
    archive(count)
    with django_assert_num_queries(HOMEPAGE):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("count", [1, 40])
def test_section_tag_and_author_page_queries(count, archive, client, django_assert_num_queries):
    articles = archive(count)
    section = articles[0].section.parent or articles[0].section
    with django_assert_num_queries(SECTION):
        assert client.get(f"/{section.slug}/").status_code == 200
    with django_assert_num_queries(TAG - 2):  # the next publication and the menu are remembered from here on
        assert client.get("/the/dak-lak/").status_code == 200
    with django_assert_num_queries(AUTHOR - 2):
        assert client.get("/tac-gia/hong-chuyen/").status_code == 200


@pytest.mark.parametrize("count", [1, 40])
def test_article_page_queries(count, archive, make_photo, client, django_assert_num_queries):
    article = archive(count)[0]
    body_photos = [make_photo(caption=f"Ảnh {n}.") for n in range(3)]
    article.body_photos.set(body_photos)
    with django_assert_num_queries(ARTICLE):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count("<figure") == 0  # body photos show where the body places them
