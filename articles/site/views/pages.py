"""The reader's pages: homepage, sections, tags, authors, the article, and the staff preview."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from articles.content import publishing
from articles.content.video import embed_url
from articles.models import Article, Author, Tag
from articles.models.detail import preview_article, public_article
from articles.site.homepage import MOST_READ_FRESH_SECONDS, build_homepage
from articles.site.listing import active_sections, paginate, teasers
from articles.site.page_dependencies import (
    HOME,
    PRINT,
    article_page,
    article_page_dependencies,
    author_list,
    section_list,
    tag_list,
)
from newsroom.page_cache import public_page
from newsroom.paging import missing_page_is_404


def home(request):
    response = render(request, "articles/home.html", {"homepage": build_homepage()})
    return public_page(response, depends_on=[HOME, PRINT], fresh_for=MOST_READ_FRESH_SECONDS)


@missing_page_is_404
def section(request, slug):
    sections = active_sections()
    section = next((candidate for candidate in sections if candidate.slug == slug), None)
    if section is None:
        raise Http404("Chuyên mục không tồn tại.")
    children = [child for child in sections if child.parent_id == section.pk] if section.parent_id is None else []
    articles = Article.objects.published().filter(section_id__in=[section.pk, *(child.pk for child in children)])
    page = paginate(request, teasers(articles))
    context = {"section": section, "current_section": section, "children": children, "page": page}
    return public_page(render(request, "articles/section.html", context), depends_on=[section_list(section.pk)])


@missing_page_is_404
def tag(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = paginate(request, teasers(Article.objects.published().filter(tags=tag)))
    if not page.items:  # a tag no published article carries is no page of the paper's (anyone at the desk makes tags)
        raise Http404("Chủ đề không tồn tại.")
    return public_page(render(request, "articles/tag.html", {"tag": tag, "page": page}), depends_on=[tag_list(tag.pk)])


@missing_page_is_404
def author(request, slug):
    author = get_object_or_404(Author.objects.select_related("portrait"), slug=slug)
    page = paginate(request, teasers(Article.objects.published().filter(bylines__author=author)))
    response = render(request, "articles/author.html", {"author": author, "page": page})
    return public_page(response, depends_on=[author_list(author.pk)])


def _article_context(article: Article, **extra) -> dict:
    return {
        "article": article,
        "current_section": article.section,
        "video_embed_url": embed_url(article.video_url) if article.kind == Article.Kind.VIDEO else None,
        **extra,
    }


def article_detail(request, section, slug, pk):
    article = public_article(pk)
    if article is None:
        raise Http404("Bài viết không tồn tại.")
    canonical = article.get_absolute_url()
    if request.path != canonical:
        return public_page(redirect(canonical, permanent=True), depends_on=[article_page(article.pk)])
    context = _article_context(article, related=article.related_articles)
    response = render(request, "articles/article_detail.html", context)
    return public_page(response, depends_on=article_page_dependencies(article))


@never_cache
@staff_member_required
def article_preview(request, pk):
    """Any article, whatever its status, for staff who may see it; never cached anywhere."""
    article = preview_article(pk)
    if article is None:
        raise Http404("Bài viết không tồn tại.")
    if not publishing.can_preview(request.user, article):
        return render(request, "articles/preview_forbidden.html", status=403)
    context = _article_context(article, preview=True, related=article.related_articles)
    return render(request, "articles/article_detail.html", context)
