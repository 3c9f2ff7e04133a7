"""gunicorn settings for one Newsroom app host: ``gunicorn -c deploy/gunicorn.conf.py``.

Started by deploy/systemd/newsroom.service (and by tests/ops/test_two_hosts.py, twice). The
environment tunes it; Django's own settings come from the same environment (newsroom/settings.py).

- ``GUNICORN_BIND`` (``127.0.0.1:8000``): where nginx reaches this host. With app hosts on
  other machines, the host's private address (and a firewall that lets only nginx in).
- ``GUNICORN_WORKERS`` (2 × cores + 1): sync worker processes. Each holds one database
  connection (``DB_CONN_MAX_AGE``): workers × hosts must stay under PostgreSQL's
  ``max_connections``.
- ``GUNICORN_TIMEOUT`` (30): seconds before a stuck worker is killed and replaced.
- ``GUNICORN_MAX_WORKER_MEMORY_MB`` (512): a worker whose resident memory has grown past this
  finishes the request in hand, exits and is replaced (checked every 100 requests); ``0``: never.
- ``GUNICORN_LOG_LEVEL`` (``info``): gunicorn's own messages (worker starts, timeouts).
- ``FORWARDED_ALLOW_IPS`` (``127.0.0.1,::1``): gunicorn's own list of proxies allowed to say
  ``X-Forwarded-Proto``; list nginx's address when it runs elsewhere. Django reads the header
  itself (``BEHIND_HTTPS_PROXY``) and the client's address through ``TRUSTED_PROXIES``.

Sync workers suit this site: nginx buffers slow clients' requests and responses, and a page the
page cache holds costs a worker about a millisecond. The edge logs every request with its
request id; the app logs, with the same id, the requests that add something to that line (slow
ones and server errors, newsroom/request_log.py), so gunicorn's access log is off and its error
log goes to stderr (the journal under systemd).

Workers live as long as the master: they are not recycled after a number of requests
(``max_requests = 0``). A fresh worker imports Django and the site again, about a second of CPU;
with ``max_requests = 2000`` and cached pages answered at a few thousand a second, each worker was
replaced about once a second, which cost about 30 % of the throughput and took the 99th
percentile from 16 ms to 270–550 ms (issue 16). A slow leak is caught by memory instead
(``GUNICORN_MAX_WORKER_MEMORY_MB``, five to six times what a worker normally holds, about 90 MB):
only a worker that really grew is replaced, one at a time.

The app is not preloaded in the master (``preload_app`` off), although it could be (importing it
opens no database or Redis connection and starts no thread; Django connects lazily, in each
worker): ``systemctl reload newsroom`` (HUP) must start workers with a release's new code
(docs/deploy.md, "Updates"), and gunicorn reloads the code only when each worker imports the
app itself. Preloading would only save each worker's start, now paid at start and reload alone.
"""

import multiprocessing
import os


def _env(name: str, default):
    """The variable's value, the default when it is unset or empty (as in .env.example)."""
    return os.environ.get(name) or default


wsgi_app = "newsroom.wsgi:application"
bind = _env("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(_env("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
timeout = int(_env("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30  # a restart lets requests in flight finish
preload_app = False  # each worker imports the app: a reload (HUP) serves the new release's code
max_requests = 0  # never recycled by count: a worker's restart costs a second of CPU (see above)
max_worker_memory = int(_env("GUNICORN_MAX_WORKER_MEMORY_MB", 512)) * 1_048_576  # bytes; 0: no guard
MEMORY_CHECK_EVERY = 100  # requests
forwarded_allow_ips = _env("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The control socket (gunicornc) lives in the service's runtime directory (systemd's
# RuntimeDirectory=newsroom sets RUNTIME_DIRECTORY); without one it is off, so instances started
# by hand or by tests never share a socket.
_runtime_directory = os.environ.get("RUNTIME_DIRECTORY")
control_socket_disable = not _runtime_directory
if _runtime_directory:
    control_socket = os.path.join(_runtime_directory, "gunicorn.ctl")

accesslog = None
errorlog = "-"
loglevel = _env("GUNICORN_LOG_LEVEL", "info")
proc_name = "newsroom"


def _resident_bytes() -> int:
    """This process's resident memory now (Linux), else its peak."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def post_request(worker, req, environ, resp):
    """The memory guard: every ``MEMORY_CHECK_EVERY`` requests, a worker past the limit ends after this request."""
    if not max_worker_memory or worker.nr % MEMORY_CHECK_EVERY:
        return
    resident = _resident_bytes()
    if resident > max_worker_memory:
        worker.log.warning(
            "Worker %s holds %d MB, over GUNICORN_MAX_WORKER_MEMORY_MB=%d: replacing it",
            worker.pid,
            resident // 1_048_576,
            max_worker_memory // 1_048_576,
        )
        worker.alive = False  # the sync worker's loop ends; the master starts a fresh worker
