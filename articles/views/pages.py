"""The reader's pages: homepage, sections, tags, authors, the article, and the staff preview."""

from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from articles.homepage import build_homepage
from articles.listing import paginate
from articles.models import Article, Author, Section, Tag
from articles.page_cache import article_dependency, cached_public_page, public_page
from articles.video import embed_url

RELATED_COUNT = 5


@cached_public_page
def home(request):
    return render(request, "articles/home.html", {"homepage": build_homepage()})


@cached_public_page
def section(request, slug):
    section = get_object_or_404(Section.objects.filter(is_active=True), slug=slug)
    children = [child for child in section.children.all() if child.is_active] if section.parent_id is None else []
    articles = Article.objects.published().for_listing().filter(section_id__in=[section.pk, *(c.pk for c in children)])
    page = paginate(request, articles)
    context = {"section": section, "current_section": section, "children": children, "page": page}
    return render(request, "articles/section.html", context)


@cached_public_page
def tag(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = paginate(request, Article.objects.published().for_listing().filter(tags=tag))
    return render(request, "articles/tag.html", {"tag": tag, "page": page})


@cached_public_page
def author(request, slug):
    author = get_object_or_404(Author.objects.select_related("portrait"), slug=slug)
    page = paginate(request, Article.objects.published().for_listing().filter(bylines__author=author))
    return render(request, "articles/author.html", {"author": author, "page": page})


def related_articles(article: Article, limit: int = RELATED_COUNT) -> list:
    """Newest first: the same section's articles and those sharing a tag (``article.tags`` prefetched)."""
    tag_ids = [tag.pk for tag in article.tags.all()]
    sharing_a_tag = Article.tags.through.objects.filter(tag_id__in=tag_ids).values("article_id")
    return list(
        Article.objects.published()
        .for_listing()
        .filter(Q(section_id=article.section_id) | Q(pk__in=sharing_a_tag))
        .exclude(pk=article.pk)
        .order_by("-published_at", "-pk")[:limit]
    )


def _article_context(article: Article, **extra) -> dict:
    return {
        "article": article,
        "current_section": article.section,
        "video_embed_url": embed_url(article.video_url) if article.kind == Article.Kind.VIDEO else None,
        **extra,
    }


def article_detail(request, section, slug, pk):
    article = get_object_or_404(Article.objects.published().for_detail(), pk=pk)
    canonical = article.get_absolute_url()
    if request.path != canonical:
        return public_page(redirect(canonical, permanent=True))
    context = _article_context(article, related=related_articles(article))
    return public_page(
        render(request, "articles/article_detail.html", context), depends_on=[article_dependency(article.pk)]
    )


@never_cache
@staff_member_required
def article_preview(request, pk):
    """Any article, whatever its status, for staff who may see it; never cached anywhere."""
    article = get_object_or_404(Article.objects.for_detail(), pk=pk)
    user = request.user
    # As in the admin: a reporter previews only their own work (and what readers may see anyway).
    if not user.has_perm("articles.view_article") or not (
        user.has_perm("articles.edit_any_article") or article.created_by_id == user.pk or article.is_live
    ):
        return render(request, "articles/preview_forbidden.html", status=403)
    return render(request, "articles/article_detail.html", _article_context(article, preview=True, related=[]))
