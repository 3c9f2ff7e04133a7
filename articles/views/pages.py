"""The reader's pages: homepage, sections, tags, authors, the article, and the staff preview."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from articles import publishing
from articles.homepage import build_homepage
from articles.listing import active_sections, paginate, teasers
from articles.models import Article, Author, Tag
from articles.models.detail import public_article
from articles.page_cache import article_dependency, cached_public_page, public_page
from articles.video import embed_url


@cached_public_page
def home(request):
    return render(request, "articles/home.html", {"homepage": build_homepage()})


@cached_public_page
def section(request, slug):
    sections = active_sections()
    section = next((candidate for candidate in sections if candidate.slug == slug), None)
    if section is None:
        raise Http404("Chuyên mục không tồn tại.")
    children = [child for child in sections if child.parent_id == section.pk] if section.parent_id is None else []
    articles = Article.objects.published().filter(section_id__in=[section.pk, *(child.pk for child in children)])
    page = paginate(request, teasers(articles))
    context = {"section": section, "current_section": section, "children": children, "page": page}
    return render(request, "articles/section.html", context)


@cached_public_page
def tag(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = paginate(request, teasers(Article.objects.published().filter(tags=tag)))
    if not page.items:  # a tag no published article carries is no page of the paper's (anyone at the desk makes tags)
        raise Http404("Chủ đề không tồn tại.")
    return render(request, "articles/tag.html", {"tag": tag, "page": page})


@cached_public_page
def author(request, slug):
    author = get_object_or_404(Author.objects.select_related("portrait"), slug=slug)
    page = paginate(request, teasers(Article.objects.published().filter(bylines__author=author)))
    return render(request, "articles/author.html", {"author": author, "page": page})


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
        return public_page(redirect(canonical, permanent=True))
    context = _article_context(article, related=article.related_articles)
    return public_page(
        render(request, "articles/article_detail.html", context), depends_on=[article_dependency(article.pk)]
    )


@never_cache
@staff_member_required
def article_preview(request, pk):
    """Any article, whatever its status, for staff who may see it; never cached anywhere."""
    article = get_object_or_404(Article.objects.for_detail(), pk=pk)
    if not publishing.can_preview(request.user, article):
        return render(request, "articles/preview_forbidden.html", status=403)
    return render(request, "articles/article_detail.html", _article_context(article, preview=True, related=[]))
