"""``make bench SCALE=small|large [SMOKE=1]``: the site under load, as ratios against baselines of the same run.

The app runs as deploy/ runs it: ``gunicorn -c deploy/gunicorn.conf.py`` (its default number of
workers, 2 × cores + 1, no recycling) with deploy/newsroom.env.example's environment
(``DJANGO_ENV=production``, ``LOG_LEVEL=INFO``, ``LOG_FORMAT=json``, the app's log written to
``var/bench/app.log``), changed only where this machine differs: its own database, Redis, folders
and port, plain http on loopback, and ``BENCH_MODE`` for the bare baseline view and comment
limits a load generator can post through (``App``). The edge-cached case goes through the
project's edge (``Edge``: Varnish with deploy/varnish/newsroom.vcl when it exists, else nginx's
``proxy_cache``); ``wrk`` drives the load. Every target runs ``--reps`` times; the report keeps
medians. The news-day target (bench/news_day.py) runs readers and the desk together.

Baselines: **M**, a view returning ``HttpResponse("ok")`` through the same gunicorn, settings and
middleware; **S**, nginx serving a static file the size of the article page. Results go to
``bench/results/`` (JSON and Markdown); a ``large`` run also rewrites ``docs/performance.md`` and
its chart.

Smoke mode (CI): small scale, 2 s per target, one repetition, a few seconds of news day; it checks
that every target answered 2xx/3xx, that no accepted comment is missing and that the desk did its
work, not speed. ``--only`` measures some groups (e.g. ``--only news-day``) and ``--env NAME=VALUE``
changes the app's environment for an experiment; such partial runs never rewrite the docs.
"""

import argparse
import json
import os
import platform
import re
import secrets
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from bench.targets import Target, desk_targets, reader_targets

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
# Other ports when another run shares the machine: BENCH_APP_PORT, BENCH_EDGE_PORT.
APP_PORT = int(os.environ.get("BENCH_APP_PORT") or 8781)
EDGE_PORT = int(os.environ.get("BENCH_EDGE_PORT") or 8782)
CORES = os.cpu_count() or 2
MODES = ("uncached", "app-cached", "edge-cached")


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


# Tools and database ------------------------------------------------------------------------


def ensure_tools() -> None:
    """wrk, nginx and, when the project's edge is Varnish (deploy/varnish/newsroom.vcl), varnish and
    varnish-modules (xkey) from Debian, installed when missing (the script runs as root in CI)."""
    missing = [package for package, binary in (("wrk", "wrk"), ("nginx", "nginx")) if not _which(binary)]
    if VCL.exists():
        missing += [] if _which("varnishd") else ["varnish"]
        missing += [] if any(Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so")) else ["varnish-modules"]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(f"bench needs {', '.join(missing)}: apt-get install {' '.join(missing)}")
    log(f"installing {', '.join(missing)} with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)


def _which(binary: str) -> str | None:
    return shutil.which(binary) or next(
        (str(path) for path in (Path("/usr/sbin") / binary, Path("/usr/bin") / binary) if path.exists()), None
    )


def database_url(scale: str, name: str | None = None) -> str:
    """A database of its own per scale: on DATABASE_URL's server, else on the embedded one."""
    name = name or f"newsroom_bench_{scale}"
    base = os.environ.get("DATABASE_URL")
    if base:
        parts = urlsplit(base)
        url = urlunsplit(parts._replace(path=f"/{name}"))
        _create_database(url, name)
        return url
    sys.path.insert(0, str(ROOT))
    from newsroom.embedded_db import embedded_database

    entry = embedded_database(ROOT / "var" / "postgres", name)
    return f"postgres://{entry['USER']}@{quote(entry['HOST'], safe='')}/{name}"


def _create_database(url: str, name: str) -> None:
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def redis_url() -> str | None:
    url = os.environ.get("BENCH_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    host, port = urlsplit(url).hostname or "127.0.0.1", urlsplit(url).port or 6379
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        log("no Redis reachable: the app-cached case uses each worker's own memory")
        return None
    return url


# The app -----------------------------------------------------------------------------------


# What deploy/newsroom.env.example sets, changed only where the bench's machine differs from a production host.
DEPLOY_ENV = ROOT / "deploy" / "newsroom.env.example"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"


def deploy_environment() -> dict:
    """The variables of deploy/newsroom.env.example (``VAR=value`` lines, sh quoting)."""
    values = {}
    for line in DEPLOY_ENV.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, _, raw = line.partition("=")
        values[name] = " ".join(shlex.split(raw)) if raw else ""
    return values


class App:
    """gunicorn started as deploy/systemd/newsroom.service starts it: ``gunicorn -c deploy/gunicorn.conf.py``,
    with deploy/newsroom.env.example's environment (``LOG_LEVEL=INFO``, ``LOG_FORMAT=json``, the default number
    of workers), the page cache on or off."""

    def __init__(self, *, scale: str, db_url: str, redis: str | None, overrides: dict | None = None):
        self.scale = scale
        self.base_env = {
            key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
        }
        self.base_env.update(deploy_environment())
        self.base_env.update(
            {
                # This machine's own: a fresh key, its database, Redis, folders and port.
                "SECRET_KEY": secrets.token_urlsafe(64),
                "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
                "DATABASE_URL": db_url,
                "CACHE_KEY_PREFIX": f"bench-{scale}-{secrets.token_hex(4)}",
                "STATIC_ROOT": str(VAR / "static"),
                "MEDIA_ROOT": str(VAR / f"media-{scale}"),
                "GUNICORN_BIND": f"127.0.0.1:{APP_PORT}",
                # wrk speaks plain http to the app on loopback: no TLS proxy in front to redirect or vouch for.
                "SECURE_SSL_REDIRECT": "false",
                "BEHIND_HTTPS_PROXY": "false",
                "SECURE_HSTS_SECONDS": "0",
                # The bare baseline view M, and comment limits a load generator can post through.
                "BENCH_MODE": "true",
                # The desk's slowest lists at large scale under full load may pass production's 15 s.
                "DB_STATEMENT_TIMEOUT_MS": "0",
                # No edge to purge unless the run starts one (Edge sets it).
                "EDGE_PURGE_URL": "",
            }
        )
        self.base_env.pop("REDIS_URL", None)
        if redis:
            self.base_env["REDIS_URL"] = redis
        self.overrides = dict(overrides or {})
        self.base_env.update(self.overrides)
        self.process = None
        self.log_path = VAR / "app.log"

    def env(self, *, page_cache: bool) -> dict:
        """The app's environment; the page cache on keeps production's lifetime (settings' default)."""
        return self.base_env if page_cache else {**self.base_env, "PAGE_CACHE_SECONDS": "0"}

    def settings(self) -> dict:
        """What the run measured under: gunicorn's settings as deploy/gunicorn.conf.py computes them, the log level."""
        code = (
            "import runpy, json; c = runpy.run_path('deploy/gunicorn.conf.py'); "
            "print(json.dumps({k: c.get(k) for k in ('workers', 'worker_class', 'preload_app', 'max_requests', "
            "'max_requests_jitter', 'timeout')}))"
        )
        completed = subprocess.run(
            [PYTHON, "-c", code], cwd=ROOT, env=self.env(page_cache=False), capture_output=True, text=True, check=True
        )
        gunicorn = json.loads(completed.stdout)
        return {
            "command": "gunicorn -c deploy/gunicorn.conf.py",
            "environment": "deploy/newsroom.env.example",
            **{key: value for key, value in gunicorn.items() if value is not None},
            "log_level": self.base_env.get("LOG_LEVEL"),
            "log_format": self.base_env.get("LOG_FORMAT"),
            "overrides": self.overrides,
        }

    def manage(self, *args: str, timeout: int = 3600) -> None:
        subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env(page_cache=False), check=True, timeout=timeout
        )

    def start(self, *, page_cache: bool, edge_purge_url: str = "") -> None:
        self.stop()
        env = {**self.env(page_cache=page_cache), "EDGE_PURGE_URL": edge_purge_url}
        # The app's log (stderr, the journal under systemd) goes to a file, as a log shipper would read it.
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", str(GUNICORN_CONF)],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        _wait_until_up(f"http://127.0.0.1:{APP_PORT}/bench/ok/")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
            self._log.close()

    def log_lines(self) -> int:
        """Lines the app has written to its log so far (request lines, errors, gunicorn's own)."""
        if not self.log_path.exists():
            return 0
        with self.log_path.open("rb") as log_file:
            return sum(1 for _ in log_file)

    def worker_rss_mb(self) -> float | None:
        try:
            import psutil

            children = psutil.Process(self.process.pid).children()
            return max(child.memory_info().rss for child in children) / 1_048_576
        except Exception:
            return None


def _wait_until_up(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"{url} did not answer within {seconds} s")


VCL = ROOT / "deploy" / "varnish" / "newsroom.vcl"
VARNISH_PORT, PURGE_PORT = EDGE_PORT + 1, EDGE_PORT + 2


class Edge:
    """The edge cache in front of the app, and nginx serving baseline S's static file.

    What production runs: Varnish with deploy/varnish/newsroom.vcl (xkey tags, purged by the app)
    when the project ships it, its backend and probe pointed at the bench's app; the load goes to
    Varnish directly (production's nginx in front of it only terminates TLS, which the bench leaves
    out). Without that file, nginx's ``proxy_cache`` (bench/nginx.conf), the edge before Varnish.
    """

    def __init__(self):
        self.kind = "varnish" if VCL.exists() else "nginx"
        self.process = None
        self.varnish = None

    @property
    def port(self) -> int:
        """Where the edge-cached pages are asked for."""
        return VARNISH_PORT if self.kind == "varnish" else EDGE_PORT

    @property
    def purge_url(self) -> str:
        """The app's EDGE_PURGE_URL for this edge ("" for nginx's proxy_cache: not purged)."""
        return f"http://127.0.0.1:{PURGE_PORT}/" if self.kind == "varnish" else ""

    def start(self, static_body: bytes) -> None:
        for folder in ("www", "nginx-cache", "nginx-tmp", "nginx-logs"):
            (VAR / folder).mkdir(parents=True, exist_ok=True)
            (VAR / folder).chmod(0o777)  # nginx's workers run as nobody when started as root
        (VAR / "www" / "static-baseline.html").write_bytes(static_body)
        (VAR / "www" / "static-baseline.html").chmod(0o644)
        config = (ROOT / "bench" / "nginx.conf").read_text()
        config = config.replace("@VAR@", str(VAR)).replace("@APP_PORT@", str(APP_PORT))
        config = config.replace("@EDGE_PORT@", str(EDGE_PORT)).replace("@WORKERS@", str(CORES))
        (VAR / "nginx.conf").write_text(config)
        shutil.rmtree(VAR / "nginx-cache", ignore_errors=True)
        (VAR / "nginx-cache").mkdir()
        (VAR / "nginx-cache").chmod(0o777)
        self.process = subprocess.Popen(
            [_which("nginx"), "-c", str(VAR / "nginx.conf"), "-p", str(VAR), "-g", "daemon off;"], cwd=VAR
        )
        _wait_until_up(f"http://127.0.0.1:{EDGE_PORT}/static-baseline.html")
        if self.kind == "varnish":
            self._start_varnish()

    def _start_varnish(self) -> None:
        folder = VAR / "varnish"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        vcl = VAR / "newsroom.vcl"
        vcl.write_text(render_vcl())
        self._varnish_log = (VAR / "varnishd.log").open("w")
        self.varnish = subprocess.Popen(
            [
                *(_which("varnishd"), "-F", "-n", str(folder), "-j", "none"),
                *("-a", f"pages=127.0.0.1:{VARNISH_PORT},HTTP", "-a", f"purge=127.0.0.1:{PURGE_PORT},HTTP"),
                *("-T", "none", "-f", str(vcl), "-s", "malloc,512m"),
            ],
            stdout=self._varnish_log,
            stderr=subprocess.STDOUT,
        )
        _wait_until_up(f"http://127.0.0.1:{VARNISH_PORT}/bench/ok/")

    def stop(self) -> None:
        for name in ("varnish", "process"):
            process = getattr(self, name)
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
                setattr(self, name, None)


def render_vcl() -> str:
    """deploy/varnish/newsroom.vcl with the bench's app as its one backend, probed with a host it allows."""
    text = VCL.read_text()
    replacements = {'.port = "8000";': f'.port = "{APP_PORT}";', '"Host: news.example.vn"': '"Host: 127.0.0.1"'}
    for production, here in replacements.items():
        if production not in text:
            sys.exit(f"{VCL} no longer says {production!r}: update bench/run.py's render_vcl")
        text = text.replace(production, here)
    return text


# Load --------------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, *, duration: float, connections: int, headers=(), script: Path | None = None) -> dict:
    command = [
        _which("wrk"),
        "-t2",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", str(script)]
    completed = subprocess.run([*command, url], capture_output=True, text=True, timeout=duration + 60)
    output = completed.stdout

    def number(pattern: str, default: float = 0.0) -> float:
        match = re.search(pattern, output)
        return float(match[1]) if match else default

    def latency(percentile: str) -> float | None:
        match = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return round(float(match[1]) * _UNITS[match[2]], 3) if match else None

    counts = {
        match[1]: {key: int(value) for key, value in re.findall(r"(\S+)=(\d+)", match[2])}
        for match in re.finditer(r"^@@(\S+)(.*)$", output, re.M)
    }
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "requests": int(number(r"(\d+) requests in")),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "not_2xx_3xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
        "socket_errors": sum(int(value) for value in errors.groups()) if errors else 0,
        **({"counts": counts} if counts else {}),
        **({"stderr": completed.stderr[-2000:]} if completed.stderr.strip() else {}),
    }


def measure(
    url: str, *, reps: int, duration: float, connections: int, headers=(), script=None, warm_up: bool = True
) -> dict:
    """Warm up, then ``reps`` runs; the medians, and the worst error counts."""
    if warm_up:
        wrk(url, duration=min(1.0, duration), connections=connections, headers=headers, script=script)
    runs = [wrk(url, duration=duration, connections=connections, headers=headers, script=script) for _ in range(reps)]
    slow = all(run["requests"] == 0 for run in runs)
    if slow:
        # No request finished within the run (a slow page queued behind many connections, as the desk's pages
        # are on a loaded machine): measure it again, longer and with two connections, rather than report nothing.
        runs = [wrk(url, duration=max(10.0, duration), connections=2, headers=headers, script=script)]

    def median(key):
        values = [run[key] for run in runs if run[key] is not None]
        return round(statistics.median(values), 3) if values else None

    return {
        "rps": median("rps"),
        "p50_ms": median("p50_ms"),
        "p99_ms": median("p99_ms"),
        "requests": sum(run["requests"] for run in runs),
        "not_2xx_3xx": max(run["not_2xx_3xx"] for run in runs),
        "socket_errors": max(run["socket_errors"] for run in runs),
        "remeasured_slow": slow,
        "runs": runs,
    }


# Helpers that ask the app itself -----------------------------------------------------------


def run_django(app: App, code: str, *, page_cache: bool = False, **variables: str) -> dict:
    """Run ``code`` (which sets ``result``) inside Django with the app's settings; return ``result``."""
    program = (
        "import django, json, os\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'newsroom.settings')\n"
        "django.setup()\n" + code + "\nprint('@@RESULT@@' + json.dumps(result))\n"
    )
    completed = subprocess.run(
        [PYTHON, "-c", program],
        cwd=ROOT,
        env={**app.env(page_cache=page_cache), **variables},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if completed.returncode != 0:
        sys.exit(f"bench helper failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.split("@@RESULT@@", 1)[1])


QUERY_COUNTER = """
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

targets = json.loads(os.environ['BENCH_TARGETS'])
users = json.loads(os.environ['BENCH_USERS'])
result = {}
for name, path, login in targets:
    client = Client()
    if login:
        client.force_login(get_user_model().objects.get(username=users[login]))
    cache.clear()
    client.get(path)  # the first request also fills what later requests find remembered
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    result[name] = {"queries": len(queries), "status": response.status_code}
"""

SESSIONS = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

users = json.loads(os.environ['BENCH_USERS'])
result = {}
for role, username in users.items():
    user = get_user_model().objects.get(username=username)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    result[role] = session.session_key
"""

COMMENT_COUNT = """
from comments.models import Comment
result = {"count": Comment.objects.filter(article_id=int(os.environ['BENCH_ARTICLE'])).count()}
"""


def count_queries(app: App, targets: list[Target], users: dict) -> dict:
    targets_json = json.dumps([(t.name, t.path, t.login) for t in targets])
    return run_django(app, QUERY_COUNTER, BENCH_TARGETS=targets_json, BENCH_USERS=json.dumps(users))


def comment_count(app: App, article_id: int) -> int:
    return run_django(app, COMMENT_COUNT, BENCH_ARTICLE=str(article_id))["count"]


def comment_post_script(article_id: int) -> Path:
    """A wrk script posting distinct comments with a real CSRF cookie and form token."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"http://127.0.0.1:{APP_PORT}/y-kien/phien/{article_id}/", timeout=60) as response:
        tokens = json.load(response)
    csrf_cookie = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    script = VAR / "comment_post.lua"
    script.write_text(
        (ROOT / "bench" / "comment_post.lua")
        .read_text()
        .replace("@PATH@", f"/y-kien/gui/{article_id}/")
        .replace("@RUN@", secrets.token_hex(4))  # texts differ from any earlier run's: no duplicates
        .replace("@CSRF_COOKIE@", csrf_cookie)
        .replace("@CSRF@", quote(tokens["csrf"], safe=""))
        .replace("@TOKEN@", quote(tokens["token"], safe=""))
    )
    return script


# The run -----------------------------------------------------------------------------------


DATASET_CHECK = """
from django.contrib.auth import get_user_model
from articles.models import Article
users = json.loads(os.environ['BENCH_USERS'])
result = {
    "articles": Article.objects.count(),
    "users": get_user_model().objects.filter(username__in=users).count() == len(users),
}
"""


def load_dataset(scale: str, app: App) -> dict:
    """The dataset description, generating the data first unless this very database already holds it."""
    path = RESULTS / f"dataset-{scale}.json"
    if path.exists():
        dataset = json.loads(path.read_text())
        users = [dataset["users"]["editor"], dataset["users"]["moderator"]]
        found = run_django(app, DATASET_CHECK, BENCH_USERS=json.dumps(users))
        if found["users"] and found["articles"] == dataset["counts"]["articles"]:
            log(f"reusing the generated {scale} dataset ({path.name})")
            return dataset
    log(f"generating the {scale} dataset")
    started = time.monotonic()
    subprocess.run(
        [PYTHON, "-m", "bench.generate", "--scale", scale, "--reset"],
        cwd=ROOT,
        env=app.env(page_cache=False),
        check=True,
        timeout=3600,
    )
    log(f"dataset generated in {time.monotonic() - started:.0f} s")
    return json.loads(path.read_text())


GROUPS = ("M", "uncached", "desk", "comment", "S", "app-cached", "edge-cached", "news-day")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=("small", "large"), default="small")
    parser.add_argument("--smoke", action="store_true", help="2 s per target, 1 repetition; checks answers only")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per run")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database", help="an already generated database to reuse (default newsroom_bench_<scale>)")
    parser.add_argument(
        "--only",
        type=lambda value: [group.strip() for group in value.split(",") if group.strip()],
        help=f"measure only these groups, comma-separated ({', '.join(GROUPS)}); a partial run never rewrites "
        "docs/performance.md or the *-latest results",
    )
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an experiment: the app's environment changed from deploy/'s (e.g. LOG_LEVEL=WARNING); the run is partial",
    )
    args = parser.parse_args(argv)
    unknown = set(args.only or ()) - set(GROUPS)
    if unknown:
        parser.error(f"unknown groups {', '.join(sorted(unknown))}; choose among {', '.join(GROUPS)}")
    if any("=" not in item for item in args.env):
        parser.error("--env takes NAME=VALUE")
    if args.smoke:
        args.duration, args.reps = 2.0, 1
    groups = set(args.only or GROUPS)
    overrides = dict(item.split("=", 1) for item in args.env)

    VAR.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    ensure_tools()
    app = App(scale=args.scale, db_url=database_url(args.scale, args.database), redis=redis_url(), overrides=overrides)
    app.log_path.unlink(missing_ok=True)
    edge = Edge()
    log("migrating and collecting static files")
    app.manage("migrate", "--noinput", "-v0")
    app.manage("collectstatic", "--noinput", "-v0")
    dataset = load_dataset(args.scale, app)
    public, desk = reader_targets(dataset), desk_targets(dataset)
    users = {"editor": dataset["users"]["editor"], "moderator": dataset["users"]["moderator"]}
    results = {"scale": args.scale, "smoke": args.smoke, "started": datetime.now(UTC).isoformat(), "targets": {}}
    if args.only or overrides:
        results["partial"] = sorted(groups, key=GROUPS.index)
    results["machine"] = machine()
    results["app"] = app.settings()
    results["edge"] = {
        "varnish": "Varnish, deploy/varnish/newsroom.vcl",
        "nginx": "nginx proxy_cache, bench/nginx.conf",
    }[edge.kind]
    log(
        f"app: {results['app']['command']}, {results['app']['workers']} workers, "
        f"LOG_LEVEL={results['app']['log_level']}" + (f", overrides {overrides}" if overrides else "")
    )
    measure_args = {"reps": args.reps, "duration": args.duration, "connections": args.connections}
    log_lines = {}
    try:
        if groups & {"M", "uncached", "desk", "comment"}:
            app.start(page_cache=False)
            if "M" in groups:
                results["baseline_M"] = measure(f"http://127.0.0.1:{APP_PORT}/bench/ok/", **measure_args)
                log(f"M = {results['baseline_M']['rps']} req/s")
            measured = [t for t in public if "uncached" in groups] + [t for t in desk if "desk" in groups]
            if measured:
                log("counting SQL queries per request")
                uncached_queries = count_queries(app, measured, users)
                sessions = run_django(app, SESSIONS, BENCH_USERS=json.dumps(users))
            for target in measured:
                headers = [f"Cookie: sessionid={sessions[target.login]}"] if target.login else []
                entry = measure(f"http://127.0.0.1:{APP_PORT}{target.path}", headers=headers, **measure_args)
                entry["queries"] = uncached_queries[target.name]["queries"]
                if target.name.startswith("sitemap"):
                    entry["worker_rss_mb"] = app.worker_rss_mb()
                results["targets"].setdefault(target.name, {"path": target.path})[
                    "uncached" if target.public else "desk"
                ] = entry
                log(f"{target.name:35} uncached {entry['rps']:>9} req/s  p99 {entry['p99_ms']} ms")
            if "comment" in groups:
                results["comment_post"] = comment_post(app, dataset, measure_args)
            log_lines["uncached"] = app.log_lines()

        if groups & {"S", "app-cached", "edge-cached"}:
            app.start(page_cache=True, edge_purge_url=edge.purge_url if groups & {"S", "edge-cached"} else "")
            article_page = urllib.request.urlopen(
                f"http://127.0.0.1:{APP_PORT}{dataset['targets']['article_url']}", timeout=10
            ).read()
            if groups & {"S", "edge-cached"}:
                edge.start(article_page)
            if "S" in groups:
                results["baseline_S"] = measure(f"http://127.0.0.1:{EDGE_PORT}/static-baseline.html", **measure_args)
                log(f"S = {results['baseline_S']['rps']} req/s")
            for mode, port in (("app-cached", APP_PORT), ("edge-cached", edge.port)):
                if mode not in groups:
                    continue
                for target in public:
                    entry = measure(f"http://127.0.0.1:{port}{target.path}", **measure_args)
                    results["targets"].setdefault(target.name, {"path": target.path})[mode] = entry
                    log(f"{target.name:35} {mode} {entry['rps']:>9} req/s  p99 {entry['p99_ms']} ms")
            edge.stop()
            log_lines["cached"] = app.log_lines() - sum(log_lines.values())

        if "news-day" in groups:
            from bench import news_day

            results["news_day"] = news_day.run(app, dataset, smoke=args.smoke, connections=args.connections, log=log)
            log_lines["news-day"] = app.log_lines() - sum(log_lines.values())
    finally:
        edge.stop()
        app.stop()
    results["app"]["log_lines"] = log_lines

    from bench import report

    return report.write(results, dataset)


def comment_post(app: App, dataset: dict, measure_args: dict) -> dict:
    """Comment POST throughput, then the count check: every accepted comment is in the database."""
    article_id = dataset["targets"]["article_id"]
    before = comment_count(app, article_id)
    script = comment_post_script(article_id)
    url = f"http://127.0.0.1:{APP_PORT}/y-kien/gui/{article_id}/"
    entry = measure(url, script=script, warm_up=False, **measure_args)
    accepted = sum(run["requests"] - run["not_2xx_3xx"] for run in entry["runs"])
    stored = comment_count(app, article_id) - before
    entry.update({"accepted": accepted, "stored": stored, "missing": max(0, accepted - stored)})
    log(f"comment POST {entry['rps']} req/s; accepted {accepted}, stored {stored}")
    return entry


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    memory = next(
        (line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0"
    )
    return {
        "cpu": cpu,
        "cores": CORES,
        "memory_gib": round(int(memory) / 1_048_576, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "wrk": subprocess.run([_which("wrk"), "-v"], capture_output=True, text=True).stdout.splitlines()[0]
        if _which("wrk")
        else None,
    }


if __name__ == "__main__":
    sys.exit(main())
