"""gunicorn settings for one Newsroom app host: ``gunicorn -c deploy/gunicorn.conf.py``.

Started by deploy/systemd/newsroom.service (and by tests/ops/test_two_hosts.py, twice). The
environment tunes it; Django's own settings come from the same environment (newsroom/settings.py).

- ``GUNICORN_BIND`` (``127.0.0.1:8000``): where nginx reaches this host. With app hosts on
  other machines, the host's private address (and a firewall that lets only nginx in).
- ``GUNICORN_WORKERS`` (2 × cores + 1): sync worker processes. Each holds one database
  connection (``DB_CONN_MAX_AGE``): workers × hosts must stay under PostgreSQL's
  ``max_connections``.
- ``GUNICORN_TIMEOUT`` (30): seconds before a stuck worker is killed and replaced.
- ``GUNICORN_LOG_LEVEL`` (``info``): gunicorn's own messages (worker starts, timeouts).
- ``FORWARDED_ALLOW_IPS`` (``127.0.0.1,::1``): gunicorn's own list of proxies allowed to say
  ``X-Forwarded-Proto``; list nginx's address when it runs elsewhere. Django reads the header
  itself (``BEHIND_HTTPS_PROXY``) and the client's address through ``TRUSTED_PROXIES``.

Sync workers suit this site: nginx buffers slow clients' requests and responses, and a page the
page cache holds costs a worker about a millisecond. Requests are logged by the app
(newsroom/request_log.py, one line each with its request id), so gunicorn's access log is off
and its error log goes to stderr (the journal under systemd).
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
max_requests = 2000  # a worker is replaced now and then, so a slow leak never grows
max_requests_jitter = 200  # …and not all at once
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
