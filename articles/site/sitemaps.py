"""Sitemaps: ``/sitemap.xml`` indexes the pages ``/sitemap-<key>.xml`` (``?p=<n>`` past the first).

The archive's sitemaps (articles, tags, authors) are cut into pages by id:
page n lists the visible items whose id lies in [(n - 1) × MAX_URLS,
n × MAX_URLS). A page is one short walk of the primary key whatever its
number, and it keeps its content as the archive grows: new articles land on
the last page, unpublishing one changes its own page only, so crawlers and
caches find old pages unchanged. Ids taken by drafts and trashed articles make
some pages shorter, or empty; only a page past the last id is not found.

The index gives each article page its latest change, found in one query by a
short walk of ``article_sitemap_page`` (migration 0007) per page, and leaves
out the pages with nothing to list. The XML is written by Jinja2 templates
(``articles/jinja2/articles/sitemap*.xml``), with one ``reverse()`` per page
instead of one per URL.
"""

from datetime import datetime
from typing import NamedTuple

from django.db import connections, router
from django.db.models import CharField, Exists, F, Func, Max, OuterRef, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import http_date

from articles.models import Article, Author, Section, Tag
from articles.models.section import OWN_PAGE_SECTIONS
from newsroom.templating import partial

# Ids per page, hence at most this many URLs (the protocol allows 50,000): a page of the
# archive then costs what a small site's whole article sitemap costs. The index lists
# one page per MAX_URLS ids. Migration 0007's index is built on this number: change both.
MAX_URLS = 1_000
BIGINT_MAX = 2**63 - 1  # the largest id: a page number whose range starts beyond it is not asked for
# What articles.site.seo.last_modified computes, in SQL.
LASTMOD = Greatest("updated_at", "published_at")
# The same as a W3C datetime (in UTC, the connection's time zone), written by PostgreSQL: a page lists
# a thousand of them, and turning each into a datetime and back into text would cost more than the rest.
W3C_LASTMOD = Func(LASTMOD, Value('YYYY-MM-DD"T"HH24:MI:SSTZH:TZM'), function="to_char", output_field=CharField())


class Url(NamedTuple):
    path: str
    lastmod: str | None = None  # W3C datetime, all in the same time zone


class Page(NamedTuple):
    number: int
    lastmod: str | None = None  # W3C datetime


class Sitemap:
    """A sitemap of a single page; subclasses say which URLs it lists."""

    def pages(self) -> list[Page]:
        """The pages the index lists, each with its latest change when the sitemap knows it."""
        return [Page(1)]

    def urls(self, number: int) -> list[Url] | None:
        """Page ``number``'s URLs (paths), or None when there is no such page."""
        return self.all_urls() if number == 1 else None

    def all_urls(self) -> list[Url]:
        """Every URL of a one-page sitemap: each subclass says which."""
        raise NotImplementedError


class StaticPageSitemap(Sitemap):
    def all_urls(self):
        return [Url(reverse(name)) for name in ("articles:home", "articles:multimedia", "articles:print_index")]


class SectionSitemap(Sitemap):
    def all_urls(self):
        # A few dozen rows; a section with a page of its own is listed with the static pages.
        slugs = Section.objects.filter(is_active=True).exclude(slug__in=OWN_PAGE_SECTIONS).order_by("pk")
        path = path_format("articles:section", "slug")
        return [Url(path.format(slug=slug)) for slug in slugs.values_list("slug", flat=True)]


class ArchiveSitemap(Sitemap):
    """Pages by id range (see the module's docstring); subclasses give the visible items and their URLs."""

    model: type
    route = ""  # for the default ``page_urls``: a URL name taking the item's ``slug``

    def items(self) -> QuerySet:
        """The items readers may see (the subclass's own rule); pages are id ranges of them."""
        raise NotImplementedError

    def page_urls(self, items: QuerySet) -> list[Url]:
        """One page's ``items`` as URLs: by default ``route`` with each item's slug."""
        path = path_format(self.route, "slug")
        return [Url(path.format(slug=slug)) for slug in items.values_list("slug", flat=True)]

    def pages(self):
        """Every id range up to the last id (one query), whether or not it lists anything."""
        last = self.model.objects.aggregate(last=Max("pk"))["last"] or 0
        return [Page(number) for number in range(1, last // MAX_URLS + 2)]

    def urls(self, number):
        if not 1 <= number <= BIGINT_MAX // MAX_URLS:
            return None
        first = (number - 1) * MAX_URLS
        urls = self.page_urls(self.items().filter(pk__gte=first, pk__lt=first + MAX_URLS).order_by("pk"))
        if urls or number == 1 or self.model.objects.filter(pk__gte=first).exists():
            return urls
        return None  # past the last id


class ArticleSitemap(ArchiveSitemap):
    model = Article

    def items(self):
        return Article.objects.published()

    def pages(self):
        """One query: for each id range up to the last id, its latest change among visible articles.

        The ``page`` expression is the one ``article_sitemap_page`` is built on, so each range costs
        one short walk of that index, whatever its size. Ranges with no visible article are left out.
        """
        latest = (
            self.items()
            .annotate(page=F("pk") / MAX_URLS, lastmod=W3C_LASTMOD)
            .filter(page=RawSQL("pages.n", ()))
            .order_by(LASTMOD.desc())
            .values("lastmod")[:1]
        )
        latest_sql, latest_params = latest.query.sql_with_params()
        last_sql, last_params = Article.objects.order_by("-pk").values("pk")[:1].query.sql_with_params()
        # Only the ORM's own SQL goes into the string.
        sql = f"SELECT pages.n + 1, ({latest_sql}) FROM generate_series(0, ({last_sql}) / %s) AS pages(n)"  # noqa: S608
        with connections[router.db_for_read(Article)].cursor() as cursor:
            cursor.execute(sql, (*latest_params, *last_params, MAX_URLS))
            return [Page(number, lastmod) for number, lastmod in cursor.fetchall() if lastmod is not None] or [Page(1)]

    def page_urls(self, items):
        path = path_format("articles:detail", "section", "slug", pk=987654321)
        rows = items.values_list("pk", "slug", "section__slug", W3C_LASTMOD)
        return [
            Url(path.format(section=section, slug=slug or "bai", pk=pk), lastmod) for pk, slug, section, lastmod in rows
        ]


class TagSitemap(ArchiveSitemap):
    """Tags with at least one article readers can see (an empty tag page is not worth a crawler's visit)."""

    model, route = Tag, "articles:tag"

    def items(self):
        return Tag.objects.filter(Exists(Article.objects.published().filter(tags=OuterRef("pk"))))


class AuthorSitemap(ArchiveSitemap):
    """Authors signing at least one article readers can see."""

    model, route = Author, "articles:author"

    def items(self):
        return Author.objects.filter(Exists(Article.objects.published().filter(bylines__author=OuterRef("pk"))))


# The keys name the pages: /sitemap-bai-viet.xml, … ("tin-moi" is the Google News sitemap's, see views/seo.py).
SITEMAPS = {
    "trang": StaticPageSitemap,
    "chuyen-muc": SectionSitemap,
    "bai-viet": ArticleSitemap,
    "the": TagSitemap,
    "tac-gia": AuthorSitemap,
}


def path_format(name: str, *slugs: str, **numbers: int) -> str:
    """The URL ``name`` with ``{slug}``-style fields to fill in: one ``reverse()`` for a page of URLs.

    Slug fields get a marker of letters, numeric ones the (unlikely) number given.
    """
    markers = {field: f"zz{field}zz" for field in slugs} | numbers
    path = reverse(name, kwargs=markers)
    for field, marker in markers.items():
        path = path.replace(str(marker), f"{{{field}}}")
    return path


class IndexEntry(NamedTuple):
    loc: str
    lastmod: str | None = None


def index(request):
    """Every page of every sitemap, with its latest change where known: a query per archive sitemap."""
    origin = f"{request.scheme}://{request.get_host()}"
    entries = []
    for key, sitemap in SITEMAPS.items():
        location = origin + reverse("articles:sitemap", args=[key])
        for page in sitemap().pages():
            loc = location if page.number == 1 else f"{location}?p={page.number}"
            entries.append(IndexEntry(loc, page.lastmod))
    return _xml_response("articles/sitemap_index.xml", {"entries": entries})


def sitemap(request, key):
    """One page of a sitemap: its URLs, with the date each last changed where known (two queries at most)."""
    page = request.GET.get("p", "1")
    if key not in SITEMAPS or not (page.isascii() and page.isdecimal()):
        raise Http404("Không có trang sitemap này.")
    urls = SITEMAPS[key]().urls(int(page))
    if urls is None:
        raise Http404("Không có trang sitemap này.")
    response = _xml_response(
        "articles/sitemap.xml", {"origin": f"{request.scheme}://{request.get_host()}", "urls": urls}
    )
    if urls and all(url.lastmod for url in urls):
        # Texts of one format and time zone: the greatest is the latest.
        latest = datetime.fromisoformat(max(url.lastmod for url in urls))
        response.headers["Last-Modified"] = http_date(latest.timestamp())
    return response


def _xml_response(template: str, context: dict) -> HttpResponse:
    body = partial(template).render(context) + "\n"
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"  # as Django's sitemap views say
    return response
