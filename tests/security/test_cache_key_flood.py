"""Query strings cannot flood the page cache: a page's key holds only the parameters that page reads.

An attacker (or every link shared with ``utm_source`` and ``fbclid``) adding
parameters no page reads gets the page's one cached entry, a hit: no new
entry, nothing evicted, no database work. The parameters a page does read
(cursors, the search query, the comment notices) still make their own pages.
"""

import secrets

import pytest

from tests.cache_contents import stored_keys
from tests.evicting_redis import evicting_redis

NOTICE_POSTED = "Bình luận của bạn đang chờ duyệt"


def junk_query() -> str:
    return f"x={secrets.token_hex(8)}&{secrets.token_hex(4)}={secrets.token_hex(4)}"


@pytest.fixture
def hot_pages(make_published, client):
    """The homepage, a section, an article and robots.txt, each requested once (so cached)."""
    article = make_published(headline="Tin đang được đọc nhiều")
    paths = ["/", "/thoi-su/", article.get_absolute_url(), "/robots.txt", "/rss/"]
    for path in paths:
        assert client.get(path)["X-Page-Cache"] == "miss"
    return {path: client.get(path).content for path in paths}


def test_forty_random_query_strings_add_no_cache_entry_and_are_answered_from_the_cache(hot_pages, client):
    before = stored_keys()

    answers = [client.get(f"{path}?{junk_query()}") for path in hot_pages for _ in range(8)]

    assert len(answers) == 40
    assert all(answer.status_code == 200 and answer["X-Page-Cache"] == "hit" for answer in answers)
    assert [answer.content for answer in answers] == [content for content in hot_pages.values() for _ in range(8)]
    assert stored_keys() == before


def test_junk_parameters_cost_no_database_query(hot_pages, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(f"/thoi-su/?{junk_query()}")
    assert response["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "tracking",
    [
        "utm_source=facebook&utm_medium=social&utm_campaign=tin-nong",
        "fbclid=IwAR2xYz0123456789abcdefABCDEF",
        "gclid=Cj0KCQ&zarsrc=30&utm_source=zalo",
    ],
)
def test_a_shared_link_with_tracking_parameters_is_the_same_cached_page(make_published, client, tracking):
    article = make_published()

    shared = client.get(f"{article.get_absolute_url()}?{tracking}")
    plain = client.get(article.get_absolute_url())

    assert shared["X-Page-Cache"] == "miss" and plain["X-Page-Cache"] == "hit"
    assert plain.content == shared.content


def test_a_listing_first_reached_through_a_tracking_link_keeps_a_clean_canonical_url(make_published, client):
    make_published()

    client.get("/thoi-su/?utm_source=facebook&fbclid=abc")
    page = client.get("/thoi-su/")

    assert page["X-Page-Cache"] == "hit"
    html = page.content.decode()
    assert 'rel="canonical" href="http://testserver/thoi-su/"' in html
    assert "utm_source" not in html and "fbclid" not in html


def test_the_parameters_a_page_reads_still_make_their_own_pages(make_published, client):
    make_published(headline="Hội nghị tổng kết công tác", slug="hoi-nghi-tong-ket")
    make_published(headline="Giải bóng đá thiếu niên", slug="giai-bong-da")

    found = client.get("/tim-kiem/?q=hoi+nghi&utm_source=zalo")
    same = client.get("/tim-kiem/?utm_source=x&q=hoi+nghi")
    other = client.get("/tim-kiem/?q=bong+da")

    assert same.content == found.content  # the junk parameter changed nothing
    assert other.content != found.content
    assert "bong da" in other.content.decode() and "bong da" not in found.content.decode()
    assert "hit" not in {found.get("X-Page-Cache"), same.get("X-Page-Cache")}  # typed words: never stored


def test_random_search_words_neither_make_entries_nor_push_out_a_hot_page(make_published, client):
    make_published(headline="Hội nghị tổng kết công tác", slug="hoi-nghi-tong-ket")
    assert client.get("/thoi-su/")["X-Page-Cache"] == "miss"
    before = stored_keys()

    for number in range(60):
        response = client.get("/tim-kiem/", {"q": f"x{secrets.token_hex(6)} {number}"})
        assert response.status_code == 200

    assert stored_keys() == before
    assert client.get("/thoi-su/")["X-Page-Cache"] == "hit"


def test_the_comment_notice_is_its_own_page_and_other_values_are_the_plain_page(make_published, client):
    article = make_published()
    url = article.get_absolute_url()
    plain = client.get(url)

    posted = client.get(f"{url}?da-gui=1")
    junk = client.get(f"{url}?da-gui={secrets.token_hex(6)}")

    assert posted["X-Page-Cache"] == "miss" and NOTICE_POSTED in posted.content.decode()
    assert junk["X-Page-Cache"] == "hit" and junk.content == plain.content
    assert NOTICE_POSTED not in client.get(url).content.decode()


def test_a_page_not_in_the_cache_with_junk_parameters_is_stored_once_under_its_plain_key(make_published, client):
    make_published()
    assert client.get(f"/?{junk_query()}")["X-Page-Cache"] == "miss"
    keys = stored_keys()

    later = [client.get(f"/?{junk_query()}") for _ in range(5)]

    assert [response["X-Page-Cache"] for response in later] == ["hit"] * 5
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert stored_keys() == keys


# With Redis under memory pressure, as in production ------------------------------------------------------------


@pytest.fixture
def small_redis(settings):
    """A Redis server of this test's own, limited to 2 MB and evicting the least recently used keys."""
    with evicting_redis(settings, maxmemory="2mb", key_prefix="flood") as cache:
        yield cache


def test_a_flood_of_query_strings_does_not_evict_a_hot_page_from_a_full_redis(small_redis, make_published, client):
    articles = [
        make_published(headline=f"Bài số {number}", slug=f"bai-so-{number}", body="<p>Nội dung dài.</p>" * 300)
        for number in range(3)
    ]
    hot = articles[0].get_absolute_url()
    assert client.get(hot)["X-Page-Cache"] == "miss"
    keys = stored_keys()

    for number in range(40):
        client.get(f"{articles[number % 3].get_absolute_url()}?{junk_query()}")
        client.get(f"/thoi-su/?{junk_query()}")

    assert client.get(hot)["X-Page-Cache"] == "hit"
    # two articles and the section, each once (page and last good copy), and the schedule counter a listing reads
    assert len(stored_keys() - keys) <= 7


def test_every_reader_page_declares_the_parameters_it_reads():
    from django.urls import get_resolver

    from newsroom.page_cache import QUERY_PARAMETERS

    not_pages = {"articles:count_view", "articles:preview"}  # the beacon (POST) and staff previews (never cached)
    reader_pages = {
        f"articles:{pattern.name}" for pattern in get_resolver("articles.urls").url_patterns if pattern.name
    } - not_pages

    assert reader_pages <= set(QUERY_PARAMETERS)
    assert "comments:list" in QUERY_PARAMETERS  # the comments page: its cursors


def test_random_well_formed_cursors_neither_make_entries_nor_push_out_a_hot_page(make_published, client):
    for number in range(3):
        make_published(headline=f"Tin số {number}", slug=f"tin-so-{number}")
    assert client.get("/thoi-su/")["X-Page-Cache"] == "miss"
    before = stored_keys()

    for number in range(60):
        cursor = f"{secrets.randbelow(10**17) + 10**15}-{number + 1}"  # any time and id: a valid older page
        response = client.get("/thoi-su/", {"truoc": cursor})
        assert response.status_code in (200, 404)

    assert stored_keys() == before
    assert client.get("/thoi-su/")["X-Page-Cache"] == "hit"
