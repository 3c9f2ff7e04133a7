"""Two app hosts behind the edge (nginx, then Varnish), sharing PostgreSQL and Redis: what one host does, the
other and the edge see.

Everything runs for real and belongs to the test, stopped in ``finally`` blocks:

- a fresh database on the test's PostgreSQL server (the embedded one, or ``DATABASE_URL``'s in
  CI), migrated by ``manage.py migrate``; static files collected as in production;
- two gunicorn instances started with deploy/gunicorn.conf.py and production settings
  (``DJANGO_ENV=production``: https only, secure cookies), sharing that database and Redis
  (``REDIS_URL``'s server, or 127.0.0.1:6379, database 14, under a key prefix of their own);
- Varnish with deploy/varnish/newsroom.vcl (ports, backends and host name changed) balancing over
  both and purged by tag by the app (``EDGE_PURGE_URL``), and nginx with
  deploy/nginx/newsroom.conf (ports, paths and certificate changed) in front of it.

They start once for the module (about half a minute). A page built by one host is a hit on the
other. Through the edge, each change drops what it touched and nothing else: a publication the
homepage and its section (served stale once while one fetch refreshes them) but no other
article's page; a body edit that article's page but not the homepage; a comment approved one
page; a takedown its pages at once, never served stale. Two comments from one reader, through
host A then host B, meet the one-per-15-seconds limit while another reader is not held back;
both hosts log JSON lines with nginx's request ids. The hosts are also reached directly, the
way Varnish reaches them (``X-Forwarded-Proto``, ``X-Forwarded-For``, the site's ``Host``).
"""

import contextlib
import json
import os
import re
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

from tests.ops import (
    DEPLOY,
    PROJECT_ROOT,
    Browser,
    Edge,
    Varnish,
    environment,
    free_port,
    refreshed_at_the_edge,
    scratch_folder,
    stop,
    wait_until_up,
)
from tests.test_admin_vietnamese import FormFields

HOST = "localhost"
OFFICE = "198.51.100.20"  # the newsroom's address, for the desk's requests
EDITOR = {"username": "bientap_hai_may", "password": "mat-khau-bien-tap-2026"}
MODERATOR = {"username": "kiemduyet_hai_may", "password": "mat-khau-kiem-duyet-2026"}
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
moderator = User.objects.create_user(
    os.environ["MODERATOR_USERNAME"], "kiemduyet@example.com", os.environ["MODERATOR_PASSWORD"]
)
moderator.is_staff = True
moderator.save(update_fields=["is_staff"])
moderator.groups.add(Group.objects.get(name="Kiểm duyệt viên"))
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
economy = Article.objects.create(
    headline="Giá cà phê nhân xô tăng mạnh đầu vụ",
    slug="gia-ca-phe-nhan-xo-tang-manh-dau-vu",
    lead="Giá cà phê nhân xô hôm nay tăng 2.000 đồng mỗi ký.",
    body="<p>Thương lái thu mua sôi động.</p>",
    section=Section.objects.get(slug="kinh-te"),
    credit_line="Hồng Chuyên",
    status=Article.Status.PUBLISHED,
    published_at=timezone.now() - timedelta(hours=2),
)
result = {
    "draft": draft.pk,
    "live": live.pk,
    "pages": {
        "live": live.get_absolute_url(),
        "economy": economy.get_absolute_url(),
        "story": f"/{draft.section.slug}/{draft.slug}-{draft.pk}.html",
    },
}
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
    varnish: Varnish
    host_a: str  # base URLs of the two app hosts
    host_b: str
    logs: dict  # host base URL -> its log file
    draft: int  # an article ready to publish
    live: int  # an article already published
    pages: dict  # paths of the live article ("live"), one in another section ("economy"), the draft's ("story")

    def url(self, path: str) -> str:
        return self.edge.url(path)


@pytest.fixture(scope="module")
def cluster():
    folder = scratch_folder("newsroom-two-hosts-")
    with contextlib.ExitStack() as running:
        running.callback(shutil.rmtree, folder, ignore_errors=True)
        database_url = running.enter_context(fresh_database())
        redis_url, cache_prefix = running.enter_context(shared_redis(folder))
        port_a, port_b = free_port(), free_port()
        varnish = Varnish(folder, backends=[f"127.0.0.1:{port_a}", f"127.0.0.1:{port_b}"])
        edge = Edge(folder, upstream=varnish.pages)
        env = environment(
            DJANGO_ENV="production",
            SECRET_KEY=secrets.token_urlsafe(64),
            ALLOWED_HOSTS=HOST,
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            CACHE_KEY_PREFIX=cache_prefix,
            STATIC_ROOT=str(folder / "static"),
            MEDIA_ROOT=str(folder / "media"),
            TRUSTED_PROXIES="127.0.0.1",  # Varnish (which nginx reaches on this machine too)
            EDGE_PURGE_URL=varnish.purge_url,
            LOG_FORMAT="json",
            COMMENTS_MIN_SECONDS="0",  # the test posts as soon as it has the form's token
        )

        migrate = manage(env, "migrate", "--noinput", "-v0")
        collect = manage(env, "collectstatic", "--noinput", "-v0")
        finish(migrate, "migrate")
        finish(collect, "collectstatic")
        setup_env = {**env, "HEADLINE": HEADLINE, "EDITOR_USERNAME": EDITOR["username"]}
        setup_env["EDITOR_PASSWORD"] = EDITOR["password"]
        setup_env.update(MODERATOR_USERNAME=MODERATOR["username"], MODERATOR_PASSWORD=MODERATOR["password"])
        program = f"import os, json\n{SETUP}\nprint('@@' + json.dumps(result))"
        created = json.loads(finish(manage(setup_env, "shell", "-c", program), "setup").split("@@")[-1])

        a, b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
        logs = {a: folder / "host-a.log", b: folder / "host-b.log"}
        host_a, host_b = start_app_host(env, port_a, logs[a]), start_app_host(env, port_b, logs[b])
        running.callback(stop, host_b)
        running.callback(stop, host_a)
        wait_until_up(f"{a}/healthz", process=host_a)
        wait_until_up(f"{b}/healthz", process=host_b)
        varnish.start()
        running.callback(varnish.stop)
        edge.start()
        running.callback(edge.stop)
        yield Cluster(
            edge=edge,
            varnish=varnish,
            host_a=a,
            host_b=b,
            logs=logs,
            draft=created["draft"],
            live=created["live"],
            pages=created["pages"],
        )
        assert edge.error_log().count("[error]") == 0, edge.error_log()


@pytest.fixture
def reader(cluster):
    """A reader's browser, reading through nginx."""
    return Browser(cluster.edge.certificate)


def at_the_desk(host: str, account: dict) -> Browser:
    """A staff member's browser, logged in to ``host``'s admin from the office."""
    desk = Browser()
    assert desk.fetch(f"{host}/admin/login/", headers=through_proxy(OFFICE)).status == 200
    login = form(desk, f"{host}/admin/login/?next=/admin/", account, referer="/admin/login/", reader_address=OFFICE)
    assert login.status == 302, login.body[-2000:]
    return desk


def admin_action(host: str, account: dict, changelist: str, action: str, pk: int) -> str:
    """Run the list's ``action`` on row ``pk`` in ``host``'s admin as ``account``; the list after."""
    desk = at_the_desk(host, account)
    fields = {"action": action, "_selected_action": str(pk), "index": "0"}
    assert form(desk, f"{host}{changelist}", fields, referer=changelist, reader_address=OFFICE).status == 302
    return desk.fetch(f"{host}{changelist}", headers=through_proxy(OFFICE)).body


def publish_in_the_admin(host: str, article_id: int) -> str:
    """Publish ``article_id`` with the list's action in ``host``'s admin, as the editor; the list after."""
    return admin_action(host, EDITOR, "/admin/articles/article/", "publish_selected", article_id)


class SentBack(FormFields):
    """The fields a browser sends back from a form: a ticked box without a value says "on", an empty multiple
    select nothing."""

    def handle_starttag(self, tag, attrs):
        named = dict(attrs)
        if tag == "input" and named.get("type") == "checkbox" and "checked" in named and "value" not in named:
            attrs = [*attrs, ("value", "on")]
        if tag == "select" and "multiple" in named:
            self._multiple = named.get("name")
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "select" and getattr(self, "_multiple", None):
            if not self.data.get(self._multiple):
                self.data.pop(self._multiple, None)
            self._multiple = None
        super().handle_endtag(tag)


def sent_back(html: str) -> dict:
    parser = SentBack()
    parser.feed(html)
    return parser.data


def edit_in_the_admin(host: str, article_id: int, **changes) -> None:
    """Open ``article_id``'s form in ``host``'s admin as the editor, change ``changes`` and save."""
    desk, page = at_the_desk(host, EDITOR), f"/admin/articles/article/{article_id}/change/"
    fields = {**sent_back(desk.fetch(f"{host}{page}", headers=through_proxy(OFFICE)).body), **changes, "_save": "Lưu"}
    saved = form(desk, f"{host}{page}", fields, referer=page, reader_address=OFFICE)
    errors = re.findall(r'<(?:ul|p|div) class="[^"]*error[^"]*"[^>]*>.*?</(?:ul|p|div)>', saved.body, flags=re.S)
    assert saved.status == 302, errors or saved.body[-3000:]


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


def read(reader: Browser, cluster: Cluster, path: str) -> tuple[str | None, str]:
    """The edge's X-Edge-Cache and the page's body, read through nginx."""
    answer = reader.fetch(cluster.url(path))
    assert answer.status == 200, (path, answer.status)
    return answer.header("X-Edge-Cache"), answer.body


def held_at_the_edge(reader: Browser, cluster: Cluster, paths) -> dict:
    """Each page read until the edge serves it from its cache (HIT); their bodies."""
    bodies = {}
    for path in paths:
        for _ in range(20):
            state, bodies[path] = read(reader, cluster, path)
            if state == "HIT":
                break
            time.sleep(0.1)
        assert state == "HIT", f"{path} is not kept at the edge ({state})"
    return bodies


def refreshed(reader: Browser, cluster: Cluster, path: str, old: str, seconds: float = 15) -> str:
    return refreshed_at_the_edge(lambda asked: read(reader, cluster, asked), path, old, seconds)


def test_a_publication_refreshes_the_homepage_and_its_section_but_no_other_article(cluster, reader):
    lists, others = ["/", "/thoi-su/"], [cluster.pages["live"], cluster.pages["economy"]]
    before = held_at_the_edge(reader, cluster, lists + others)
    assert HEADLINE not in before["/"]

    changelist = publish_in_the_admin(cluster.host_a, cluster.draft)

    assert "Đã xuất bản 1 bài." in changelist
    for path in lists:
        # Soft-purged: the previous copy once, while one fetch gets the new one from an app host.
        assert read(reader, cluster, path) == ("STALE", before[path])
        assert HEADLINE in refreshed(reader, cluster, path, before[path])
    for path in others:
        assert read(reader, cluster, path) == ("HIT", before[path]), f"{path} was dropped by the publication"
    assert HEADLINE in Browser().fetch(f"{cluster.host_b}/", headers=through_proxy()).body
    story = reader.fetch(cluster.url(cluster.pages["story"]))
    assert story.status == 200 and HEADLINE in story.body


def test_a_body_edit_refreshes_that_article_only(cluster, reader):
    live, untouched = cluster.pages["live"], ["/", "/thoi-su/", cluster.pages["story"], cluster.pages["economy"]]
    before = held_at_the_edge(reader, cluster, [live, *untouched])

    edit_in_the_admin(cluster.host_b, cluster.live, body="<p>Đoàn gồm 125 khách, đông nhất từ trước đến nay.</p>")

    assert read(reader, cluster, live) == ("STALE", before[live])
    assert "đông nhất từ trước đến nay" in refreshed(reader, cluster, live, before[live])
    for path in untouched:
        assert read(reader, cluster, path) == ("HIT", before[path]), f"{path} was dropped by a body edit"


def test_one_reader_commenting_through_both_hosts_is_held_to_one_comment_per_15_seconds(cluster):
    same_reader = Browser()
    wait_for_a_fresh_rate_window()

    first = comment(cluster.host_a, same_reader, cluster.live, reader_address="203.0.113.9", number=1)
    second = comment(cluster.host_b, same_reader, cluster.live, reader_address="203.0.113.9", number=2)
    someone_else = comment(cluster.host_b, Browser(), cluster.live, reader_address="203.0.113.10", number=3)

    assert first.status == 303
    assert second.status == 429, second.body[-1000:]
    assert someone_else.status == 303


def approval_queue_id(cluster: Cluster, body_text: str) -> int:
    """The id of the comment saying ``body_text``, from the moderators' queue in host A's admin."""
    desk = at_the_desk(cluster.host_a, MODERATOR)
    queue = desk.fetch(
        f"{cluster.host_a}/admin/comments/comment/?{urlencode({'q': body_text})}", headers=through_proxy(OFFICE)
    )
    found = re.findall(r'name="_selected_action" value="(\d+)"', queue.body)
    assert len(found) == 1, f"{len(found)} comments found saying {body_text!r}"
    return int(found[0])


def test_a_comment_approved_refreshes_that_article_only(cluster, reader):
    live, untouched = cluster.pages["live"], ["/", "/thoi-su/", cluster.pages["story"], cluster.pages["economy"]]
    first_comment = "Ý kiến số 1: lễ hội năm nay rất đông vui."
    before = held_at_the_edge(reader, cluster, [live, *untouched])
    assert first_comment not in before[live]  # posted by the test above, waiting for a moderator

    changelist = admin_action(
        cluster.host_a,
        MODERATOR,
        "/admin/comments/comment/",
        "approve_selected",
        approval_queue_id(cluster, "Ý kiến số 1"),
    )

    assert "Đã duyệt 1 ý kiến." in changelist
    assert read(reader, cluster, live) == ("STALE", before[live])
    assert first_comment in refreshed(reader, cluster, live, before[live])
    for path in untouched:
        assert read(reader, cluster, path) == ("HIT", before[path]), f"{path} was dropped by a comment's approval"


def test_a_takedown_is_gone_from_the_edge_at_once_and_never_served_stale(cluster, reader):
    story = cluster.pages["story"]
    before = held_at_the_edge(reader, cluster, [story, "/", "/thoi-su/"])
    assert all(HEADLINE in body for body in before.values())

    changelist = admin_action(cluster.host_b, EDITOR, "/admin/articles/article/", "unpublish_selected", cluster.draft)

    assert "Đã gỡ 1 bài." in changelist
    gone = reader.fetch(cluster.url(story))
    assert gone.status in (404, 410) and HEADLINE not in gone.body
    assert gone.header("X-Edge-Cache") != "STALE"
    for path in ("/", "/thoi-su/"):
        state, body = read(reader, cluster, path)
        assert state == "MISS" and HEADLINE not in body, f"{path} still shows the story taken down ({state})"


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
