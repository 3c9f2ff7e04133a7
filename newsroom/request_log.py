"""A request id that follows each request from the edge to the logs, and a log line for the requests worth one.

``RequestLogMiddleware`` is the first middleware, so it sees every request and every answer
(redirects to https, refused hosts, cached pages, errors). The edge in front (nginx, Varnish)
already writes one access-log line per request with the same request id, its status and its
time, so the app adds a line only where it says something the edge's does not: a server error
(status 5xx: the traceback Django logs beside it carries the same id) or a request that took
``REQUEST_LOG_SLOW_MS`` or more inside Django (default 1000). ``REQUEST_LOG_SLOW_MS=0`` logs every
request, for an app reached without a logging proxy. Writing a JSON line for each of thousands of
cached pages a second cost about 9 % of the throughput (issue 16); a request not logged costs a
clock read and a comparison.

The line goes to the ``newsroom.request`` logger at INFO: the method, the path (without the query
string, which may carry what a reader searched for), the status and the time spent in Django, in
milliseconds.

The request id is the incoming ``X-Request-ID`` when it is a safe token (nginx sends its
``$request_id``, so an nginx log line and the app's line carry the same id), otherwise a fresh
uuid4 hex. It is sent back in the ``X-Request-ID`` response header, kept on
``request.request_id``, and added by ``RequestIdFilter`` to every log record written while the
request runs, so a traceback can be matched with its request.

``LogFormatter`` writes plain lines, or one JSON object per line when ``LOG_FORMAT=json``
(settings, at the end of newsroom/settings.py), for a log shipper to read.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.utils.encoding import escape_uri_path

logger = logging.getLogger("newsroom.request")

HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
_current_id = contextvars.ContextVar("request_id", default=None)
# Attributes every LogRecord has: anything else on a record came from `extra=` and goes into the JSON.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def request_id_for(request) -> str:
    """The incoming ``X-Request-ID`` if it is a safe token (letters, digits, ``._-``, 128 at most), else a new one."""
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    return incoming if _SAFE_ID.fullmatch(incoming) else uuid.uuid4().hex


def current_request_id() -> str | None:
    """The id of the request being handled in this thread, if any."""
    return _current_id.get()


class RequestLogMiddleware:
    """Answer with the request's ``X-Request-ID`` and log the slow and failed requests (keep it first in
    ``MIDDLEWARE``)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.slow_seconds = settings.REQUEST_LOG_SLOW_MS / 1000

    def __call__(self, request):
        request.request_id = request_id_for(request)
        token = _current_id.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            response[HEADER] = request.request_id
            if seconds >= self.slow_seconds or response.status_code >= 500:
                log_request(request, response.status_code, round(seconds * 1000, 1))
            return response
        finally:
            _current_id.reset(token)


def log_request(request, status: int, duration_ms: float) -> None:
    path = escape_uri_path(request.path)  # percent-encoded: nothing in a path can break the line
    logger.info(
        "%s %s %s %.1fms",
        request.method,
        path,
        status,
        duration_ms,
        extra={"method": request.method, "path": path, "status": status, "duration_ms": duration_ms},
    )


class RequestIdFilter(logging.Filter):
    """Put ``request_id`` on every record (``-`` outside a request), for the formatter to show.

    Django logs a 4xx or 5xx answer (``django.request``) once the middleware are done, with the
    request in the record: its id is taken from there.
    """

    def filter(self, record):
        if not hasattr(record, "request_id"):
            request = getattr(record, "request", None)
            record.request_id = _current_id.get() or getattr(request, "request_id", None) or "-"
        return True


class LogFormatter(logging.Formatter):
    """Plain lines by default; with ``as_json=True`` one JSON object per line.

    A JSON line holds ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``,
    ``request_id``, whatever the call passed in ``extra=`` (the request line's ``method``,
    ``path``, ``status``, ``duration_ms``) and, for an error, ``exception`` (the traceback).
    """

    PLAIN = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"

    def __init__(self, *, as_json: bool = False):
        super().__init__(self.PLAIN)
        self.as_json = as_json

    def format(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = "-"
        if not self.as_json:
            return super().format(record)
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({key: value for key, value in vars(record).items() if key not in _STANDARD_ATTRIBUTES})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
