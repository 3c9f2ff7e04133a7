"""The view-counting beacon behind "Đọc nhiều" (see articles/popularity.py)."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles import popularity


@csrf_exempt
@never_cache
@require_POST
def count_view(request, pk):
    """Count one reader's view of article ``pk``; always 204, for bots too (they are just not counted).

    Sent by articles/static/articles/views.js with ``navigator.sendBeacon``
    from the full-page-cached article page, which carries no CSRF token.
    CSRF protection is not needed: the only effect of a forged request is one
    more view in an approximate counter, which anyone can cause by simply
    loading the page; nothing is read from or written for the requester.
    Costs no database query, except the flush this request may run when
    none ran in the last minute (``popularity.flush_if_due``).
    """
    if not popularity.looks_like_bot(request.headers.get("User-Agent", "")):
        popularity.flush_if_due()
        popularity.record_view(pk)
    return HttpResponse(status=204)
