"""Two app hosts behind nginx, sharing PostgreSQL and Redis: what one host does, the other and the edge see.

Everything runs for real and belongs to the test, stopped in ``finally`` blocks:

- a fresh database on the test's PostgreSQL server (the embedded one, or ``DATABASE_URL``'s in
  CI), migrated by ``manage.py migrate``; static files collected as in production;
- two gunicorn instances started with deploy/gunicorn.conf.py and production settings
  (``DJANGO_ENV=production``: https only, secure cookies), sharing that database and Redis
  (``REDIS_URL``'s server, or 127.0.0.1:6379, database 14, under a key prefix of their own);
- nginx with deploy/nginx/newsroom.conf (ports, paths and certificate changed) in front of both,
  purged by the app (``EDGE_PURGE_URL``).

They start once for the module (about half a minute). A page built by one host is a hit on the
other; an editor publishes through host A's admin and a reader reading through nginx sees the
story at once (the page cache is shared, the edge was purged); two comments from one reader,
through host A then host B, meet the one-per-15-seconds limit while another reader is not held
back; both hosts log JSON lines with nginx's request ids. The hosts are also reached directly,
the way nginx reaches them (``X-Forwarded-Proto``, ``X-Forwarded-For``, the site's ``Host``).
"""

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import psycopg2
import pytest
import redis
from django.conf import settings as django_settings
from psycopg2 import sql

from tests.ops import DEPLOY, PROJECT_ROOT, Browser, Edge, environment, free_port, scratch_folder, stop, wait_until_up

HOST = "localhost"
EDITOR = {"username": "bientap_hai_may", "password": "mat-khau-bien-tap-2026"}
HEADLINE = "Khai mạc Lễ hội Cà phê Buôn Ma Thuột lần thứ 9"
ARTICLE_PATH = "/thoi-su/khai-mac-le-hoi-ca-phe-buon-ma-thuot-lan-thu-9-{}.html"
SETUP = """
from datetime import timedelta
from django.contrib.auth.models import Group, User
from django.utils import timezone
from articles.models import Article, Section

editor = User.objects.create_user(os.environ["EDITOR_USERNAME"], "bientap@example.com", os.environ["EDITOR_PASSWORD"])
editor.is_staff = True
editor.save(update_fields=["is_staff"])
editor.groups.add(Group.objects.get(name="Biên tập viên"))
draft = Article.objects.create(
    headline=os.environ["HEADLINE"],
    slug="khai-mac-le-hoi-ca-phe-buon-ma-thuot-lan-thu-9",
    lead="Tối 10-3, tại Quảng trường 10-3, tỉnh khai mạc Lễ hội Cà phê.",
    body="<p>Lễ hội diễn ra trong năm ngày.</p>",
    section=Section.objects.get(slug="thoi-su"),
    credit_line="Hồng Chuyên",
)
live = Article.objects.create(
    headline="Đắk Lắk đón đoàn khách quốc tế đầu tiên",
    slug="dak-lak-don-doan-khach-quoc-te-dau-tien",
    lead="Sáng nay, đoàn khách đầu tiên đến Buôn Ma Thuột.",
    body="<p>Đoàn gồm 120 khách.</p>",
    section=Section.objects.get(slug="thoi-su"),
    credit_line="Hồng Chuyên",
    status=Article.Status.PUBLISHED,
    published_at=timezone.now() - timedelta(hours=1),
)
result = {"draft": draft.pk, "live": live.pk}
"""


# The servers ---------------------------------------------------------------------------------


def _database_server() -> dict:
    """How to reach the test's PostgreSQL server (embedded, or DATABASE_URL's)."""
    entry = django_settings.DATABASES["default"]
    return {"user": entry["USER"], "password": entry["PASSWORD"], "host": entry["HOST"], "port": entry["PORT"] or None}


@contextlib.contextmanager
def fresh_database():
    """A new, empty database on the test's server, as a ``DATABASE_URL``; dropped afterwards."""
    server = _database_server()
    name = f"newsroom_two_hosts_{secrets.token_hex(4)}"
    _run_sql(server, sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(sql.Identifier(name)))
    credentials = quote(server["user"], safe="") + (
        f":{quote(server['password'], safe='')}" if server["password"] else ""
    )
    location = quote(server["host"], safe="") + (f":{server['port']}" if server["port"] else "")
    try:
        yield f"postgres://{credentials}@{location}/{name}"
    finally:
        _run_sql(server, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _run_sql(server: dict, statement) -> None:
    connection = psycopg2.connect(dbname="postgres", **server)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


@contextlib.contextmanager
def shared_redis(folder: Path):
    """A Redis database the app hosts share (14 on REDIS_URL's server or 127.0.0.1:6379), keys removed afterwards.

    Without a Redis server listening there, one is started for the test (``redis-server``).
    """
    configured = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    host, port, started = configured.hostname or "127.0.0.1", configured.port or 6379, None
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        if not shutil.which("redis-server"):
            pytest.fail(f"no Redis at {host}:{port} and no redis-server to start: apt-get install redis-server")
        host, port = "127.0.0.1", free_port()
        started = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", host, "--save", "", "--appendonly", "no"],
            cwd=folder,
            stdout=subprocess.DEVNULL,
        )
    prefix = f"ops-two-hosts-{secrets.token_hex(4)}"
    client = redis.Redis(host=host, port=port, db=14)
    try:
        yield f"redis://{host}:{port}/14", prefix
    finally:
        with contextlib.suppress(redis.RedisError):
            keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
        client.close()
        stop(started)


def manage(env: dict, *args: str) -> subprocess.Popen:
    """``manage.py <args>`` started in the background with ``env`` (``finish`` waits for it)."""
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen, what: str, timeout: int = 300) -> str:
    stdout, stderr = process.communicate(timeout=timeout)
    assert process.returncode == 0, f"{what} failed:\n{stderr[-3000:]}"
    return stdout


def start_app_host(env: dict, port: int, log: Path) -> subprocess.Popen:
    """gunicorn as deploy/systemd/newsroom.service starts it, bound to ``port``, logging to ``log``."""
    with log.open("w") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py")],
            cwd=PROJECT_ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"},
            stdout=output,
            stderr=subprocess.STDOUT,
        )


# What nginx would send -----------------------------------------------------------------------


def through_proxy(reader_address: str = "203.0.113.9", **extra) -> dict:
    """The headers nginx adds in front of an app host (deploy/nginx/newsroom.conf)."""
    return {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": reader_address, **extra}


def form(browser: Browser, url: str, fields: dict, *, referer: str, reader_address: str = "203.0.113.9"):
    """POST ``fields`` with the browser's CSRF cookie, as a form on an https page of the site does."""
    data = urlencode({**fields, "csrfmiddlewaretoken": browser.cookies["csrftoken"]}).encode()
    headers = through_proxy(
        reader_address, Referer=f"https://{HOST}{referer}", **{"Content-Type": "application/x-www-form-urlencoded"}
    )
    return browser.fetch(url, method="POST", data=data, headers=headers)


def wait_for_a_fresh_rate_window(seconds: int = 15, margin: float = 3.0) -> None:
    """Sleep into the next rate-limit window when the current one ends within ``margin`` seconds.

    Comment limits count in fixed windows aligned on their length (comments/abuse.py): two posts
    on either side of a window's edge would both pass. Same machine, same clock as the hosts.
    """
    left = seconds - time.time() % seconds
    if left < margin:
        time.sleep(left + 0.05)


def log_entries(log: Path) -> list[dict]:
    """The JSON lines an app host wrote (LOG_FORMAT=json), gunicorn's own lines left out."""
    return [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]


# The cluster ---------------------------------------------------------------------------------


@dataclass
class Cluster:
    edge: Edge
    host_a: str  # base URLs of the two app hosts
    host_b: str
    logs: dict  # host base URL -> its log file
    draft: int  # an article ready to publish
    live: int  # an article already published


@pytest.fixture(scope="module")
def cluster():
    folder = scratch_folder("newsroom-two-hosts-")
    with contextlib.ExitStack() as running:
        running.callback(shutil.rmtree, folder, ignore_errors=True)
        database_url = running.enter_context(fresh_database())
        redis_url, cache_prefix = running.enter_context(shared_redis(folder))
        port_a, port_b = free_port(), free_port()
        edge = Edge(folder, upstreams=[f"127.0.0.1:{port_a}", f"127.0.0.1:{port_b}"])
        env = environment(
            DJANGO_ENV="production",
            SECRET_KEY=secrets.token_urlsafe(64),
            ALLOWED_HOSTS=HOST,
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            CACHE_KEY_PREFIX=cache_prefix,
            STATIC_ROOT=str(folder / "static"),
            MEDIA_ROOT=str(folder / "media"),
            TRUSTED_PROXIES="127.0.0.1",
            EDGE_PURGE_URL=edge.purge_url,
            LOG_FORMAT="json",
            COMMENTS_MIN_SECONDS="0",  # the test posts as soon as it has the form's token
        )

        migrate = manage(env, "migrate", "--noinput", "-v0")
        collect = manage(env, "collectstatic", "--noinput", "-v0")
        finish(migrate, "migrate")
        finish(collect, "collectstatic")
        setup_env = {**env, "HEADLINE": HEADLINE, "EDITOR_USERNAME": EDITOR["username"]}
        setup_env["EDITOR_PASSWORD"] = EDITOR["password"]
        program = f"import os, json\n{SETUP}\nprint('@@' + json.dumps(result))"
        created = json.loads(finish(manage(setup_env, "shell", "-c", program), "setup").split("@@")[-1])

        a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
        logs = {a: folder / "host-a.log", b: folder / "host-b.log"}
        host_a, host_b = start_app_host(env, port_a, logs[a]), start_app_host(env, port_b, logs[b])
        running.callback(stop, host_b)
        running.callback(stop, host_a)
        wait_until_up(f"{a}/healthz", process=host_a)
        wait_until_up(f"{b}/healthz", process=host_b)
        edge.start()
        running.callback(edge.stop)
        yield Cluster(edge=edge, host_a=a, host_b=b, logs=logs, draft=created["draft"], live=created["live"])
        assert edge.error_log().count("[error]") == 0, edge.error_log()


@pytest.fixture
def reader(cluster):
    """A reader's browser, reading through nginx."""
    return Browser(cluster.edge.certificate)


def publish_in_the_admin(host: str, article_id: int) -> str:
    """Log in to ``host``'s admin as the editor, publish ``article_id`` with the list's action; the list after."""
    desk, office = Browser(), "198.51.100.20"
    assert desk.fetch(f"{host}/admin/login/", headers=through_proxy(office)).status == 200
    login = form(desk, f"{host}/admin/login/?next=/admin/", EDITOR, referer="/admin/login/", reader_address=office)
    assert login.status == 302, login.body[-2000:]
    action = {"action": "publish_selected", "_selected_action": str(article_id), "index": "0"}
    changelist = "/admin/articles/article/"
    assert form(desk, f"{host}{changelist}", action, referer=changelist, reader_address=office).status == 302
    return desk.fetch(f"{host}{changelist}", headers=through_proxy(office)).body


def comment(host: str, browser: Browser, article_id: int, *, reader_address: str, number: int):
    """Fetch the form's tokens from ``host`` (as comments.js does), then post comment ``number`` there."""
    tokens = json.loads(browser.fetch(f"{host}/y-kien/phien/{article_id}/", headers=through_proxy(reader_address)).body)
    fields = {
        "name": f"Bạn đọc {number}",
        "email": f"bandoc{number}@example.com",
        "body": f"Ý kiến số {number}: lễ hội năm nay rất đông vui.",
        "parent": "",
        "website": "",
        "token": tokens["token"],
    }
    url = f"{host}/y-kien/gui/{article_id}/"
    return form(browser, url, fields, referer=f"/y-kien/gui/{article_id}/", reader_address=reader_address)


# The tests -----------------------------------------------------------------------------------


def test_both_hosts_are_ready_and_so_is_the_site_through_nginx(cluster, reader):
    for host in (cluster.host_a, cluster.host_b):
        answer = Browser().fetch(f"{host}/readyz", headers={"Host": HOST})
        assert json.loads(answer.body) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert reader.fetch(cluster.edge.url("/readyz")).status == 200


def test_a_page_one_host_built_is_served_from_the_cache_by_the_other(cluster):
    built = Browser().fetch(f"{cluster.host_a}/thoi-su/", headers=through_proxy())
    served = Browser().fetch(f"{cluster.host_b}/thoi-su/", headers=through_proxy())

    assert (built.header("X-Page-Cache"), served.header("X-Page-Cache")) == ("miss", "hit")
    assert served.body == built.body


def test_a_story_published_on_host_a_reaches_readers_through_nginx_at_once(cluster, reader):
    before, held = reader.fetch(cluster.edge.url("/")), reader.fetch(cluster.edge.url("/"))
    assert before.status == 200 and HEADLINE not in before.body
    assert held.header("X-Edge-Cache") == "HIT"

    changelist = publish_in_the_admin(cluster.host_a, cluster.draft)

    after = reader.fetch(cluster.edge.url("/"))
    assert "Đã xuất bản 1 bài." in changelist
    assert after.status == 200
    assert HEADLINE in after.body, f"the edge still serves the homepage from before ({after.header('X-Edge-Cache')})"
    assert after.header("X-Edge-Cache") == "MISS"  # the copy held before the publication is gone
    assert reader.fetch(cluster.edge.url("/")).header("X-Edge-Cache") == "HIT"  # and the new one is held
    assert HEADLINE in Browser().fetch(f"{cluster.host_b}/", headers=through_proxy()).body
    story = reader.fetch(cluster.edge.url(ARTICLE_PATH.format(cluster.draft)))
    assert story.status == 200 and HEADLINE in story.body


def test_one_reader_commenting_through_both_hosts_is_held_to_one_comment_per_15_seconds(cluster):
    same_reader = Browser()
    wait_for_a_fresh_rate_window()

    first = comment(cluster.host_a, same_reader, cluster.live, reader_address="203.0.113.9", number=1)
    second = comment(cluster.host_b, same_reader, cluster.live, reader_address="203.0.113.9", number=2)
    someone_else = comment(cluster.host_b, Browser(), cluster.live, reader_address="203.0.113.10", number=3)

    assert first.status == 303
    assert second.status == 429, second.body[-1000:]
    assert someone_else.status == 303


def test_each_host_logs_json_lines_with_the_request_id_nginx_gave(cluster, reader):
    # The edge logs every request; an app host adds a line only when it has something to say (here Django's
    # warning about a page not found; also slow requests and server errors), with the same id.
    through_nginx = reader.fetch(cluster.edge.url("/the/khong-co-the-nay/"))
    probe = Browser().fetch(
        f"{cluster.host_b}/tac-gia/khong-co-tac-gia-nay/",
        headers=through_proxy(**{"X-Request-ID": "two-hosts-probe-1"}),
    )
    quick = Browser().fetch(f"{cluster.host_b}/healthz", headers={"Host": HOST, "X-Request-ID": "two-hosts-probe-2"})

    entries = [entry for log in cluster.logs.values() for entry in log_entries(log)]
    assert (probe.status, probe.header("X-Request-ID")) == (404, "two-hosts-probe-1")
    probe_line = next(
        entry for entry in log_entries(cluster.logs[cluster.host_b]) if entry.get("request_id") == "two-hosts-probe-1"
    )
    assert {"logger": "django.request", "level": "WARNING"}.items() <= probe_line.items()
    assert probe_line["message"] == "Not Found: /tac-gia/khong-co-tac-gia-nay/"
    nginx_line = next(entry for entry in entries if entry.get("request_id") == through_nginx.header("X-Request-ID"))
    assert nginx_line["message"] == "Not Found: /the/khong-co-the-nay/"
    assert quick.header("X-Request-ID") == "two-hosts-probe-2"
    assert not [entry for entry in entries if entry.get("request_id") == "two-hosts-probe-2"]  # quick, fine: no line
