"""Sitemaps, the Google News sitemap and robots.txt: valid XML, published articles only, constant queries."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from articles.models import Article, Author, Byline, Section, Tag
from articles.site import sitemaps

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 the site's own output


def locations(response) -> list[str]:
    return [loc.text for loc in parse(response).iter(f"{SITEMAP}loc")]


def article_url(article) -> str:
    return f"http://testserver{article.get_absolute_url()}"


def sitemap_page_of(article) -> str:
    """The article sitemap's page listing ``article``: the one for its id's range (the test database's ids grow)."""
    return f"/sitemap-bai-viet.xml?p={article.pk // sitemaps.MAX_URLS + 1}"


# The sitemap index and its pages


def test_sitemap_index_lists_every_sitemap_page(client, db):
    index = parse(client.get("/sitemap.xml"))

    assert index.tag == f"{SITEMAP}sitemapindex"
    assert [loc.text for loc in index.iter(f"{SITEMAP}loc")] == [
        "http://testserver/sitemap-trang.xml",
        "http://testserver/sitemap-chuyen-muc.xml",
        "http://testserver/sitemap-bai-viet.xml",
        "http://testserver/sitemap-the.xml",
        "http://testserver/sitemap-tac-gia.xml",
    ]


def test_article_sitemap_lists_published_articles_with_their_last_change(client, make_published, hidden_articles):
    published = make_published(
        published_at=datetime(2021, 12, 10, 9, 41, tzinfo=UTC), updated_at=datetime(2021, 12, 11, 2, 0, tzinfo=UTC)
    )

    urlset = parse(client.get(sitemap_page_of(published)))

    [url] = urlset.findall(f"{SITEMAP}url")
    assert url.findtext(f"{SITEMAP}loc") == article_url(published)
    assert url.findtext(f"{SITEMAP}lastmod") == "2021-12-11T02:00:00+00:00"


def test_article_lastmod_is_its_publication_when_published_after_the_last_edit(client, make_published):
    article = make_published(
        published_at=datetime(2021, 12, 10, 9, 41, tzinfo=UTC), updated_at=datetime(2021, 12, 1, 2, 0, tzinfo=UTC)
    )

    urlset = parse(client.get(sitemap_page_of(article)))

    assert urlset.find(f"{SITEMAP}url/{SITEMAP}lastmod").text == "2021-12-10T09:41:00+00:00"


def test_a_scheduled_article_enters_the_sitemap_at_its_time(client, make_published):
    scheduled = make_published(published_at=timezone.now() + timedelta(hours=1))

    assert locations(client.get(sitemap_page_of(scheduled))) == []
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert locations(client.get(sitemap_page_of(scheduled))) == [article_url(scheduled)]


def test_article_sitemap_pages_are_ranges_of_ids_listed_in_the_index(client, make_published, monkeypatch):
    monkeypatch.setattr(sitemaps, "MAX_URLS", 2)
    articles = {pk: make_published(id=pk, headline=f"Tin {pk}") for pk in (4, 5, 6, 7, 9)}

    index = locations(client.get("/sitemap.xml"))
    pages = {page: locations(client.get(f"/sitemap-bai-viet.xml?p={page}")) for page in (3, 4, 5)}

    article_pages = [url for url in index if "bai-viet" in url]
    assert article_pages == [f"http://testserver/sitemap-bai-viet.xml?p={page}" for page in (3, 4, 5)]
    assert pages == {
        3: [article_url(articles[4]), article_url(articles[5])],
        4: [article_url(articles[6]), article_url(articles[7])],
        5: [article_url(articles[9])],
    }


def test_the_first_page_is_the_sitemap_without_a_page_number(client, make_published):
    article = make_published(id=3)

    assert locations(client.get("/sitemap-bai-viet.xml?p=1")) == [article_url(article)]
    assert locations(client.get("/sitemap-bai-viet.xml")) == [article_url(article)]
    assert "http://testserver/sitemap-bai-viet.xml" in locations(client.get("/sitemap.xml"))


def test_a_page_whose_articles_are_all_hidden_is_empty_and_left_out_of_the_index(client, make_article, monkeypatch):
    monkeypatch.setattr(sitemaps, "MAX_URLS", 2)
    make_article(id=4, headline="Bản nháp")
    shown = make_article(id=6, status=Article.Status.PUBLISHED, published_at=timezone.now() - timedelta(hours=1))

    assert locations(client.get("/sitemap-bai-viet.xml?p=3")) == []
    assert locations(client.get("/sitemap-bai-viet.xml?p=4")) == [article_url(shown)]
    assert "http://testserver/sitemap-bai-viet.xml?p=3" not in locations(client.get("/sitemap.xml"))


def test_each_article_page_in_the_index_shows_its_latest_visible_change(client, make_published, monkeypatch):
    monkeypatch.setattr(sitemaps, "MAX_URLS", 2)

    def at(day, hour):
        return datetime(2021, 12, day, hour, 0, tzinfo=UTC)

    with time_machine.travel(at(12, 3), tick=False):
        make_published(id=4, published_at=at(10, 9), updated_at=at(10, 8))
        make_published(id=5, published_at=at(9, 9), updated_at=at(11, 2))  # edited after its publication
        make_published(id=6, published_at=at(1, 8), updated_at=at(1, 7))
        make_published(id=7, published_at=at(20, 8), updated_at=at(11, 7))  # scheduled

        index = parse(client.get("/sitemap.xml"))

    lastmods = {
        entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod")
        for entry in index.iter(f"{SITEMAP}sitemap")
    }
    assert lastmods["http://testserver/sitemap-bai-viet.xml?p=3"] == "2021-12-11T02:00:00+00:00"
    assert lastmods["http://testserver/sitemap-bai-viet.xml?p=4"] == "2021-12-01T08:00:00+00:00"
    assert lastmods["http://testserver/sitemap-tac-gia.xml"] is None


def test_an_article_page_says_when_its_articles_last_changed(client, make_published):
    make_published(
        id=1, published_at=datetime(2021, 12, 10, 9, 41, tzinfo=UTC), updated_at=datetime(2021, 12, 10, tzinfo=UTC)
    )
    make_published(
        id=2, published_at=datetime(2021, 12, 9, tzinfo=UTC), updated_at=datetime(2021, 12, 11, 2, 0, tzinfo=UTC)
    )

    response = client.get("/sitemap-bai-viet.xml")

    assert response["Last-Modified"] == "Sat, 11 Dec 2021 02:00:00 GMT"
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"


@pytest.mark.parametrize("page", ["6", "0", "-1", "abc", "", "99999999999999999999"])
def test_a_sitemap_page_past_the_last_id_or_malformed_is_not_found(client, make_published, monkeypatch, page):
    monkeypatch.setattr(sitemaps, "MAX_URLS", 2)
    for pk in (4, 5, 9):
        make_published(id=pk, headline=f"Tin {pk}")

    assert client.get(f"/sitemap-bai-viet.xml?p={page}").status_code == 404
    assert client.get(f"/sitemap-the.xml?p={page}").status_code == 404


def test_an_unknown_sitemap_is_not_found(client, db):
    assert client.get("/sitemap-khong-co.xml").status_code == 404


def test_static_sitemap_lists_home_multimedia_and_print_edition(client, db):
    assert locations(client.get("/sitemap-trang.xml")) == [
        "http://testserver/",
        "http://testserver/multimedia/",
        "http://testserver/bao-in/",
    ]


def test_section_sitemap_lists_active_sections_only(client, db):
    Section.objects.filter(slug="du-lich").update(is_active=False)

    urls = locations(client.get("/sitemap-chuyen-muc.xml"))

    assert "http://testserver/thoi-su/" in urls
    assert "http://testserver/trong-tinh/" in urls
    assert "http://testserver/du-lich/" not in urls
    assert urls.count("http://testserver/multimedia/") == 0  # listed once, with the site's own pages
    assert len(urls) == Section.objects.filter(is_active=True).exclude(slug="multimedia").count()


def test_tag_and_author_sitemaps_list_only_those_with_a_published_article(
    client, make_published, hidden_articles, one_page
):
    shown, hidden = Tag.objects.create(name="Hội nghị", slug="hoi-nghi"), Tag.objects.create(name="Nháp", slug="nhap")
    writer, other = (Author.objects.create(name=n, slug=s) for n, s in [("Hồng Chuyên", "hong-chuyen"), ("Ẩn", "an")])
    article = make_published()
    article.tags.add(shown)
    Byline.objects.create(article=article, author=writer)
    for draft in hidden_articles:
        draft.tags.add(hidden)
        Byline.objects.create(article=draft, author=other)

    assert locations(client.get("/sitemap-the.xml")) == ["http://testserver/the/hoi-nghi/"]
    assert locations(client.get("/sitemap-tac-gia.xml")) == ["http://testserver/tac-gia/hong-chuyen/"]


def test_sitemaps_are_public_cached_pages(client, db):
    first, second = client.get("/sitemap.xml"), client.get("/sitemap.xml")

    assert first["Cache-Control"].startswith("public")
    assert second["X-Page-Cache"] == "hit"


@pytest.fixture
def one_page(monkeypatch):
    """Every id on the first page of each sitemap, whatever the test database's sequences have reached."""
    monkeypatch.setattr(sitemaps, "MAX_URLS", 10**12)


def make_many(make_published, count):
    """``count`` published articles, each with a tag and an author of its own."""
    for number in range(count):
        article = make_published(headline=f"Tin {number}")
        article.tags.add(Tag.objects.create(name=f"Thẻ {number}", slug=f"the-{number}"))
        Byline.objects.create(
            article=article, author=Author.objects.create(name=f"Tác giả {number}", slug=f"tg-{number}")
        )


@pytest.mark.parametrize("count", [1, 8])
def test_sitemap_index_runs_four_queries_whatever_the_number_of_articles(
    client, make_published, django_assert_num_queries, one_page, count
):
    make_many(make_published, count)

    # 1 each article page's latest change; 2 the last tag's id; 3 the last author's id;
    # 4 the page cache's next scheduled publication.
    with django_assert_num_queries(4):
        assert len(locations(client.get("/sitemap.xml"))) == 5


@pytest.mark.parametrize("key", ["bai-viet", "chuyen-muc", "the", "tac-gia"])
@pytest.mark.parametrize("count", [1, 8])
def test_a_sitemap_page_runs_two_queries_whatever_the_number_of_items(
    client, make_published, django_assert_num_queries, one_page, key, count
):
    make_many(make_published, count)

    # 1 this page's items (only the URL's and lastmod's columns); 2 the page cache's next scheduled publication.
    with django_assert_num_queries(2):
        urls = locations(client.get(f"/sitemap-{key}.xml"))

    if key != "chuyen-muc":  # the sections are the seeded ones, whatever the count
        assert len(urls) == count


def test_article_sitemap_never_loads_article_bodies(client, make_published, django_assert_num_queries):
    article = make_published()

    with django_assert_num_queries(2) as captured:
        client.get(sitemap_page_of(article))

    page_query = captured.captured_queries[0]["sql"]
    assert '"articles_article"."slug"' in page_query
    assert '"articles_article"."body"' not in page_query
    assert '"articles_article"."lead"' not in page_query


def test_the_index_for_page_dates_is_built_on_the_page_size(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_sitemap_page'")
        [(definition,)] = cursor.fetchall()

    assert f"(id / {sitemaps.MAX_URLS})" in definition


# The Google News sitemap


def test_news_sitemap_lists_the_last_48_hours_with_publication_date_and_title(client, settings, make_published):
    settings.PAPER = {**settings.PAPER, "name": "Báo Đắk Lắk"}
    with time_machine.travel(datetime(2021, 12, 12, 3, 0, tzinfo=UTC), tick=False):
        recent = make_published(headline="Tin <mới> & nóng", published_at=datetime(2021, 12, 10, 9, 41, tzinfo=UTC))
        make_published(headline="Tin cũ", published_at=datetime(2021, 12, 10, 2, 59, tzinfo=UTC))

        response = client.get("/sitemap-tin-moi.xml")

    urlset = parse(response)
    [url] = urlset.findall(f"{SITEMAP}url")
    assert url.findtext(f"{SITEMAP}loc") == article_url(recent)
    news = url.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Báo Đắk Lắk"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "vi"
    assert news.findtext(f"{NEWS}publication_date") == "2021-12-10T16:41:00+07:00"
    assert news.findtext(f"{NEWS}title") == "Tin <mới> & nóng"
    assert response["Cache-Control"].startswith("public")


def test_news_sitemap_never_shows_hidden_articles(client, make_published, hidden_articles):
    shown = make_published()

    assert locations(client.get("/sitemap-tin-moi.xml")) == [article_url(shown)]


def test_news_sitemap_is_valid_when_empty(client, db):
    assert locations(client.get("/sitemap-tin-moi.xml")) == []


@pytest.mark.parametrize("count", [1, 8])
def test_news_sitemap_runs_two_queries_whatever_the_number_of_articles(
    client, make_published, django_assert_num_queries, count
):
    for number in range(count):
        make_published(headline=f"Tin {number}")

    # 1 recent articles with their section's slug; 2 the page cache's next scheduled publication.
    with django_assert_num_queries(2):
        assert len(locations(client.get("/sitemap-tin-moi.xml"))) == count


# robots.txt


def test_robots_txt_keeps_crawlers_out_of_the_desk_and_points_at_the_sitemaps(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):  # no list on it: not even the next scheduled publication is asked
        response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response["Cache-Control"].startswith("public")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/xem-truoc/", "/tim-kiem/", "/luot-xem/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-tin-moi.xml" in lines
