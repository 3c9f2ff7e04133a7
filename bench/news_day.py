# ruff: noqa: S311 (seeded generators: every run reads the same stream; nothing here is a secret)
"""The news-day target of ``make bench``: readers over a skewed mix of 311 URLs while the desk works.

Readers: the homepage (20 % of requests), the 10 sections with the most live articles (1 % each) and
the 300 newest live articles (70 %, Zipf-like: the n-th newest gets 1/n of the articles' share), all
taken from the bench database, asked of the app directly (gunicorn, page cache on Redis). Before each
run every URL is asked once, so the cache starts warm.

The desk (``python -m bench.news_day desk``, a Django process with the app's settings, Redis and
database, so the page cache and edge-purge hooks fire as in production) calls what the admin calls:
every ``write_every`` seconds, in turn, it publishes a new story (``save_article`` + bylines and tags +
``publish_article`` in one transaction, as the add form with "Xuất bản" does), changes one word of a
live article's body and edits a live article's headline (``save_article`` as the change form does);
every ``approve_every`` seconds it approves the oldest pending comment on an article of the mix
(``comments.moderation.approve_comment``, the moderation queue's action). The edited articles are
among the 30 most read.

Loads, each without and with the desk:

- **saturating**: wrk, ``--connections`` connections over the mix (bench/news_day.lua counts the
  ``X-Page-Cache`` value of every response), in segments that alternate without and with the desk
  (without, with, with, without, twice over: ``SATURATING_ORDER``). Two one-minute runs back to back
  measured the machine's drift as much as the desk (the same code gave 0.82 and 1.005 in one
  afternoon); alternating cancels a steady drift. Each side adds its segments up: requests ÷ seconds,
  and latency percentiles weighted by each segment's requests. The desk works during the "with"
  segments only, each a fresh desk process going on with the desk's clock where the last one stopped
  (``desk_schedule``: the same rhythm as one desk working a whole minute);
- **paced** at 30 and 100 requests a second, one run without then one with the desk: an open-loop
  client (asyncio, below) that sends each request at its scheduled time whatever the earlier ones
  are doing and measures latency from that time, so a stall shows in the percentiles instead of
  slowing the load (Debian's wrk cannot pace).

Hit ratio = responses marked ``hit`` or ``stale`` ÷ all responses.
"""

import asyncio
import json
import os
import random
import re
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 2026
SEQUENCE_LENGTH = 20_000
ZIPF_EXPONENT = 1.0
SHARES = {"homepage": 0.20, "section": 0.10, "article": 0.70}
EDITED_AMONG = 30  # the desk edits articles among this many most read
HEADLINE_UPDATE = " (cập nhật)"

# Seconds per run (saturating: per side, cut into segments) and the desk's rhythm. The whole target
# takes about 10 minutes at full length.
PLAN = {
    "saturating_seconds": 60,
    "saturating_segments": 4,  # per side
    "paced_seconds": 120,
    "rates": (30, 100),
    "write_every": 20.0,
    "approve_every": 5.0,
}
SMOKE_PLAN = {
    "saturating_seconds": 4,
    "saturating_segments": 2,
    "paced_seconds": 3,
    "rates": (30, 100),
    "write_every": 1.0,
    "approve_every": 1.0,
}
# Without (False) and with (True) the desk, in this order, repeated: a drift that is steady over a
# block of four weighs the same on both sides.
SATURATING_ORDER = (False, True, True, False)

# Readers ------------------------------------------------------------------------------------

URL_MIX = """
from django.db.models import Count
from django.urls import reverse
from articles.models import Article, Section

live = Article.objects.published()
articles = list(live.select_related("section").order_by("-published_at", "-pk")[:300])
busiest = [row["section_id"] for row in live.values("section_id").annotate(n=Count("pk")).order_by("-n", "section_id")]
sections = Section.objects.in_bulk(busiest[:10])
sources = list(
    live.filter(kind=Article.Kind.STANDARD).order_by("-published_at", "-pk").values_list("pk", flat=True)[300:400]
)
result = {
    "homepage": reverse("articles:home"),
    "sections": [reverse("articles:section", kwargs={"slug": sections[pk].slug}) for pk in busiest[:10]],
    "articles": [{"id": article.pk, "path": article.get_absolute_url()} for article in articles],
    "sources": sources,
}
"""


def url_mix(app) -> dict:
    """The 311 URLs with their share of requests, read from the bench database."""
    from bench.run import run_django

    found = run_django(app, URL_MIX)
    urls = [{"path": found["homepage"], "kind": "homepage", "weight": SHARES["homepage"]}]
    urls += [
        {"path": path, "kind": "section", "weight": SHARES["section"] / len(found["sections"])}
        for path in found["sections"]
    ]
    harmonic = sum(1 / rank**ZIPF_EXPONENT for rank in range(1, len(found["articles"]) + 1))
    urls += [
        {
            "path": article["path"],
            "kind": "article",
            "id": article["id"],
            "weight": SHARES["article"] / rank**ZIPF_EXPONENT / harmonic,
        }
        for rank, article in enumerate(found["articles"], start=1)
    ]
    return {"urls": urls, "sources": found["sources"]}


def sequence(urls: list[dict], length: int = SEQUENCE_LENGTH) -> list[int]:
    """Indexes into ``urls``, drawn by weight with a fixed seed: every run reads the same stream."""
    return random.Random(SEED).choices(range(len(urls)), weights=[url["weight"] for url in urls], k=length)


def lua_script(urls: list[dict], order: list[int], folder: Path) -> Path:
    """bench/news_day.lua with the URLs and the request order filled in."""
    script = folder / "news_day.lua"
    paths = ",\n".join(json.dumps(url["path"]) for url in urls)  # a JSON string is a valid Lua string here
    script.write_text(
        (ROOT / "bench" / "news_day.lua")
        .read_text()
        .replace("@PATHS@", paths)
        .replace("@ORDER@", ",".join(str(index + 1) for index in order))
    )
    return script


def warm(base: str, urls: list[dict]) -> dict:
    """Ask every URL once (four at a time), so the run starts with each page cached."""

    def fetch(url):
        with urllib.request.urlopen(base + url["path"], timeout=60) as response:
            response.read()
            return response.status, response.headers.get("X-Page-Cache")

    started = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(fetch, urls))
    return {
        "seconds": round(time.monotonic() - started, 1),
        "statuses": dict(Counter(str(status) for status, _ in answers)),
        "cache": dict(Counter(cache or "none" for _, cache in answers)),
    }


# The paced client ----------------------------------------------------------------------------


class _Connections:
    """Keep-alive HTTP/1.1 connections to one host, reopened when the server closes them."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.idle: list = []

    async def get(self, path: str) -> tuple[int, str | None]:
        for attempt in (1, 2):
            reused = bool(self.idle)
            reader, writer = self.idle.pop() if reused else await asyncio.open_connection(self.host, self.port)
            try:
                writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode())
                answer = await _read_response(reader)
            except (ConnectionError, asyncio.IncompleteReadError):
                writer.close()
                if reused and attempt == 1:
                    continue  # the server had closed the idle connection: once more on a fresh one
                raise
            status, headers, keep = answer
            if keep:
                self.idle.append((reader, writer))
            else:
                writer.close()
            return status, headers.get("x-page-cache")
        raise ConnectionError("no answer")

    def close(self) -> None:
        for _, writer in self.idle:
            writer.close()
        self.idle.clear()


async def _read_response(reader) -> tuple[int, dict, bool]:
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    version, status = head[0].split(" ", 2)[:2]
    headers = {}
    for line in head[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    keep = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.read()
        keep = False
    return int(status), headers, keep


async def _paced(host: str, port: int, urls: list[dict], order: list[int], rate: float, seconds: float) -> dict:
    loop = asyncio.get_running_loop()
    connections = _Connections(host, port)
    in_flight = asyncio.Semaphore(256)
    latencies, by_kind, statuses, errors = [], {}, Counter(), Counter()
    total = int(rate * seconds)
    start = loop.time() + 0.05

    async def one(number: int, url: dict) -> None:
        scheduled = start + number / rate
        async with in_flight:
            try:
                status, cache = await connections.get(url["path"])
            except (OSError, asyncio.IncompleteReadError) as error:
                errors[type(error).__name__] += 1
                return
        latencies.append((loop.time() - scheduled) * 1000)
        statuses[status] += 1
        by_kind.setdefault(url["kind"], Counter())[cache or "none"] += 1

    tasks = []
    for number in range(total):
        delay = start + number / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(number, urls[order[number % len(order)]])))
    await asyncio.gather(*tasks)
    elapsed = loop.time() - start
    connections.close()
    latencies.sort()

    def percentile(share: float) -> float | None:
        return round(latencies[min(len(latencies) - 1, int(share * len(latencies)))], 3) if latencies else None

    cache = sum(by_kind.values(), Counter())
    return {
        "rps": round(len(latencies) / elapsed, 1),
        "requests": len(latencies),
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
        "max_ms": round(latencies[-1], 3) if latencies else None,
        "not_2xx_3xx": sum(count for status, count in statuses.items() if not 200 <= status < 400),
        "socket_errors": sum(errors.values()),
        "cache": _cache_counts(cache),
        "by_kind": {kind: _cache_counts(counts) for kind, counts in sorted(by_kind.items())},
    }


def paced(port: int, urls: list[dict], order: list[int], *, rate: float, seconds: float) -> dict:
    return asyncio.run(_paced("127.0.0.1", port, urls, order, rate, seconds))


def _cache_counts(counts) -> dict:
    found = {key: int(counts.get(key, 0)) for key in ("hit", "stale", "miss", "none")}
    answered = sum(found.values())
    found["hit_ratio"] = round((found["hit"] + found["stale"]) / answered, 4) if answered else None
    return found


# The desk ----------------------------------------------------------------------------------


class Desk:
    """The desk loop in a process of its own, started when the load starts; ``finish()`` returns its log."""

    def __init__(self, app, config: dict):
        from bench.run import VAR

        self.errors = (VAR / "news-day-desk.log").open("w+")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.news_day", "desk"],
            cwd=ROOT,
            env={**app.env(page_cache=True), "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
        )
        self.process.stdin.write(json.dumps(config) + "\n")
        self.process.stdin.flush()
        ready = self.process.stdout.readline()
        if ready.strip() != "ready":
            self.process.kill()
            raise RuntimeError(f"the desk loop did not start: {ready!r}")

    def go(self) -> None:
        self.process.stdin.write("go\n")
        self.process.stdin.flush()

    def finish(self) -> dict:
        output, _ = self.process.communicate(timeout=120)
        self.errors.seek(0)
        errors = self.errors.read()[-3000:]
        self.errors.close()
        if self.process.returncode != 0:
            return {"error": f"the desk loop stopped with status {self.process.returncode}: {errors}", "actions": []}
        return json.loads(output.strip().splitlines()[-1])


def desk_main() -> int:
    """Read the config line, set Django up, say ``ready``, wait for ``go``, work for ``seconds``, print JSON."""
    config = json.loads(sys.stdin.readline())
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from articles.content.publishing import publish_article
    from articles.desk.editing import save_article
    from articles.models import Article, Byline
    from comments.models import Comment
    from comments.moderation import approve_comment

    users = get_user_model().objects
    editor, moderator = users.get(username=config["editor"]), users.get(username=config["moderator"])
    rng = random.Random(config["seed"])
    edited, sources = config["edited_ids"], list(config["source_ids"])
    rng.shuffle(sources)

    def publish_story(number: int) -> dict:
        # The add form with "Xuất bản": the article, its bylines and tags, then the transition, in one
        # transaction (the admin's changeform_view is atomic).
        source = Article.objects.get(pk=sources[number % len(sources)])
        with transaction.atomic():
            article = Article(
                headline=f"{source.headline} — bản tin {number + 1}"[:300],
                kicker=source.kicker,
                lead=source.lead,
                body=source.body,
                section_id=source.section_id,
                cover_photo_id=source.cover_photo_id,
                credit_line=source.credit_line,
            )
            save_article(article=article, user=editor)
            for position, byline in enumerate(source.bylines.all()):
                Byline.objects.create(article=article, author_id=byline.author_id, role=byline.role, position=position)
            article.tags.set(source.tags.all())
            publish_article(article=article, editor=editor)
        return {"article": article.pk, "created": True}

    def change_form_save(change) -> dict:
        # The change form's "Lưu": save_article with the version the form was opened at, inside the
        # admin's transaction.
        article = Article.objects.get(pk=rng.choice(edited))
        change(article)
        with transaction.atomic():
            save_article(article=article, user=editor, expected_version=article.version)
        return {"article": article.pk}

    def edit_body(article) -> None:
        article.body = flip_one_word(article.body)

    def edit_headline(article) -> None:
        headline = article.headline
        article.headline = (
            headline.removesuffix(HEADLINE_UPDATE) if headline.endswith(HEADLINE_UPDATE) else headline + HEADLINE_UPDATE
        )

    def approve() -> dict:
        pending = Comment.objects.filter(status=Comment.Status.PENDING, parent__isnull=True).order_by(
            "created_at", "pk"
        )
        comment = pending.filter(article_id__in=config["article_ids"]).first() or pending.first()
        approve_comment(comment=comment, moderator=moderator)
        return {"article": comment.article_id, "comment": comment.pk}

    writes = [
        ("publish", lambda number: publish_story(number)),
        ("body edit", lambda number: change_form_save(edit_body)),
        ("headline edit", lambda number: change_form_save(edit_headline)),
    ]
    seconds = config["seconds"]
    schedule = desk_schedule(config.get("desk_time", 0.0), seconds, config["write_every"], config["approve_every"])

    print("ready", flush=True)
    sys.stdin.readline()
    start = time.monotonic()
    actions, errors = [], []
    for at, kind, number in schedule:
        time.sleep(max(0.0, start + at - time.monotonic()))
        name, action = writes[number % len(writes)] if kind == "write" else ("approve comment", lambda n: approve())
        began = time.monotonic()
        try:
            done = action(number)
        except Exception as error:  # reported, and a smoke run fails on it
            errors.append(f"{name}: {type(error).__name__}: {error}")
            continue
        actions.append(
            {"at": round(began - start, 2), "action": name, **done, "ms": round((time.monotonic() - began) * 1000, 1)}
        )
    time.sleep(max(0.0, start + seconds - time.monotonic()))
    print(json.dumps({"actions": actions, "errors": errors, "counts": dict(Counter(a["action"] for a in actions))}))
    return 0


def saturating_order(segments: int) -> tuple[bool, ...]:
    """Whether each of the ``2 × segments`` saturating segments has the desk at work (``SATURATING_ORDER`` over)."""
    return (SATURATING_ORDER * segments)[: 2 * segments]


def desk_schedule(start: float, seconds: float, write_every: float, approve_every: float) -> list[tuple]:
    """What a desk does from ``start`` on its clock for ``seconds``: ``(seconds from its own start, "write" or
    "approve", number)``, in order.

    The desk's clock runs only while it works: a load in segments (the saturating one) gives each of its
    desks the time the earlier ones worked, so the rhythm is one write every ``write_every`` (a quarter
    period in) and one approval every ``approve_every`` (half a period in) over the whole load, and the
    writes go on in turn (publish, body edit, headline edit).
    """
    end = start + seconds
    items = []
    for kind, every, first in (("write", write_every, write_every / 4), ("approve", approve_every, approve_every / 2)):
        number = max(0, int((start - first) // every))
        while (at := first + number * every) < end:
            if at >= start:
                items.append((at - start, kind, number))
            number += 1
    return sorted(items)


def flip_one_word(body: str) -> str:
    """The body with one word's first letter in the other case (the first word of four letters or more in
    the text, not in a tag or an entity): a one-word correction, undone by the next one."""
    for match in re.finditer(r"\w{4,}", body):
        before = body[: match.start()]
        if before.rfind("<") > before.rfind(">") or before.endswith(("&", "#")):
            continue
        word = match[0]
        return body[: match.start()] + word[0].swapcase() + word[1:] + body[match.end() :]
    return body + "<p>Cập nhật.</p>"


# The bench database stays as generated: what the desk changed is put back after the target, so the next
# run reuses the dataset (bench.run checks the number of articles) and finds its pending comments.
SNAPSHOT = """
from articles.models import Article
ids = json.loads(os.environ['BENCH_ARTICLES'])
result = {str(pk): [headline, body] for pk, headline, body in Article.objects.filter(pk__in=ids).values_list(
    "pk", "headline", "body")}
"""

RESTORE = """
from django.db import transaction
from articles.models import Article
from comments.models import Comment, ModerationEvent
from comments.moderation import recount_comments

state = json.loads(open(os.environ['BENCH_STATE']).read())
with transaction.atomic():
    deleted = Article.objects.filter(pk__in=state['created']).delete()[1].get('articles.Article', 0)
    for article in Article.objects.filter(pk__in=state['originals']):
        headline, body = state['originals'][str(article.pk)]
        if (article.headline, article.body) != (headline, body):
            article.headline, article.body = headline, body
            article.save(update_fields=['headline', 'body'])  # the search document follows (Article.save)
    comments = Comment.objects.filter(pk__in=state['approved'])
    articles = set(comments.values_list('article_id', flat=True))
    ModerationEvent.objects.filter(comment__in=comments).delete()
    reopened = comments.update(status=Comment.Status.PENDING, decided_at=None, decided_by=None, decision_note='')
    for article_id in articles:
        recount_comments(article_id)
result = {'deleted': deleted, 'reopened': reopened}
"""


def restore(app, originals: dict, desk_logs: list[dict]) -> dict:
    from bench.run import VAR, run_django

    actions = [action for desk_log in desk_logs for action in desk_log.get("actions", [])]
    state = {
        "originals": originals,
        "created": [action["article"] for action in actions if action.get("created")],
        "approved": [action["comment"] for action in actions if "comment" in action],
    }
    path = VAR / "news-day-restore.json"  # the bodies are too long for the environment
    path.write_text(json.dumps(state))
    return run_django(app, RESTORE, BENCH_STATE=str(path))


# The target --------------------------------------------------------------------------------


def measure_load(base: str, rate, seconds: float, connections: int, script: Path, urls, order) -> dict:
    """wrk at full speed (``rate`` None) or the paced client; the X-Page-Cache counts in ``cache``."""
    from bench.run import APP_PORT, wrk

    if rate is not None:
        return paced(APP_PORT, urls, order, rate=rate, seconds=seconds)
    entry = wrk(base + "/", duration=seconds, connections=connections, script=script)
    cache = entry.pop("counts", {}).get("cache")
    if cache is None:
        raise RuntimeError(f"wrk did not count X-Page-Cache (bench/news_day.lua): {entry.get('stderr')}")
    entry["cache"] = _cache_counts(cache)
    return entry


def combine(segments: list[dict]) -> dict:
    """One side of the saturating load from its segments: requests ÷ seconds, percentiles weighted by requests,
    cache counts and error counts added up, the desks' logs joined; each segment kept under ``segments``."""
    requests = sum(segment["requests"] for segment in segments)
    seconds = sum(segment["seconds"] for segment in segments)

    def weighted(key):
        values = [(segment[key], segment["requests"]) for segment in segments if segment[key] is not None]
        total = sum(weight for _, weight in values)
        return round(sum(value * weight for value, weight in values) / total, 3) if total else None

    counts = Counter()
    for segment in segments:
        counts.update({key: segment["cache"][key] for key in ("hit", "stale", "miss", "none")})
    entry = {
        "rps": round(requests / seconds, 2) if seconds else 0.0,
        "requests": requests,
        "p50_ms": weighted("p50_ms"),
        "p99_ms": weighted("p99_ms"),
        "not_2xx_3xx": sum(segment["not_2xx_3xx"] for segment in segments),
        "socket_errors": sum(segment.get("socket_errors", 0) for segment in segments),
        "cache": _cache_counts(counts),
        "desk": segments[0]["desk"],
        "seconds": seconds,
        "segments": [
            {key: segment.get(key) for key in ("rps", "requests", "p50_ms", "p99_ms", "cache", "warm_up")}
            for segment in segments
        ],
    }
    desks = [segment["desk_log"] for segment in segments if "desk_log" in segment]
    if desks:
        errors = [
            error for log in desks for error in [*log.get("errors", []), *([log["error"]] if "error" in log else [])]
        ]
        entry["desk_log"] = {
            "actions": [action for log in desks for action in log.get("actions", [])],
            "errors": errors,
            "counts": dict(sum((Counter(log.get("counts", {})) for log in desks), Counter())),
        }
    return entry


def run(app, dataset: dict, *, smoke: bool, connections: int = 16, log=print) -> dict:
    """Every load without and with the desk; the app is started with its page cache on, and stopped."""
    from bench.run import APP_PORT, VAR, run_django

    plan = SMOKE_PLAN if smoke else PLAN
    app.start(page_cache=True)
    mix = url_mix(app)
    urls, order = mix["urls"], sequence(mix["urls"])
    script = lua_script(urls, order, VAR)
    articles = [url for url in urls if url["kind"] == "article"]
    desk_config = {
        "editor": dataset["users"]["editor"],
        "moderator": dataset["users"]["moderator"],
        "article_ids": [url["id"] for url in articles],
        "edited_ids": [url["id"] for url in articles[:EDITED_AMONG]],
        "source_ids": mix["sources"],
        "write_every": plan["write_every"],
        "approve_every": plan["approve_every"],
    }
    results = {
        "plan": {key: list(value) if isinstance(value, tuple) else value for key, value in plan.items()},
        "urls": dict(Counter(url["kind"] for url in urls)),
        "connections": connections,
        "runs": {},
    }
    originals = run_django(app, SNAPSHOT, BENCH_ARTICLES=json.dumps(desk_config["edited_ids"]))
    base = f"http://127.0.0.1:{APP_PORT}"
    desk_logs = []

    def one_run(rate, seconds: float, with_desk: bool, desk_time: float = 0.0) -> dict:
        """One run of the load; with the desk, its clock starting at ``desk_time`` (``desk_schedule``)."""
        warmed = warm(base, urls)
        desk = None
        if with_desk:
            config = {**desk_config, "seconds": seconds, "seed": SEED + len(desk_logs), "desk_time": desk_time}
            desk = Desk(app, config)
            desk.go()
        try:
            entry = measure_load(base, rate, seconds, connections, script, urls, order)
        finally:
            desk_log = desk.finish() if desk is not None else None
            if desk_log is not None:
                desk_logs.append(desk_log)
        entry.update({"desk": with_desk, "seconds": seconds, "warm_up": warmed})
        if desk_log is not None:
            entry["desk_log"] = desk_log
        return entry

    def record(load: str, *entries: dict) -> None:
        for entry in entries:
            entry["load"] = load
            name = f"{load}{', desk' if entry['desk'] else ''}"
            results["runs"][name] = entry
            cache = entry["cache"]
            log(
                f"news day {name:28} {entry['rps']:>8} req/s  p50 {entry['p50_ms']} ms  p99 {entry['p99_ms']} ms  "
                f"hit {cache['hit']} stale {cache['stale']} miss {cache['miss']}  ratio {cache['hit_ratio']}"
                + (f"  desk {entry['desk_log'].get('counts')}" if entry["desk"] else "")
            )

    try:
        segments = plan["saturating_segments"]
        sides = {False: [], True: []}
        segment_seconds = plan["saturating_seconds"] / segments
        for with_desk in saturating_order(segments):
            desk_time = segment_seconds * len(sides[True])
            sides[with_desk].append(one_run(None, segment_seconds, with_desk, desk_time))
        record("saturating", combine(sides[False]), combine(sides[True]))
        for rate in plan["rates"]:
            seconds = plan["paced_seconds"]
            record(f"paced {rate} req/s", one_run(rate, seconds, False), one_run(rate, seconds, True))
    finally:
        results["restored"] = restore(app, originals, desk_logs)
    app.stop()
    return results


if __name__ == "__main__":
    if sys.argv[1:] == ["desk"]:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
        sys.exit(desk_main())
    sys.exit("usage: python -m bench.news_day desk (started by bench/run.py)")
