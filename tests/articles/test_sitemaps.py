"""Sitemaps, the Google News sitemap and robots.txt: valid XML, published articles only, constant queries."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Author, Byline, Section, Tag
from articles.sitemaps import ArticleSitemap

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

    urlset = parse(client.get("/sitemap-bai-viet.xml"))

    [url] = urlset.findall(f"{SITEMAP}url")
    assert url.findtext(f"{SITEMAP}loc") == article_url(published)
    assert url.findtext(f"{SITEMAP}lastmod") == "2021-12-11"


def test_article_lastmod_is_its_publication_when_published_after_the_last_edit(client, make_published):
    make_published(
        published_at=datetime(2021, 12, 10, 9, 41, tzinfo=UTC), updated_at=datetime(2021, 12, 1, 2, 0, tzinfo=UTC)
    )

    urlset = parse(client.get("/sitemap-bai-viet.xml"))

    assert urlset.find(f"{SITEMAP}url/{SITEMAP}lastmod").text == "2021-12-10"


def test_a_scheduled_article_enters_the_sitemap_at_its_time(client, make_published):
    scheduled = make_published(published_at=timezone.now() + timedelta(hours=1))

    assert locations(client.get("/sitemap-bai-viet.xml")) == []
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert locations(client.get("/sitemap-bai-viet.xml")) == [article_url(scheduled)]


def test_article_sitemap_splits_into_pages_of_limit_urls_in_id_order(client, make_published, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    articles = [make_published(headline=f"Tin {number}") for number in range(5)]

    index = locations(client.get("/sitemap.xml"))
    pages = [locations(client.get(f"/sitemap-bai-viet.xml?p={page}")) for page in (1, 2, 3)]

    assert "http://testserver/sitemap-bai-viet.xml?p=2" in index
    assert "http://testserver/sitemap-bai-viet.xml?p=3" in index
    assert "http://testserver/sitemap-bai-viet.xml?p=4" not in index
    assert pages == [[article_url(a) for a in articles[i : i + 2]] for i in (0, 2, 4)]


@pytest.mark.parametrize("page", ["4", "0", "-1", "abc"])
def test_a_sitemap_page_past_the_end_or_malformed_is_not_found(client, make_published, monkeypatch, page):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for number in range(5):
        make_published(headline=f"Tin {number}")

    assert client.get(f"/sitemap-bai-viet.xml?p={page}").status_code == 404


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


def test_tag_and_author_sitemaps_list_only_those_with_a_published_article(client, make_published, hidden_articles):
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


def make_many(make_published, count):
    """``count`` published articles, each with a tag and an author of its own."""
    for number in range(count):
        article = make_published(headline=f"Tin {number}")
        article.tags.add(Tag.objects.create(name=f"Thẻ {number}", slug=f"the-{number}"))
        Byline.objects.create(
            article=article, author=Author.objects.create(name=f"Tác giả {number}", slug=f"tg-{number}")
        )


@pytest.mark.parametrize("count", [1, 8])
def test_sitemap_index_runs_six_queries_whatever_the_number_of_articles(
    client, make_published, django_assert_num_queries, count
):
    make_many(make_published, count)

    # 1 count of sections; 2 latest change of articles; 3 count of articles; 4 count of tags;
    # 5 count of authors; 6 the page cache's next scheduled publication.
    with django_assert_num_queries(6):
        assert len(locations(client.get("/sitemap.xml"))) == 5


@pytest.mark.parametrize("key", ["bai-viet", "chuyen-muc", "the", "tac-gia"])
@pytest.mark.parametrize("count", [1, 8])
def test_a_sitemap_page_runs_three_queries_whatever_the_number_of_items(
    client, make_published, django_assert_num_queries, key, count
):
    make_many(make_published, count)

    # 1 count of the items; 2 this page's items (only the URL's and lastmod's columns);
    # 3 the page cache's next scheduled publication.
    with django_assert_num_queries(3):
        assert client.get(f"/sitemap-{key}.xml").status_code == 200


def test_article_sitemap_never_loads_article_bodies(client, make_published, django_assert_num_queries):
    make_published()

    with django_assert_num_queries(3) as captured:
        client.get("/sitemap-bai-viet.xml")

    page_query = captured.captured_queries[1]["sql"]
    assert '"articles_article"."slug"' in page_query
    assert '"articles_article"."body"' not in page_query
    assert '"articles_article"."lead"' not in page_query


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
    # 1 the page cache's next scheduled publication.
    with django_assert_num_queries(1):
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
