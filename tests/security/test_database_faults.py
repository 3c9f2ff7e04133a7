"""PostgreSQL down, unreachable or too slow: readers get a kept copy or the designed 503, commenters keep their text.

The first tests make every query of this process fail the way a stopped
server does (``connection.execute_wrapper``), which pins each answer exactly.
The last one runs the real thing: the app under gunicorn on a PostgreSQL
server owned by the test, which it stops, restarts and locks (statement
timeout) while the app keeps running.
"""

import http.client
import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
from contextlib import closing, contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import OperationalError, ProgrammingError, connection
from django.test import Client

from comments.models import Comment
from comments.moderation import approve_comment
from comments.views import OUTAGE_NOTICE
from newsroom.faults import LAST_GOOD_SECONDS, outage_page
from tests.comments import READER, comment_data, input_value, post_url
from tests.throwaway_postgres import ThrowawayPostgres

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SERVER_GONE = (
    'connection to server on socket "/tmp/.s.PGSQL.5432" failed: No such file or directory\n'
    "\tIs the server running locally and accepting connections on that socket?"
)
OUTAGE_TITLE = "Báo đang bảo trì"
OUTAGE_TEXT = "Vui lòng thử lại sau ít phút"


@contextmanager
def database_down(failing=lambda sql: True):
    """Within the block, every query (or those ``failing(sql)`` picks) fails as with PostgreSQL stopped.

    Yields the list of the statements that were tried and refused.
    """
    refused = []

    def refuse(execute, sql, params, many, context):
        if not failing(sql):
            return execute(sql, params, many, context)
        refused.append(sql)
        raise OperationalError(SERVER_GONE)

    with connection.execute_wrapper(refuse):
        yield refused


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def assert_outage_page(response):
    page = response.content.decode()
    assert response.status_code == 503
    assert OUTAGE_TITLE in page and OUTAGE_TEXT in page
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store"
    assert "Traceback" not in page and "OperationalError" not in page


def error_records(caplog):
    return [record for record in caplog.records if record.levelno >= logging.ERROR]


def assert_logged_once(caplog, logger_name="newsroom.faults"):
    records = error_records(caplog)
    assert [record.name for record in records] == [logger_name]
    assert "OperationalError" in records[0].getMessage()
    assert records[0].exc_info is None  # one line, no traceback


# Readers -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/thoi-su/", "/tim-kiem/?q=hoi+nghi", "/rss/", "ARTICLE"])
def test_a_page_not_in_the_cache_is_the_designed_503_during_an_outage(path, make_published, client, caplog):
    article = make_published()
    path = article.get_absolute_url() if path == "ARTICLE" else path

    with database_down() as refused:
        response = client.get(path)

    assert_outage_page(response)
    assert len(refused) == 1  # the first query fails; the 503 page itself needs none
    assert_logged_once(caplog)


def test_the_503_page_renders_without_any_query(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        response = outage_page()
    assert response.status_code == 503 and OUTAGE_TITLE in response.content.decode()


def test_a_page_the_cache_holds_is_served_as_usual_during_an_outage(make_published, client, caplog):
    article = make_published(headline="Tin đã vào bộ nhớ đệm")
    first = client.get(article.get_absolute_url())

    with database_down() as refused:
        again = client.get(article.get_absolute_url())

    assert (again.status_code, again["X-Page-Cache"], again.content) == (200, "hit", first.content)
    assert refused == [] and error_records(caplog) == []


def test_a_page_changed_since_it_was_cached_is_served_as_its_last_good_copy_during_an_outage(
    make_published, moderator, client, committed, caplog
):
    # A change that adds to the page (a comment approved): its last good copy still stands in during an outage.
    # (A change that removes something, an edit or a takedown, withdraws the copies: test_takedown_outage.py.)
    article = make_published(headline="Tiêu đề cũ")
    first = client.get(article.get_absolute_url())
    comment = Comment.objects.create(
        article=article, name="Bạn đọc", email="b@example.com", body="Ý kiến mới được duyệt.", ip_address="192.0.2.9"
    )
    with committed():
        approve_comment(comment=comment, moderator=moderator)

    with database_down():
        during = client.get(article.get_absolute_url())

    assert (during.status_code, during["X-Page-Cache"]) == (200, "stale")
    assert during.content == first.content and "Ý kiến mới được duyệt." not in during.content.decode()
    assert during["Cache-Control"] == "no-store"  # nobody keeps it once the database is back
    assert_logged_once(caplog)
    after = client.get(article.get_absolute_url())
    assert after["X-Page-Cache"] == "miss" and "Ý kiến mới được duyệt." in after.content.decode()


def test_a_page_past_its_cache_lifetime_is_served_as_its_last_good_copy_during_an_outage(
    make_published, client, settings, time_machine
):
    time_machine.move_to("2026-03-02 09:00 +07:00", tick=False)
    article = make_published()
    first = client.get(article.get_absolute_url())
    time_machine.shift(timedelta(seconds=settings.PAGE_CACHE_SECONDS + 60))

    with database_down():
        during = client.get(article.get_absolute_url())

    assert (during.status_code, during["X-Page-Cache"], during.content) == (200, "stale", first.content)
    assert LAST_GOOD_SECONDS == 86_400  # a day


def test_a_redirect_to_the_canonical_url_is_kept_like_a_page(make_published, client, settings, time_machine):
    time_machine.move_to("2026-03-02 09:00 +07:00", tick=False)
    article = make_published()
    outdated = article.get_absolute_url().replace(article.slug, "tieu-de-cu")
    first = client.get(outdated)
    assert first.status_code == 301
    time_machine.shift(timedelta(seconds=settings.PAGE_CACHE_SECONDS + 60))

    with database_down():
        kept = client.get(outdated)
        other = client.get(outdated + "?da-gui=1")  # another page (a parameter it reads), never stored

    assert (kept.status_code, kept["Location"], kept["X-Page-Cache"]) == (301, first["Location"], "stale")
    assert_outage_page(other)


def test_no_copy_is_kept_of_a_staff_preview(make_published, client, editor):
    article = make_published()
    client.force_login(editor)
    assert client.get(f"/xem-truoc/{article.pk}/").status_code == 200

    with database_down():
        response = client.get(f"/xem-truoc/{article.pk}/")

    assert_outage_page(response)


def test_a_logged_in_editor_and_the_admin_get_the_designed_503_during_an_outage(editor, client, caplog):
    client.force_login(editor)

    with database_down():
        admin = client.get("/admin/")
        changelist = client.get("/admin/articles/article/")
        public = client.get("/thoi-su/")

    for response in (admin, changelist, public):
        assert_outage_page(response)
    assert len(error_records(caplog)) == 3  # one line per request


def test_an_outage_in_a_middleware_below_is_answered_like_one_in_the_view(db, caplog):
    # The section page's view has run its queries when the page cache, storing it, looks up the next scheduled
    # publication: the database goes away in between.
    reader = Client(raise_request_exception=False)

    with database_down(failing=lambda sql: '"published_at" >' in sql) as refused:
        response = reader.get("/thoi-su/")

    assert refused and "articles_article" in refused[0]
    assert_outage_page(response)


def test_a_database_error_that_is_not_an_outage_is_still_a_500(db, caplog):
    def broken_query(execute, sql, params, many, context):
        raise ProgrammingError('relation "articles_section" does not exist')

    reader = Client(raise_request_exception=False)
    with connection.execute_wrapper(broken_query):
        response = reader.get("/thoi-su/")

    assert response.status_code == 500  # a bug is not an outage: it must show up as one
    assert "Báo đang bảo trì" not in response.content.decode()


# Commenters -----------------------------------------------------------------------------------------------------


def test_a_comment_sent_during_an_outage_comes_back_with_the_text_kept_and_nothing_saved(
    make_published, client, caplog
):
    article = make_published()
    data = comment_data(article, body="Ý kiến viết lúc hệ thống gián đoạn.\nDòng hai.")

    with database_down() as refused:
        response = client.post(post_url(article), data, REMOTE_ADDR="203.0.113.7")

    page = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    assert OUTAGE_NOTICE in page
    assert input_value(page, "name") == READER["name"] and input_value(page, "email") == READER["email"]
    assert "Ý kiến viết lúc hệ thống gián đoạn.\nDòng hai." in page
    renewed = input_value(page, "token")
    assert renewed != data["token"]  # renewed without a query: unspent, with the reader's own age (not "too fast")
    assert input_value(page, "csrfmiddlewaretoken")
    assert len(refused) == 1  # the form came back without another query
    assert_logged_once(caplog, "comments.views")
    assert not Comment.objects.exists()

    again = {name: input_value(page, name) for name in ("name", "email", "token", "parent")}
    again.update(body="Ý kiến viết lúc hệ thống gián đoạn.\nDòng hai.", website="")
    assert client.post(post_url(article), again, REMOTE_ADDR="203.0.113.7").status_code == 303
    assert Comment.objects.get().body == "Ý kiến viết lúc hệ thống gián đoạn.\nDòng hai."


def test_an_outage_while_the_comment_is_written_leaves_no_row_and_no_rate_limit_count(
    make_published, client, time_machine
):
    time_machine.move_to("2026-03-02 09:00 +07:00", tick=False)  # the start of every rate-limit window
    article = make_published()

    with database_down(failing=lambda sql: sql.startswith('INSERT INTO "comments_comment"')) as refused:
        response = client.post(post_url(article), comment_data(article), REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 503 and refused
    assert not Comment.objects.exists()
    # One comment per 15 seconds per address: the failed post took no slot, so the reader's "Gửi" a few
    # seconds later (the form's token was spent; the page carries a fresh one) passes.
    time_machine.shift(timedelta(seconds=5))
    again = comment_data(article, token=input_value(response.content.decode(), "token"))
    assert client.post(post_url(article), again, REMOTE_ADDR="203.0.113.7").status_code == 303
    assert Comment.objects.count() == 1


def test_a_reply_sent_during_an_outage_stays_a_reply(make_published, make_comment, client):
    article = make_published()
    parent = make_comment(article, status=Comment.Status.APPROVED)

    with database_down():
        response = client.post(post_url(article), comment_data(article, parent=str(parent.pk)))

    assert response.status_code == 503
    assert input_value(response.content.decode(), "parent") == str(parent.pk)


def test_a_comment_without_a_csrf_cookie_during_an_outage_keeps_its_text_too(make_published):
    article = make_published()
    reader = Client(enforce_csrf_checks=True)

    with database_down():
        response = reader.post(post_url(article), comment_data(article, token=""), REMOTE_ADDR="203.0.113.7")

    page = response.content.decode()
    assert response.status_code == 503 and OUTAGE_NOTICE in page
    assert READER["body"] in page and input_value(page, "name") == READER["name"]
    assert input_value(page, "csrfmiddlewaretoken") and input_value(page, "token")


# The real thing -------------------------------------------------------------------------------------------------

SEED = """
import json
from datetime import timedelta
from django.utils import timezone
from articles.models import Article, Section
article = Article.objects.create(
    headline="Hội nghị tổng kết công tác năm", slug="hoi-nghi-tong-ket", lead="Sáng nay, hội nghị diễn ra.",
    body="<p>Nội dung.</p>", section=Section.objects.get(slug="thoi-su"), status=Article.Status.PUBLISHED,
    published_at=timezone.now() - timedelta(hours=1),
)
print(json.dumps({"pk": article.pk, "url": article.get_absolute_url()}))
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class App:
    """The site under gunicorn (one worker, so one persistent database connection), spoken to over HTTP."""

    def __init__(self, env: dict, log_path: Path):
        self.port = _free_port()
        self.log_path = log_path
        self.log = log_path.open("wb")
        command = [sys.executable, "-m", "gunicorn", "newsroom.wsgi:application", "--workers", "1"]
        command += [
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "30",
            "--graceful-timeout",
            "2",
            "--no-control-socket",
        ]
        self.process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                assert self.process.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.1)

    def request(self, method, path, *, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.headers, response.read().decode()
        finally:
            conn.close()

    def get(self, path):
        return self.request("GET", path)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.log.close()


def _manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _assert_outage_page(status, headers, page):
    assert status == 503, page[:500]
    assert OUTAGE_TITLE in page and OUTAGE_TEXT in page
    assert headers["Retry-After"] == "60" and headers["Cache-Control"] == "no-store"
    assert "Traceback" not in page


def test_the_site_rides_out_a_real_postgresql_outage_and_recovers_by_itself(tmp_path):
    """Stop, restart and lock a real server under the running app: kept copies, 503s, kept comments, recovery."""
    postgres = ThrowawayPostgres()
    app = None
    try:
        postgres.create_database("newsroom_faults")
        base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
        env = {**base, "DATABASE_URL": postgres.url("newsroom_faults"), "MEDIA_ROOT": str(tmp_path / "media")}
        _manage(env, "migrate", "--noinput")
        article = json.loads(_manage(env, "shell", "-c", SEED).strip().splitlines()[-1])
        app = App(
            {
                **env,
                "DEBUG": "false",
                "DB_CONN_MAX_AGE": "60",  # persistent connections: the ones a restart breaks
                "DB_STATEMENT_TIMEOUT_MS": "1000",
                "PAGE_CACHE_SECONDS": "1",  # so the page cache's own copy has expired when PostgreSQL stops
            },
            tmp_path / "gunicorn.log",
        )

        status, headers, page = app.get(article["url"])
        assert status == 200 and headers["X-Page-Cache"] == "miss" and "Hội nghị tổng kết" in page
        cached_at = time.monotonic()
        status, headers, tokens = app.get(f"/y-kien/phien/{article['pk']}/")
        tokens, csrf_cookie = json.loads(tokens), headers["Set-Cookie"].split(";")[0]

        postgres.stop()
        time.sleep(max(0, 1.2 - (time.monotonic() - cached_at)))

        status, headers, page = app.get(article["url"])
        assert (status, headers["X-Page-Cache"], headers["Cache-Control"]) == (200, "stale", "no-store")
        assert "Hội nghị tổng kết" in page
        _assert_outage_page(*app.get("/thoi-su/"))

        form = {
            "csrfmiddlewaretoken": tokens["csrf"],
            "token": tokens["token"],
            "parent": "",
            "website": "",
            **READER,
            "body": "Gửi lúc máy chủ dữ liệu đang dừng.",
        }
        status, headers, page = app.request(
            "POST",
            f"/y-kien/gui/{article['pk']}/",
            body=urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": csrf_cookie},
        )
        assert status == 503 and OUTAGE_NOTICE in page and "no-store" in headers["Cache-Control"]
        assert "Gửi lúc máy chủ dữ liệu đang dừng." in page and input_value(page, "name") == READER["name"]

        postgres.start()  # the app is not restarted

        status, headers, page = app.get("/thoi-su/")
        assert status == 200 and "Hội nghị tổng kết" in page
        status, headers, page = app.get(article["url"])
        assert (status, headers["X-Page-Cache"]) == (200, "miss")

        # Too slow: a statement waiting on a lock is cancelled at DB_STATEMENT_TIMEOUT_MS.
        with closing(postgres.connect("newsroom_faults")) as blocker:
            blocker.cursor().execute("LOCK TABLE articles_article IN ACCESS EXCLUSIVE MODE")
            started = time.monotonic()
            _assert_outage_page(*app.get("/tim-kiem/?q=hoi+nghi"))
            assert 0.9 < time.monotonic() - started < 5
            blocker.rollback()
        assert app.get("/tim-kiem/?q=hoi+nghi")[0] == 200

        # A restart while the worker sits idle breaks its persistent connection, which is dropped at once.
        postgres.stop()
        postgres.start()
        statuses = [app.get("/bao-in/")[0], app.get("/bao-in/")[0]]
        assert statuses == [200, 200]

        log = app.log_path.read_text()
        assert "Traceback" not in log
        outages = re.findall(r"Database unavailable.*", log)
        assert len(outages) == 4 + statuses.count(503), log
        assert all("OperationalError" in line for line in outages)
    finally:
        if app is not None:
            app.stop()
        postgres.shut_down()
