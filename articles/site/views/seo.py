"""robots.txt and the Google News sitemap (the other sitemaps are Django's views, see sitemaps.py)."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.site import page_dependencies
from newsroom.page_cache import cached_public_page

NEWS_WINDOW = timedelta(hours=48)  # Google News takes articles of the last two days only
NEWS_LIMIT = 1000  # and at most a thousand per sitemap
DISALLOWED_PATHS = ("/admin/", "/xem-truoc/", "/tim-kiem/", "/luot-xem/")


@cached_public_page
def robots_txt(request):
    """Keep crawlers out of the desk, previews, search results and the view counter; point them at the sitemaps."""
    origin = f"{request.scheme}://{request.get_host()}"
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in DISALLOWED_PATHS),
        "",
        f"Sitemap: {origin}{reverse('articles:sitemap_index')}",
        f"Sitemap: {origin}{reverse('articles:news_sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Kept an hour at most: a story leaves it 48 hours after its publication, which no change announces.
@cached_public_page(depends_on=[page_dependencies.SITEMAP], fresh_for=3600)
def news_sitemap(request):
    """The articles published in the last 48 hours, newest first, in Google's news sitemap format (one query)."""
    articles = (
        Article.objects.published()
        .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
        .select_related("section")
        .only("headline", "slug", "published_at", "section__slug")
        .order_by("-published_at", "-pk")[:NEWS_LIMIT]
    )
    context = {
        "articles": articles,
        "origin": f"{request.scheme}://{request.get_host()}",
        "publication_name": settings.PAPER["name"],
    }
    return render(request, "articles/sitemap_news.xml", context, content_type="application/xml; charset=utf-8")
