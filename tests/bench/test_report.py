"""The growth checks of bench.report: large against small, each run against its own baseline M."""

from bench import report


def run(scale, m, targets):
    return {"scale": scale, "baseline_M": {"rps": m}, "targets": targets}


def uncached(rps, p50=None, rss=None):
    entry = {"uncached": {"rps": rps, "p50_ms": p50 if p50 is not None else 16_000 / rps}}
    if rss is not None:
        entry["uncached"]["worker_rss_mb"] = rss
    return entry


def growth(large, small):
    return {
        item["check"]: (item["value"], item["met"])
        for item in report.checks(large, small)
        if "growth" in item["check"] or "worker memory" in item["check"]
    }


def test_a_machine_slower_during_the_large_run_does_not_count_as_the_archive_growing():
    small = run("small", 2_000, {"tag page": uncached(300), "section page 1": uncached(300)})
    # The machine gave the bare view 25 % less during the large run: the tag page kept its share of M, the
    # section page lost a third of it.
    large = run("large", 1_500, {"tag page": uncached(225), "section page 1": uncached(150)})

    found = growth(large, small)

    assert found["growth: tag page large ÷ small throughput"] == (1.0, True)
    assert found["growth: section page 1 large ÷ small throughput"] == (0.667, False)


def test_a_faster_machine_does_not_hide_the_desks_growing_latency():
    desk = lambda p50: {"desk": {"rps": 50, "p50_ms": p50}}  # noqa: E731
    small = run("small", 1_500, {"admin changelist, deep page": desk(40.0)})
    large = run("large", 2_000, {"admin changelist, deep page": desk(48.0)})

    found = growth(large, small)

    # 1.2 × the milliseconds on a machine a third faster: 1.6 × the work
    assert found["growth: admin changelist, deep page large ÷ small latency"] == (1.6, False)


def test_the_sitemap_index_is_held_to_its_own_latency_and_memory_targets():
    small = run("small", 2_000, {"sitemap index": uncached(260, p50=60.0, rss=80.0)})
    large = run("large", 2_000, {"sitemap index": uncached(180, p50=88.0, rss=84.0)})

    found = growth(large, small)

    assert "growth: sitemap index large ÷ small throughput" not in found  # it lists 40 × more lines by design
    assert found["growth: sitemap index latency large ÷ small"] == (1.467, True)
    assert found["worker memory after sitemaps, large ÷ small"] == (1.05, True)

    slower = run("large", 2_000, {"sitemap index": uncached(150, p50=95.0, rss=120.0)})
    found = growth(slower, small)
    assert found["growth: sitemap index latency large ÷ small"] == (1.583, False)
    assert found["worker memory after sitemaps, large ÷ small"] == (1.5, False)
