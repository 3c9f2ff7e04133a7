"""A takedown stays down: no stored copy brings an unpublished or trashed article back, outage or not.

The article is live and read (so its page, the homepage and its section are
in the page cache, with last good copies kept for outages); an editor
unpublishes or trashes it; then PostgreSQL goes away (``database_down``, as in
test_database_faults.py). Readers must get a 404 or the designed 503
"Báo đang bảo trì", never the article, on its page or on a listing.
"""

import pytest

from articles.content.publishing import trash_article, unpublish_article
from newsroom import page_cache
from tests.security.test_database_faults import OUTAGE_TITLE, database_down

HEADLINE = "Tin bị gỡ theo yêu cầu"
LEAD = "Sapo của tin bị gỡ."


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def take_down(how, article, editor):
    if how == "unpublish":
        unpublish_article(article=article, editor=editor, note="Yêu cầu gỡ")
    else:
        trash_article(article=article, user=editor)


@pytest.fixture
def read_everywhere(make_published, client):
    """The article, live, read on its page, the homepage, its section and its comments page (all kept)."""
    article = make_published(headline=HEADLINE, lead=LEAD, slug="tin-bi-go")
    pages = [article.get_absolute_url(), "/", "/thoi-su/", f"/y-kien/{article.pk}/", "/rss/"]
    for path in pages:
        response = client.get(path)
        assert response["X-Page-Cache"] == "miss" and HEADLINE in response.content.decode()
    return article, pages


def assert_not_shown(response):
    page = response.content.decode()
    assert response.status_code in (200, 404, 503)
    assert HEADLINE not in page and LEAD not in page
    if response.status_code == 503:
        assert OUTAGE_TITLE in page


@pytest.mark.parametrize("how", ["unpublish", "trash"])
def test_a_taken_down_article_is_not_served_from_a_kept_copy_during_an_outage(
    how, read_everywhere, editor, client, committed
):
    article, pages = read_everywhere
    with committed():
        take_down(how, article, editor)

    with database_down():
        during = {path: client.get(path) for path in pages}

    assert during[article.get_absolute_url()].status_code in (404, 503)
    for response in during.values():
        assert_not_shown(response)


@pytest.mark.parametrize("how", ["unpublish", "trash"])
def test_a_taken_down_article_stays_down_before_during_and_after_an_outage(
    how, read_everywhere, editor, client, committed
):
    article, _ = read_everywhere
    with committed():
        take_down(how, article, editor)

    before = client.get(article.get_absolute_url())
    with database_down():
        during = client.get(article.get_absolute_url())
    after = client.get(article.get_absolute_url())

    assert (before.status_code, during.status_code, after.status_code) in {(404, 404, 404), (404, 503, 404)}
    for response in (before, during, after):
        assert_not_shown(response)


def test_pages_read_again_after_a_takedown_are_kept_again_for_outages(read_everywhere, editor, client, committed):
    article, _ = read_everywhere
    with committed():
        take_down("unpublish", article, editor)
    fresh = client.get("/thoi-su/")
    assert fresh["X-Page-Cache"] == "miss" and HEADLINE not in fresh.content.decode()
    with committed():
        page_cache.site_changed()  # say another article was published since: the cached page is stale

    with database_down():
        during = client.get("/thoi-su/")

    assert (during.status_code, during["X-Page-Cache"], during.content) == (200, "stale", fresh.content)


def test_a_page_rendered_before_a_takedown_and_stored_after_it_is_never_served(
    make_published, editor, client, committed, monkeypatch
):
    """The takedown commits while a reader's request is rendering the article: that copy is never replayed."""
    article = make_published(headline=HEADLINE, lead=LEAD, slug="tin-bi-go")
    finish = page_cache.PageCacheMiddleware._finish

    def takedown_meanwhile(self, response, **kwargs):
        with committed():
            unpublish_article(article=article, editor=editor)
        return finish(self, response, **kwargs)

    monkeypatch.setattr(page_cache.PageCacheMiddleware, "_finish", takedown_meanwhile)
    assert HEADLINE in client.get(article.get_absolute_url()).content.decode()
    monkeypatch.setattr(page_cache.PageCacheMiddleware, "_finish", finish)

    with database_down():
        during = client.get(article.get_absolute_url())

    assert during.status_code == 503
    assert_not_shown(during)


def test_public_pages_do_not_let_downstream_caches_serve_them_stale_on_error(make_published, client):
    article = make_published()

    for path in ("/", article.get_absolute_url()):
        first, again = client.get(path), client.get(path)
        for response in (first, again):
            assert "stale-if-error" not in response["Cache-Control"]
            assert response["Cache-Control"].startswith("public, max-age=")


@pytest.mark.parametrize("how", ["reject", "spam", "reports"])
def test_an_approved_comment_taken_off_the_page_is_not_served_from_a_kept_copy_during_an_outage(
    how, make_published, make_comment, moderator, client, committed, settings
):
    from comments.models import Comment
    from comments.moderation import mark_spam, reject_comment
    from comments.reports import report_comment

    article = make_published(slug="bai-co-y-kien")
    comment = make_comment(article, body="Ý kiến vu khống phải gỡ.", status=Comment.Status.APPROVED)
    pages = [article.get_absolute_url(), f"/y-kien/{article.pk}/"]
    for path in pages:
        assert "Ý kiến vu khống phải gỡ." in client.get(path).content.decode()

    with committed():
        if how == "reject":
            reject_comment(comment=comment, moderator=moderator)
        elif how == "spam":
            mark_spam(comment=comment, moderator=moderator)
        else:
            for number in range(settings.COMMENTS["REPORTS_TO_HIDE"]):
                report_comment(comment=comment, ip=f"198.51.100.{number + 1}")

    with database_down():
        during = [client.get(path) for path in pages]

    for response in during:
        assert response.status_code in (200, 503)
        assert "Ý kiến vu khống phải gỡ." not in response.content.decode()


def test_text_cut_from_a_live_article_is_not_served_from_a_kept_copy_during_an_outage(
    make_published, editor, client, committed
):
    from articles.desk.editing import save_article

    article = make_published(slug="bai-dinh-chinh", lead="Sapo có đoạn sai phải gỡ.")
    assert "đoạn sai phải gỡ" in client.get(article.get_absolute_url()).content.decode()
    article.lead = "Sapo đã đính chính."
    with committed():
        save_article(article=article, user=editor)

    with database_down():
        during = client.get(article.get_absolute_url())

    assert "đoạn sai phải gỡ" not in during.content.decode()
