"""Read replicas: which database a request reads from, so nobody reads older data than they just wrote.

``DATABASE_REPLICA_URLS`` adds the aliases ``replica_1``, ``replica_2``, …
(``settings.DATABASE_REPLICAS``), PostgreSQL standbys streaming from the
primary (docs/replicas.md). ``newsroom.db_router.PrimaryReplicaRouter`` asks
``alias_for_read`` where each read goes and sends every write to
``default``; ``ReplicaRoutingMiddleware`` decides per request.

A request reads from a replica only when it is a reader's page view: a GET
or HEAD outside ``DATABASE_PRIMARY_PATHS`` (the admin, staff previews), with
no session cookie (staff who are logged in), no ``pin_primary`` cookie, no
write earlier in the same request and no open transaction. Everything else —
the admin, previews, forms posted, management commands, anything outside a
request — reads the primary. One replica serves the whole request (one
consistent snapshot for a page), chosen in turn among those that accept a
connection; one that refuses is skipped for ``RETRY_SECONDS``, and with none
left the primary serves.

A standby lags the primary (milliseconds on a LAN, more under load), so:

- a request that wrote makes its client read the primary for
  ``DATABASE_REPLICA_PIN_SECONDS`` (the ``pin_primary`` cookie): a reader
  whose comment was just posted is redirected to a page built from the
  primary;
- a write from the admin (publishing, editing, approving comments) makes
  every reader on every app host read the primary for the same time (a mark
  in the shared cache): otherwise a page built from a standby that has not
  replayed the change yet could be kept by the page cache as the new version.

The state is a context variable, so threads and async tasks each have their own.
"""

import itertools
import logging
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, Error, connections

logger = logging.getLogger(__name__)

PIN_COOKIE = "pin_primary"
DESK_WROTE_KEY = "replicas:primary-until"
RETRY_SECONDS = 30
SAFE_METHODS = ("GET", "HEAD")


@dataclass
class _Reads:
    """Where the current request may read, and what it has done so far."""

    replica_allowed: bool
    on_desk: bool = False
    wrote: bool = False
    alias: str | None = None


_current: ContextVar[_Reads | None] = ContextVar("newsroom_reads", default=None)
_unreachable_until: dict[str, float] = {}
_turn = itertools.count()


def alias_for_read() -> str:
    """The alias the current read goes to: a replica only in a reader's request that has written nothing."""
    reads = _current.get()
    if reads is None or not reads.replica_allowed or reads.wrote:
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS  # a transaction reads what it is about to write
    if reads.alias is None:
        reads.alias = DEFAULT_DB_ALIAS if _desk_wrote_recently() else _reachable_replica()
    return reads.alias


def note_write() -> None:
    """Called for every write: the rest of the request, and its client for a while, read the primary."""
    reads = _current.get()
    if reads is None or reads.wrote:
        return
    reads.wrote = True
    if reads.on_desk:
        # Before the commit as well as after the response: no window in which a reader could
        # build a page from a standby that has not replayed this change yet.
        _hold_readers_on_primary()


def _reachable_replica() -> str:
    """The next replica, in turn, that accepts a connection; the primary when none does."""
    now = time.monotonic()
    candidates = [alias for alias in settings.DATABASE_REPLICAS if _unreachable_until.get(alias, 0) <= now]
    if not candidates:
        return DEFAULT_DB_ALIAS
    start = next(_turn) % len(candidates)
    for alias in candidates[start:] + candidates[:start]:
        try:
            connections[alias].ensure_connection()
        except Error as error:
            _unreachable_until[alias] = now + RETRY_SECONDS
            logger.warning("Read replica %s unreachable, skipped for %ss: %s", alias, RETRY_SECONDS, error)
            continue
        return alias
    return DEFAULT_DB_ALIAS


def _desk_wrote_recently() -> bool:
    return cache.get(DESK_WROTE_KEY, 0) > time.time()


def _hold_readers_on_primary() -> None:
    seconds = settings.DATABASE_REPLICA_PIN_SECONDS
    cache.set(DESK_WROTE_KEY, time.time() + seconds, timeout=seconds + 1)


def _may_read_replica(request) -> bool:
    return (
        bool(settings.DATABASE_REPLICAS)
        and request.method in SAFE_METHODS
        and not request.path_info.startswith(settings.DATABASE_PRIMARY_PATHS)
        and PIN_COOKIE not in request.COOKIES
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class ReplicaRoutingMiddleware:
    """Decide where each request reads; after a write, pin its client (and, from the desk, every reader) to the primary.

    Sits above ``newsroom.page_cache.PageCacheMiddleware``, so the page
    cache's own lookup on a miss reads where the page was built. Not loaded at
    all without replicas (``DATABASE_REPLICA_URLS`` empty).
    """

    def __init__(self, get_response):
        if not settings.DATABASE_REPLICAS:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        reads = _Reads(
            replica_allowed=_may_read_replica(request),
            on_desk=request.path_info.startswith(settings.DATABASE_PRIMARY_PATHS),
        )
        token = _current.set(reads)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if reads.wrote:
            if reads.on_desk:
                _hold_readers_on_primary()
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
