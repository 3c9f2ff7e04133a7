"""Full-page cache for public pages, invalidated by generation counters.

A public view marks its response with ``public_page`` (or the decorator
``cached_public_page``); ``PageCacheMiddleware`` then keeps it in the
configured cache, under the page's URL, together with the generation counters
it depends on: ``site`` for everything, and optionally per-article counters.
Changing content bumps a counter (``site_changed`` after publish, unpublish,
edit of a live article, …; ``article_changed`` when only one article's page is
affected, e.g. an approved comment), so every page built before the change is
ignored from then on, on every app host sharing the cache.

A cached page never outlives the next scheduled publication: the time to live
is cut to the seconds left before it. Only anonymous-safe responses are kept:
a response that sets a cookie, is private or is not 200/301 is never stored,
and staff previews are ``never_cache`` views that do not mark themselves.
"""

import hashlib
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.http import http_date

from articles import edge_purge

KEY_PREFIX = "pages:v1"
SITE = "site"
CACHEABLE_STATUSES = (200, 301)
STALE_WHILE_REVALIDATE = 60
STALE_IF_ERROR = 86_400


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


def article_changed(article_id: int) -> None:
    """Only this article's own page is stale (its listings are not): after commit."""
    transaction.on_commit(lambda: _bump(article_dependency(article_id)))
    edge_purge.purge_edge()


def remembered(name: str, build, timeout: int = 3600):
    """``build()``'s value, kept in the cache until the site's content next changes (or ``timeout``).

    For small things every public page shows (the section menu), so a page
    built after a cache miss does not pay for them again.
    """
    key = f"{KEY_PREFIX}:{name}:{cache.get(_generation_key(SITE))}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=timeout)
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
    generations: dict
    response: object
    expires_at: float  # our own clock, so a page never outlives a publication time even if the cache's TTL drifts


def _page_key(request) -> str:
    digest = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return f"{KEY_PREFIX}:page:{request.scheme}:{request.get_host()}:{digest}"


def _seconds_until_next_publication() -> float | None:
    """Seconds before the next scheduled article goes live (None: nothing is scheduled).

    Remembered per site generation, since only publishing changes it; asked
    again once that time has passed.
    """
    from articles.models import Article

    now = timezone.now()
    generation = cache.get(_generation_key(SITE))
    remembered = cache.get(f"{KEY_PREFIX}:next-publication")
    if remembered is not None and remembered[0] == generation and (remembered[1] is None or remembered[1] > now):
        upcoming = remembered[1]
    else:
        upcoming = (
            Article.objects.filter(status=Article.Status.PUBLISHED, deleted_at__isnull=True, published_at__gt=now)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        cache.set(f"{KEY_PREFIX}:next-publication", (generation, upcoming), timeout=3600)
    return None if upcoming is None else (upcoming - now).total_seconds()


def _set_cache_control(response, max_age: int) -> None:
    response["Cache-Control"] = (
        f"public, max-age={max_age}, stale-while-revalidate={STALE_WHILE_REVALIDATE}, stale-if-error={STALE_IF_ERROR}"
    )


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


class PageCacheMiddleware:
    """Serve public pages from the cache; store the ones views marked public.

    Sits above the session, CSRF and auth middleware so a cached page costs no
    database query and no session lookup. ``X-Page-Cache`` says hit or miss.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lookup = (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
        )
        if not lookup:
            response = self.get_response(request)
            self._finish(response, key=None, site_generation=None)
            return response
        key = _page_key(request)
        entry = cache.get(key)
        now = timezone.now().timestamp()
        if entry is not None and entry.expires_at > now:
            current = cache.get_many(list(entry.generations))
            if current == {name: value for name, value in entry.generations.items() if value is not None}:
                # Downstream caches may keep it no longer than we would (a publication may be due).
                _set_cache_control(entry.response, min(settings.PUBLIC_MAX_AGE, int(entry.expires_at - now)))
                entry.response["X-Page-Cache"] = "hit"
                return entry.response
        # Read before rendering: a change made while the page renders makes the stored copy stale at once.
        site_generation = cache.get(_generation_key(SITE))
        response = self.get_response(request)
        self._finish(response, key=key if request.method == "GET" else None, site_generation=site_generation)
        return response

    def _finish(self, response, *, key, site_generation):
        dependencies = getattr(response, "public_page_dependencies", None)
        if dependencies is None:
            return
        until_publication = _seconds_until_next_publication()
        ttl, max_age = settings.PAGE_CACHE_SECONDS, settings.PUBLIC_MAX_AGE
        if until_publication is not None:
            ttl, max_age = min(ttl, until_publication), min(max_age, max(0, int(until_publication)))
        _set_public_headers(response, max_age)
        if key is None or ttl < 1 or not _storable(response):
            return
        other_keys = [_generation_key(name) for name in dependencies if name != SITE]
        generations = {_generation_key(SITE): site_generation, **cache.get_many(other_keys)}
        generations.update({name: generations.get(name) for name in other_keys})
        response["X-Page-Cache"] = "miss"
        expires_at = timezone.now().timestamp() + ttl
        cache.set(key, _Entry(generations=generations, response=response, expires_at=expires_at), timeout=int(ttl))
