"""The news-day target's pieces that decide what it measures: the readers' mix, the desk's one-word edit,
the paced client's schedule and counts, and the targets the report checks."""

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import news_day, report


def mix(articles: int = 300) -> list[dict]:
    """The URL mix as bench.news_day.url_mix builds it, from made-up paths."""
    urls = [{"path": "/", "kind": "homepage", "weight": news_day.SHARES["homepage"]}]
    urls += [{"path": f"/muc-{n}/", "kind": "section", "weight": news_day.SHARES["section"] / 10} for n in range(10)]
    harmonic = sum(1 / rank for rank in range(1, articles + 1))
    urls += [
        {"path": f"/muc/bai-{rank}.html", "kind": "article", "weight": news_day.SHARES["article"] / rank / harmonic}
        for rank in range(1, articles + 1)
    ]
    return urls


def test_readers_ask_for_the_homepage_a_fifth_of_the_time_and_mostly_for_the_newest_articles():
    urls = mix()
    order = news_day.sequence(urls)
    kinds = Counter(urls[index]["kind"] for index in order)
    paths = Counter(urls[index]["path"] for index in order)

    assert kinds["homepage"] / len(order) == pytest.approx(0.20, abs=0.01)
    assert kinds["section"] / len(order) == pytest.approx(0.10, abs=0.01)
    assert kinds["article"] / len(order) == pytest.approx(0.70, abs=0.01)
    assert paths["/muc/bai-1.html"] > 5 * paths["/muc/bai-10.html"] > 0
    assert news_day.sequence(urls) == order  # every run reads the same stream


def test_the_desks_typo_fix_changes_one_word_of_the_text_and_the_next_one_undoes_it():
    body = '<p class="lead">&nbsp;Tỉnh có <a href="/tin-tuc/">mưa lớn</a> kéo dài</p><p>Người dân sơ tán.</p>'

    fixed = news_day.flip_one_word(body)

    assert fixed == body.replace("Tỉnh", "tỉnh")  # not a word inside a tag or an entity
    changed = [(a, b) for a, b in zip(body.split(), fixed.split(), strict=True) if a != b]
    assert len(changed) == 1 and changed[0][0].lower() == changed[0][1].lower()
    assert "class=" in fixed and 'href="/tin-tuc/"' in fixed and "&nbsp;" in fixed
    assert news_day.flip_one_word(fixed) == body


class _Pages(BaseHTTPRequestHandler):
    """Every third page is a miss; HTTP/1.1 keep-alive, as a cache in front would answer."""

    protocol_version = "HTTP/1.1"
    served = Counter()

    def do_GET(self):
        _Pages.served[self.path] += 1
        body = b"<p>trang</p>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Page-Cache", "miss" if sum(_Pages.served.values()) % 3 == 0 else "hit")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_the_paced_client_sends_its_schedule_and_counts_each_answers_cache_state():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    urls = mix(articles=20)
    try:
        result = news_day.paced(server.server_address[1], urls, news_day.sequence(urls), rate=50, seconds=1)
    finally:
        server.shutdown()
        server.server_close()

    assert result["requests"] == 50 and result["not_2xx_3xx"] == 0 and result["socket_errors"] == 0
    assert result["cache"]["hit"] + result["cache"]["miss"] == 50
    assert result["cache"]["miss"] == 50 // 3
    assert result["cache"]["hit_ratio"] == round(result["cache"]["hit"] / 50, 4)
    assert sum(sum(counts[state] for state in ("hit", "miss")) for counts in result["by_kind"].values()) == 50
    assert result["rps"] <= 60  # paced: never ahead of its schedule, however fast the server goes


def news_run(rps, p99, hits, misses, desk):
    cache = {"hit": hits, "stale": 0, "miss": misses, "none": 0, "hit_ratio": hits / (hits + misses)}
    return {"rps": rps, "p99_ms": p99, "cache": cache, "desk": desk}


def test_the_report_checks_the_issues_news_day_targets():
    results = {
        "news_day": {
            "runs": {
                "saturating": news_run(1000, 20, 60_000, 0, False),
                "saturating, desk": news_run(960, 31, 59_000, 600, True),
                "paced 30 req/s, desk": news_run(30, 8, 3_400, 200, True),
            }
        }
    }

    checks = {item["check"]: (item["value"], item["met"]) for item in report.news_day_checks(results)}

    assert checks["paced 30 req/s with the desk: hit ratio"] == (0.944, False)
    assert checks["saturating: throughput with the desk ÷ without"] == (0.96, True)
    assert checks["saturating: p99 with the desk ÷ without"] == (1.55, False)


def segment(requests, seconds, p50, p99, hits, misses, *, desk=None):
    cache = {"hit": hits, "stale": 0, "miss": misses, "none": 0}
    entry = {
        "rps": requests / seconds,
        "requests": requests,
        "seconds": seconds,
        "p50_ms": p50,
        "p99_ms": p99,
        "not_2xx_3xx": 0,
        "socket_errors": 0,
        "cache": cache,
        "desk": desk is not None,
    }
    return entry | ({"desk_log": desk} if desk is not None else {})


def test_a_side_of_the_saturating_load_adds_its_segments_up():
    first = {"actions": [{"action": "publish", "article": 7, "created": True}], "errors": [], "counts": {"publish": 1}}
    second = {"actions": [{"action": "body edit", "article": 3}], "errors": ["approve comment: boom"], "counts": {}}

    side = news_day.combine(
        [segment(3_000, 10, 8.0, 20.0, 2_990, 10, desk=first), segment(1_000, 20, 12.0, 40.0, 1_000, 0, desk=second)]
    )

    assert side["rps"] == round(4_000 / 30, 2)  # not the mean of the segments' rates (175)
    assert side["requests"] == 4_000 and side["seconds"] == 30
    assert side["p50_ms"] == 9.0 and side["p99_ms"] == 25.0  # weighted by requests
    assert side["cache"] == {"hit": 3_990, "stale": 0, "miss": 10, "none": 0, "hit_ratio": round(3_990 / 4_000, 4)}
    assert side["desk"] is True and len(side["segments"]) == 2
    # restore() finds every article the desks created and the smoke run every error they met
    assert side["desk_log"]["actions"] == first["actions"] + second["actions"]
    assert side["desk_log"]["errors"] == ["approve comment: boom"]
    assert side["desk_log"]["counts"] == {"publish": 1}


def test_the_saturating_segments_alternate_so_a_steady_drift_weighs_on_both_sides():
    order = news_day.saturating_order(news_day.PLAN["saturating_segments"])
    drift = dict.fromkeys((False, True), 0)
    for minute, with_desk in enumerate(order):
        drift[with_desk] += minute  # a machine slowing down by the same step every segment

    assert order.count(True) == order.count(False) == news_day.PLAN["saturating_segments"]
    assert drift[False] == drift[True]


def test_desks_in_segments_keep_the_rhythm_of_one_desk_working_the_whole_load():
    whole = news_day.desk_schedule(0, 60, 20.0, 5.0)
    segments = []
    for start in (0, 15, 30, 45):
        segments += [(start + at, kind, number) for at, kind, number in news_day.desk_schedule(start, 15, 20.0, 5.0)]

    assert segments == whole
    assert [(at, number) for at, kind, number in whole if kind == "write"] == [(5.0, 0), (25.0, 1), (45.0, 2)]
    assert len([item for item in whole if item[1] == "approve"]) == 12  # every 5 s
    assert news_day.desk_schedule(15, 15, 20.0, 5.0)[0] == (2.5, "approve", 3)  # at 17.5 s on the desk's clock
