"""The admin's "Xem trên trang web" link, leading only where the user may go."""

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from articles.content import publishing
from articles.models import Article


@never_cache
@staff_member_required
def view_on_site(request, content_type_id, object_id):
    """Replaces Django's ``admin/r/<content type>/<id>/`` shortcut, which sends any staff member to any object's
    ``get_absolute_url()``: for an article not yet public that is its future address, headline and all.

    An article leads to its public page once live, to the staff preview for those who may preview it, and
    otherwise nowhere (404); nothing else of ours has a page of its own to lead to.
    """
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        model = None
    if model is not Article or not str(object_id).isdigit():
        raise Http404("Mục này không có trang trên trang web.")
    article = Article.objects.select_related("section").filter(pk=object_id).first()
    url = publishing.staff_url(request.user, article) if article is not None else None
    if url is None:
        raise Http404("Mục này không có trang trên trang web.")
    return redirect(url)
