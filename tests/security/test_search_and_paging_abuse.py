"""Hostile search queries and page parameters: a clear page or a designed 404, never a server error.

The test client re-raises any exception a view lets through, so a 500 fails
these tests loudly rather than passing as "some status".
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Author, Byline, PrintIssue, Tag
from comments.models import Comment

NOT_FOUND_PAGE = "Không tìm thấy trang"
NO_RESULTS = "Không tìm thấy kết quả"


@pytest.fixture
def archive(make_published, make_comment):
    """A few of everything, so each listing has rows to page through."""
    start = timezone.now() - timedelta(days=2)
    tag = Tag.objects.create(name="Giao thông", slug="giao-thong")
    author = Author.objects.create(name="Hồng Chuyên", slug="hong-chuyen")
    articles = []
    for number in range(3):
        article = make_published(headline=f"Hội nghị số {number}", published_at=start - timedelta(minutes=number))
        article.tags.add(tag)
        Byline.objects.create(article=article, author=author)
        articles.append(article)
    for number in range(3):
        PrintIssue.objects.create(number=1000 + number, date=(start - timedelta(days=number)).date(), page_count=8)
    for number in range(3):
        make_comment(articles[0], status=Comment.Status.APPROVED, body=f"Ý kiến {number}.")
    return articles


# Search ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_240,
        "%%%",
        "' OR 1=1--",
        "'; DROP TABLE articles_article; --",
        "\\",
        "\\\\' \\\"",
        "&|!",
        "a:* & !b | (c <-> d)",
        "%_%",
        "\x00",
        "<script>alert(1)</script>",
        "{{ settings.SECRET_KEY }}",
        "\u202ehội nghị",
        "😀" * 500,
        "hội " * 3000,
    ],
    ids=[
        "10kb",
        "percents",
        "sql-or",
        "sql-drop",
        "backslash",
        "escaped-quotes",
        "tsquery-operators",
        "tsquery-syntax",
        "like-wildcards",
        "nul",
        "script",
        "template",
        "rtl-override",
        "emoji",
        "many-words",
    ],
)
def test_a_hostile_search_gets_a_clear_page(client, archive, query, settings):
    response = client.get("/tim-kiem/", {"q": query})

    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert(1)" not in page and settings.SECRET_KEY not in page
    assert NO_RESULTS in page or "Tìm thấy" in page or "Hơn" in page


def test_sql_in_a_search_matches_nothing_rather_than_everything(client, archive):
    page = client.get("/tim-kiem/", {"q": "' OR 1=1--"}).content.decode()

    assert NO_RESULTS in page
    assert archive[0].get_absolute_url() not in page


def test_a_ten_kilobyte_search_costs_no_more_than_a_short_one(client, archive, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get("/tim-kiem/", {"q": "hoi nghi " + "so " * 5000})

    assert response.status_code == 200
    assert "chỉ tìm theo 200 ký tự đầu tiên" in response.content.decode()


BAD_NUMBERS = ["0", "-1", "abc", "1e3", "1.5", " 2", "99999999999999999999", "\x00", "1;DROP", "٢", "", "0x10"]


@pytest.mark.parametrize("trang", BAD_NUMBERS)
def test_a_hostile_search_page_number_is_a_404(client, archive, trang):
    response = client.get("/tim-kiem/", {"q": "hoi nghi", "trang": trang})

    assert response.status_code == 404
    assert NOT_FOUND_PAGE in response.content.decode()


# Cursors on listings --------------------------------------------------------------------------------------------

BAD_CURSORS = [
    "abc",
    "1-",
    "-5",
    "1-1-1",
    "\x00",
    "9" * 40 + "-1",
    "1-" + "9" * 40,
    "1-9223372036854775808",
    "99999999999999999-999999999999999999",  # the largest well-formed cursor: the year 5138
    "１２-3",
    "1e5-1",
    "x" * 10_240,
    "' OR 1=1--",
]


def listing_urls(archive) -> list[str]:
    return [
        "/thoi-su/",
        "/the/giao-thong/",
        "/tac-gia/hong-chuyen/",
        "/multimedia/",
        f"/y-kien/{archive[0].pk}/",
    ]


@pytest.mark.parametrize("cursor", BAD_CURSORS)
@pytest.mark.parametrize("direction", ["truoc", "sau"])
def test_a_hostile_listing_cursor_is_a_404(client, archive, direction, cursor):
    for url in listing_urls(archive):
        response = client.get(url, {direction: cursor})
        if cursor.startswith("99999999999999999-") and direction == "truoc":
            assert response.status_code in (200, 404), url  # well formed: everything listed is older than that
            continue
        assert response.status_code == 404, (url, cursor)


def test_both_cursors_at_once_are_a_404(client, archive):
    for url in listing_urls(archive):
        assert client.get(f"{url}?truoc=1-1&sau=1-1").status_code == 404, url


@pytest.mark.parametrize(
    "query",
    [
        "truoc=20261399-1",
        "truoc=00000000-1",
        "sau=2026-1",
        "truoc=20260101-" + "9" * 20,
        "nam=0000",
        "nam=99999",
        "nam=%00",
    ],
)
def test_a_hostile_print_edition_parameter_is_a_404(client, archive, query):
    assert client.get(f"/bao-in/?{query}").status_code == 404


# Sitemaps -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("p", [*BAD_NUMBERS, "past the last article", "1000000000"])
def test_a_hostile_sitemap_page_is_a_404(client, archive, p):
    from articles.site.sitemaps import MAX_URLS

    if p == "past the last article":  # pages are id ranges: the page after the one holding the newest id
        p = str(max(article.pk for article in archive) // MAX_URLS + 2)
    response = client.get("/sitemap-bai-viet.xml", {"p": p})

    assert response.status_code == 404


def test_the_first_sitemap_page_is_still_there(client, archive):
    assert client.get("/sitemap-bai-viet.xml", {"p": "1"}).status_code == 200


# Admin lists ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("p", ["abc", "-1", "99999999999999999999", "\x00"])
@pytest.mark.parametrize("url", ["/admin/articles/article/", "/admin/articles/photo/", "/admin/comments/comment/"])
def test_a_hostile_admin_page_number_is_never_a_server_error(client, admin_user, archive, url, p):
    client.force_login(admin_user)

    response = client.get(url, {"p": p, "q": "\x00' OR 1=1--", "o": "99.-7.abc"})

    assert response.status_code == 400  # the NUL byte: newsroom.security.RefuseNulBytesMiddleware
    response = client.get(url, {"p": p.replace("\x00", ""), "q": "' OR 1=1--", "o": "99.-7.abc"})
    assert response.status_code in (200, 302, 404)
