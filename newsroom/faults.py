"""What a request gets while PostgreSQL is down, unreachable or too slow: a kept copy of the page or the 503 page.

``DatabaseOutageMiddleware`` sits right above
``newsroom.page_cache.PageCacheMiddleware``. A page the page cache holds
fresh never reaches the database, so it is served as usual. A request that
fails with ``OperationalError`` or ``InterfaceError`` (server stopped,
connection refused or timed out, ``statement_timeout`` hit, connection lost
mid-request) gets, instead of a 500 and a traceback:

1. the page's last good copy, if there is one: whenever the page cache stores
   a page, this middleware keeps a compressed copy for ``LAST_GOOD_SECONDS``
   (a day), which outlives the page cache's own time to live and ordinary
   content changes, but not a takedown nor an edit of a live article: a copy
   is stamped with the page cache's ``takedowns`` and ``edits`` counters as
   read before the page was built, and is never served once an unpublish, a
   trash or an edit has moved them (``newsroom.page_cache.bump``), so a
   taken-down article (or text cut from one) comes back neither on its page
   nor on a listing. It is served as it was, marked
   ``X-Page-Cache: stale`` and ``Cache-Control: no-store`` so nobody keeps it
   once the database is back;
2. otherwise the designed ``503.html`` (it needs no database), with
   ``Retry-After`` and ``Cache-Control: no-store``.

Logged-in users and the admin get the same answers: their session is read
from the database inside the view, where the error is caught like any other.
A failure in a middleware below this one (the page cache's publication-time
lookup, a session save) is turned into the same answer after Django has
logged it; everything else is logged here, once per request, at ERROR, with
the exception's type and first line and no traceback.

Recovery needs nothing from here: Django connects again on the next request,
and a persistent connection (``CONN_MAX_AGE``) that failed is closed at the
end of the request that saw it fail.
"""

import hashlib
import logging
import sys
import zlib

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

from newsroom.page_cache import EDITS_KEY, TAKEDOWNS_KEY, TAKEDOWNS_SEEN

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
OUTAGE_TEMPLATE = "503.html"
RETRY_AFTER_SECONDS = 60
LAST_GOOD_SECONDS = 86_400
KEY_PREFIX = "faults:last-good:v3"  # v3: ((takedowns, edits counters), status, headers, body)
# Not replayed from a kept copy: caching is decided anew for it, and a kept page never carries a cookie.
NOT_KEPT_HEADERS = frozenset({"cache-control", "expires", "set-cookie", "x-page-cache"})
_FAILED_BELOW = "_database_error_below_outage_middleware"


def is_database_outage(error: BaseException) -> bool:
    """True for the errors that mean "the database is unreachable or too slow", not a bug in a query."""
    return isinstance(error, DATABASE_ERRORS)


def describe(error: BaseException) -> str:
    """``OperationalError (QueryCanceled): canceling statement due to statement timeout``: type, cause, first line."""
    kind = type(error).__name__
    cause = error.__cause__
    if cause is not None and type(cause).__name__ != kind:
        kind = f"{kind} ({type(cause).__name__})"
    lines = str(error).strip().splitlines()
    return f"{kind}: {lines[0][:200]}" if lines else kind


def _copy_key(request) -> str:
    """Keyed like the page cache's entries: scheme, host and full path (the page cache has removed from the
    query string every parameter the page does not read)."""
    digest = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return f"{KEY_PREFIX}:{request.scheme}:{request.get_host()}:{digest}"


def keep_last_good_copy(request, response) -> None:
    """Keep ``response`` as its page's last good copy when the page cache has just stored it (``X-Page-Cache: miss``).

    The page cache has then already decided it is the same for every reader
    (public, 200 or 301, no cookie). Kept as plain data (the takedowns and
    edits counters the page was built under, status, headers, zlib-compressed body),
    so it costs a fraction of the cached page.
    """
    takedowns = getattr(response, TAKEDOWNS_SEEN, None)
    if request.method != "GET" or response.get("X-Page-Cache") != "miss" or takedowns is None:
        return
    headers = tuple((name, value) for name, value in response.items() if name.lower() not in NOT_KEPT_HEADERS)
    kept = (takedowns, response.status_code, headers, zlib.compress(response.content))
    cache.set(_copy_key(request), kept, timeout=LAST_GOOD_SECONDS)


def last_good_copy(request) -> HttpResponse | None:
    """The page's last good copy as a response, or None (none kept, not a GET/HEAD, the cache is down too, or
    something was taken down since the copy was made: then it is dropped)."""
    if request.method not in ("GET", "HEAD"):
        return None
    try:
        key = _copy_key(request)
        found = cache.get_many([key, TAKEDOWNS_KEY, EDITS_KEY])
    except DisallowedHost:
        return None
    except Exception as error:  # the cache may be unreachable as well: the 503 page still goes out
        logger.warning("No kept copy of %s: the cache failed too (%s)", request.path, describe(error))
        return None
    kept = found.get(key)
    if kept is None:
        return None
    takedowns, status, headers, body = kept
    if takedowns != (found.get(TAKEDOWNS_KEY), found.get(EDITS_KEY)):  # a lost counter counts as a takedown
        cache.delete(key)
        return None
    response = HttpResponse(zlib.decompress(body), status=status)
    for name, value in headers:
        response[name] = value
    response["Cache-Control"] = "no-store"
    response["X-Page-Cache"] = "stale"
    return response


def outage_page() -> HttpResponse:
    """The designed 503 page: rendered without a request, so no context processor can query."""
    response = HttpResponse(render_to_string(OUTAGE_TEMPLATE), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def outage_response(request) -> HttpResponse:
    """What a request that hit a database outage gets: the last good copy of its page, else the 503 page."""
    kept = last_good_copy(request)
    return outage_page() if kept is None else kept


def _note_database_error(sender, request=None, **kwargs):
    """``got_request_exception``: remember on the request that a middleware below failed on the database."""
    error = sys.exc_info()[1]
    if request is not None and error is not None and is_database_outage(error):
        setattr(request, _FAILED_BELOW, error)


class DatabaseOutageMiddleware:
    """Answer a database outage with the last good copy of the page or the 503 page; keep those copies.

    Place it right above ``newsroom.page_cache.PageCacheMiddleware``: it sees
    which pages the page cache stores, and the pages the page cache serves
    cost it nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(_note_database_error, dispatch_uid="newsroom.faults")

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _FAILED_BELOW, None) is not None:
            response = outage_response(request)
            response._has_been_logged = True  # django.request has logged the error already, with its traceback
            return response
        keep_last_good_copy(request, response)
        return response

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        response = outage_response(request)
        answer = "the last good copy" if response.get("X-Page-Cache") == "stale" else "the 503 page"
        logger.error(
            "Database unavailable, %s %s answered with %s: %s",
            request.method,
            request.path,
            answer,
            describe(exception),
        )
        response._has_been_logged = True  # the request's one log line: django.request adds no "Service Unavailable"
        return response
