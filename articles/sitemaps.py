"""Sitemaps (Django's framework): ``/sitemap.xml`` indexes ``/sitemap-<key>.xml`` pages.

Each page holds at most ``limit`` URLs and costs two queries (a count and one
slice), whatever the number of articles: items are ordered by id and load
only the columns their URL and ``lastmod`` need, never the bodies. The
classes (not instances) are registered so the per-request state Django keeps
on a sitemap (``latest_lastmod``) is never shared between requests.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import Article, Author, Byline, Section, Tag
from articles.models.section import OWN_PAGE_SECTIONS
from articles.seo import last_modified

MAX_URLS = 10_000  # the sitemap protocol's limit is 50,000 URLs and 50 MB; stay well under


class ArticleSitemap(Sitemap):
    limit = MAX_URLS

    def items(self):
        return (
            Article.objects.published()
            .select_related("section")
            .only("slug", "published_at", "updated_at", "section__slug")
            .order_by("pk")
        )

    def lastmod(self, article):
        return last_modified(article)

    def get_latest_lastmod(self):
        """One query, where Django's default would load every article to compare their dates.

        Two plain maxima rather than the max of ``Greatest(…)``: PostgreSQL can
        answer each by walking an index (``article_public_latest``,
        ``article_admin_status``) instead of reading every published row.
        """
        latest = Article.objects.published().aggregate(updated=Max("updated_at"), published=Max("published_at"))
        return max(latest["updated"], latest["published"]) if latest["published"] else None


class SectionSitemap(Sitemap):
    limit = MAX_URLS

    def items(self):
        # A few dozen rows; a section with a page of its own is listed with the static pages.
        return Section.objects.filter(is_active=True).exclude(slug__in=OWN_PAGE_SECTIONS).order_by("pk")

    def location(self, section):
        return reverse("articles:section", args=[section.slug])


class TagSitemap(Sitemap):
    """Tags with at least one article readers can see (an empty tag page is not worth a crawler's visit)."""

    limit = MAX_URLS

    def items(self):
        used = Article.tags.through.objects.filter(article__in=Article.objects.published()).values("tag_id")
        return Tag.objects.filter(pk__in=used).only("slug").order_by("pk")

    def location(self, tag):
        return reverse("articles:tag", args=[tag.slug])


class AuthorSitemap(Sitemap):
    """Authors signing at least one article readers can see."""

    limit = MAX_URLS

    def items(self):
        signed = Byline.objects.filter(article__in=Article.objects.published()).values("author_id")
        return Author.objects.filter(pk__in=signed).only("slug").order_by("pk")

    def location(self, author):
        return reverse("articles:author", args=[author.slug])


class StaticPageSitemap(Sitemap):
    def items(self):
        return ["articles:home", "articles:multimedia", "articles:print_index"]

    def location(self, name):
        return reverse(name)


# The keys name the pages: /sitemap-bai-viet.xml, … ("tin-moi" is the Google News sitemap's, see views/seo.py).
SITEMAPS = {
    "trang": StaticPageSitemap,
    "chuyen-muc": SectionSitemap,
    "bai-viet": ArticleSitemap,
    "the": TagSitemap,
    "tac-gia": AuthorSitemap,
}
