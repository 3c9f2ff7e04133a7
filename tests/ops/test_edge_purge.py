"""The edge: nginx (deploy/nginx/newsroom.conf) in front of Varnish (deploy/varnish/newsroom.vcl),
which keeps public pages by tag, and the app purging those tags after changes.

The first tests run the real nginx site and the real VCL in front of a small stand-in app (each
answer numbered, so a kept copy is recognisable; each page tagged the way the app tags its own,
``Xkey: site page:<name>``), the way production runs them; the last ones check when and how
``newsroom.edge_purge`` sends its purges, against a server that records what it receives. What
the app's own changes purge is in tests/ops/test_two_hosts.py.
"""

import http.client
import itertools
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.db import transaction

from newsroom import edge_purge
from newsroom.edge_purge import purge, send_purge
from tests.ops import Browser, Edge, Varnish, free_port, refreshed_at_the_edge, scratch_folder

PUBLIC = "public, max-age=60, stale-while-revalidate=60"


class StandInApp(BaseHTTPRequestHandler):
    """Answers like the app: tagged public pages, static files, private and cookie-setting answers."""

    served = itertools.count(1)
    seen = []  # (path, headers) of every request that reached the app
    tags = {}  # page name -> its Xkey, when not "site page:<name>"
    delay = {}  # path -> seconds to wait before answering
    failing = set()  # paths answered 503, as the app does in a database outage

    def do_GET(self):
        self.seen.append((self.path, dict(self.headers)))
        time.sleep(self.delay.get(self.path, 0))
        path, headers = urlsplit(self.path).path, {"Cache-Control": PUBLIC}
        if self.path in self.failing:
            return self._answer(503, "database outage", {"Cache-Control": "no-store"})
        if path.startswith("/p/"):
            name = path.split("/")[2]
            headers.update({"Xkey": self.tags.get(name, f"site page:{name}"), "X-Edge-Max-Age": "3600"})
        elif path.startswith("/now-stale/"):  # the app serving its previous copy while a worker rebuilds it
            headers.update({"Xkey": "site page:now-stale", "X-Edge-Max-Age": "0"})
        elif path.startswith("/static/"):
            headers = {"Cache-Control": "max-age=315360000, public, immutable"}
        elif path.startswith(("/private/", "/admin/", "/xem-truoc/")):
            headers = {"Cache-Control": "max-age=0, no-cache, no-store, must-revalidate, private"}
        elif path.startswith("/plain/"):  # no lifetime given, as a Django view that sets none
            headers = {}
        if path.startswith("/set-cookie/"):
            headers["Set-Cookie"] = "csrftoken=abc; Path=/"
        self._answer(200, f"answer {next(self.served)} for {self.path}", headers)

    def do_POST(self):
        self.seen.append((self.path, dict(self.headers)))
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._answer(200, f"posted {next(self.served)}", {"Cache-Control": "private"})

    def _answer(self, status, body, headers):
        payload = body.encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("X-Request-ID", "stored-with-the-page")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


def stand_in_app() -> ThreadingHTTPServer:
    app = ThreadingHTTPServer(("127.0.0.1", free_port()), StandInApp)
    threading.Thread(target=app.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return app


def stop_app(app: ThreadingHTTPServer) -> None:
    app.shutdown()
    app.server_close()


class Site:
    """nginx → Varnish → the stand-in app, all started by the test."""

    def __init__(self, folder):
        self.app = stand_in_app()
        self.varnish = Varnish(folder, backends=[f"127.0.0.1:{self.app.server_address[1]}"])
        self.nginx = Edge(folder, upstream=self.varnish.pages)

    def url(self, path: str) -> str:
        return self.nginx.url(path)


@pytest.fixture(scope="module")
def site():
    folder = scratch_folder("newsroom-edge-")
    running = Site(folder)
    try:
        running.varnish.start()
        running.nginx.start()
        yield running
    finally:
        running.nginx.stop()
        running.varnish.stop()
        stop_app(running.app)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def reader(site):
    return Browser(site.nginx.certificate)


@pytest.fixture
def purging_at(settings):
    def configure(*urls, method="PURGE"):
        settings.EDGE_PURGE = {"URLS": list(urls), "METHOD": method, "TIMEOUT": 1}

    return configure


@pytest.fixture
def edge_purges(site, purging_at):
    purging_at(site.varnish.purge_url)


def fetched(reader, site, path, **kwargs):
    answer = reader.fetch(site.url(path), **kwargs)
    return answer.header("X-Edge-Cache"), answer.body


def until_fresh(reader, site, path, old_body, seconds=10):
    return refreshed_at_the_edge(lambda asked: fetched(reader, site, asked), path, old_body, seconds)


def requests_for(path: str) -> int:
    return sum(1 for seen, _headers in StandInApp.seen if seen == path)


def raw_purge(port: int, headers: dict, *, method="PURGE", source="127.0.0.1") -> tuple[int, str]:
    """A purge request from ``source`` (any 127.x address is this machine; the ACL names 127.0.0.1 only)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        connection.request(method, "/", headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


# The configuration -----------------------------------------------------------------------------


def test_the_configurations_pass_nginx_and_varnish_own_checks(site):
    nginx, varnish = site.nginx.check(), site.varnish.check()

    assert nginx.returncode == 0, nginx.stderr
    assert varnish.returncode == 0, varnish.stderr


# What the edge keeps ---------------------------------------------------------------------------


def test_a_tagged_page_is_kept_at_the_edge(site, reader):
    first, second = fetched(reader, site, "/p/kept/"), fetched(reader, site, "/p/kept/")

    assert (first[0], second[0]) == ("MISS", "HIT")
    assert second[1] == first[1]
    assert requests_for("/p/kept/") == 1


def test_a_soft_purge_serves_the_old_copy_once_while_one_fetch_refreshes_it(site, reader, edge_purges):
    old = fetched(reader, site, "/p/soft/")[1]
    StandInApp.delay["/p/soft/"] = 1.0  # the app takes a while to build the new copy
    asked_before = requests_for("/p/soft/")

    assert send_purge(["page:soft"], hard=False) == 1
    with ThreadPoolExecutor(5) as readers:  # five readers at once, while the app builds it
        during = list(readers.map(lambda _: fetched(Browser(site.nginx.certificate), site, "/p/soft/"), range(5)))
    new = until_fresh(reader, site, "/p/soft/", old)
    StandInApp.delay.pop("/p/soft/")

    assert during == [("STALE", old)] * 5
    assert requests_for("/p/soft/") == asked_before + 1  # one background fetch, not one per reader
    assert new.startswith("answer ") and new != old


def test_a_hard_purge_never_serves_the_old_copy_again(site, reader, edge_purges):
    old = fetched(reader, site, "/p/hard/")[1]
    assert fetched(reader, site, "/p/hard/") == ("HIT", old)

    assert send_purge(["page:hard"], hard=True) == 1
    after = fetched(reader, site, "/p/hard/")

    assert after[0] == "MISS" and after[1] != old
    assert fetched(reader, site, "/p/hard/") == ("HIT", after[1])


def test_a_purge_drops_only_the_pages_carrying_one_of_its_tags(site, reader, edge_purges):
    StandInApp.tags.update({"home": "site list:home", "story": "site article:7 list:home", "other": "site article:8"})
    old = {name: fetched(reader, site, f"/p/{name}/")[1] for name in ("home", "story", "other")}

    send_purge(["list:home", "teaser:99"], hard=True)

    assert fetched(reader, site, "/p/other/") == ("HIT", old["other"])
    assert fetched(reader, site, "/p/home/")[0] == "MISS"
    assert fetched(reader, site, "/p/story/")[0] == "MISS"


@pytest.mark.parametrize("hard", [True, False])
def test_purging_site_drops_every_page_and_keeps_static_files(site, reader, edge_purges, hard):
    paths = [f"/p/everything-{hard}-{n}/" for n in range(3)] + ["/p/home/", "/p/other/"]
    old = {path: fetched(reader, site, path)[1] for path in paths}
    static = fetched(reader, site, "/static/site/site.0123abcd.css")

    send_purge(["site"], hard=hard)

    if hard:
        assert all(fetched(reader, site, path)[0] == "MISS" for path in paths)
    else:
        assert all(fetched(reader, site, path) == ("STALE", old[path]) for path in paths)
        assert all(until_fresh(reader, site, path, old[path]) for path in paths)
    assert fetched(reader, site, "/static/site/site.0123abcd.css") == ("HIT", static[1])


def test_campaign_parameters_share_the_page_and_do_not_reach_the_app(site, reader):
    plain = fetched(reader, site, "/p/campaign/?trang=2")

    tagged = fetched(reader, site, "/p/campaign/?utm_source=zalo&trang=2&utm_medium=social&fbclid=IwAR0x&gclid=x1")
    only_tracking = fetched(reader, site, "/p/campaign/?utm_campaign=tet")

    assert tagged == ("HIT", plain[1])
    assert only_tracking[0] == "MISS"
    assert [path for path, _headers in StandInApp.seen if path.startswith("/p/campaign/")] == [
        "/p/campaign/?trang=2",
        "/p/campaign/",
    ]


def test_readers_with_cookies_share_the_kept_page_and_the_app_still_gets_their_cookies(site, reader):
    anonymous = fetched(reader, site, "/p/cookies/")
    with_token = fetched(reader, site, "/p/cookies/", headers={"Cookie": "csrftoken=reader-token"})
    form = reader.fetch(site.url("/set-cookie/form/"), headers={"Cookie": "csrftoken=reader-token"})

    assert with_token == ("HIT", anonymous[1])
    assert StandInApp.seen[-1][0] == "/set-cookie/form/"
    assert StandInApp.seen[-1][1]["Cookie"] == "csrftoken=reader-token"
    assert form.header("Set-Cookie")


@pytest.mark.parametrize("cookie", ["csrftoken=t; sessionid=abc123", "pin_primary=1"])
def test_logged_in_staff_and_readers_pinned_to_the_primary_go_to_the_app_and_fill_nothing(site, reader, cookie):
    path = f"/p/staff-{cookie[:3]}/"
    reader.fetch(site.url(path))  # kept for readers
    kept = fetched(reader, site, path)
    before = len(StandInApp.seen)
    staff = fetched(reader, site, path, headers={"Cookie": cookie})
    reached = StandInApp.seen[before:]  # the staff request, and at times the edge's own background refresh
    then_a_reader = fetched(reader, site, path)

    assert staff[0] == "PASS" and staff[1] != kept[1]
    assert any(seen == path and headers.get("Cookie") == cookie for seen, headers in reached)
    assert then_a_reader == kept


@pytest.mark.parametrize("path", ["/admin/articles/article/", "/xem-truoc/7/"])
def test_the_admin_and_previews_are_never_cached_at_the_edge(site, reader, path):
    first, second = fetched(reader, site, path), fetched(reader, site, path)

    assert first[1] != second[1]
    assert (first[0], second[0]) == ("PASS", "PASS")


@pytest.mark.parametrize("path", ["/private/session/", "/set-cookie/page/", "/plain/search/", "/now-stale/page/"])
def test_private_answers_cookies_answers_without_a_lifetime_and_stale_copies_are_not_kept(site, reader, path):
    first, second = fetched(reader, site, path), fetched(reader, site, path)

    assert first[1] != second[1]
    assert second[0] == "MISS"


def test_the_edge_tags_and_lifetime_stay_between_the_app_and_the_edge(site, reader):
    reader.fetch(site.url("/p/private-headers/"))
    answer = reader.fetch(site.url("/p/private-headers/"))

    assert answer.header("X-Edge-Cache") == "HIT"
    for name in ("Xkey", "X-Edge-Max-Age", "X-Varnish", "Via", "Age"):
        assert answer.header(name) is None, name
    assert answer.header("Cache-Control") == PUBLIC


def test_the_app_gets_the_readers_address_scheme_host_and_a_request_id(site, reader):
    answer = reader.fetch(site.url("/xem-truoc/1/"), headers={"X-Forwarded-For": "10.6.6.6"})
    missed = reader.fetch(site.url("/p/forwarded/"), headers={"X-Forwarded-For": "10.6.6.6"})

    for (path, headers), given in zip(StandInApp.seen[-2:], (answer, missed), strict=True):
        # What nginx saw, alone: the client's claim is dropped, and Varnish (which the app sees
        # connect, from 127.0.0.1 too) does not add its own client's address after it.
        assert headers["X-Forwarded-For"] == "127.0.0.1", path
        assert headers["X-Forwarded-Proto"] == "https" and headers["Host"] == "localhost"
        assert headers["X-Request-ID"] == given.header("X-Request-ID")


def test_a_page_from_the_cache_carries_its_own_request_id(site, reader):
    reader.fetch(site.url("/p/van-hoa/"))
    first, second = reader.fetch(site.url("/p/van-hoa/")), reader.fetch(site.url("/p/van-hoa/"))

    assert second.header("X-Edge-Cache") == "HIT"
    assert len({first.header("X-Request-ID"), second.header("X-Request-ID"), "stored-with-the-page"}) == 3
    assert f"edge=HIT id={second.header('X-Request-ID')}" in logged(site, second.header("X-Request-ID"))


def logged(site, request_id: str, seconds: float = 5) -> str:
    """nginx's access log once it has the line of ``request_id`` (written just after the answer)."""
    deadline = time.monotonic() + seconds
    while f"id={request_id}" not in (log := site.nginx.access_log()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return log


def test_uploaded_media_are_served_by_nginx_with_the_apps_media_headers(site, reader):
    media = site.nginx.folder / "media"
    (media / "photos").mkdir(exist_ok=True)
    (media / "photos" / "anh.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    (media / "photos").chmod(0o755)

    answer = reader.fetch(site.url("/media/photos/anh.jpg"))

    assert answer.status == 200
    assert answer.header("Content-Security-Policy").startswith("default-src 'none'")
    assert answer.header("X-Content-Type-Options") == "nosniff"
    assert answer.header("Cache-Control") == "max-age=604800"


def test_big_uploads_are_taken_by_the_admin_only(site, reader):
    seven_megabytes = b"x" * (7 * 1024 * 1024)

    public = reader.fetch(site.url("/y-kien/gui/1/"), method="POST", data=seven_megabytes)
    admin = reader.fetch(site.url("/admin/articles/article/add/"), method="POST", data=seven_megabytes)

    assert public.status == 413
    assert admin.status == 200 and admin.header("X-Edge-Cache") == "PASS"


def test_plain_http_is_sent_to_https_and_unknown_host_names_get_nothing(site):
    answer = Browser().fetch(f"http://localhost:{site.nginx.http_port}/thoi-su/?trang=2")

    assert answer.status == 301 and answer.header("Location") == "https://localhost/thoi-su/?trang=2"
    with pytest.raises(OSError):
        Browser().fetch(f"http://127.0.0.1:{site.nginx.http_port}/")


# Who may purge ---------------------------------------------------------------------------------


def test_a_purge_answers_how_many_copies_it_dropped(site, reader):
    StandInApp.tags["counted"] = "site counted"
    for n in range(3):
        reader.fetch(site.url(f"/p/counted/{n}/"))

    assert raw_purge(site.varnish.purge_port, {"xkey-softpurge": "counted"}) == (200, "3\n")
    assert raw_purge(site.varnish.purge_port, {"xkey-purge": "counted"}) == (200, "3\n")
    assert raw_purge(site.varnish.purge_port, {"xkey-purge": "counted"}) == (200, "0\n")


def test_only_the_listed_addresses_may_purge_and_only_with_purge_and_tags(site, reader):
    kept = fetched(reader, site, "/p/guarded/")[1]
    port = site.varnish.purge_port

    assert raw_purge(port, {"xkey-purge": "site"}, source="127.0.0.2")[0] == 403  # not in acl purgers
    assert raw_purge(port, {"xkey-purge": "site"}, method="POST")[0] == 405
    assert raw_purge(port, {})[0] == 400
    assert raw_purge(site.varnish.pages_port, {"xkey-purge": "site"})[0] == 405  # the pages listener never purges
    through_nginx = reader.fetch(site.url("/"), method="PURGE", headers={"xkey-purge": "site"})
    assert through_nginx.status == 405
    assert fetched(reader, site, "/p/guarded/") == ("HIT", kept)


# When no app host answers ----------------------------------------------------------------------


@pytest.fixture
def lone_edge():
    """Varnish alone in front of its own stand-in app, which the test may stop."""
    folder = scratch_folder("newsroom-edge-outage-")
    app = stand_in_app()
    varnish = Varnish(folder, backends=[f"127.0.0.1:{app.server_address[1]}"])
    try:
        varnish.start()
        yield app, varnish
    finally:
        varnish.stop()
        stop_app(app)
        shutil.rmtree(folder, ignore_errors=True)


def test_with_the_app_down_kept_pages_are_served_stale_but_hard_purged_ones_never(lone_edge, purging_at):
    app, varnish = lone_edge
    purging_at(varnish.purge_url)
    browser = Browser()
    StandInApp.tags.update({"kept-in-outage": "site kept", "taken-down": "site taken-down"})
    kept = browser.fetch(varnish.url("/p/kept-in-outage/")).body
    browser.fetch(varnish.url("/p/taken-down/"))
    send_purge(["kept"], hard=False)  # expired: refetched at the next request, served stale meanwhile
    send_purge(["taken-down"], hard=True)

    stop_app(app)
    outage = browser.fetch(varnish.url("/p/kept-in-outage/"))
    gone = browser.fetch(varnish.url("/p/taken-down/"))

    assert (outage.status, outage.header("X-Edge-Cache"), outage.body) == (200, "STALE", kept)
    assert gone.status == 503 and "Trang tạm thời chưa truy cập được" in gone.body


def test_the_apps_own_outage_answer_reaches_readers_and_is_not_kept(site, reader):
    StandInApp.failing.add("/p/outage-page/")
    first = reader.fetch(site.url("/p/outage-page/"))
    StandInApp.failing.discard("/p/outage-page/")
    then = reader.fetch(site.url("/p/outage-page/"))

    assert (first.status, first.body) == (503, "database outage")  # the app's maintenance page, not Varnish's
    assert then.status == 200 and then.header("X-Edge-Cache") == "MISS"


def test_a_refresh_that_fails_keeps_the_previous_copy(site, reader, edge_purges):
    old = fetched(reader, site, "/p/refresh-fails/")[1]
    StandInApp.failing.add("/p/refresh-fails/")

    send_purge(["page:refresh-fails"], hard=False)
    first, second = fetched(reader, site, "/p/refresh-fails/"), fetched(reader, site, "/p/refresh-fails/")
    time.sleep(0.3)
    StandInApp.failing.discard("/p/refresh-fails/")

    assert first == ("STALE", old) and second == ("STALE", old)
    assert until_fresh(reader, site, "/p/refresh-fails/", old) != old


# When and how the app purges -------------------------------------------------------------------


class Recorder(BaseHTTPRequestHandler):
    received = []
    status = 200
    delay = 0.0

    def do_PURGE(self):
        time.sleep(self.delay)
        headers = {name: self.headers[name] for name in ("xkey-purge", "xkey-softpurge") if name in self.headers}
        self.received.append((self.command, self.path, self.headers.get("User-Agent"), headers))
        self.send_response(self.status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"1\n")

    do_POST = do_PURGE

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


def sent(*requests):
    return [("PURGE", path, "newsroom-edge-purge", headers) for path, headers in requests]


def test_purging_is_off_by_default(settings, django_capture_on_commit_callbacks):
    assert settings.EDGE_PURGE == {"URLS": [], "METHOD": "PURGE", "TIMEOUT": 2}

    with django_capture_on_commit_callbacks() as callbacks:
        purge(["site"], hard=True)

    assert callbacks == []


@pytest.mark.django_db
def test_the_purge_goes_out_only_once_the_transaction_commits(recorder, purging_at, django_capture_on_commit_callbacks):
    purging_at(f"{recorder}/", f"{recorder}/edge-2/")

    with django_capture_on_commit_callbacks(execute=True):
        purge(["article:42"], hard=False)
        assert Recorder.received == []

    assert Recorder.received == sent(
        ("/", {"xkey-softpurge": "article:42"}), ("/edge-2/", {"xkey-softpurge": "article:42"})
    )


@pytest.mark.django_db
def test_one_transaction_sends_one_request_per_edge_and_kind(recorder, purging_at, django_capture_on_commit_callbacks):
    purging_at(f"{recorder}/")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        purge(["article:42", "list:home"], hard=False)
        purge(["article:42", "list:section:3"], hard=False)
        purge(["article:7"], hard=True)
        purge(["list:home", "teaser:7"], hard=True)

    assert len(callbacks) == 1
    assert Recorder.received == sent(
        ("/", {"xkey-purge": "article:7 list:home teaser:7"}),  # hard first; a tag purged both ways is purged hard
        ("/", {"xkey-softpurge": "article:42 list:section:3"}),
    )


@pytest.mark.django_db
def test_the_purge_follows_the_commit_hooks_registered_before_it(
    recorder, purging_at, django_capture_on_commit_callbacks
):
    purging_at(f"{recorder}/")
    order = []

    with django_capture_on_commit_callbacks(execute=True):
        transaction.on_commit(lambda: order.append(("counters", list(Recorder.received))))
        purge(["article:1"], hard=False)
        transaction.on_commit(lambda: order.append(("more counters", list(Recorder.received))))
        purge(["article:2"], hard=False)

    assert order == [("counters", []), ("more counters", [])]  # the edge is purged after the app's counters moved
    assert Recorder.received == sent(("/", {"xkey-softpurge": "article:1 article:2"}))


@pytest.mark.django_db
def test_a_change_rolled_back_purges_nothing(recorder, purging_at, django_capture_on_commit_callbacks):
    purging_at(f"{recorder}/")

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                purge(["article:1"], hard=True)
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
        purge(["article:2"], hard=True)

    assert Recorder.received == sent(("/", {"xkey-purge": "article:2"}))


@pytest.mark.django_db
def test_a_savepoint_rolled_back_keeps_the_purges_made_around_it(
    recorder, purging_at, django_capture_on_commit_callbacks
):
    purging_at(f"{recorder}/")

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        purge(["article:1"], hard=False)
        try:
            with transaction.atomic():
                purge(["article:2"], hard=False)
                raise RuntimeError("an inner step failed")
        except RuntimeError:
            pass

    sent_tags = Recorder.received[0][3]["xkey-softpurge"].split()
    assert len(Recorder.received) == 1 and "article:1" in sent_tags


def test_outside_a_transaction_the_purge_goes_out_at_once(recorder, purging_at):
    purging_at(f"{recorder}/")

    purge(["list:feed"], hard=False)

    assert Recorder.received == sent(("/", {"xkey-softpurge": "list:feed"}))


def test_a_long_list_of_tags_is_split_into_requests_of_at_most_4_kb(recorder, purging_at):
    purging_at(f"{recorder}/")
    tags = [f"teaser:{number}" for number in range(1000, 2000)]

    assert send_purge(tags, hard=True) == 1

    headers = [headers["xkey-purge"] for *_, headers in Recorder.received]
    assert len(headers) > 1 and all(len(header) <= edge_purge.HEADER_LIMIT for header in headers)
    assert " ".join(headers).split() == tags


@pytest.mark.parametrize("tags", [["Article:1"], ["site\r\nX-Evil: 1"], ["a b"], "site"])
def test_only_cache_tags_are_sent(purging_at, recorder, tags):
    purging_at(f"{recorder}/")

    with pytest.raises((ValueError, TypeError)):
        send_purge(tags, hard=True)

    assert Recorder.received == []


def test_an_edge_that_fails_is_logged_and_the_others_are_still_purged(recorder, purging_at, caplog):
    purging_at(f"http://127.0.0.1:{free_port()}/", f"{recorder}/")

    assert send_purge(["site"], hard=False) == 1
    assert Recorder.received == sent(("/", {"xkey-softpurge": "site"}))
    assert "Edge purge failed at http://127.0.0.1:" in caplog.text


def test_an_edge_that_refuses_is_logged_not_raised(recorder, purging_at, caplog):
    purging_at(f"{recorder}/")
    Recorder.status = 403

    assert send_purge(["site"], hard=True) == 0
    assert "Edge purge failed" in caplog.text and "403" in caplog.text


def test_a_slow_edge_holds_the_editor_no_longer_than_the_timeout(recorder, purging_at):
    purging_at(f"{recorder}/")
    Recorder.delay = 3.0
    started = time.monotonic()

    assert send_purge(["site"], hard=True) == 0
    assert time.monotonic() - started < 2.5


def test_the_method_can_be_post_for_caches_that_expect_it(recorder, purging_at):
    purging_at(f"{recorder}/", method="POST")

    send_purge(["site"], hard=False)

    assert Recorder.received == [("POST", "/", "newsroom-edge-purge", {"xkey-softpurge": "site"})]


@pytest.mark.parametrize("value", ["ftp://edge/purge", "127.0.0.1:8080/purge", "http:///purge"])
def test_a_bad_purge_url_stops_the_process_with_the_variable_named(run_manage, value):
    result = run_manage("check", env={"EDGE_PURGE_URL": value})

    assert result.returncode != 0
    assert "EDGE_PURGE_URL must list http:// or https:// URLs" in result.stderr


def test_the_app_purges_the_real_edge(site, reader, purging_at, django_capture_on_commit_callbacks, db):
    purging_at(site.varnish.purge_url)
    old = fetched(reader, site, "/p/from-the-app/")[1]

    with django_capture_on_commit_callbacks(execute=True):
        purge(["page:from-the-app"], hard=True)

    assert fetched(reader, site, "/p/from-the-app/")[0] == "MISS"
    assert fetched(reader, site, "/p/from-the-app/")[1] != old
