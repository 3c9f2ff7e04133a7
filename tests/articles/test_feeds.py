"""RSS feeds: the whole paper's and each section's latest published articles, as valid RSS 2.0."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.content.text import slugify_vi
from articles.models import Author, Byline, Section

DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
MEDIA_CONTENT = "{http://search.yahoo.com/mrss/}content"


def channel(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 the site's own output
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


def headlines(response) -> list[str]:
    return [item.findtext("title") for item in channel(response).findall("item")]


def sign(article, *names):
    for position, name in enumerate(names):
        author, _ = Author.objects.get_or_create(slug=slugify_vi(name), defaults={"name": name})
        Byline.objects.create(article=article, author=author, position=position)


def test_site_feed_lists_published_articles_with_lead_time_authors_section_and_picture(
    client, settings, make_published, make_photo
):
    settings.PAPER = {**settings.PAPER, "name": "Báo Đắk Lắk"}
    article = make_published(
        headline="Đắk Lắk & Gia Lai", lead="Sáng 10-12, hội nghị <tổng kết> năm.", cover_photo=make_photo()
    )
    sign(article, "Hồng Chuyên", "Thu Hà")

    feed = channel(client.get("/rss/"))

    assert feed.findtext("title") == "Báo Đắk Lắk — Tin mới nhất"
    assert feed.findtext("language") == "vi"
    assert feed.findtext("link") == "http://testserver/"
    [item] = feed.findall("item")
    assert item.findtext("title") == "Đắk Lắk &amp; Gia Lai"  # HTML-escaped, as Django does for titles
    assert item.findtext("description") == "Sáng 10-12, hội nghị &lt;tổng kết&gt; năm."
    assert item.findtext("link") == f"http://testserver{article.get_absolute_url()}"
    assert item.findtext("pubDate")
    assert item.findtext(DC_CREATOR) == "Hồng Chuyên, Thu Hà"
    assert item.findtext("category") == "Thời sự"
    picture = item.find(MEDIA_CONTENT)
    assert picture.get("url") == f"http://testserver{article.cover_photo.rendition_url(960)}"
    assert picture.get("medium") == "image"


def test_an_unsigned_article_without_cover_has_no_author_nor_picture(client, make_published):
    make_published()

    [item] = channel(client.get("/rss/")).findall("item")

    assert item.find(DC_CREATOR) is None
    assert item.find(MEDIA_CONTENT) is None


def test_site_feed_holds_the_latest_fifty_newest_first(client, make_published):
    now = timezone.now()
    for minutes in range(52):
        make_published(headline=f"Tin số {minutes}", published_at=now - timedelta(minutes=minutes + 1))

    titles = headlines(client.get("/rss/"))

    assert len(titles) == 50
    assert titles[0] == "Tin số 0"
    assert titles[-1] == "Tin số 49"


def test_feeds_never_show_drafts_review_scheduled_unpublished_or_trashed_articles(
    client, make_published, hidden_articles
):
    make_published(headline="Bài đã đăng")

    assert headlines(client.get("/rss/")) == ["Bài đã đăng"]
    assert headlines(client.get("/rss/thoi-su/")) == ["Bài đã đăng"]


def test_a_scheduled_article_enters_the_feed_at_its_time(client, make_published):
    make_published(headline="Bài hẹn giờ", published_at=timezone.now() + timedelta(hours=1))

    assert headlines(client.get("/rss/")) == []
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert headlines(client.get("/rss/")) == ["Bài hẹn giờ"]


def test_section_feed_includes_its_sub_sections_only(client, settings, make_published):
    settings.PAPER = {**settings.PAPER, "name": "Báo Đắk Lắk"}
    make_published(headline="Tin thời sự", section=Section.objects.get(slug="thoi-su"))
    make_published(headline="Tin trong tỉnh", section=Section.objects.get(slug="trong-tinh"))
    make_published(headline="Tin kinh tế", section=Section.objects.get(slug="kinh-te"))

    response = client.get("/rss/thoi-su/")

    assert channel(response).findtext("title") == "Báo Đắk Lắk — Thời sự"
    assert channel(response).findtext("link") == "http://testserver/thoi-su/"
    assert sorted(headlines(response)) == ["Tin thời sự", "Tin trong tỉnh"]
    assert headlines(client.get("/rss/trong-tinh/")) == ["Tin trong tỉnh"]


def test_section_feed_leaves_out_an_inactive_sub_section(client, make_published):
    Section.objects.filter(slug="trong-tinh").update(is_active=False)
    make_published(headline="Tin trong tỉnh", section=Section.objects.get(slug="trong-tinh"))

    assert headlines(client.get("/rss/thoi-su/")) == []


def test_section_feed_of_an_unknown_or_inactive_section_is_not_found(client, db):
    Section.objects.filter(slug="kinh-te").update(is_active=False)

    assert client.get("/rss/khong-co/").status_code == 404
    assert client.get("/rss/kinh-te/").status_code == 404


def test_feed_is_a_public_cached_page(client, make_published):
    make_published()

    first, second = client.get("/rss/"), client.get("/rss/")

    assert first["Cache-Control"].startswith("public")
    assert second["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("count", [1, 8])
def test_site_feed_runs_three_queries_whatever_the_number_of_items(
    client, make_published, make_photo, django_assert_num_queries, count
):
    photo = make_photo()
    for number in range(count):
        sign(make_published(headline=f"Tin {number}", cover_photo=photo), "Hồng Chuyên", "Thu Hà")

    # 1 articles with section, parent and cover; 2 their bylines with authors;
    # 3 the page cache's next scheduled publication.
    with django_assert_num_queries(3):
        assert len(headlines(client.get("/rss/"))) == count


@pytest.mark.parametrize("count", [1, 8])
def test_section_feed_runs_four_queries_whatever_the_number_of_items(
    client, make_published, django_assert_num_queries, count
):
    for number in range(count):
        sign(make_published(headline=f"Tin {number}", section=Section.objects.get(slug="trong-tinh")), "Thu Hà")

    # 1 the section; 2 articles of it and its active sub-sections; 3 bylines with authors;
    # 4 the page cache's next scheduled publication.
    with django_assert_num_queries(4):
        assert len(headlines(client.get("/rss/thoi-su/"))) == count
