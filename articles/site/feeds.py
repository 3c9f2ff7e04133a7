"""RSS 2.0 feeds: the whole paper's latest articles, and each section's (with its sub-sections).

Each item carries the headline, the full lead, the publication time, the
bylines' names, the section as category and the cover photo as a Media RSS
image, from two queries whatever the number of items (articles with section
and cover, then their bylines with authors).
"""

from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape

from articles.models import Article, Byline, Section

FEED_LENGTH = 50
FEED_IMAGE_WIDTH = 960
MEDIA_RSS = "http://search.yahoo.com/mrss/"


class NewsRssFeed(Rss201rev2Feed):
    """RSS 2.0 with a ``<media:content>`` picture per item, which news aggregators show beside the story."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("image_url"):
            # Storage URLs may be site-relative ("/media/…"); readers need them absolute, like the links.
            url = urljoin(self.feed["link"], item["image_url"])
            handler.addQuickElement("media:content", None, {"url": url, "medium": "image"})


def latest(articles):
    """The newest ``FEED_LENGTH`` of these published articles, loaded for a feed."""
    bylines = Byline.objects.select_related("author").order_by("position", "id")
    return (
        articles.for_listing()
        .prefetch_related(Prefetch("bylines", queryset=bylines))
        .order_by("-published_at", "-pk")[:FEED_LENGTH]
    )


class LatestArticlesFeed(Feed):
    """The whole paper. Titles and leads are HTML-escaped, as Django does for titles (readers treat both as HTML)."""

    feed_type = NewsRssFeed
    language = "vi"

    def title(self):
        return f"{settings.PAPER['name']} — Tin mới nhất"

    def link(self):
        return reverse("articles:home")

    def description(self):
        return f"Tin mới nhất của {settings.PAPER['name']}."

    def items(self):
        return latest(Article.objects.published())

    def item_title(self, item):
        return escape(item.headline)

    def item_description(self, item):
        return escape(item.lead)

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return ", ".join(byline.author.name for byline in item.bylines.all()) or None

    def item_categories(self, item):
        return [item.section.name]

    def item_extra_kwargs(self, item):
        return {"image_url": item.cover_photo.rendition_url(FEED_IMAGE_WIDTH) if item.cover_photo else None}


class SectionFeed(LatestArticlesFeed):
    """One active section; a top-level section's feed includes its active sub-sections' articles."""

    def get_object(self, request, section):
        return get_object_or_404(Section.objects.filter(is_active=True), slug=section)

    def title(self, section):
        return f"{settings.PAPER['name']} — {section.name}"

    def link(self, section):
        return reverse("articles:section", args=[section.slug])

    def description(self, section):
        return f"Tin mới nhất chuyên mục {section.name} của {settings.PAPER['name']}."

    def items(self, section):
        sections = Section.objects.filter(Q(pk=section.pk) | Q(parent=section, is_active=True)).values("pk")
        return latest(Article.objects.published().filter(section__in=sections))
