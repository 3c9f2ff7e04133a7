"""The benchmark's report: ratios to the baselines, the issue's targets checked, JSON, Markdown and a chart."""

import json
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DOCS = ROOT / "docs"
MODES = ("uncached", "app-cached", "edge-cached", "desk")


def ratios(results: dict) -> None:
    """Add ``x_M`` (and ``x_S`` for edge-cached) to every measured entry."""
    m = results["baseline_M"]["rps"] or 1
    s = results["baseline_S"]["rps"] or 1
    for entry in results["targets"].values():
        for mode in MODES:
            if mode in entry:
                entry[mode]["x_M"] = round(entry[mode]["rps"] / m, 3)
                if mode == "edge-cached":
                    entry[mode]["x_S"] = round(entry[mode]["rps"] / s, 3)


def _get(results, target, mode, key):
    return results["targets"].get(target, {}).get(mode, {}).get(key)


def checks(results: dict, small: dict | None) -> list[dict]:
    """The issue's targets, each with the measured value and whether it is met."""
    found = []

    def check(name, value, limit, *, at_least=True):
        if value is None or limit is None:
            # Nothing measured means the target timed out under load: not met.
            found.append({"check": name, "value": "no answer", "limit": limit, "met": False})
            return
        found.append(
            {
                "check": name,
                "value": round(value, 3),
                "limit": round(limit, 3),
                "met": value >= limit if at_least else value <= limit,
            }
        )

    get = lambda target, mode, key="x_M": _get(results, target, mode, key)  # noqa: E731
    check("edge-cached article × S", get("article", "edge-cached", "x_S"), 0.8)
    for target in ("article", "homepage", "section page 1"):
        check(f"app-cached {target} × M", get(target, "app-cached"), 0.8)
    check("uncached article × M", get("article", "uncached"), 0.10)
    check("uncached article SQL queries", get("article", "uncached", "queries"), 6, at_least=False)
    ordinary = get("article", "uncached", "rps")
    commented = get("article, 2,000 comments", "uncached", "rps")
    check(
        "article with 2,000 comments × ordinary article", commented / ordinary if ordinary and commented else None, 0.9
    )
    check(
        "article with 2,000 comments: extra SQL queries",
        (get("article, 2,000 comments", "uncached", "queries") or 0) - (get("article", "uncached", "queries") or 0),
        0,
        at_least=False,
    )
    for target in ("homepage", "section page 1"):
        check(f"uncached {target} × M", get(target, "uncached"), 0.06)
    for target in ("search, common word", "search, rare word", "search, accentless phrase"):
        check(f"{target} × M", get(target, "uncached"), 0.04)
    page1, deep = get("section page 1", "uncached", "p50_ms"), get("section deep page", "uncached", "p50_ms")
    check("deep section page latency × page 1", deep / page1 if page1 and deep else None, 2.0, at_least=False)
    post = results.get("comment_post", {})
    check("comment POST: accepted comments missing", post.get("missing"), 0, at_least=False)
    if small and results["scale"] == "large":
        for name, entry in results["targets"].items():
            before = small["targets"].get(name, {})
            if "uncached" in entry and "uncached" in before:
                check(
                    f"growth: {name} large ÷ small throughput",
                    entry["uncached"]["rps"] / before["uncached"]["rps"],
                    0.8,
                )
            if "desk" in entry and "desk" in before and before["desk"]["p50_ms"]:
                answered = entry["desk"]["rps"] and entry["desk"]["p50_ms"]
                check(
                    f"growth: {name} large ÷ small latency",
                    entry["desk"]["p50_ms"] / before["desk"]["p50_ms"] if answered else None,
                    1.5,
                    at_least=False,
                )
        for name in ("sitemap index",):
            large_p50, small_p50 = get(name, "uncached", "p50_ms"), _get(small, name, "uncached", "p50_ms")
            check(
                f"growth: {name} latency large ÷ small",
                large_p50 / small_p50 if small_p50 else None,
                1.5,
                at_least=False,
            )
            large_rss = get(name, "uncached", "worker_rss_mb")
            small_rss = _get(small, name, "uncached", "worker_rss_mb")
            check(
                "worker memory after sitemaps, large ÷ small",
                large_rss / small_rss if small_rss and large_rss else None,
                1.25,
                at_least=False,
            )
    return found


def smoke_failures(results: dict) -> list[str]:
    """Every target answered with 2xx/3xx only, and every accepted comment was stored."""
    failures = []
    for name, entry in results["targets"].items():
        for mode in MODES:
            run = entry.get(mode)
            if run is not None and (run["requests"] == 0 or run["not_2xx_3xx"] > 0):
                failures.append(f"{name} ({mode}): {run['requests']} requests, {run['not_2xx_3xx']} not 2xx/3xx")
    post = results.get("comment_post", {})
    if post.get("requests", 0) == 0 or post.get("not_2xx_3xx", 0) > 0 or post.get("missing", 1) > 0:
        failures.append(
            f"comment POST: {post.get('requests')} requests, {post.get('not_2xx_3xx')} refused, "
            f"{post.get('missing')} accepted but missing"
        )
    return failures


def markdown(results: dict, found: list[dict]) -> str:
    m, s = results["baseline_M"], results["baseline_S"]
    lines = [
        f"Scale **{results['scale']}**{' (smoke)' if results['smoke'] else ''}, {results['started'][:16]} UTC. "
        f"Baselines: **M** (bare Django view, same gunicorn) {m['rps']:.0f} req/s, "
        f"**S** (nginx, static file of the article's size) {s['rps']:.0f} req/s.",
        "",
        "| target | mode | req/s | p50 ms | p99 ms | SQL/req | × M | × S |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, entry in results["targets"].items():
        for mode in MODES:
            run = entry.get(mode)
            if run is None:
                continue
            queries = run.get("queries", 0 if mode != "uncached" and mode != "desk" else "")
            lines.append(
                f"| {name} | {mode} | {run['rps']:.0f} | {run['p50_ms']} | {run['p99_ms']} | {queries} | "
                f"{run['x_M']:.2f} | {run.get('x_S', '') and format(run['x_S'], '.2f')} |"
            )
    post = results.get("comment_post")
    if post:
        lines.append(
            f"| comment POST | uncached | {post['rps']:.0f} | {post['p50_ms']} | {post['p99_ms']} | | "
            f"{post['rps'] / (m['rps'] or 1):.2f} | |"
        )
        lines += ["", f"Comment POST: {post['accepted']} accepted, {post['stored']} stored, {post['missing']} missing."]
    lines += ["", "| target of issue 8 | measured | limit | met |", "| --- | ---: | ---: | --- |"]
    for item in found:
        met = {True: "yes", False: "**no**", None: "n/a"}[item["met"]]
        lines.append(f"| {item['check']} | {item['value']} | {item['limit']} | {met} |")
    return "\n".join(lines) + "\n"


def chart(results: dict, path: Path) -> None:
    """A horizontal bar chart of each target's ratio to M (edge-cached: to S), drawn with Pillow."""
    from PIL import Image, ImageDraw, ImageFont

    rows = []
    for name, entry in results["targets"].items():
        for mode in MODES:
            if mode in entry:
                key = "x_S" if mode == "edge-cached" else "x_M"
                rows.append((f"{name} — {mode}{' (× S)' if key == 'x_S' else ''}", entry[mode][key]))
    width, bar_left, row_height = 1100, 430, 18
    image = Image.new("RGB", (width, 40 + row_height * len(rows)), "white")
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 12)
    except OSError:
        font = ImageFont.load_default()
    scale = (width - bar_left - 60) / max(1.0, max(value for _, value in rows))
    draw.text(
        (10, 10),
        f"Throughput ÷ baseline M (bare view) — edge-cached ÷ S (static file) — {results['scale']}",
        fill="black",
        font=font,
    )
    for index, (label, value) in enumerate(rows):
        top = 34 + index * row_height
        colour = {"uncached": (155, 28, 28), "app-cached": (10, 74, 133), "edge-cached": (46, 125, 50)}.get(
            label.split(" — ")[1].split(" ")[0], (90, 90, 90)
        )
        draw.text((10, top), label, fill="black", font=font)
        draw.rectangle([bar_left, top + 2, bar_left + max(1, int(value * scale)), top + row_height - 4], fill=colour)
        draw.text((bar_left + int(value * scale) + 6, top), f"{value:.2f}", fill="black", font=font)
    image.save(path)


def write(results: dict, dataset: dict) -> int:
    ratios(results)
    small_path = RESULTS / "small-latest.json"
    small = json.loads(small_path.read_text()) if small_path.exists() and results["scale"] == "large" else None
    found = checks(results, small)
    results["checks"] = found
    results["dataset"] = dataset.get("counts")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    kind = f"{results['scale']}{'-smoke' if results['smoke'] else ''}"
    text = json.dumps(results, indent=2, ensure_ascii=False)
    (RESULTS / f"{kind}-{stamp}.json").write_text(text)
    (RESULTS / f"{kind}-latest.json").write_text(text)
    table = markdown(results, found)
    (RESULTS / f"{kind}-latest.md").write_text(table)
    print(table)
    if results["smoke"]:
        failures = smoke_failures(results)
        for failure in failures:
            print(f"SMOKE FAILURE: {failure}")
        return 1 if failures else 0
    if results["scale"] == "large":
        DOCS.mkdir(exist_ok=True)
        chart(results, DOCS / "performance-ratios.png")
        write_performance_doc(results, dataset, table)
    return 0


def write_performance_doc(results: dict, dataset: dict, table: str) -> None:
    machine = results["machine"]
    counts = dataset.get("counts", {})
    missed = [item for item in results["checks"] if item["met"] is False]
    text = [
        "# Performance",
        "",
        "The latest `make bench SCALE=large` run (bench/run.py; raw numbers in `bench/results/large-latest.json`).",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB, Linux {machine['kernel']}, "
        f"Python {machine['python']}, {machine.get('wrk') or 'wrk'}. Everything on one machine over loopback: "
        "gunicorn (one sync worker per core), PostgreSQL, Redis, nginx and wrk share the two cores.",
        "",
        "Data: " + ", ".join(f"{value:,} {name}" for name, value in counts.items() if isinstance(value, int)) + ".",
        "",
        "![Ratios to the baselines](performance-ratios.png)",
        "",
        table,
    ]
    if missed:
        text += ["## Targets missed", ""] + [
            f"- {item['check']}: {item['value']} against {item['limit']}." for item in missed
        ]
    notes = ROOT / "bench" / "performance-notes.md"  # the analysis, written by people, kept with the numbers
    if notes.exists():
        text += ["", notes.read_text().strip()]
    (DOCS / "performance.md").write_text("\n".join(text) + "\n")
