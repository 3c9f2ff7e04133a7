"""Every answer carries its request id; slow and failed requests get a log line with it (every request with
REQUEST_LOG_SLOW_MS=0); JSON lines when LOG_FORMAT=json."""

import json
import logging
import re

import pytest
from django.test import Client

from newsroom import request_log
from newsroom.request_log import LogFormatter, RequestIdFilter
from tests.ops.test_health import cache_down  # noqa: F401 - a fixture

HEX_ID = re.compile(r"[0-9a-f]{32}")


def request_lines(caplog):
    return [record for record in caplog.records if record.name == "newsroom.request"]


@pytest.fixture
def caplog(caplog):
    caplog.set_level(logging.INFO, logger="newsroom.request")
    return caplog


@pytest.fixture
def every_request_logged(settings):
    settings.REQUEST_LOG_SLOW_MS = 0


class SlowClock:
    """``time`` for the middleware: each reading is 0.75 s after the last, so every request takes 750 ms."""

    def __init__(self):
        self.now = 1000.0

    def perf_counter(self):
        self.now += 0.75
        return self.now


def test_a_quick_answer_gets_its_id_and_no_line_the_edge_already_writes_one(caplog):
    response = Client().get("/healthz", HTTP_HOST="localhost")

    assert response.status_code == 200
    assert HEX_ID.fullmatch(response["X-Request-ID"])
    assert request_lines(caplog) == []


def test_a_request_slower_than_the_threshold_is_logged(caplog, settings, monkeypatch):
    monkeypatch.setattr(request_log, "time", SlowClock())
    settings.REQUEST_LOG_SLOW_MS = 500
    slow = Client().get("/healthz", HTTP_HOST="localhost")
    settings.REQUEST_LOG_SLOW_MS = 1000  # the default: 750 ms is not slow
    Client().get("/healthz", HTTP_HOST="localhost")

    [line] = request_lines(caplog)
    assert line.request_id == slow["X-Request-ID"]
    assert (line.status, line.duration_ms) == (200, 750.0)
    assert line.getMessage() == "GET /healthz 200 750.0ms"


@pytest.mark.django_db
def test_a_server_error_is_logged_however_quick(caplog, cache_down):  # noqa: F811 - the fixture
    response = Client().get("/readyz", HTTP_HOST="localhost")

    [line] = request_lines(caplog)
    assert response.status_code == 503
    assert (line.status, line.request_id) == (503, response["X-Request-ID"])


@pytest.mark.usefixtures("every_request_logged")
def test_each_request_is_one_line_with_method_path_status_duration_and_a_new_id(caplog):
    response = Client().get("/healthz", HTTP_HOST="localhost")

    [line] = request_lines(caplog)
    assert HEX_ID.fullmatch(response["X-Request-ID"])
    assert line.request_id == response["X-Request-ID"]
    assert (line.method, line.path, line.status) == ("GET", "/healthz", 200)
    assert 0 <= line.duration_ms < 10_000
    assert line.getMessage() == f"GET /healthz 200 {line.duration_ms:.1f}ms"


@pytest.mark.usefixtures("every_request_logged")
def test_the_id_nginx_sends_is_kept_and_echoed(caplog):
    response = Client().get("/healthz", HTTP_HOST="localhost", HTTP_X_REQUEST_ID="d31b83715fd480ca934f9ce455c60f70")

    assert response["X-Request-ID"] == "d31b83715fd480ca934f9ce455c60f70"
    assert request_lines(caplog)[0].request_id == "d31b83715fd480ca934f9ce455c60f70"


@pytest.mark.parametrize("sent", ["two words", "id\nforged log line", "x" * 129, "<script>", ""])
def test_an_unsafe_incoming_id_is_replaced_by_a_new_one(sent, caplog):
    response = Client().get("/healthz", HTTP_HOST="localhost", HTTP_X_REQUEST_ID=sent)

    assert HEX_ID.fullmatch(response["X-Request-ID"])


@pytest.mark.django_db
@pytest.mark.usefixtures("every_request_logged")
def test_the_logged_path_leaves_out_the_query_and_cannot_break_the_line(caplog):
    Client().get("/healthz?q=what+a+reader+searched", HTTP_HOST="localhost")
    Client().get("/healthz%0Aforged", HTTP_HOST="localhost")

    first, second = request_lines(caplog)
    assert first.path == "/healthz" and "searched" not in first.getMessage()
    assert second.path == "/healthz%0Aforged" and "\n" not in second.getMessage()
    assert second.status == 404


@pytest.mark.usefixtures("every_request_logged")
def test_refused_and_redirected_requests_are_logged_too(caplog, settings):
    settings.SECURE_SSL_REDIRECT = True

    refused = Client().get("/", HTTP_HOST="attacker.example")
    redirected = Client().get("/", HTTP_HOST="localhost")

    assert [(line.status, line.request_id) for line in request_lines(caplog)] == [
        (400, refused["X-Request-ID"]),
        (301, redirected["X-Request-ID"]),
    ]


@pytest.fixture
def filtered_records():
    """Records of the ``newsroom.health`` and ``django.request`` loggers, through ``RequestIdFilter``."""
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    handler.addFilter(RequestIdFilter())
    loggers = [logging.getLogger(name) for name in ("newsroom.health", "django.request")]
    for logger in loggers:
        logger.addHandler(handler)
    yield records
    for logger in loggers:
        logger.removeHandler(handler)


@pytest.mark.django_db
def test_what_is_logged_during_a_request_carries_its_id(cache_down, filtered_records):  # noqa: F811 - the fixture
    response = Client().get("/readyz", HTTP_HOST="localhost")

    [warning] = filtered_records
    assert warning.getMessage().startswith("Not ready: the cache failed")
    assert warning.request_id == response["X-Request-ID"]


@pytest.mark.django_db
def test_django_logging_a_refused_request_afterwards_still_names_its_id(filtered_records):
    response = Client().post("/readyz", HTTP_HOST="localhost")

    [refusal] = filtered_records
    assert refusal.getMessage() == "Method Not Allowed (POST): /readyz"
    assert refusal.request_id == response["X-Request-ID"]


@pytest.mark.usefixtures("every_request_logged")
def test_json_lines_hold_the_request_fields(caplog):
    response = Client().get("/healthz", HTTP_HOST="localhost")

    entry = json.loads(LogFormatter(as_json=True).format(request_lines(caplog)[0]))
    assert entry["level"] == "INFO" and entry["logger"] == "newsroom.request"
    assert entry["request_id"] == response["X-Request-ID"]
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/healthz", 200)
    assert entry["message"] == f"GET /healthz 200 {entry['duration_ms']:.1f}ms"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", entry["time"])


@pytest.mark.usefixtures("every_request_logged")
def test_plain_lines_show_the_request_id_after_the_logger(caplog):
    response = Client().get("/healthz", HTTP_HOST="localhost")

    line = LogFormatter().format(request_lines(caplog)[0])
    assert re.fullmatch(
        rf"\S+ \S+ INFO newsroom.request \[{response['X-Request-ID']}\] GET /healthz 200 [\d.]+ms", line
    )


def test_an_error_logged_as_json_keeps_its_traceback_in_one_line():
    try:
        raise ValueError("hỏng")
    except ValueError:
        record = logging.getLogger("newsroom").makeRecord(
            "newsroom", logging.ERROR, __file__, 1, "Lỗi %s", ("xử lý",), exc_info=__import__("sys").exc_info()
        )

    line = LogFormatter(as_json=True).format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "Lỗi xử lý" and entry["request_id"] == "-"
    assert 'raise ValueError("hỏng")' in entry["exception"]


def test_log_format_json_makes_the_process_write_json_lines(run_manage):
    code = "import logging; logging.getLogger('newsroom.test').warning('xin chào %s', 'bạn')"
    result = run_manage("shell", "-c", code, env={"LOG_FORMAT": "json", "DATABASE_URL": "postgres://x@127.0.0.1/x"})

    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert entry["message"] == "xin chào bạn" and entry["level"] == "WARNING" and entry["request_id"] == "-"


def test_an_unknown_log_format_stops_the_process_with_the_variable_named(run_manage):
    result = run_manage("check", env={"LOG_FORMAT": "xml", "DATABASE_URL": "postgres://x@127.0.0.1/x"})

    assert result.returncode != 0
    assert "LOG_FORMAT must be one of plain, json" in result.stderr
