"""Health endpoints for load balancers and monitoring.

- ``/healthz`` (liveness): this process answers. Touches neither the database nor the cache,
  so a database outage never makes a supervisor restart healthy app hosts.
- ``/readyz`` (readiness): this host can serve pages: the database answers ``SELECT 1`` and the
  cache stores and returns a value. 200, or 503 naming what failed; the reason goes to the log,
  never into the body.

Both answer GET and HEAD with a short JSON body, are never cached (``never_cache``; the page
cache and nginx skip them), are never redirected to https (``SECURE_REDIRECT_EXEMPT``, so a
probe over plain http on the private network works) and, like every page, need a host name
from ``ALLOWED_HOSTS`` in the ``Host`` header.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from newsroom.faults import describe

logger = logging.getLogger(__name__)

CACHE_PROBE_SECONDS = 10


def _database_answers() -> bool:
    # The primary only: every host shares the same replicas, so a replica failing must not take
    # every host out of the load balancer at once (the replica router deals with it).
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        logger.warning("Not ready: the database did not answer (%s)", describe(error))
        return False
    return True


def _cache_answers() -> bool:
    key, value = f"health:readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=CACHE_PROBE_SECONDS)
        answered = cache.get(key) == value
        cache.delete(key)
    except Exception as error:
        logger.warning("Not ready: the cache failed (%s)", describe(error))
        return False
    if not answered:
        logger.warning("Not ready: the cache did not return the value just stored")
    return answered


@never_cache
@require_safe
def healthz(request):
    """The process is alive: 200 ``{"status": "ok"}``, nothing else consulted."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """200 ``{"status": "ok", "database": "ok", "cache": "ok"}``, or 503 with ``"error"`` where a check failed."""
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    ready = all(checks.values())
    body = {"status": "ok" if ready else "unavailable"}
    body.update({name: "ok" if passed else "error" for name, passed in checks.items()})
    response = JsonResponse(body, status=200 if ready else 503)
    response._has_been_logged = True  # the reason is logged above, once: no "Service Unavailable" from Django
    return response
