"""What readers see: the "Ý kiến bạn đọc" block on the cached article page, and the comments page."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from comments.moderation import recount_comments
from tests.comments import input_value

APPROVED = Comment.Status.APPROVED


@pytest.fixture
def approved(make_comment):
    """An approved comment ``minutes`` after a fixed start, so the order is known."""
    start = timezone.now() - timedelta(minutes=30)

    def make(article, minutes=0, **fields):
        return make_comment(article, status=APPROVED, created_at=start + timedelta(minutes=minutes), **fields)

    return make


def block(page: str) -> str:
    return page[page.index('<section class="reader-comments"') : page.index("</section>", page.index('id="y-kien"'))]


def test_block_shows_approved_comments_oldest_first_with_replies_under_their_parent(
    make_published, approved, make_comment, client
):
    article = make_published()
    second = approved(article, minutes=2, name="Người thứ hai", body="Ý kiến thứ hai.")
    first = approved(article, minutes=1, name="Người thứ nhất", body="Ý kiến thứ nhất.")
    approved(article, minutes=3, parent=first, name="Người trả lời", body="Trả lời người thứ nhất.")
    make_comment(article, body="Ý kiến chờ duyệt.")
    make_comment(article, status=Comment.Status.REJECTED, body="Ý kiến bị từ chối.")
    make_comment(article, status=Comment.Status.SPAM, body="Ý kiến thư rác.")
    make_comment(article, parent=first, body="Trả lời chờ duyệt.")
    pending_parent = make_comment(article, body="Gốc chờ duyệt.")
    approved(article, minutes=4, parent=pending_parent, body="Trả lời của một gốc chưa duyệt.")
    recount_comments(article.pk)

    page = block(client.get(article.get_absolute_url()).content.decode())
    assert '<span class="comment-count">(3)</span>' in page
    assert page.index("Ý kiến thứ nhất.") < page.index("Trả lời người thứ nhất.") < page.index("Ý kiến thứ hai.")
    reply = re.search(r'<li class="comment comment-reply" id="y-kien-\d+">.*?</li>', page, re.S)[0]
    assert "Trả lời người thứ nhất." in reply
    for hidden in ("chờ duyệt.", "bị từ chối.", "thư rác.", "Gốc chờ duyệt.", "gốc chưa duyệt."):
        assert hidden not in page
    assert second.created_at.astimezone(timezone.get_current_timezone()).strftime("%H:%M, %d/%m/%Y") in page
    assert "bandoc@example.com" not in page and "192.0.2.44" not in page
    assert page.count('class="comment-reply-link"') == 2  # top-level comments only: one level of replies
    assert page.count('class="report-form"') == 3


def test_reader_text_is_rendered_inert(make_published, approved, client):
    article = make_published()
    approved(
        article,
        name="<script>alert(1)</script>",
        body='<img src=x onerror="alert(2)">\n<a href="javascript:alert(3)">bấm</a>\njavascript:alert(4)',
    )
    page = block(client.get(article.get_absolute_url()).content.decode())
    assert "<script>alert(1)" not in page and "<img src=x" not in page and 'href="javascript:' not in page
    shown = unescape(page)  # what the reader reads: the text as typed
    assert "<script>alert(1)</script>" in shown and '<img src=x onerror="alert(2)">' in shown
    assert '<a href="javascript:alert(3)">' in shown
    assert "<br>" in page  # line breaks kept
    assert unescape(re.search(r'data-reply-name="([^"<>]*)"', page)[1]) == "<script>alert(1)</script>"


def test_links_in_comments_are_not_clickable(make_published, approved, client):
    article = make_published()
    approved(article, body="Xem thêm tại https://lua-dao.example/khuyen-mai và www.example.com")
    page = block(client.get(article.get_absolute_url()).content.decode())
    assert "https://lua-dao.example/khuyen-mai" in page
    assert 'href="https://lua-dao.example' not in page and 'href="http://www.example.com' not in page


def test_cached_article_page_carries_no_token_and_sets_no_cookie(make_published, client):
    article = make_published()
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert response["X-Page-Cache"] == "miss" and "public" in response["Cache-Control"]
    assert not response.cookies
    assert input_value(page, "csrfmiddlewaretoken") == "" and input_value(page, "token") == ""
    assert f'data-token-url="/y-kien/phien/{article.pk}/"' in page
    assert "/static/comments/comments.js" in page and "<script>" not in block(page)
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_form_has_its_fields_and_a_honeypot_hidden_from_people(make_published, client):
    page = block(client.get(make_published().get_absolute_url()).content.decode())
    form = re.search(r'<form class="comment-form".*?</form>', page, re.S)[0]
    for name in ("name", "email", "body", "parent", "token", "csrfmiddlewaretoken"):
        assert f'name="{name}"' in form
    assert "không hiển thị công khai" in form and 'maxlength="3000"' in form
    trap = re.search(r'<div class="form-row visually-hidden" aria-hidden="true">.*?</div>', form, re.S)[0]
    assert 'name="website"' in trap and 'tabindex="-1"' in trap and 'autocomplete="off"' in trap
    assert 'action="/y-kien/gui/' in form and 'href="/y-kien/gui/' in page  # "Viết ý kiến" without JavaScript


def test_staff_preview_shows_comments_without_a_form(make_article, approved, editor, client):
    article = make_article()
    approved(article, body="Ý kiến đã duyệt.")
    client.force_login(editor)
    page = client.get(f"/xem-truoc/{article.pk}/").content.decode()
    assert "Ý kiến đã duyệt." in page
    assert 'class="comment-form"' not in page and "data-token-url" not in page


def test_report_notice_shows_only_with_its_flag(make_published, client):
    article = make_published()
    assert "Cảm ơn bạn đã báo vi phạm" not in client.get(article.get_absolute_url()).content.decode()
    assert "Cảm ơn bạn đã báo vi phạm" in client.get(article.get_absolute_url() + "?da-bao=1").content.decode()


def _bulk_approved(article, top_level, replies_each=0):
    start = timezone.now() - timedelta(days=1)
    tops = Comment.objects.bulk_create(
        Comment(
            article=article,
            name=f"Bạn đọc {n}",
            email="bandoc@example.com",
            body=f"Ý kiến số {n}.",
            status=APPROVED,
            created_at=start + timedelta(seconds=n),
        )
        for n in range(top_level)
    )
    Comment.objects.bulk_create(
        Comment(
            article=article,
            parent=parent,
            name="Người trả lời",
            email="traloi@example.com",
            body=f"Trả lời {parent.body}",
            status=APPROVED,
            created_at=parent.created_at + timedelta(milliseconds=r + 1),
        )
        for parent in tops
        for r in range(replies_each)
    )
    recount_comments(article.pk)
    return tops


# The article page on a cache miss: the section menu (base.html), the article with its related lists and related
# articles (one query), and the comment block's ONE query (top-level page and replies together). (The next
# scheduled publication is the listings' concern: it never changes an article's page.)
ARTICLE_PAGE = 1 + 1 + 1


@pytest.mark.parametrize(("top_level", "replies_each"), [(0, 0), (1000, 1)])
def test_comment_block_costs_one_query_with_0_or_2000_approved_comments(
    top_level, replies_each, make_published, client, django_assert_num_queries
):
    article = make_published()
    _bulk_approved(article, top_level, replies_each)
    with django_assert_num_queries(ARTICLE_PAGE):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.comment_count == top_level * (1 + replies_each)


def test_block_is_capped_at_a_page_with_a_link_to_the_rest(make_published, client, settings):
    settings.COMMENTS = {**settings.COMMENTS, "ON_ARTICLE_PAGE": 3, "PER_PAGE": 2}
    article = make_published()
    _bulk_approved(article, 5, replies_each=2)
    page = block(client.get(article.get_absolute_url()).content.decode())
    assert page.count('<li class="comment" id=') == 3 and page.count("comment comment-reply") == 6
    assert "Ý kiến số 2." in page and "Ý kiến số 3." not in page
    link = re.search(r'<a href="(/y-kien/\d+/\?sau=[0-9-]+)">Xem thêm ý kiến</a>', page)[1]
    rest = client.get(link).content.decode()  # the comments pages go on from there, PER_PAGE at a time
    assert "Ý kiến số 3." in rest and "Ý kiến số 4." in rest and "Ý kiến số 2." not in rest
    assert "Trả lời Ý kiến số 4." in rest


def test_comments_page_goes_both_ways_by_cursor(make_published, client, settings):
    settings.COMMENTS = {**settings.COMMENTS, "PER_PAGE": 2}
    article = make_published()
    _bulk_approved(article, 5)
    url = f"/y-kien/{article.pk}/"
    first = client.get(url)
    assert first.status_code == 200 and "public" in first["Cache-Control"]
    pages = [first.content.decode()]
    while match := re.search(r'rel="next" href="([^"]+)"', pages[-1]):
        pages.append(client.get(match[1].replace("&amp;", "&")).content.decode())
    shown = [re.findall(r"Ý kiến số (\d+)\.", page) for page in pages]
    assert shown == [["0", "1"], ["2", "3"], ["4"]]
    back = re.search(r'rel="prev" href="([^"]+)"', pages[-1])[1]
    assert re.findall(r"Ý kiến số (\d+)\.", client.get(back).content.decode()) == ["2", "3"]
    assert pages[0].count("<h1") == 1 and 'rel="prev"' not in pages[0]


@pytest.mark.parametrize("query", ["?sau=abc", "?truoc=1-", "?sau=1-1&truoc=1-1", "?sau=99999999999999999-1"])
def test_comments_page_with_a_bad_cursor_is_a_404(query, make_published, approved, client):
    article = make_published()
    approved(article)
    assert client.get(f"/y-kien/{article.pk}/{query}").status_code == 404


def test_comments_page_of_an_article_readers_cannot_see_is_a_404(hidden_articles, client):
    for article in hidden_articles:
        assert client.get(f"/y-kien/{article.pk}/").status_code == 404, article.headline
    assert client.get("/y-kien/999999/").status_code == 404


# The comments page on a cache miss: section menu, the article, the thread (one query).
COMMENTS_PAGE = 1 + 2


@pytest.mark.parametrize("top_level", [1, 200])
def test_comments_page_queries(top_level, make_published, client, django_assert_num_queries):
    article = make_published()
    _bulk_approved(article, top_level, replies_each=2)
    with django_assert_num_queries(COMMENTS_PAGE):
        assert client.get(f"/y-kien/{article.pk}/").status_code == 200


def test_comments_page_is_dropped_from_the_cache_when_a_comment_is_decided(
    make_published, make_comment, moderator, client, django_capture_on_commit_callbacks
):
    from comments.moderation import approve_comment

    article = make_published()
    comment = make_comment(article, body="Sắp được duyệt.")
    url = f"/y-kien/{article.pk}/"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        approve_comment(comment=comment, moderator=moderator)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss" and "Sắp được duyệt." in response.content.decode()


def test_reader_without_cookies_reads_comments_from_the_cache(make_published, approved):
    article = make_published()
    approved(article, body="Ý kiến đã duyệt.")
    assert "Ý kiến đã duyệt." in Client().get(article.get_absolute_url()).content.decode()
    assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "hit"
