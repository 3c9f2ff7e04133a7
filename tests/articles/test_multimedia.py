"""The multimedia page: published video and photo stories of every section, newest first, with tabs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Section
from articles.site.listing import PAGE_SIZE

VIDEO, PHOTO_STORY = Article.Kind.VIDEO, Article.Kind.PHOTO_STORY


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_multimedia_lists_videos_and_photo_stories_of_every_section_newest_first(client, make_published):
    make_published(headline="Lễ hội cà phê", kind=VIDEO, published_at=hours_ago(3))
    make_published(headline="Mùa hoa dã quỳ", kind=PHOTO_STORY, section=Section.objects.get(slug="an-ninh-trat-tu"))
    make_published(headline="Hội nghị thường kỳ", kind=Article.Kind.STANDARD)

    page = page_of(client, "/multimedia/")

    assert page.count("<h1") == 1
    assert "Multimedia</h1>" in page
    assert page.index("(Ảnh) Mùa hoa dã quỳ") < page.index("(Video) Lễ hội cà phê")
    assert "Hội nghị thường kỳ" not in page


def test_the_video_tab_lists_only_videos_and_is_marked_current(client, make_published):
    make_published(headline="Lễ hội cà phê", kind=VIDEO)
    make_published(headline="Mùa hoa dã quỳ", kind=PHOTO_STORY)

    page = page_of(client, "/multimedia/video/")

    assert "(Video) Lễ hội cà phê" in page
    assert "Mùa hoa dã quỳ" not in page
    assert '<a href="/multimedia/video/" aria-current="page">Video</a>' in page
    assert '<a href="/multimedia/">Tất cả</a>' in page


def test_the_photo_tab_lists_only_photo_stories(client, make_published):
    make_published(headline="Lễ hội cà phê", kind=VIDEO)
    make_published(headline="Mùa hoa dã quỳ", kind=PHOTO_STORY)

    page = page_of(client, "/multimedia/anh/")

    assert "(Ảnh) Mùa hoa dã quỳ" in page
    assert "Lễ hội cà phê" not in page
    assert '<a href="/multimedia/anh/" aria-current="page">Ảnh</a>' in page


def test_the_all_tab_is_current_on_the_multimedia_page(client, db):
    page = page_of(client, "/multimedia/")

    assert '<a href="/multimedia/" aria-current="page">Tất cả</a>' in page
    assert "Chưa có bài multimedia nào." in page


@pytest.mark.parametrize("kind", ["standard", "photo_story", "anh-dep", "VIDEO"])
def test_an_unknown_kind_is_not_found(client, db, kind):
    assert client.get(f"/multimedia/{kind}/").status_code == 404


@pytest.mark.parametrize("cursor", ["truoc=abc", "truoc=1-", "sau=99999999999999999-1", "truoc=1-1&sau=1-1"])
def test_a_bad_cursor_is_not_found(client, make_published, cursor):
    make_published(kind=VIDEO)

    assert client.get(f"/multimedia/?{cursor}").status_code == 404


def test_articles_readers_may_not_see_are_never_listed(client, make_article, make_published):
    make_published(headline="Bài video đã đăng", kind=VIDEO)
    make_article(headline="Bản nháp video", kind=VIDEO)
    make_article(headline="Video chờ duyệt", kind=VIDEO, status=Article.Status.REVIEW)
    make_published(headline="Video hẹn giờ", kind=VIDEO, published_at=timezone.now() + timedelta(hours=2))
    make_article(headline="Video đã gỡ", kind=VIDEO, status=Article.Status.UNPUBLISHED, published_at=hours_ago(5))
    make_published(headline="Ảnh trong thùng rác", kind=PHOTO_STORY, deleted_at=timezone.now())

    for url in ("/multimedia/", "/multimedia/video/", "/multimedia/anh/"):
        page = page_of(client, url)
        for hidden in ("Bản nháp video", "Video chờ duyệt", "Video hẹn giờ", "Video đã gỡ", "Ảnh trong thùng rác"):
            assert hidden not in page
    assert "Bài video đã đăng" in page_of(client, "/multimedia/")


def test_older_stories_are_on_the_next_page(client, make_published):
    for number in range(PAGE_SIZE + 1):
        make_published(headline=f"Phóng sự ảnh số {number}", kind=PHOTO_STORY, published_at=hours_ago(number + 1))

    first = page_of(client, "/multimedia/anh/")
    assert "Phóng sự ảnh số 0<" in first
    assert f"Phóng sự ảnh số {PAGE_SIZE}<" not in first
    older_link = first.split('class="pagination-older" rel="next" href="')[1].split('"')[0]
    assert older_link.startswith("/multimedia/anh/?truoc=")

    second = page_of(client, older_link.replace("&amp;", "&"))
    assert f"Phóng sự ảnh số {PAGE_SIZE}<" in second
    assert "Phóng sự ảnh số 0<" not in second


def test_the_page_is_publicly_cacheable(client, make_published):
    make_published(kind=VIDEO)

    response = client.get("/multimedia/")

    assert response["Cache-Control"].startswith("public, max-age=")
    assert response["X-Page-Cache"] == "miss"
    assert client.get("/multimedia/")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("count", [1, PAGE_SIZE + 5])
def test_the_page_runs_the_same_queries_whatever_the_number_of_stories(
    client, make_published, make_photo, django_assert_num_queries, count
):
    photo = make_photo()
    for number in range(count):
        make_published(headline=f"Video {number}", kind=VIDEO if number % 2 else PHOTO_STORY, cover_photo=photo)

    # 1. the page of stories (with section, parent section and cover photo joined)
    # 2. the section menu
    # 3. the page cache's next scheduled publication
    with django_assert_num_queries(3):
        response = client.get("/multimedia/")

    assert response.status_code == 200
