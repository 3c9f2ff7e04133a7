"""Purge the edge cache (nginx in front of the app hosts, or any HTTP cache) when content changes.

Off by default. With ``EDGE_PURGE_URL`` set (one URL, or several separated by commas: one per
edge server), ``purge_edge()`` sends one request to each of them once the current transaction
commits: ``POST http://127.0.0.1:8080/purge`` for the nginx site in deploy/nginx/newsroom.conf,
which drops every page that edge has cached (a new cache-key generation, see
deploy/nginx/newsroom-edge.js and docs/deploy.md, "Edge cache and purge").

Whole site, not page by page: the changes that call it (``articles.page_cache.site_changed``
after a publish, an unpublish, an edit of a live article, a homepage slot…) can touch any
listing, tag, author or paginated page, which no list of URLs can name. It stays cheap because
the app's own page cache (Redis) keeps every page that did not change: after a purge the edge
asks the app once per page and gets a cached copy.

The request goes out after commit and after the page cache's own counters moved (call it after
them), so the edge can only fetch pages that are already fresh. It is synchronous, with a short
timeout (``EDGE_PURGE_TIMEOUT``, seconds): the editor's request waits a few milliseconds. A
failure is logged, never raised: the content is saved, and an edge that missed a purge keeps a
page no longer than the ``max-age`` the app gave it (``PUBLIC_MAX_AGE``).
"""

import logging
import urllib.request

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

USER_AGENT = "newsroom-edge-purge"


def purge_edge() -> None:
    """Once the current transaction commits, ask every configured edge cache to drop its pages."""
    if settings.EDGE_PURGE["URLS"]:
        transaction.on_commit(send_purge, robust=True)


def send_purge() -> int:
    """Ask every configured edge cache to drop its pages now; return how many said yes (2xx)."""
    return sum(_purge(url) for url in settings.EDGE_PURGE["URLS"])


def _purge(url: str) -> bool:
    # The URL is the operator's, and settings accept only http:// and https:// ones.
    request = urllib.request.Request(  # noqa: S310
        url, data=b"", method=settings.EDGE_PURGE["METHOD"], headers={"User-Agent": USER_AGENT}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.EDGE_PURGE["TIMEOUT"]) as response:  # noqa: S310
            status = response.status
    except Exception as error:
        logger.warning("Edge purge failed at %s: %s: %s", url, type(error).__name__, error)
        return False
    if not 200 <= status < 300:
        logger.warning("Edge purge refused at %s: HTTP %s", url, status)
        return False
    logger.info("Edge purged at %s", url)
    return True
