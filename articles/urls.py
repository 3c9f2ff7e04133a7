from django.urls import path, re_path

from articles.site import feeds, page_dependencies, sitemaps
from articles.site.views import multimedia, pages, popularity, print_edition, search, seo
from newsroom.page_cache import cached_public_page

FEEDS = [page_dependencies.FEED]  # any article's change may show in a feed (the site's, or its section's)
SITEMAPS = [page_dependencies.SITEMAP]

app_name = "articles"
# /<section>/<slug>-<id>.html, the id as newsroom.converters.RowId reads ids
ARTICLE_PATH = r"^(?P<section>[a-z0-9-]+)/(?P<slug>[a-z0-9-]+)-(?P<pk>[0-9]{1,18})\.html$"

urlpatterns = [
    path("", pages.home, name="home"),
    path("tim-kiem/", search.search, name="search"),
    path("multimedia/", multimedia.index, name="multimedia"),
    path("multimedia/<slug:kind>/", multimedia.index, name="multimedia_kind"),
    path("bao-in/", print_edition.index, name="print_index"),
    path("bao-in/<id:pk>/", print_edition.detail, name="print_issue"),
    path("the/<slug:slug>/", pages.tag, name="tag"),
    path("tac-gia/<slug:slug>/", pages.author, name="author"),
    path("rss/", cached_public_page(depends_on=FEEDS)(feeds.LatestArticlesFeed()), name="feed"),
    path("rss/<slug:section>/", cached_public_page(depends_on=FEEDS)(feeds.SectionFeed()), name="section_feed"),
    path("sitemap-tin-moi.xml", seo.news_sitemap, name="news_sitemap"),
    path("sitemap.xml", cached_public_page(depends_on=SITEMAPS)(sitemaps.index), name="sitemap_index"),
    path("sitemap-<str:key>.xml", cached_public_page(depends_on=SITEMAPS)(sitemaps.sitemap), name="sitemap"),
    path("robots.txt", seo.robots_txt, name="robots"),
    path("luot-xem/<id:pk>/", popularity.count_view, name="count_view"),
    path("xem-truoc/<id:pk>/", pages.article_preview, name="preview"),
    re_path(
        r"^(?P<section>[a-z0-9-]+)/(?P<slug>[a-z0-9-]+)-(?P<pk>[0-9]{1,18})\.html$", pages.article_detail, name="detail"
    ),
    path("<slug:slug>/", pages.section, name="section"),
]
