"""Full-page cache for public pages, invalidated by what each page shows.

A public view marks its response with ``public_page`` (or the decorator
``cached_public_page``), naming what the page shows (``depends_on``: the
article, the lists, see ``articles.site.page_dependencies``; every page also shows
the site's chrome, ``site``). ``PageCacheMiddleware`` then keeps it in the
configured cache under the page's URL, with the generation counter of each of
those dependencies. A change moves the counters of what it touched (``bump``),
after its transaction commits, so every page that showed it is stale from then
on, on every app host sharing the cache, and the edge caches are told to drop
the same dependencies (``newsroom.edge_purge``: every page carries its
dependencies in an ``Xkey`` header). A body edit drops one article's page; a
publication, its page and the lists that show it; a menu or section change,
every page; a comment's approval, one page.

A stale page is built again by one worker while the others serve the previous
copy (``X-Page-Cache: stale``) for at most ``REFRESH_LOCK_SECONDS``: a
publication never sends every reader of the homepage into a fresh render at
once. Takedowns are the exception (``hard``: an unpublish, a trash, an
approved comment taken off, a deletion at the desk): they also move the
``takedowns`` counter, and a copy built before the latest takedown is never
served stale, here (nor as an outage copy, ``newsroom.faults``) or at the edge
(purged, not soft-purged).

A page's key is its path and only the query parameters that page reads
(``QUERY_PARAMETERS``, by URL name): any other parameter (``utm_source``,
``fbclid``, an attacker's random ones) is removed from the request before the
page is looked up or built, so it neither makes a new entry nor reaches the
view. A page not listed there is cached only when its URL has no query string,
and a page with a parameter any client can vary at will (``UNSTORED``: the
search words, a keyset cursor) is answered but never stored.

A listing never outlives the next scheduled publication: its time to live is
cut to the seconds left before it (an article's own page is not: a story
published later never changes it). Only anonymous-safe responses are kept: a
response that sets a cookie, is private or is not 200/301 is never stored, and
staff previews are ``never_cache`` views that do not mark themselves. Nothing
tells a CDN it may serve a page stale on an error (no ``stale-if-error``):
what we can no longer purge could bring a taken-down article back.
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

from newsroom import edge_purge
from newsroom.paging import NEWER, OLDER

KEY_PREFIX = "pages:v2"
SITE = "site"
TAKEDOWNS = "takedowns"  # moved by every takedown: no copy built before it is served stale or in an outage
EDITS = "edits"  # moved by every edit of a live article: no outage copy built before it is served
SCHEDULE = "schedule"  # moved when the next scheduled publication may have changed
INTERNAL = frozenset({TAKEDOWNS, EDITS, SCHEDULE})  # counters no page depends on: never sent to the edge
LIST_PREFIXES = ("list:", "print")  # dependencies whose pages a scheduled publication changes
CACHEABLE_STATUSES = (200, 301)
STALE_WHILE_REVALIDATE = 60
REFRESH_LOCK_SECONDS = 10  # the longest a stale copy is served while one worker builds the page again
STALE_KEPT_SECONDS = 60  # an expired page stays in the cache this long, to be served while it is rebuilt
XKEY = "Xkey"  # the page's dependencies, for the edge's purges by tag (deploy/varnish/newsroom.vcl)
EDGE_MAX_AGE = "X-Edge-Max-Age"  # how long an edge that receives our purges may keep the page

ANY = None  # a parameter whose every value makes its own page
# A parameter any client can vary at will (the search words; a keyset cursor, whose every well-formed value is a
# valid page): the page reads it, but a page with it is answered and never stored, since anyone could otherwise
# make endless distinct pages and push the hot ones out of the cache. Page 1 of every list is stored as ever.
UNSTORED = frozenset()
CURSORS = {OLDER: UNSTORED, NEWER: UNSTORED}  # newsroom.paging's keyset pages (and the comments page, named alike)
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


def bump(names, *, hard: bool = False) -> None:
    """Once the current transaction commits, every page depending on ``names`` is stale, here and at the edge.

    ``hard`` (a takedown): no copy built before it is served again, not even while it is rebuilt.
    """
    names = set(names) | ({TAKEDOWNS} if hard else set())
    if not names:
        return

    def bump_and_purge():
        # A fresh, ever-growing value (not incr): an evicted counter can never come back equal to an old one.
        now = time.time_ns()
        cache.set_many({_generation_key(name): now for name in names}, timeout=None)
        tags = sorted(names - INTERNAL)
        if tags and settings.EDGE_PURGE["URLS"]:  # after the counters moved: the edge can only fetch fresh pages
            edge_purge.send_purge(tags, hard=hard)

    transaction.on_commit(bump_and_purge)


def site_changed() -> None:
    """Every public page may be stale (a section, the menu, an author, a photo): after commit."""
    bump([SITE])


def content_withdrawn() -> None:
    """Something readers could see must not be shown again, and no one can say where it showed (a deletion at
    the desk, a restored backup): every page is stale, none is served stale, no outage copy made before it."""
    bump([SITE], hard=True)


def article_changed(article_id: int) -> None:
    """Only this article's own page is stale (its listings are not; e.g. a comment approved): after commit."""
    bump([article_dependency(article_id)])


def article_withdrawn(article_id: int) -> None:
    """Something on this article's own page must not be shown again (an approved comment rejected, marked
    spam, deleted or hidden by reports): that page is stale and never served stale, after commit.

    No copy kept for outages made before it is served again either: the kept copies cannot tell which of
    them showed the comment.
    """
    bump([article_dependency(article_id)], hard=True)


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


def current_generations(names) -> tuple:
    """The counters' current values (one cache round trip): equal tuples, nothing changed in between."""
    keys = [_generation_key(name) for name in names]
    found = cache.get_many(keys)
    # A counter the cache lost comes back as a new value: whatever was kept with the old one is stale.
    return tuple(found[key] if key in found else _read_generation(name) for name, key in zip(names, keys, strict=True))


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


def public_page(response, *, depends_on=(), fresh_for: int | None = None):
    """Mark ``response`` as the same for every reader, and cacheable here and by a CDN.

    ``depends_on``: what the page shows besides the site's chrome (``articles.site.page_dependencies``).
    ``fresh_for``: seconds the page may be kept at most, for what no change announces (the most read).
    """
    response.public_page_dependencies = (SITE, *dict.fromkeys(depends_on))
    response.public_page_fresh_for = fresh_for
    return response


def cached_public_page(view=None, *, depends_on=(), fresh_for: int | None = None):
    """Decorator form of ``public_page``: ``@cached_public_page`` (the chrome only) or
    ``@cached_public_page(depends_on=[…])``. A view that marks its response itself keeps its own marks."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if not hasattr(response, "public_page_dependencies"):
                public_page(response, depends_on=depends_on, fresh_for=fresh_for)
            return response

        return wrapper

    return decorate if view is None else decorate(view)


@dataclass
class _Entry:
    """A stored page: what the response was, and what it was built from."""

    generations: dict
    takedowns: object  # the takedowns counter as read before the page was built
    expires_at: float  # our own clock, so a page never outlives a publication time even if the cache's TTL drifts
    status: int
    headers: list  # (name, value) pairs, as the response left the middleware that stored it
    content: bytes

    @classmethod
    def of(cls, response, *, generations: dict, takedowns, expires_at: float) -> "_Entry":
        return cls(generations, takedowns, expires_at, response.status_code, list(response.items()), response.content)


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


_next_publication: list = [_UNREAD, None]  # [schedule counter, time of the next publication]
_publications: list = []  # [the function giving the next scheduled publication's time] (``watch_schedule``)


def watch_schedule(next_publication) -> None:
    """Say where the next scheduled publication's time comes from: ``next_publication()``, a datetime or None.

    The content's app registers it when it starts (``articles.apps``); a change to the schedule bumps
    the ``SCHEDULE`` counter (``articles.site.page_dependencies``), which makes it asked again.
    """
    _publications[:] = [next_publication]
    _next_publication[:] = [_UNREAD, None]


def seconds_until_next_publication(schedule=None) -> float | None:
    """Seconds before the next scheduled publication (None: nothing is scheduled).

    Remembered in this process until the ``schedule`` counter moves (``schedule``: its value, when the
    caller has read it) or that time has passed.
    """
    if not _publications:
        return None
    now = timezone.now()
    schedule = _read_generation(SCHEDULE, schedule)
    known, upcoming = _next_publication
    if known != schedule or (upcoming is not None and upcoming <= now):
        upcoming = _publications[0]()
        _next_publication[:] = [schedule, upcoming]
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


# page key -> the generation counters its entry depends on besides the site's (an article page: its article's…),
# as this process last saw them: looked up with the page itself, in the same round trip.
_known_dependencies: dict = {}
KNOWN_DEPENDENCIES_MAX = 50_000
SITE_KEY, SCHEDULE_KEY, EDITS_KEY = _generation_key(SITE), _generation_key(SCHEDULE), _generation_key(EDITS)
# A counter read only after its page was built, and moved less than this before the build began, may have moved
# during it: the page is then answered but not stored (hosts' clocks agree far better than that).
RACE_MARGIN_NS = 2_000_000_000


def _look_up(request) -> tuple[str | None, _Entry | None, dict]:
    """The page's key (None: not cacheable), its stored entry (or None) and the current generations.

    One cache round trip. ``generations`` holds the site's, the takedowns', the edits', the schedule's
    and those of the page's other counters this process has seen before.
    """
    key = _page_key(request)
    others = _known_dependencies.get(key, ()) if key is not None else ()
    counters = (SITE_KEY, TAKEDOWNS_KEY, EDITS_KEY, SCHEDULE_KEY, *others)
    found = cache.get_many([*([key] if key is not None else []), *counters])
    entry = found.pop(key, None) if key is not None else None
    generations = {name: found.get(name) for name in counters}
    if generations[SITE_KEY] is None:
        entry, generations[SITE_KEY] = None, _read_site_generation()
    generations[TAKEDOWNS_KEY] = _read_generation(TAKEDOWNS, generations[TAKEDOWNS_KEY])
    return key, entry if isinstance(entry, _Entry) else None, generations


def _before_rendering(generations: dict) -> tuple[dict, int]:
    """What a page built now depends on, as read before it is built, and when the build began."""
    return generations, time.time_ns()


_REFRESHING = "_page_cache_refreshing"  # set on the request that builds a stale page again: its lock's key


def _answer_from(entry: _Entry, request, key: str, generations: dict) -> HttpResponse | None:
    """The stored page as a response (fresh, or stale while another worker rebuilds it), or None: build it."""
    now = time.time()
    missing = [name for name in entry.generations if name not in generations]
    if missing:  # counters this process did not know the page had: one more round trip, once
        generations = {**generations, **{name: None for name in missing}, **cache.get_many(missing)}
        if len(_known_dependencies) >= KNOWN_DEPENDENCIES_MAX:
            _known_dependencies.clear()
        _known_dependencies[key] = tuple(name for name in entry.generations if name != SITE_KEY)
    fresh = entry.expires_at > now and all(generations[name] == value for name, value in entry.generations.items())
    if not fresh:
        if entry.takedowns != generations[TAKEDOWNS_KEY]:
            return None  # something was taken down since it was built: maybe on this page, never served again
        lock = f"{key}:refresh"
        if cache.add(lock, 1, timeout=REFRESH_LOCK_SECONDS):
            setattr(request, _REFRESHING, lock)
            return None  # this worker builds it; the others serve this copy meanwhile
    response = HttpResponse(entry.content, status=entry.status)
    # The stored headers were checked when the page was built: put them back as they were, without checking each
    # one again (a tenth of the time a cached page costs).
    response.headers._store = {name.lower(): (name, value) for name, value in entry.headers}
    if fresh:
        # Downstream caches may keep it no longer than we would (a publication may be due).
        _set_cache_control(response, min(settings.PUBLIC_MAX_AGE, int(entry.expires_at - now)))
        response[EDGE_MAX_AGE] = str(max(0, int(entry.expires_at - now)))
        response["X-Page-Cache"] = "hit"
    else:
        _set_cache_control(response, 0)  # the new copy is on its way: nobody downstream keeps this one
        response[EDGE_MAX_AGE] = "0"
        response["X-Page-Cache"] = "stale"
    if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
        return _conditional.process_response(request, response)
    return response


def _refreshed(request) -> None:
    """The page this request rebuilt is stored (or could not be): another worker may rebuild it next time."""
    lock = getattr(request, _REFRESHING, None)
    if lock is not None:
        delattr(request, _REFRESHING)
        cache.delete(lock)


_conditional = ConditionalGetMiddleware(lambda request: None)
_LOOKED_UP = "_page_cache_looked_up"  # set on the request by PageCacheServeMiddleware: (key, _before_rendering)
# Set by PageCacheMiddleware on a response it has just stored: the takedowns and edits counters as read before the
# page was built. newsroom.faults keeps a page's last good copy only with them, and serves it only while current.
TAKEDOWNS_SEEN = "page_cache_takedowns_seen"
_TO_STORE = "_page_cache_entry"  # set on the response by PageCacheMiddleware for PageCacheServeMiddleware


def _store(key: str, response, planned: tuple) -> None:
    generations, takedowns, expires_at, ttl = planned
    entry = _Entry.of(response, generations=generations, takedowns=takedowns, expires_at=expires_at)
    cache.set(key, entry, timeout=int(ttl) + STALE_KEPT_SECONDS)


class PageCacheServeMiddleware:
    """Answer from the page cache before any other middleware runs; store pages with every header.

    Near the top of ``MIDDLEWARE`` (below the request log and the proxy
    middleware): a cached page costs one cache round trip (an article's own
    counters come in it once this process has seen the page) and none of the session,
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
        try:
            response = self.get_response(request)
            planned = getattr(response, _TO_STORE, None)
            if planned is not None and _storable(response):
                _store(planned[0], response, planned[1:])
        finally:
            _refreshed(request)
        return response


class PageCacheMiddleware:
    """Decide which responses are public pages, their headers, and store them (with their generations).

    Sits above the session, CSRF and auth middleware. ``X-Page-Cache`` says hit,
    stale or miss. With ``PageCacheServeMiddleware`` above it, that middleware has
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
        token = _request_generation.set(_RequestGeneration(seen[0][SITE_KEY]))
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
            if looked_up is None:
                _refreshed(request)
        return response

    def _finish(self, response, *, key, seen, deferred):
        dependencies = getattr(response, "public_page_dependencies", None)
        if dependencies is None:
            return
        ttl, max_age = settings.PAGE_CACHE_SECONDS, settings.PUBLIC_MAX_AGE
        fresh_for = getattr(response, "public_page_fresh_for", None)
        if fresh_for is not None:
            ttl, max_age = min(ttl, fresh_for), min(max_age, fresh_for)
        if any(name.startswith(LIST_PREFIXES) for name in dependencies):
            until_publication = seconds_until_next_publication(None if seen is None else seen[0][SCHEDULE_KEY])
            if until_publication is not None:
                ttl, max_age = min(ttl, until_publication), min(max_age, max(0, int(until_publication)))
        _set_public_headers(response, max_age)
        response[XKEY] = " ".join(dependencies)
        response[EDGE_MAX_AGE] = str(max(0, int(ttl)))
        if key is None or ttl < 1 or not _storable(response):
            return
        read_before, started = seen
        keys = [_generation_key(name) for name in dependencies]
        unread = [name for name in keys if name not in read_before]
        read_after = cache.get_many(unread) if unread else {}
        response["X-Page-Cache"] = "miss"
        if any(isinstance(value, int) and value > started - RACE_MARGIN_NS for value in read_after.values()):
            return  # changed while (or just before) it was built: answered, not stored
        generations = {name: read_before[name] if name in read_before else read_after.get(name) for name in keys}
        takedowns = read_before[TAKEDOWNS_KEY]
        setattr(response, TAKEDOWNS_SEEN, (takedowns, read_before.get(EDITS_KEY)))
        planned = (generations, takedowns, time.time() + ttl, ttl)
        if deferred:
            setattr(response, _TO_STORE, (key, *planned))
        else:
            _store(key, response, planned)
