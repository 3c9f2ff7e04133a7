from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from articles.models import Article


def home(request):
    return render(request, "articles/home.html")


def article_detail(request, section, slug, pk):
    article = get_object_or_404(Article.objects.published().for_detail(), pk=pk)
    canonical = article.get_absolute_url()
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    return render(request, "articles/article_detail.html", {"article": article})


@never_cache
@staff_member_required
def article_preview(request, pk):
    """Any article, whatever its status, for staff who may see it; never cached anywhere."""
    article = get_object_or_404(Article.objects.for_detail(), pk=pk)
    if not request.user.has_perm("articles.view_article"):
        return render(request, "articles/preview_forbidden.html", status=403)
    return render(request, "articles/article_detail.html", {"article": article, "preview": True})
