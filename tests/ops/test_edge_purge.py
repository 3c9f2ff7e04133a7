"""The edge: deploy/nginx/newsroom.conf caching public pages, and the app purging it after changes.

The first tests run the real nginx site in front of a small stand-in app (each answer numbered,
so a cached copy is recognisable), the way production runs it; the last ones check when and how
``articles.edge_purge`` sends its purge, against a server that records what it receives.
"""

import itertools
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from articles.edge_purge import purge_edge, send_purge
from tests.ops import Browser, Edge, free_port, scratch_folder

PUBLIC = "public, max-age=60, stale-while-revalidate=60"


class StandInApp(BaseHTTPRequestHandler):
    """Answers like the app: public pages, static files, private and cookie-setting answers."""

    served = itertools.count(1)
    seen = []  # (path, headers) of every request that reached the app

    def do_GET(self):
        self.seen.append((self.path, dict(self.headers)))
        cache_control = PUBLIC
        if self.path.startswith("/static/"):
            cache_control = "max-age=315360000, public, immutable"
        elif self.path.startswith("/private/"):
            cache_control = "max-age=0, no-cache, no-store, must-revalidate, private"
        self._answer(200, f"answer {next(self.served)} for {self.path}", cache_control)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._answer(200, f"posted {next(self.served)}", "private")

    def _answer(self, status, body, cache_control):
        payload = body.encode()
        self.send_response(status)
        self.send_header("Cache-Control", cache_control)
        self.send_header("X-Request-ID", "stored-with-the-page")
        if self.path.startswith("/set-cookie/"):
            self.send_header("Set-Cookie", "csrftoken=abc; Path=/")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def edge():
    app = ThreadingHTTPServer(("127.0.0.1", free_port()), StandInApp)
    threading.Thread(target=app.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    folder = scratch_folder("newsroom-edge-")
    running = Edge(folder, upstreams=[f"127.0.0.1:{app.server_address[1]}"])
    try:
        running.start()
        yield running
    finally:
        running.stop()
        app.shutdown()
        app.server_close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def reader(edge):
    return Browser(edge.certificate)


@pytest.fixture
def purging_at(settings):
    def configure(*urls):
        settings.EDGE_PURGE = {"URLS": list(urls), "METHOD": "POST", "TIMEOUT": 1}

    return configure


def test_the_site_configuration_passes_nginx_own_check(edge):
    checked = edge.check()

    assert checked.returncode == 0, checked.stderr


def test_a_public_page_is_served_from_the_edge_until_the_app_purges(edge, reader, purging_at):
    purging_at(edge.purge_url)
    first, second = reader.fetch(edge.url("/thoi-su/")), reader.fetch(edge.url("/thoi-su/"))

    purged = send_purge()
    after = reader.fetch(edge.url("/thoi-su/"))

    assert (first.header("X-Edge-Cache"), second.header("X-Edge-Cache")) == ("MISS", "HIT")
    assert second.body == first.body
    assert purged == 1
    assert after.header("X-Edge-Cache") == "MISS" and after.body != first.body


def test_one_purge_drops_every_page_of_the_site(edge, reader, purging_at):
    purging_at(edge.purge_url)
    paths = ["/", "/the/cai-cach-hanh-chinh/", "/thoi-su/?truoc=abc", "/rss/"]
    before = {path: reader.fetch(edge.url(path)).body for path in paths}
    assert all(reader.fetch(edge.url(path)).header("X-Edge-Cache") == "HIT" for path in paths)

    send_purge()

    assert all(reader.fetch(edge.url(path)).body != before[path] for path in paths)


def test_static_files_stay_cached_through_a_purge_and_are_immutable(edge, reader, purging_at):
    purging_at(edge.purge_url)
    first = reader.fetch(edge.url("/static/site/site.0123abcd.css"))

    send_purge()
    again = reader.fetch(edge.url("/static/site/site.0123abcd.css"))

    assert again.header("X-Edge-Cache") == "HIT" and again.body == first.body
    assert "immutable" in again.header("Cache-Control")


def test_logged_in_staff_go_to_the_app_and_leave_nothing_in_the_cache(edge, reader):
    staff = reader.fetch(edge.url("/kinh-te/"), headers={"Cookie": "sessionid=abc123"})
    then_a_reader = reader.fetch(edge.url("/kinh-te/"))

    assert staff.header("X-Edge-Cache") == "BYPASS"
    assert then_a_reader.header("X-Edge-Cache") == "MISS"


@pytest.mark.parametrize("path", ["/admin/articles/article/", "/xem-truoc/7/"])
def test_the_admin_and_previews_are_never_cached_at_the_edge(edge, reader, path):
    first, second = reader.fetch(edge.url(path)), reader.fetch(edge.url(path))

    assert first.body != second.body
    assert second.header("X-Edge-Cache") is None


@pytest.mark.parametrize("path", ["/private/session/", "/set-cookie/page/"])
def test_private_answers_and_answers_setting_a_cookie_are_never_cached(edge, reader, path):
    first, second = reader.fetch(edge.url(path)), reader.fetch(edge.url(path))

    assert first.body != second.body


def test_the_app_gets_the_readers_address_scheme_host_and_a_request_id(edge, reader):
    answer = reader.fetch(edge.url("/xem-truoc/1/"), headers={"X-Forwarded-For": "10.6.6.6"})

    path, headers = StandInApp.seen[-1]
    assert path == "/xem-truoc/1/"
    assert headers["X-Forwarded-For"] == "127.0.0.1"  # what nginx saw: the client's claim is dropped
    assert headers["X-Forwarded-Proto"] == "https" and headers["Host"] == "localhost"
    assert headers["X-Request-ID"] == answer.header("X-Request-ID")


def test_a_page_from_the_cache_carries_its_own_request_id(edge, reader):
    reader.fetch(edge.url("/van-hoa/"))
    first, second = reader.fetch(edge.url("/van-hoa/")), reader.fetch(edge.url("/van-hoa/"))

    assert second.header("X-Edge-Cache") == "HIT"
    assert len({first.header("X-Request-ID"), second.header("X-Request-ID"), "stored-with-the-page"}) == 3


def test_uploaded_media_are_served_by_nginx_with_the_apps_media_headers(edge, reader):
    (edge.folder / "media" / "photos").mkdir(exist_ok=True)
    (edge.folder / "media" / "photos" / "anh.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    (edge.folder / "media" / "photos").chmod(0o755)

    answer = reader.fetch(edge.url("/media/photos/anh.jpg"))

    assert answer.status == 200
    assert answer.header("Content-Security-Policy").startswith("default-src 'none'")
    assert answer.header("X-Content-Type-Options") == "nosniff"
    assert answer.header("Cache-Control") == "max-age=604800"


def test_big_uploads_are_taken_by_the_admin_only(edge, reader):
    seven_megabytes = b"x" * (7 * 1024 * 1024)

    public = reader.fetch(edge.url("/y-kien/gui/1/"), method="POST", data=seven_megabytes)
    admin = reader.fetch(edge.url("/admin/articles/article/add/"), method="POST", data=seven_megabytes)

    assert public.status == 413
    assert admin.status == 200


def test_plain_http_is_sent_to_https_and_unknown_host_names_get_nothing(edge):
    answer = Browser().fetch(f"http://localhost:{edge.http_port}/thoi-su/?trang=2")

    assert answer.status == 301 and answer.header("Location") == "https://localhost/thoi-su/?trang=2"
    with pytest.raises(OSError):
        Browser().fetch(f"http://127.0.0.1:{edge.http_port}/")


def test_the_purge_endpoint_only_takes_posts(edge):
    assert Browser().fetch(edge.purge_url).status == 405
    assert Browser().fetch(edge.purge_url.replace("/purge", "/anything")).status == 404


# When and how the app purges ---------------------------------------------------------------


class Recorder(BaseHTTPRequestHandler):
    received = []
    status = 200
    delay = 0.0

    def do_POST(self):
        time.sleep(self.delay)
        self.received.append((self.command, self.path, self.headers.get("User-Agent")))
        self.send_response(self.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PURGE = do_POST

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    Recorder.received, Recorder.status, Recorder.delay = [], 200, 0.0
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Recorder)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_purging_is_off_by_default(settings, django_capture_on_commit_callbacks):
    assert settings.EDGE_PURGE["URLS"] == []

    with django_capture_on_commit_callbacks() as callbacks:
        purge_edge()

    assert callbacks == []


@pytest.mark.django_db
def test_the_purge_goes_out_only_once_the_transaction_commits(recorder, purging_at, django_capture_on_commit_callbacks):
    purging_at(f"{recorder}/purge", f"{recorder}/edge-2/purge")

    with django_capture_on_commit_callbacks(execute=True):
        purge_edge()
        assert Recorder.received == []

    assert Recorder.received == [
        ("POST", "/purge", "newsroom-edge-purge"),
        ("POST", "/edge-2/purge", "newsroom-edge-purge"),
    ]


@pytest.mark.django_db
def test_a_change_rolled_back_purges_nothing(recorder, purging_at, django_capture_on_commit_callbacks):
    purging_at(f"{recorder}/purge")

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                purge_edge()
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass

    assert Recorder.received == []


def test_an_edge_that_fails_is_logged_and_the_others_are_still_purged(recorder, purging_at, caplog):
    purging_at(f"http://127.0.0.1:{free_port()}/purge", f"{recorder}/purge")

    assert send_purge() == 1
    assert Recorder.received == [("POST", "/purge", "newsroom-edge-purge")]
    assert "Edge purge failed at http://127.0.0.1:" in caplog.text


def test_an_edge_that_refuses_is_logged_not_raised(recorder, purging_at, caplog):
    purging_at(f"{recorder}/purge")
    Recorder.status = 403

    assert send_purge() == 0
    assert "Edge purge failed" in caplog.text and "403" in caplog.text


def test_a_slow_edge_holds_the_editor_no_longer_than_the_timeout(recorder, purging_at):
    purging_at(f"{recorder}/purge")
    Recorder.delay = 3.0
    started = time.monotonic()

    assert send_purge() == 0
    assert time.monotonic() - started < 2.5


def test_the_method_can_be_purge_for_caches_that_expect_it(recorder, settings):
    settings.EDGE_PURGE = {"URLS": [f"{recorder}/"], "METHOD": "PURGE", "TIMEOUT": 1}

    send_purge()

    assert Recorder.received == [("PURGE", "/", "newsroom-edge-purge")]


@pytest.mark.parametrize("value", ["ftp://edge/purge", "127.0.0.1:8080/purge", "http:///purge"])
def test_a_bad_purge_url_stops_the_process_with_the_variable_named(run_manage, value):
    result = run_manage("check", env={"EDGE_PURGE_URL": value})

    assert result.returncode != 0
    assert "EDGE_PURGE_URL must list http:// or https:// URLs" in result.stderr
