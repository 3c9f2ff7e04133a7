"""Full-page cache for public pages, invalidated by generation counters.

A public view marks its response with ``public_page`` (or the decorator
``cached_public_page``); ``PageCacheMiddleware`` then keeps it in the
configured cache, under the page's URL, together with the generation counters
it depends on: ``site`` for everything, and optionally per-article counters.
Changing content bumps a counter (``site_changed`` after publish, unpublish,
edit of a live article, …; ``article_changed`` when only one article's page is
affected, e.g. an approved comment), so every page built before the change is
ignored from then on, on every app host sharing the cache.

A page's key is its path and only the query parameters that page reads
(``QUERY_PARAMETERS``, by URL name): any other parameter (``utm_source``,
``fbclid``, an attacker's random ones) is removed from the request before the
page is looked up or built, so it neither makes a new entry nor reaches the
view. A page not listed there is cached only when its URL has no query string,
and a page with a parameter any client can vary at will (``UNSTORED``: the
search words, a keyset cursor) is answered but never stored.

A cached page never outlives the next scheduled publication: the time to live
is cut to the seconds left before it. Only anonymous-safe responses are kept:
a response that sets a cookie, is private or is not 200/301 is never stored,
and staff previews are ``never_cache`` views that do not mark themselves.

A takedown (``content_withdrawn``: an unpublish, a trash, an edit of a live
article, a deletion at the desk; ``article_withdrawn``: an approved comment
taken off a page) moves one more counter, ``takedowns``, read with every page before it is built. A kept copy
of a page built before the latest takedown is never served again, outage or
not (``newsroom.faults``), and nothing tells a CDN it may serve a page stale
on an error (no ``stale-if-error``): what we can no longer purge could bring a
taken-down article back.
"""

import contextvars
import hashlib
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.http import http_date, urlencode

from articles import edge_purge
from articles.listing import NEWER, OLDER

KEY_PREFIX = "pages:v1"
SITE = "site"
TAKEDOWNS = "takedowns"
CACHEABLE_STATUSES = (200, 301)
STALE_WHILE_REVALIDATE = 60

ANY = None  # a parameter whose every value makes its own page
# A parameter any client can vary at will (the search words; a keyset cursor, whose every well-formed value is a
# valid page): the page reads it, but a page with it is answered and never stored, since anyone could otherwise
# make endless distinct pages and push the hot ones out of the cache. Page 1 of every list is stored as ever.
UNSTORED = frozenset()
CURSORS = {OLDER: UNSTORED, NEWER: UNSTORED}  # articles.listing's keyset pages (and the comments page, named alike)
# The query parameters each public page reads, by URL name, with the values that change it: the only ones its
# cache key holds and its view sees. Add a page's parameters here when it starts reading one.
QUERY_PARAMETERS: dict[str, dict[str, frozenset | None]] = {
    "articles:home": {},
    "articles:search": {"q": UNSTORED, "trang": ANY},
    "articles:multimedia": CURSORS,
    "articles:multimedia_kind": CURSORS,
    "articles:print_index": {"nam": ANY, **CURSORS},
    "articles:print_issue": {},
    "articles:tag": CURSORS,
    "articles:author": CURSORS,
    "articles:feed": {},
    "articles:section_feed": {},
    "articles:news_sitemap": {},
    "articles:sitemap_index": {},
    "articles:sitemap": {"p": ANY},
    "articles:robots": {},
    # The comment notices shown after a post or a report (comments' _block.html): "1" or nothing.
    "articles:detail": {"da-gui": frozenset({"1"}), "da-bao": frozenset({"1"})},
    "articles:section": CURSORS,
    "comments:list": CURSORS,
}


def _generation_key(name: str) -> str:
    return f"{KEY_PREFIX}:gen:{name}"


def article_dependency(article_id: int) -> str:
    return f"article:{article_id}"


def _bump(*names: str) -> None:
    # A fresh, ever-growing value (not incr): an evicted counter can never come back equal to an old one.
    cache.set_many({_generation_key(name): time.time_ns() for name in names}, timeout=None)


def site_changed() -> None:
    """Every public page may be stale: run after the current transaction commits."""
    transaction.on_commit(lambda: _bump(SITE))
    edge_purge.purge_edge()  # after the bump (callbacks run in order): the edge refills with fresh pages


def content_withdrawn() -> None:
    """Something readers could see must not be shown again (an unpublish, a trash): after commit.

    Every page is stale, as with ``site_changed``, and every copy kept for
    outages (``newsroom.faults``) made before it is never served again: the
    article's own page and every listing, feed or page that showed it.
    """
    transaction.on_commit(lambda: _bump(SITE, TAKEDOWNS))
    edge_purge.purge_edge()


def article_changed(article_id: int) -> None:
    """Only this article's own page is stale (its listings are not): after commit."""
    transaction.on_commit(lambda: _bump(article_dependency(article_id)))
    edge_purge.purge_edge()


def article_withdrawn(article_id: int) -> None:
    """Something on this article's own page must not be shown again (an approved comment rejected, marked
    spam, deleted or hidden by reports): after commit.

    Only that page is stale in the page cache (as with ``article_changed``), but no copy kept for outages
    made before it is served again: the kept copies cannot tell which of them showed the comment.
    """
    transaction.on_commit(lambda: _bump(article_dependency(article_id), TAKEDOWNS))
    edge_purge.purge_edge()


class _RequestGeneration:
    """The site's generation as this request first read it (``_UNREAD`` until then)."""

    __slots__ = ("value",)

    def __init__(self, value=None):
        self.value = _UNREAD if value is None else value


_UNREAD = object()
_request_generation: contextvars.ContextVar = contextvars.ContextVar("page_cache_generation", default=None)
_kept_here: dict = {}  # name -> (site generation, value, monotonic deadline): ``remembered``'s values
KEPT_HERE_MAX = 1000


def _read_generation(name: str = SITE, value=None):
    """A counter's value (``value`` when already read), created when the cache has none: never a bare None.

    A counter lost from the cache comes back as a new value, so whatever was
    stored with the old one is stale.
    """
    if value is None:
        key = _generation_key(name)
        cache.add(key, time.time_ns(), timeout=None)
        value = cache.get(key)
    return value


def _read_site_generation():
    """The site's generation from the cache, created when the cache has none (so it is never a bare None)."""
    return _read_generation(SITE, cache.get(_generation_key(SITE)))


TAKEDOWNS_KEY = _generation_key(TAKEDOWNS)


def site_generation():
    """The site's content generation, read from the cache once per request (and on every call outside one)."""
    holder = _request_generation.get()
    if holder is None:
        return _read_site_generation()
    if holder.value is _UNREAD:
        holder.value = _read_site_generation()
    return holder.value


def remembered(name: str, build, timeout: int = 3600):
    """``build()``'s value, kept in this process until the site's content next changes (or ``timeout``).

    For small things every public page shows (the section menu's markup), so a
    page built after a cache miss does not pay for them again. Only the
    site's generation comes from the shared cache (once per request), so every
    process and host rebuilds them after a change.
    """
    generation, now = site_generation(), time.monotonic()
    kept = _kept_here.get(name)
    if kept is not None and kept[0] == generation and kept[2] > now:
        return kept[1]
    value = build()
    if len(_kept_here) >= KEPT_HERE_MAX:
        _kept_here.clear()
    _kept_here[name] = (generation, value, now + timeout)
    return value


def public_page(response, *, depends_on=()):
    """Mark ``response`` as the same for every reader, and cacheable here and by a CDN."""
    response.public_page_dependencies = (SITE, *depends_on)
    return response


def cached_public_page(view):
    """Decorator form of ``public_page`` for views whose page depends only on the site's content."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not hasattr(response, "public_page_dependencies"):
            public_page(response)
        return response

    return wrapper


@dataclass
class _Entry:
    """A stored page: what the response was, and what it was built from."""

    generations: dict
    expires_at: float  # our own clock, so a page never outlives a publication time even if the cache's TTL drifts
    status: int
    headers: list  # (name, value) pairs, as the response left the middleware that stored it
    content: bytes

    @classmethod
    def of(cls, response, *, generations: dict, expires_at: float) -> "_Entry":
        return cls(generations, expires_at, response.status_code, list(response.items()), response.content)


_KEYABLE = "_page_cache_keyable"  # set on the request by _keep_read_parameters


def _keep_read_parameters(request) -> bool:
    """Reduce the request's query string to the parameters its page reads; whether the page may be cached.

    A page in ``QUERY_PARAMETERS`` keeps only its own parameters, with their
    last value (the one ``request.GET.get`` gives), in the order listed there;
    a value outside a parameter's listed ones is dropped too. Its view, its
    key and its kept copy then see the same URL (a canonical link built from
    ``get_full_path`` carries no ``utm_source``). Any other page is left as it
    is and may be cached only without a query string. Runs once per request.
    """
    keyable = getattr(request, _KEYABLE, None)
    if keyable is not None:
        return keyable
    keyable = True
    if request.META.get("QUERY_STRING"):
        try:
            declared = QUERY_PARAMETERS.get(resolve(request.path_info).view_name)
        except Resolver404:
            declared = None
        if declared is None:
            keyable = False
        else:
            query = request.GET
            kept = [
                (name, query[name])
                for name, values in declared.items()
                if name in query and (values is ANY or values is UNSTORED or query[name] in values)
            ]
            keyable = not any(declared[name] is UNSTORED for name, _ in kept)
            request.META["QUERY_STRING"] = urlencode(kept)
            request.__dict__.pop("GET", None)  # parsed again, from the reduced query string, when read
    setattr(request, _KEYABLE, keyable)
    return keyable


def _page_key(request) -> str | None:
    """The page's cache key (scheme, host, path and the parameters it reads), or None: not cacheable."""
    if not _keep_read_parameters(request):
        return None
    digest = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return f"{KEY_PREFIX}:page:{request.scheme}:{request.get_host()}:{digest}"


def seconds_until_next_publication() -> float | None:
    """Seconds before the next scheduled article goes live (None: nothing is scheduled).

    Remembered per site generation, since only publishing changes it; asked
    again once that time has passed.
    """
    from articles.models import Article

    def upcoming_publication():
        return (
            Article.objects.filter(status=Article.Status.PUBLISHED, deleted_at__isnull=True, published_at__gt=now)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    now = timezone.now()
    upcoming = remembered("next-publication", upcoming_publication)
    if upcoming is not None and upcoming <= now:  # its time has come: what is the next one?
        _kept_here.pop("next-publication", None)
        upcoming = remembered("next-publication", upcoming_publication)
    return None if upcoming is None else (upcoming - now).total_seconds()


def _set_cache_control(response, max_age: int) -> None:
    # No stale-if-error: a CDN serving a page stale while we fail could serve one taken down meanwhile.
    response["Cache-Control"] = f"public, max-age={max_age}, stale-while-revalidate={STALE_WHILE_REVALIDATE}"


def _set_public_headers(response, max_age: int) -> None:
    _set_cache_control(response, max_age)
    if not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date()
    if not response.streaming and not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'


def _storable(response) -> bool:
    return (
        response.status_code in CACHEABLE_STATUSES
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
    )


def _lookup_allowed(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
    )


# page key -> the generation counters its entry depends on besides the site's (an article page: its article's),
# as this process last saw them: looked up with the page itself, in the same round trip.
_known_dependencies: dict = {}
KNOWN_DEPENDENCIES_MAX = 50_000


def _look_up(request) -> tuple[str | None, _Entry | None, dict]:
    """The page's key (None: not cacheable), its stored entry (or None) and the current generations.

    One cache round trip. ``generations`` holds the site's, the takedowns' and
    those of the page's other counters this process has seen before.
    """
    key, site_key = _page_key(request), _generation_key(SITE)
    others = _known_dependencies.get(key, ()) if key is not None else ()
    found = cache.get_many([*([key] if key is not None else []), site_key, TAKEDOWNS_KEY, *others])
    entry = found.pop(key, None) if key is not None else None
    generations = {name: found.get(name) for name in (site_key, TAKEDOWNS_KEY, *others)}
    if generations[site_key] is None:
        entry, generations[site_key] = None, _read_site_generation()
    generations[TAKEDOWNS_KEY] = _read_generation(TAKEDOWNS, generations[TAKEDOWNS_KEY])
    return key, entry if isinstance(entry, _Entry) else None, generations


def _before_rendering(generations: dict) -> tuple:
    """What a page built now depends on, as read before it is built: (site generation, takedowns)."""
    return generations[_generation_key(SITE)], generations[TAKEDOWNS_KEY]


def _answer_from(entry: _Entry, request, key: str, generations: dict) -> HttpResponse | None:
    """The stored page as a response, or None when it is stale (expired, or content changed since)."""
    now = time.time()
    if entry.expires_at <= now:
        return None
    missing = [name for name in entry.generations if name not in generations]
    if missing:  # counters this process did not know the page had: one more round trip, once
        generations = {**generations, **{name: None for name in missing}, **cache.get_many(missing)}
        if len(_known_dependencies) >= KNOWN_DEPENDENCIES_MAX:
            _known_dependencies.clear()
        _known_dependencies[key] = tuple(name for name in entry.generations if name != _generation_key(SITE))
    if any(generations[name] != value for name, value in entry.generations.items()):
        return None
    response = HttpResponse(entry.content, status=entry.status, headers=entry.headers)
    # Downstream caches may keep it no longer than we would (a publication may be due).
    _set_cache_control(response, min(settings.PUBLIC_MAX_AGE, int(entry.expires_at - now)))
    response["X-Page-Cache"] = "hit"
    if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
        return _conditional.process_response(request, response)
    return response


_conditional = ConditionalGetMiddleware(lambda request: None)
_LOOKED_UP = "_page_cache_looked_up"  # set on the request by PageCacheServeMiddleware: (key, _before_rendering)
# Set by PageCacheMiddleware on a response it has just stored: the takedowns counter as read before the page
# was built. newsroom.faults keeps a page's last good copy only with it, and serves it only while it is current.
TAKEDOWNS_SEEN = "page_cache_takedowns_seen"
_TO_STORE = "_page_cache_entry"  # set on the response by PageCacheMiddleware for PageCacheServeMiddleware


class PageCacheServeMiddleware:
    """Answer from the page cache before any other middleware runs; store pages with every header.

    Near the top of ``MIDDLEWARE`` (below the request log and the proxy
    middleware): a cached page costs one cache round trip (an article's own
    counter comes in it once this process has seen the page) and none of the session,
    CSRF, security or policy middleware, whose headers are stored with the
    page, as the response left them when it was built. ``PageCacheMiddleware``,
    lower down, decides what is stored and for how long.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _lookup_allowed(request):
            return self.get_response(request)
        try:
            key, entry, generations = _look_up(request)
        except DisallowedHost:
            return self.get_response(request)  # refused lower down, with the security headers on the 400
        if entry is not None:
            response = _answer_from(entry, request, key, generations)
            if response is not None:
                return response
        setattr(request, _LOOKED_UP, (key, _before_rendering(generations)))
        response = self.get_response(request)
        planned = getattr(response, _TO_STORE, None)
        if planned is not None and _storable(response):
            planned_key, generations, expires_at, ttl = planned
            cache.set(
                planned_key, _Entry.of(response, generations=generations, expires_at=expires_at), timeout=int(ttl)
            )
        return response


class PageCacheMiddleware:
    """Decide which responses are public pages, their headers, and store them (with their generations).

    Sits above the session, CSRF and auth middleware. ``X-Page-Cache`` says hit
    or miss. With ``PageCacheServeMiddleware`` above it, that middleware has
    looked the page up already and stores it once every header is on;
    without it, this one looks up and stores by itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _lookup_allowed(request):
            token = _request_generation.set(_RequestGeneration())
            try:
                response = self.get_response(request)
                self._finish(response, key=None, seen=None, deferred=False)
            finally:
                _request_generation.reset(token)
            return response
        looked_up = getattr(request, _LOOKED_UP, None)
        if looked_up is not None:
            key, seen = looked_up
        else:
            key, entry, generations = _look_up(request)
            seen = _before_rendering(generations)
            if entry is not None:
                response = _answer_from(entry, request, key, generations)
                if response is not None:
                    return response
        # The generations were read before rendering: a change made meanwhile makes the stored copy stale at once.
        token = _request_generation.set(_RequestGeneration(seen[0]))
        try:
            response = self.get_response(request)
            self._finish(
                response,
                key=key if request.method == "GET" else None,
                seen=seen,
                deferred=looked_up is not None,
            )
        finally:
            _request_generation.reset(token)
        return response

    def _finish(self, response, *, key, seen, deferred):
        dependencies = getattr(response, "public_page_dependencies", None)
        if dependencies is None:
            return
        until_publication = seconds_until_next_publication()
        ttl, max_age = settings.PAGE_CACHE_SECONDS, settings.PUBLIC_MAX_AGE
        if until_publication is not None:
            ttl, max_age = min(ttl, until_publication), min(max_age, max(0, int(until_publication)))
        _set_public_headers(response, max_age)
        if key is None or ttl < 1 or not _storable(response):
            return
        site_generation, takedowns = seen
        other_keys = [_generation_key(name) for name in dependencies if name != SITE]
        generations = {_generation_key(SITE): site_generation, **cache.get_many(other_keys)}
        generations.update({name: generations.get(name) for name in other_keys})
        response["X-Page-Cache"] = "miss"
        setattr(response, TAKEDOWNS_SEEN, takedowns)
        expires_at = time.time() + ttl
        if deferred:
            setattr(response, _TO_STORE, (key, generations, expires_at, ttl))
        else:
            cache.set(key, _Entry.of(response, generations=generations, expires_at=expires_at), timeout=int(ttl))
