"""Purge the edge cache (Varnish in front of the app hosts) by tag when content changes.

Every public page names what it shows in its ``Xkey`` header (``site``, ``article:42``,
``list:home``…, see ``newsroom.page_cache``); Varnish (deploy/varnish/newsroom.vcl, with the
xkey module) indexes its copies by those tags. ``purge(tags, hard=...)`` drops every copy that
carries one of the tags at every edge, once the current transaction commits:

- soft (``hard=False``, a correction, a publication): ``PURGE`` with ``xkey-softpurge: <tags>``;
  the edge keeps the old copy but refetches it, serving it stale meanwhile (a few milliseconds,
  one fetch per page);
- hard (``hard=True``, a takedown): ``PURGE`` with ``xkey-purge: <tags>``; the copies are gone
  at once and never served again, outage or not.

Off unless ``EDGE_PURGE_URL`` is set (one URL per edge server, comma-separated, e.g.
``http://127.0.0.1:8080/``, Varnish's purge listener). Several ``purge()`` calls in one
transaction are coalesced: at commit, one request per edge for the hard tags and one for the
soft ones (a tag purged both ways is purged hard), sent after every other commit hook the
transaction registered before its last ``purge()`` call, so after the app's own page cache
moved on: the edge can only refetch fresh pages. A tag list longer than ``HEADER_LIMIT`` bytes
is split into several requests.

The requests are synchronous, with a short timeout (``EDGE_PURGE_TIMEOUT``, seconds): the
editor's request waits a few milliseconds. A failure is logged, never raised: the content is
saved, and an edge that missed a purge keeps a page no longer than the ``X-Edge-Max-Age`` the
app gave it.
"""

import logging
import re
import urllib.request
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

USER_AGENT = "newsroom-edge-purge"
HARD_HEADER = "xkey-purge"
SOFT_HEADER = "xkey-softpurge"
HEADER_LIMIT = 4000  # bytes of tags per request: well under the 8 KB most servers take for a header
TAG = re.compile(r"[a-z0-9:-]+")


def purge(tags: Iterable[str], *, hard: bool) -> None:
    """Once the current transaction commits, drop the edge's copies of every page carrying one of ``tags``.

    ``hard`` for takedowns: the copies are gone at once, never served stale. Outside a
    transaction (autocommit) the purge goes out now.
    """
    tags = _checked(tags)
    if not tags or not settings.EDGE_PURGE["URLS"]:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        send_purge(tags, hard=hard)
        return
    batch = _Batch.of(connection)
    (batch.hard if hard else batch.soft).update(tags)
    batch.schedule_last(connection)


def send_purge(tags: Iterable[str], *, hard: bool) -> int:
    """Purge ``tags`` at every configured edge now; return how many edges said yes (2xx to every request)."""
    chunks = _chunks(_checked(tags))
    if not chunks:
        return 0
    header = HARD_HEADER if hard else SOFT_HEADER
    return sum(all(_purge(url, header, chunk) for chunk in chunks) for url in settings.EDGE_PURGE["URLS"])


class _Batch:
    """The tags one transaction purges, sent by one commit hook (``flush``), kept last among the hooks."""

    ATTRIBUTE = "_newsroom_edge_purge_batch"

    def __init__(self):
        self.hard: set[str] = set()
        self.soft: set[str] = set()
        self.hook = self.flush  # one bound method, recognisable among the connection's hooks

    @classmethod
    def of(cls, connection) -> "_Batch":
        """The current transaction's batch; a new one if the last one was sent or rolled back."""
        batch = getattr(connection, cls.ATTRIBUTE, None)
        if batch is None or not batch._entries(connection):
            batch = cls()
            setattr(connection, cls.ATTRIBUTE, batch)
        return batch

    def schedule_last(self, connection) -> None:
        """(Re)register ``flush`` as the last commit hook so far, dropped only by a rollback that drops every
        ``purge()`` call it carries: a savepoint all of them were made in (the others only purge a little more).
        """
        savepoints = set(connection.savepoint_ids)
        for kept_savepoints, _func, _robust in self._entries(connection):
            savepoints &= kept_savepoints
        connection.run_on_commit = [entry for entry in connection.run_on_commit if entry[1] is not self.hook]
        transaction.on_commit(self.hook, robust=True)
        _savepoints, func, robust = connection.run_on_commit[-1]
        assert func is self.hook, "django.db's on_commit hooks changed shape: update newsroom/edge_purge.py"
        connection.run_on_commit[-1] = (savepoints, func, robust)

    def _entries(self, connection) -> list:
        return [entry for entry in connection.run_on_commit if entry[1] is self.hook]

    def flush(self) -> None:
        hard, soft = sorted(self.hard), sorted(self.soft - self.hard)
        self.hard, self.soft = set(), set()
        if hard:
            send_purge(hard, hard=True)
        if soft:
            send_purge(soft, hard=False)


def _checked(tags: Iterable[str]) -> list[str]:
    if isinstance(tags, str):
        raise TypeError("purge() takes a list of tags, not one string")
    unique = list(dict.fromkeys(tags))
    for tag in unique:
        if not TAG.fullmatch(tag):
            raise ValueError(f"not a cache tag: {tag!r}")
    return unique


def _chunks(tags: list[str]) -> list[str]:
    """Space-separated tag lists of at most ``HEADER_LIMIT`` bytes (a tag longer than that goes alone)."""
    chunks, current = [], ""
    for tag in tags:
        if current and len(current) + 1 + len(tag) > HEADER_LIMIT:
            chunks.append(current)
            current = ""
        current = f"{current} {tag}" if current else tag
    if current:
        chunks.append(current)
    return chunks


def _purge(url: str, header: str, tags: str) -> bool:
    named = f"{header}: {tags if len(tags) <= 200 else tags[:200] + '…'}"
    # The URL is the operator's, and settings accept only http:// and https:// ones.
    request = urllib.request.Request(  # noqa: S310
        url, method=settings.EDGE_PURGE["METHOD"], headers={"User-Agent": USER_AGENT, header: tags}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.EDGE_PURGE["TIMEOUT"]) as response:  # noqa: S310
            status, answer = response.status, response.read(100).decode(errors="replace").strip()
    except Exception as error:
        logger.warning("Edge purge failed at %s (%s): %s: %s", url, named, type(error).__name__, error)
        return False
    if not 200 <= status < 300:
        logger.warning("Edge purge refused at %s (%s): HTTP %s", url, named, status)
        return False
    logger.info("Edge purged at %s (%s): %s", url, named, answer or status)
    return True
