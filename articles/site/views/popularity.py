"""The view-counting beacon behind "Đọc nhiều" (see articles/site/popularity.py)."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.site import popularity


@csrf_exempt
@never_cache
@require_POST
def count_view(request, pk):
    """Count one reader's view of article ``pk``; always 204 (bots, unknown ids and repeats are just not counted).

    Sent by articles/static/articles/views.js with ``navigator.sendBeacon``
    from the full-page-cached article page, which carries no CSRF token.
    CSRF protection is not needed: a forged request counts at most what the
    reader's own visit would (``popularity.count_view`` counts live articles
    only, once per client per article per window, a few articles per client
    per minute); nothing is read from or written for the requester.
    Costs no database query, except when this process refreshes its list of
    live articles (a minute at most, or a content change) and the flush this
    request may run when none ran in the last minute (``popularity.flush_if_due``).
    """
    if not popularity.looks_like_bot(request.headers.get("User-Agent", "")):
        popularity.flush_if_due()
        popularity.count_view(pk, address=request.META.get("REMOTE_ADDR", ""))
    return HttpResponse(status=204)
