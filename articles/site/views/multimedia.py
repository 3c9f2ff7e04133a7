"""The multimedia page: video stories and photo stories from every section, newest first."""

from django.http import Http404
from django.shortcuts import render

from articles.models import Article
from articles.site import page_dependencies
from articles.site.listing import paginate
from newsroom.page_cache import cached_public_page
from newsroom.paging import missing_page_is_404

# URL slug of each tab → the kinds it lists and its label; None is the "all" tab.
TABS = {
    None: ([Article.Kind.VIDEO, Article.Kind.PHOTO_STORY], "Tất cả"),
    "video": ([Article.Kind.VIDEO], "Video"),
    "anh": ([Article.Kind.PHOTO_STORY], "Ảnh"),
}


@cached_public_page(depends_on=[page_dependencies.MULTIMEDIA])
@missing_page_is_404
def index(request, kind=None):
    """``/multimedia/`` lists both kinds, ``/multimedia/video/`` and ``/multimedia/anh/`` one each; else 404."""
    if kind not in TABS:
        raise Http404("Không có mục multimedia này.")
    kinds, label = TABS[kind]
    articles = Article.objects.published().for_listing().filter(kind__in=kinds)
    context = {
        "page": paginate(request, articles),
        "kind": kind,
        "kind_label": label if kind else None,
        "tabs": [(slug, tab_label) for slug, (_, tab_label) in TABS.items()],
    }
    return render(request, "articles/multimedia.html", context)
