"""Most read ("Đọc nhiều"): page views counted in the cache, flushed to ``DailyViews`` in batches.

A view is one atomic increment of a per-article, per-day counter in the
configured cache (``record_view``): reading an article never touches the
database. The beacon counts through ``count_view``, which anyone can call
with any id: it counts only articles readers can see (``live_article_ids``,
from ``Article.objects.published()``, kept in each process), once per client
per article per ``REPEAT_WINDOW`` and at most ``CLIENT_VIEWS_PER_MINUTE``
articles per client per minute, a client being an IPv4 address or an IPv6
/64 network. An id that is no live article leaves no trace in the cache.

``flush_view_counts`` moves the counters of recently published
articles into ``DailyViews`` every minute or so, from the
``flush_view_counts`` management command (a cron job or systemd timer) or,
when no timer runs, from the counting view itself at most once per
``FLUSH_INTERVAL``. ``ranking`` ranks published articles by their views of
today and yesterday (the homepage's "Đọc nhiều").

Counts are approximate by design: a counter lost from the cache (eviction,
restart of a memory cache) loses its views, and a flush that dies between its
insert and its decrements counts those views twice on the next run. Readers
sharing one address (an office, a mobile carrier's NAT) count as one client.
"""

import contextlib
import logging
import re
import time
from datetime import date, timedelta
from typing import NamedTuple

from django.core.cache import cache
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from articles.models import Article, DailyViews
from articles.site import page_dependencies
from newsroom import page_cache
from newsroom.forwarded import subscriber_of

logger = logging.getLogger(__name__)

KEY_PREFIX = "views:v1"
RANKING_DAYS = 2  # today and yesterday
CANDIDATE_DAYS = 7  # articles published longer ago than this are not counted
COUNTER_TIMEOUT = 3 * 86_400  # outlives the last flush that reads a day's counter (the next day's)
FLUSH_INTERVAL = 60
FLUSH_LOCK_TIMEOUT = 300  # frees the lock of a flush that died; a flush takes well under a second
REPEAT_WINDOW = 600  # one view per client per article per ten minutes (reloads, scripts)
CLIENT_VIEWS_PER_MINUTE = 30  # articles one client may add a view to in a minute
LIVE_IDS_SECONDS = 60  # a process asks again which articles are live at least this often
RANKING_KEPT = 50  # the most viewed articles kept between flushes; readers' visibility is applied on each use

FLUSH_LOCK_KEY = f"{KEY_PREFIX}:flush-lock"
FLUSHED_RECENTLY_KEY = f"{KEY_PREFIX}:flushed-recently"

_BOT = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|curl|wget|python-requests|python-urllib|httpx|aiohttp"
    r"|go-http-client|java/|okhttp|headless|lighthouse|phantomjs|pingdom|uptime|preview",
    re.IGNORECASE,
)


def looks_like_bot(user_agent: str) -> bool:
    """True for an empty User-Agent or one that names a crawler, a link previewer or a scripted client."""
    return not user_agent.strip() or _BOT.search(user_agent) is not None


def counter_key(article_id: int, day: date) -> str:
    return f"{KEY_PREFIX}:{day.isoformat()}:{article_id}"


def client_of(address: str) -> str:
    """Who a view is counted for (``newsroom.forwarded.subscriber_of``): an IPv4 address or an IPv6 /64.

    ``address`` is ``REMOTE_ADDR``, the reader's own behind the site's proxies (newsroom/forwarded.py).
    """
    return subscriber_of(address)


# What the live ids depend on: every page, every takedown, and any article joining or leaving the lists.
LIVE_IDS_DEPEND_ON = (page_cache.SITE, page_cache.TAKEDOWNS, page_dependencies.FEED)
_live: tuple | None = None  # (site generation, frozenset of ids, time.time() deadline)


def live_article_ids() -> frozenset:
    """The ids of the articles whose views count: readers can see them, published in the last ``CANDIDATE_DAYS``.

    One query, then kept in this process until an article joins or leaves the
    lists (a takedown stops counting at once), the site's content changes, the
    next scheduled publication is due, or ``LIVE_IDS_SECONDS`` have passed. Older articles are left out
    because their counters are never flushed.
    """
    global _live
    generation, now = page_cache.current_generations(LIVE_IDS_DEPEND_ON), time.time()
    if _live is not None and _live[0] == generation and _live[2] > now:
        return _live[1]
    since = timezone.now() - timedelta(days=CANDIDATE_DAYS)
    ids = frozenset(Article.objects.published().filter(published_at__gte=since).values_list("pk", flat=True))
    until_publication = page_cache.seconds_until_next_publication()
    lifetime = LIVE_IDS_SECONDS if until_publication is None else min(LIVE_IDS_SECONDS, until_publication)
    _live = (generation, ids, now + lifetime)
    return ids


def count_view(article_id: int, *, address: str) -> bool:
    """The beacon's view of ``article_id`` by the reader at ``address``; whether it was counted.

    Nothing happens for an id that is no live article (no cache key either),
    for a client that counted this article in the current ``REPEAT_WINDOW``,
    or for one that already counted ``CLIENT_VIEWS_PER_MINUTE`` articles this
    minute. Cache operations only, once this process knows the live articles.
    """
    if article_id not in live_article_ids():
        return False
    client, now = client_of(address), time.time()
    if not _within_quota(f"{KEY_PREFIX}:client:{client}:{int(now // 60)}"):
        return False
    if not cache.add(f"{KEY_PREFIX}:seen:{client}:{article_id}:{int(now // REPEAT_WINDOW)}", 1, REPEAT_WINDOW):
        return False
    record_view(article_id)
    return True


def _within_quota(key: str) -> bool:
    if cache.add(key, 1, timeout=120):
        return True
    try:
        return cache.incr(key) <= CLIENT_VIEWS_PER_MINUTE
    except ValueError:  # expired between add and incr: a new minute
        return True


def record_view(article_id: int) -> None:
    """Count one view of ``article_id`` today (Asia/Ho_Chi_Minh): cache operations only, no database query.

    The id is not checked here (``count_view`` does): counters of ids that are
    not published articles are never flushed and expire with ``COUNTER_TIMEOUT``.
    """
    key = counter_key(article_id, timezone.localdate())
    try:
        cache.incr(key)
    except ValueError:  # today's first view of it (or its counter was evicted)
        if not cache.add(key, 1, timeout=COUNTER_TIMEOUT):
            with contextlib.suppress(ValueError):  # another view made it meanwhile
                cache.incr(key)


def flush_if_due() -> None:
    """Flush when no flush ran in the last ``FLUSH_INTERVAL`` seconds, so a site without a timer still ranks.

    A failing flush is logged, never raised: counting must go on while the
    database is away, and the counters wait for the next flush.
    """
    if not cache.add(FLUSHED_RECENTLY_KEY, True, timeout=FLUSH_INTERVAL):
        return
    try:
        flush_view_counts()
    except Exception:
        logger.exception("Flushing view counters failed; they stay in the cache for the next flush")


def flush_view_counts() -> int | None:
    """Add the cached counters of today and yesterday to ``DailyViews``; return the views moved.

    Candidates are the articles published in the last ``CANDIDATE_DAYS`` days
    (one query); their counters are read in one ``get_many``, added in one
    upsert, then each counter is decremented by exactly what was added, so
    views counted meanwhile stay for the next flush. One flush at a time on
    every host sharing the cache: returns None when another one holds the lock.
    """
    if not cache.add(FLUSH_LOCK_KEY, True, timeout=FLUSH_LOCK_TIMEOUT):
        return None
    try:
        cache.set(FLUSHED_RECENTLY_KEY, True, timeout=FLUSH_INTERVAL)
        pending = _pending_counters()
        if pending:
            _add_to_daily_views(pending)
            _subtract_flushed(pending)
            cache.delete(_totals_key())  # the next ranking counts what was just added
        return sum(counter.views for counter in pending)
    finally:
        cache.delete(FLUSH_LOCK_KEY)


class _Counter(NamedTuple):
    key: str
    article_id: int
    day: date
    views: int


def _pending_counters() -> list[_Counter]:
    """The candidates' counters of today and yesterday that hold views."""
    today = timezone.localdate()
    since = timezone.now() - timedelta(days=CANDIDATE_DAYS)
    candidates = Article.objects.published().filter(published_at__gte=since).values_list("pk", flat=True)
    keys = {
        counter_key(article_id, day): (article_id, day)
        for article_id in candidates
        for day in (today - timedelta(days=offset) for offset in range(RANKING_DAYS))
    }
    found = cache.get_many(list(keys))
    return [_Counter(key, *keys[key], views) for key, views in found.items() if isinstance(views, int) and views > 0]


def _add_to_daily_views(pending: list[_Counter]) -> None:
    """One ``INSERT … ON CONFLICT DO UPDATE`` adding each (article, day)'s views to its row."""
    quote = connection.ops.quote_name
    table = quote(DailyViews._meta.db_table)
    article, day, views = quote("article_id"), quote("date"), quote("views")
    values = ", ".join(["(%s, %s, %s)"] * len(pending))
    sql = (
        f"INSERT INTO {table} ({article}, {day}, {views}) VALUES {values} "  # noqa: S608 only quoted identifiers
        f"ON CONFLICT ({article}, {day}) DO UPDATE SET {views} = {table}.{views} + EXCLUDED.{views}"
    )
    params = [value for counter in pending for value in (counter.article_id, counter.day, counter.views)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _subtract_flushed(pending: list[_Counter]) -> None:
    for counter in pending:
        with contextlib.suppress(ValueError):  # expired or evicted since it was read: nothing to subtract from
            cache.decr(counter.key, counter.views)


def ranking(*, limit, exclude=()) -> tuple[str, tuple]:
    """SQL and params of the ``limit`` most read articles readers can see, best first.

    Its rows are (article id, views of today and yesterday, publication
    time), for pages that fetch several lists in one statement (the
    homepage's "Đọc nhiều"). The views are ``view_totals``' (remembered
    between flushes); who may see an article is asked of the database every
    time, so a story taken down leaves the list at once.
    """
    totals = view_totals()
    visible = Article.objects.published().exclude(pk__in=list(exclude)).order_by().values_list("pk", "published_at")
    visible_sql, visible_params = visible.query.sql_with_params()
    sql = (
        "SELECT visible.id, totals.total, visible.published_at "  # noqa: S608 SQL of a queryset, values as params
        "FROM unnest(%s::bigint[], %s::bigint[]) totals (article_id, total) "
        f"JOIN ({visible_sql}) visible (id, published_at) ON visible.id = totals.article_id "
        "ORDER BY totals.total DESC, visible.published_at DESC, visible.id DESC LIMIT %s"
    )
    return sql, ([pk for pk, _ in totals], [total for _, total in totals], *visible_params, limit)


def view_totals() -> list[tuple[int, int]]:
    """``[(article id, views of today and yesterday)]``, most viewed first: the first ``RANKING_KEPT``.

    Views reach the database only when a flush writes them, so the sums are
    kept in the cache until the next flush (which drops them) or for
    ``FLUSH_INTERVAL`` seconds at most (a new day, a flush on a host with
    another cache). Summing two days of views took 2 ms of every homepage
    built at ``large`` scale.
    """
    key = _totals_key()
    totals = cache.get(key)
    if totals is None:
        totals = list(
            DailyViews.objects.filter(date__gte=_ranking_since())
            .values("article_id")
            .annotate(total=Sum("views"))
            .filter(total__gt=0)
            .order_by("-total", "-article_id")
            .values_list("article_id", "total")[:RANKING_KEPT]
        )
        cache.set(key, totals, timeout=FLUSH_INTERVAL)
    return totals


def _totals_key() -> str:
    return f"{KEY_PREFIX}:totals:{_ranking_since().isoformat()}"


def _ranking_since() -> date:
    return timezone.localdate() - timedelta(days=RANKING_DAYS - 1)
