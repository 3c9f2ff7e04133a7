"""The full-page cache: hits cost no query, content changes drop pages, nothing private is kept."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.content.publishing import publish_article, trash_article, unpublish_article
from articles.desk.editing import save_article
from articles.models import Article
from newsroom.page_cache import article_changed, site_changed


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on-commit side effects (cache invalidation) of what happens inside, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_second_reader_gets_the_page_from_the_cache_without_any_query(
    make_published, client, django_assert_num_queries
):
    article = make_published()
    first = client.get(article.get_absolute_url())

    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_an_article_drops_the_cached_homepage_and_section(
    make_published, make_article, editor, client, committed
):
    make_published(headline="Tin đã có")
    draft = make_article(headline="Tin vừa xuất bản", lead="Sapo.", credit_line="Theo TTXVN")
    client.get("/")
    client.get("/thoi-su/")

    with committed():
        publish_article(article=draft, editor=editor)

    assert "Tin vừa xuất bản" in client.get("/").content.decode()
    assert "Tin vừa xuất bản" in client.get("/thoi-su/").content.decode()


def test_unpublished_or_trashed_article_leaves_the_cache_at_once(make_published, editor, client, committed):
    first = make_published(headline="Tin sẽ bị gỡ", slug="tin-se-bi-go")
    second = make_published(headline="Tin sẽ vào thùng rác", slug="tin-vao-thung-rac")
    for article in (first, second):
        assert client.get(article.get_absolute_url()).status_code == 200
    assert "Tin sẽ bị gỡ" in client.get("/").content.decode()

    with committed():
        unpublish_article(article=first, editor=editor)
        trash_article(article=second, user=editor)

    assert client.get(first.get_absolute_url()).status_code == 404
    assert client.get(second.get_absolute_url()).status_code == 404
    home = client.get("/").content.decode()
    assert "Tin sẽ bị gỡ" not in home and "Tin sẽ vào thùng rác" not in home


def test_editing_a_live_article_shows_the_new_text(make_published, editor, client, committed):
    article = make_published(headline="Tiêu đề cũ")
    client.get(article.get_absolute_url())

    article.headline = "Tiêu đề đã sửa"
    with committed():
        save_article(article=article, user=editor, expected_version=article.version)

    assert "Tiêu đề đã sửa" in client.get(article.get_absolute_url()).content.decode()


def test_a_change_to_one_article_drops_only_that_articles_page(make_published, client, committed):
    changed = make_published(slug="bai-co-binh-luan")
    other = make_published(slug="bai-khac")
    for url in ("/", changed.get_absolute_url(), other.get_absolute_url()):
        client.get(url)

    with committed():
        article_changed(changed.pk)

    assert client.get(changed.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_an_article_page_served_from_the_cache_before_still_drops_at_its_change(make_published, client, committed):
    url = make_published(slug="bai-doc-nhieu").get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"  # its article's counter is now read with the page itself

    with committed():
        article_changed(Article.objects.get().pk)

    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_nothing_is_dropped_before_the_change_commits(make_published, client):
    article = make_published()
    client.get(article.get_absolute_url())

    site_changed()  # inside the test's transaction, never committed

    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_scheduled_article_appears_at_its_minute_despite_cached_pages(
    make_article, editor, client, committed, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    article = make_article(headline="Tin hẹn giờ", lead="Sapo.", credit_line="Theo TTXVN")
    with committed():
        publish_article(article=article, editor=editor, when=timezone.now() + timedelta(minutes=10))
    assert "Tin hẹn giờ" not in client.get("/thoi-su/").content.decode()
    assert client.get("/thoi-su/")["X-Page-Cache"] == "hit"
    assert "max-age=60" in client.get("/thoi-su/")["Cache-Control"]

    time_machine.shift(timedelta(minutes=9, seconds=30))
    near = client.get("/thoi-su/")
    time_machine.shift(timedelta(seconds=31))

    assert "max-age=30" in near["Cache-Control"]  # browsers and CDNs may not keep it past the publication either
    assert "Tin hẹn giờ" in client.get("/thoi-su/").content.decode()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_public_pages_tell_browsers_and_cdns_how_long_to_keep_them(make_published, client):
    article = make_published()

    response = client.get(article.get_absolute_url())

    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=60" in cache_control
    assert "stale-while-revalidate=" in cache_control
    assert response["ETag"] and response["Last-Modified"]
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_an_unchanged_page_answers_304_to_a_conditional_request(make_published, client):
    article = make_published()
    etag = client.get(article.get_absolute_url())["ETag"]

    response = client.get(article.get_absolute_url(), headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_staff_preview_is_private_and_never_stored(make_article, editor, client):
    draft = make_article(headline="Bản nháp bí mật")
    client.force_login(editor)

    preview = client.get(f"/xem-truoc/{draft.pk}/")
    again = client.get(f"/xem-truoc/{draft.pk}/")

    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"] and "private" in preview["Cache-Control"]
    assert "X-Page-Cache" not in again
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_page_built_for_a_logged_in_editor_holds_nothing_of_theirs(make_published, editor, client):
    article = make_published()
    client.force_login(editor)
    for_editor = client.get(article.get_absolute_url())
    client.logout()

    for_reader = client.get(article.get_absolute_url())

    assert for_reader["X-Page-Cache"] == "hit"
    html = for_reader.content.decode()
    assert editor.username not in html
    # The comment and report forms carry an empty CSRF input, which comments.js fills for each reader.
    assert not re.search(r'name="csrfmiddlewaretoken" value="[^"]', html)
    assert for_editor.content == for_reader.content


def test_a_response_that_sets_a_cookie_is_never_stored(make_published, client, settings):
    from django.http import HttpResponse

    from newsroom.page_cache import PageCacheMiddleware, public_page

    def view_setting_a_cookie(request):
        response = public_page(HttpResponse("xin chào"))
        response.set_cookie("theo-doi", "1")
        return response

    from django.test import RequestFactory

    middleware = PageCacheMiddleware(view_setting_a_cookie)
    request = RequestFactory().get("/trang-co-cookie/")
    middleware(request)
    second = middleware(RequestFactory().get("/trang-co-cookie/"))

    assert second.get("X-Page-Cache") != "hit"


def test_page_cache_can_be_turned_off(make_published, client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = make_published()

    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url())

    assert "X-Page-Cache" not in response
    assert "public" in response["Cache-Control"]


def test_a_different_query_string_is_a_different_page(make_published, client):
    make_published()
    client.get("/thoi-su/")

    assert client.get("/thoi-su/?truoc=0-0").status_code == 404
    assert client.get("/thoi-su/")["X-Page-Cache"] == "hit"
    assert Article.objects.count() == 1
