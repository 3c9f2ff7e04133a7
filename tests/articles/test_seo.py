"""The article page's OpenGraph, Twitter card and JSON-LD NewsArticle metadata."""

import json
import re
from collections import defaultdict
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.template import Context, Template, engines
from django.test import RequestFactory

from articles.models import Author, Byline, Tag
from articles.models.detail import public_article

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


class _MetaTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = defaultdict(list)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.tags[attrs.get("property") or attrs["name"]].append(attrs["content"])


def meta_tags(html: str) -> dict[str, list[str]]:
    parser = _MetaTags()
    parser.feed(html)
    return parser.tags


def json_ld(html: str) -> dict:
    [data] = JSON_LD.findall(html)
    return json.loads(data)


@pytest.fixture
def article(make_published, make_photo, settings):
    """A published, signed, tagged article with a cover photo, as the reader's page shows it."""
    settings.PAPER = {**settings.PAPER, "name": "Báo Đắk Lắk"}
    article = make_published(
        headline="Công an tỉnh Đắk Lắk đứng thứ ba toàn quốc",
        lead="Sáng 10-12, Công an tỉnh tổ chức hội nghị.",
        cover_photo=make_photo(alt_text="Quang cảnh hội nghị"),
        published_at=datetime(2021, 12, 10, 9, 41, tzinfo=UTC),
        updated_at=datetime(2021, 12, 10, 10, 5, 30, 123456, tzinfo=UTC),
    )
    for position, (name, slug) in enumerate([("Hồng Chuyên", "hong-chuyen"), ("Thu Hà", "thu-ha")]):
        Byline.objects.create(article=article, author=Author.objects.create(name=name, slug=slug), position=position)
    article.tags.add(Tag.objects.create(name="Cải cách hành chính", slug="cai-cach-hanh-chinh"))
    return article


def page(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_article_page_has_opengraph_tags_with_an_absolute_image(client, article):
    tags = meta_tags(page(client, article))

    cover = article.cover_photo
    image = f"http://testserver{cover.rendition_url(1600)}"
    assert tags["og:type"] == ["article"]
    assert tags["og:site_name"] == ["Báo Đắk Lắk"]
    assert tags["og:locale"] == ["vi_VN"]
    assert tags["og:title"] == [article.headline]
    assert tags["og:description"] == [article.lead]
    assert tags["og:url"] == [f"http://testserver{article.get_absolute_url()}"]
    assert tags["og:image"] == [image]
    assert tags["og:image:width"] == ["960"]  # the test photo is 1200 px wide: its largest rendition is 960
    assert tags["og:image:height"] == ["640"]
    assert tags["og:image:alt"] == ["Quang cảnh hội nghị"]
    assert tags["article:published_time"] == ["2021-12-10T16:41:00+07:00"]
    assert tags["article:modified_time"] == ["2021-12-10T17:05:30+07:00"]
    assert tags["article:section"] == ["Thời sự"]
    assert tags["article:tag"] == ["Cải cách hành chính"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["twitter:title"] == [article.headline]
    assert tags["twitter:description"] == [article.lead]
    assert tags["twitter:image"] == [image]


def test_article_page_has_a_parseable_news_article_json_ld(client, article):
    data = json_ld(page(client, article))

    url = f"http://testserver{article.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.headline
    assert data["description"] == article.lead
    assert data["datePublished"] == "2021-12-10T16:41:00+07:00"
    assert data["dateModified"] == "2021-12-10T17:05:30+07:00"
    assert data["author"] == [
        {"@type": "Person", "name": "Hồng Chuyên", "url": "http://testserver/tac-gia/hong-chuyen/"},
        {"@type": "Person", "name": "Thu Hà", "url": "http://testserver/tac-gia/thu-ha/"},
    ]
    assert data["image"] == [f"http://testserver{article.cover_photo.rendition_url(1600)}"]
    assert data["publisher"] == {"@type": "Organization", "name": "Báo Đắk Lắk", "url": "http://testserver/"}
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["articleSection"] == "Thời sự"
    assert data["inLanguage"] == "vi"
    assert data["keywords"] == ["Cải cách hành chính"]


def test_a_headline_cannot_break_out_of_the_json_ld_script(client, make_published):
    headline = 'Tin </script><script>alert("x")</script> & <!-- nóng'
    article = make_published(headline=headline, seo_title=headline)

    html = page(client, article)

    assert "<script>alert" not in html
    assert json_ld(html)["headline"] == headline
    assert meta_tags(html)["og:title"] == [headline]


def test_seo_title_and_description_take_precedence(client, make_published):
    article = make_published(seo_title="Tiêu đề cho mạng xã hội", seo_description="Mô tả cho mạng xã hội.")

    html = page(client, article)

    tags = meta_tags(html)
    assert tags["og:title"] == tags["twitter:title"] == ["Tiêu đề cho mạng xã hội"]
    assert tags["og:description"] == tags["twitter:description"] == ["Mô tả cho mạng xã hội."]
    assert json_ld(html)["headline"] == article.headline
    assert json_ld(html)["description"] == "Mô tả cho mạng xã hội."


def test_a_long_lead_is_truncated_in_the_descriptions(client, make_published):
    html = page(client, make_published(lead="Sáng 10-12, Công an tỉnh tổ chức hội nghị. " * 30))

    tags = meta_tags(html)
    assert tags["og:description"][0].startswith("Sáng 10-12, Công an tỉnh")
    assert tags["og:description"][0].endswith("…")
    assert len(tags["og:description"][0]) == 300
    assert len(tags["twitter:description"][0]) == 200
    assert json_ld(html)["description"] == tags["og:description"][0]


def test_without_a_cover_the_first_body_photo_is_the_image(client, make_published, make_photo):
    first, second = make_photo(alt_text="Ảnh thứ nhất"), make_photo(alt_text="Ảnh thứ hai")
    body = "".join(f'<p><img src="{p.display_url}" data-photo-id="{p.pk}" alt=""></p>' for p in (first, second))
    article = make_published(body=body)
    article.body_photos.add(second, first)

    html = page(client, article)

    assert meta_tags(html)["og:image"] == [f"http://testserver{first.rendition_url(1600)}"]
    assert meta_tags(html)["og:image:alt"] == ["Ảnh thứ nhất"]
    assert json_ld(html)["image"] == [f"http://testserver{first.rendition_url(1600)}"]


def test_without_any_photo_there_is_no_image_and_a_small_twitter_card(client, make_published):
    html = page(client, make_published())

    tags = meta_tags(html)
    assert "og:image" not in tags
    assert "twitter:image" not in tags
    assert tags["twitter:card"] == ["summary"]
    assert "image" not in json_ld(html)


def test_an_unsigned_article_is_authored_by_the_paper(client, settings, make_published):
    settings.PAPER = {**settings.PAPER, "name": "Báo Đắk Lắk"}

    data = json_ld(page(client, make_published()))

    assert data["author"] == [{"@type": "Organization", "name": "Báo Đắk Lắk", "url": "http://testserver/"}]
    assert "keywords" not in data


def test_the_metadata_tags_run_no_query(article, settings, django_assert_num_queries):
    loaded = public_article(article.pk)
    request = RequestFactory().get(article.get_absolute_url())
    tags = Template("{% load seo_tags %}{% article_meta article %}")

    with django_assert_num_queries(0):
        html = tags.render(Context({"article": loaded, "paper": settings.PAPER, "request": request}))

    assert json_ld(html)["author"][1]["name"] == "Thu Hà"


def test_json_ld_is_written_so_that_nothing_inside_ends_the_script_element():
    script = engines["jinja2"].from_string('<script type="application/ld+json">{{ data|tojson }}</script>')
    html = script.render({"data": {"a": "</script>&<b>"}})

    assert html == '<script type="application/ld+json">{"a":"\\u003c/script\\u003e\\u0026\\u003cb\\u003e"}</script>'
    assert json.loads(JSON_LD.search(html)[1]) == {"a": "</script>&<b>"}
