"""The page cache keeps every page a change did not touch: each kind of change drops what shows it, no more.

Pages are read once (a miss that stores them), then a change is made through the desk's own functions and
committed; each page is read again and its ``X-Page-Cache`` says whether the change dropped it (``miss``) or
kept it (``hit``). The rules are ``articles.site.page_dependencies``'s.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from articles.content.publishing import publish_article, trash_article, unpublish_article
from articles.desk.editing import save_article
from articles.models import Section, Tag
from articles.site.views import pages
from comments.moderation import approve_comment, reject_comment
from newsroom import page_cache


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def site(make_published):
    """Two stories in Thời sự (an older and a newer one), one in Kinh tế, read once each with the lists."""
    now = timezone.now()
    older = make_published(headline="Tin cũ thời sự", slug="tin-cu", published_at=now - timedelta(hours=3))
    newer = make_published(headline="Tin mới thời sự", slug="tin-moi", published_at=now - timedelta(hours=2))
    economy = make_published(
        headline="Giá lúa tăng",
        slug="gia-lua-tang",
        section=Section.objects.get(slug="kinh-te"),
        published_at=now - timedelta(hours=1),
    )
    return {"older": older, "newer": newer, "economy": economy}


PAGES = {
    "home": "/",
    "thoi-su": "/thoi-su/",
    "kinh-te": "/kinh-te/",
}


def urls(site):
    return {**PAGES, **{name: article.get_absolute_url() for name, article in site.items()}}


def read_all(client, site):
    for url in urls(site).values():
        assert client.get(url).status_code == 200
    assert all(client.get(url)["X-Page-Cache"] == "hit" for url in urls(site).values())


def cache_states(client, site):
    return {name: client.get(url).get("X-Page-Cache") for name, url in urls(site).items()}


def edited(article, editor, **changes):
    for field, value in changes.items():
        setattr(article, field, value)
    return save_article(article=article, user=editor, expected_version=article.version)


def test_a_body_edit_drops_that_articles_page_only(site, editor, client, committed):
    read_all(client, site)

    with committed():
        edited(site["older"], editor, body="<p>Nội dung đã sửa một chữ.</p>")

    assert cache_states(client, site) == {
        "home": "hit",
        "thoi-su": "hit",
        "kinh-te": "hit",
        "older": "miss",
        "newer": "hit",
        "economy": "hit",
    }
    assert "đã sửa một chữ" in client.get(site["older"].get_absolute_url()).content.decode()


def test_a_headline_edit_drops_the_article_its_lists_and_the_later_pages_showing_it(site, editor, client, committed):
    assert "Tin cũ thời sự" in client.get(site["newer"].get_absolute_url()).content.decode()  # in "Tin liên quan"
    read_all(client, site)

    with committed():
        edited(site["older"], editor, headline="Tin cũ thời sự, tiêu đề mới")

    assert cache_states(client, site) == {
        "home": "miss",
        "thoi-su": "miss",
        "kinh-te": "hit",
        "older": "miss",
        "newer": "miss",  # shows the old headline under "Tin liên quan"
        "economy": "hit",
    }
    for name in ("home", "thoi-su", "newer"):
        assert "tiêu đề mới" in client.get(urls(site)[name]).content.decode()


def test_a_publication_drops_its_lists_but_no_other_articles_page(site, make_article, editor, client, committed):
    draft = make_article(headline="Tin nóng vừa lên", slug="tin-nong", credit_line="Theo TTXVN")
    read_all(client, site)

    with committed():
        publish_article(article=draft, editor=editor)

    assert cache_states(client, site) == {
        "home": "miss",
        "thoi-su": "miss",
        "kinh-te": "hit",
        "older": "hit",
        "newer": "hit",  # "Tin liên quan" shows earlier stories only: a story published now joins no one's
        "economy": "hit",
    }
    assert "Tin nóng vừa lên" in client.get("/").content.decode()
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Tin mới thời sự" in page and "Tin cũ thời sự" in page  # its own related block: the earlier ones


def test_a_story_published_with_an_earlier_time_joins_the_related_blocks_of_later_ones(
    site, make_article, editor, client, committed
):
    draft = make_article(headline="Tin đăng bù", slug="tin-dang-bu", credit_line="Theo TTXVN")
    read_all(client, site)

    with committed():
        publish_article(article=draft, editor=editor)
    read_all(client, site)
    draft.refresh_from_db()

    with committed():  # the desk corrects its time: it happened before the newer Thời sự story
        edited(draft, editor, published_at=timezone.now() - timedelta(hours=2, minutes=30))

    states = cache_states(client, site)
    assert states["newer"] == "miss"  # published after it, in its section: the block now shows it
    assert states["economy"] == "hit"
    assert "Tin đăng bù" in client.get(site["newer"].get_absolute_url()).content.decode()


def test_a_takedown_drops_the_article_its_lists_and_every_page_showing_it(site, editor, client, committed):
    read_all(client, site)

    with committed():
        unpublish_article(article=site["older"], editor=editor)

    states = cache_states(client, site)
    assert states["older"] != "hit" and client.get(site["older"].get_absolute_url()).status_code == 404
    assert {name: states[name] for name in ("home", "thoi-su", "newer")} == {
        "home": "miss",
        "thoi-su": "miss",
        "newer": "miss",
    }
    assert states["economy"] == "hit" and states["kinh-te"] == "hit"
    for name in ("home", "thoi-su", "newer"):
        assert "Tin cũ thời sự" not in client.get(urls(site)[name]).content.decode()


def test_a_comment_approved_drops_that_page_only(site, make_comment, moderator, client, committed):
    comment = make_comment(site["economy"], body="Ý kiến rất xác đáng của bạn đọc.")
    read_all(client, site)

    with committed():
        approve_comment(comment=comment, moderator=moderator)

    states = cache_states(client, site)
    assert states == {name: "miss" if name == "economy" else "hit" for name in states}
    assert "Ý kiến rất xác đáng" in client.get(site["economy"].get_absolute_url()).content.decode()


def test_a_tag_added_drops_the_tags_page_and_keeps_other_articles(site, editor, client, committed):
    tag = Tag.objects.create(name="Lễ hội", slug="le-hoi")
    site["economy"].tags.add(tag)
    read_all(client, site)
    assert client.get("/the/le-hoi/").status_code == 200
    assert client.get("/the/le-hoi/")["X-Page-Cache"] == "hit"

    with committed():
        edited(site["newer"], editor)
        site["newer"].tags.add(tag)  # as the admin saves the tags after the article, in the same transaction

    assert client.get("/the/le-hoi/")["X-Page-Cache"] == "miss"
    assert "Tin mới thời sự" in client.get("/the/le-hoi/").content.decode()
    assert client.get(site["older"].get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_section_renamed_drops_every_page(site, client, committed, admin_client):
    read_all(client, site)
    section = Section.objects.get(slug="kinh-te")

    with committed():
        response = admin_client.post(
            f"/admin/articles/section/{section.pk}/change/",
            {
                "name": "Kinh tế - Tài chính",
                "slug": section.slug,
                "parent": section.parent_id or "",
                "position": section.position,
                "is_active": "on",
            },
        )
    assert response.status_code == 302

    assert Section.objects.get(pk=section.pk).name == "Kinh tế - Tài chính"
    assert set(cache_states(client, site).values()) == {"miss"}


def test_every_page_names_what_it_shows_for_the_edge(site, client):
    article = site["newer"]
    first = client.get(article.get_absolute_url())
    tags = set(first["Xkey"].split())

    assert {
        "site",
        f"article:{article.pk}",
        f"teaser:{site['older'].pk}",
        f"related:section:{article.section_id}",
    } <= tags
    assert f"article:{site['older'].pk}" not in tags
    assert {"site", "list:home"} <= set(client.get("/")["Xkey"].split())
    hit = client.get(article.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit" and hit["Xkey"] == first["Xkey"]
    assert 0 < int(hit["X-Edge-Max-Age"]) <= int(first["X-Edge-Max-Age"])


# One worker refreshes, the others serve the previous copy ---------------------------------------------------------

concurrent = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Held:
    """Holds every build of a page in progress (in ``pages.<name>``) until released, so a test can look while
    one is under way."""

    def __init__(self, monkeypatch, name="build_homepage"):
        self.started, self.release = threading.Event(), threading.Event()
        original = getattr(pages, name)

        def held(*args, **kwargs):
            self.started.set()
            assert self.release.wait(timeout=30)
            return original(*args, **kwargs)

        monkeypatch.setattr(pages, name, held)


def in_thread(url):
    """GET ``url`` in another thread (its own database connection); the response appears in ``result``."""
    result = {}

    def run():
        try:
            result["response"] = Client().get(url)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


@concurrent
def test_after_a_publication_one_reader_rebuilds_the_homepage_while_the_others_get_the_previous_copy(
    migrated_rows_put_back, make_published, make_article, editor, monkeypatch
):
    make_published(headline="Tin hôm qua", slug="tin-hom-qua")
    assert Client().get("/")["X-Page-Cache"] == "miss"
    draft = make_article(headline="Tin vừa xuất bản", slug="tin-vua-xuat-ban", credit_line="Theo TTXVN")
    publish_article(article=draft, editor=editor)  # committed: the homepage's counters moved
    held = Held(monkeypatch)

    refreshing, refreshed = in_thread("/")
    assert held.started.wait(timeout=10)  # the first reader is rebuilding it
    others = [Client().get("/") for _ in range(3)]
    held.release.set()
    refreshing.join(timeout=30)

    assert [response["X-Page-Cache"] for response in others] == ["stale"] * 3
    assert all("Tin hôm qua" in response.content.decode() for response in others)
    assert all("Tin vừa xuất bản" not in response.content.decode() for response in others)
    assert all(response["Cache-Control"].startswith("public, max-age=0") for response in others)
    assert refreshed["response"]["X-Page-Cache"] == "miss"
    assert "Tin vừa xuất bản" in refreshed["response"].content.decode()
    after = Client().get("/")
    assert after["X-Page-Cache"] == "hit" and "Tin vừa xuất bản" in after.content.decode()


@concurrent
def test_after_a_takedown_no_reader_gets_the_previous_copy_even_while_it_is_rebuilt(
    migrated_rows_put_back, make_published, editor, monkeypatch
):
    make_published(headline="Tin vẫn còn", slug="tin-van-con", published_at=timezone.now() - timedelta(hours=2))
    doomed = make_published(headline="Tin phải gỡ ngay", slug="tin-phai-go")
    assert "Tin phải gỡ ngay" in Client().get("/").content.decode()
    unpublish_article(article=doomed, editor=editor)
    held = Held(monkeypatch)

    refreshing, first = in_thread("/")
    assert held.started.wait(timeout=10)
    waiting, second = in_thread("/")
    waiting.join(timeout=1)
    assert waiting.is_alive()  # no old copy for it: it waits for (or builds) a fresh page
    held.release.set()
    refreshing.join(timeout=30)
    waiting.join(timeout=30)

    for result in (first, second):
        assert result["response"]["X-Page-Cache"] == "miss"
        assert "Tin phải gỡ ngay" not in result["response"].content.decode()
    assert Client().get(doomed.get_absolute_url()).status_code == 404


@concurrent
def test_a_comment_taken_off_is_never_served_from_the_previous_copy(
    migrated_rows_put_back, make_published, make_comment, moderator, monkeypatch
):
    article = make_published()
    url = article.get_absolute_url()
    comment = make_comment(article, body="Lời lẽ xúc phạm cần gỡ.")
    approve_comment(comment=comment, moderator=moderator)
    assert "Lời lẽ xúc phạm" in Client().get(url).content.decode()
    reject_comment(comment=comment, moderator=moderator)
    held = Held(monkeypatch, "public_article")

    refreshing, first = in_thread(url)
    assert held.started.wait(timeout=10)
    waiting, second = in_thread(url)
    waiting.join(timeout=1)
    assert waiting.is_alive()  # not answered from the copy that showed the comment
    held.release.set()
    refreshing.join(timeout=30)
    waiting.join(timeout=30)

    for result in (first, second):
        assert result["response"]["X-Page-Cache"] == "miss"
        assert "Lời lẽ xúc phạm" not in result["response"].content.decode()


@concurrent
def test_after_a_comment_approved_the_others_read_the_previous_copy_while_one_rebuilds(
    migrated_rows_put_back, make_published, make_comment, moderator, monkeypatch
):
    article = make_published()
    url = article.get_absolute_url()
    Client().get(url)
    approve_comment(comment=make_comment(article, body="Cảm ơn tòa soạn."), moderator=moderator)
    held = Held(monkeypatch, "public_article")

    refreshing, refreshed = in_thread(url)
    assert held.started.wait(timeout=10)
    meanwhile = Client().get(url)
    held.release.set()
    refreshing.join(timeout=30)

    assert meanwhile["X-Page-Cache"] == "stale" and "Cảm ơn tòa soạn." not in meanwhile.content.decode()
    assert "Cảm ơn tòa soạn." in refreshed["response"].content.decode()


def test_trash_is_a_takedown_as_well(site, editor, client, committed):
    read_all(client, site)

    with committed():
        trash_article(article=site["economy"], user=editor)

    assert client.get(site["economy"].get_absolute_url()).status_code == 404
    assert client.get("/kinh-te/")["X-Page-Cache"] == "miss"
    assert "Giá lúa tăng" not in client.get("/").content.decode()
    assert page_cache.TAKEDOWNS not in client.get("/")["Xkey"].split()


# Through the desk's own form, as an editor works ------------------------------------------------------------------


def test_an_editor_fixing_a_typo_in_the_body_at_the_desk_leaves_the_lists_cached(
    site, editor, client, committed, article_form_data
):
    read_all(client, site)
    desk = Client()
    desk.force_login(editor)
    article = site["newer"]

    with committed():
        response = desk.post(
            f"/admin/articles/article/{article.pk}/change/",
            article_form_data(article, body="<p>Nội dung bài viết, đã sửa lỗi chính tả.</p>"),
        )

    assert response.status_code == 302
    states = cache_states(client, site)
    assert states == {name: "miss" if name == "newer" else "hit" for name in states}
    assert "đã sửa lỗi chính tả" in client.get(article.get_absolute_url()).content.decode()


def test_an_editor_changing_a_headline_at_the_desk_drops_the_lists_showing_it(
    site, editor, client, committed, article_form_data
):
    read_all(client, site)
    desk = Client()
    desk.force_login(editor)
    article = site["economy"]

    with committed():
        response = desk.post(
            f"/admin/articles/article/{article.pk}/change/", article_form_data(article, headline="Giá lúa tăng mạnh")
        )

    assert response.status_code == 302
    states = cache_states(client, site)
    assert (states["home"], states["kinh-te"], states["economy"]) == ("miss", "miss", "miss")
    assert (states["thoi-su"], states["older"], states["newer"]) == ("hit", "hit", "hit")
    assert "Giá lúa tăng mạnh" in client.get("/").content.decode()
