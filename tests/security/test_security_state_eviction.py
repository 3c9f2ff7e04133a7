"""Security state that anonymous traffic cannot push out.

The attack: about 360 anonymous requests in a second (view beacons for random
ids, ``robots.txt`` with random query strings) filled the least-recently-used
cache the pages live in; after that a spent one-time comment token was
accepted again and the per-IP rate limit let a third comment through inside
its window, because both lived in that cache. Spent tokens are now rows and
rate limits are counted from the stored comments, so neither a flood, nor an
evicting Redis (``allkeys-lru`` under a small ``maxmemory``), nor an emptied
cache changes a security decision.
"""

import secrets

import pytest
from django.core.cache import cache

from comments.models import Comment
from tests.comments import READER, input_value, send, token_issued
from tests.evicting_redis import evicting_redis

FLOOD = 360


@pytest.fixture
def article(commented_article):
    return commented_article


def flood(client) -> None:
    """What the attack run sent: beacons for random ids and robots.txt under random query strings."""
    for number in range(FLOOD // 2):
        client.post(f"/luot-xem/{secrets.randbelow(10**9) + 10**6}/", REMOTE_ADDR=f"198.18.{number % 250}.9")
        client.get(f"/robots.txt?x={secrets.token_hex(8)}", REMOTE_ADDR=f"198.18.{number % 250}.10")


def assert_replay_and_third_comment_refused(client, article, frozen, evict) -> None:
    token = token_issued(article)
    assert send(client, article, token=token).status_code == 303
    frozen.shift(16)
    assert send(client, article, email="hai@example.com", body="Ý kiến thứ hai.").status_code == 303

    evict()
    frozen.shift(1)

    replay = send(client, article, token=token, ip="198.51.100.99", email="robot@example.com", body="Lần hai.")
    assert replay.status_code == 400
    assert "đã được dùng để gửi một ý kiến" in replay.content.decode()
    third = send(client, article, email="ba@example.com", body="Ý kiến thứ ba.")
    assert third.status_code == 429
    assert third["Retry-After"] == "14"  # one comment per 15 s from an address: the second came 1 s ago
    assert Comment.objects.count() == 2


@pytest.mark.parametrize(
    "evict",
    ["flood", "cleared"],
)
def test_a_flood_or_an_emptied_cache_neither_revives_a_spent_token_nor_resets_a_rate_limit(
    evict, article, client, frozen
):
    evictions = {"flood": lambda: flood(client), "cleared": cache.clear}
    assert_replay_and_third_comment_refused(client, article, frozen, evictions[evict])


@pytest.fixture
def small_redis(settings):
    """A Redis of its own that evicts under a 1 MB ``maxmemory`` (``allkeys-lru``), as the site's cache."""
    with evicting_redis(settings, maxmemory="1mb", key_prefix="eviction-test") as cache:
        yield cache


def test_an_evicting_redis_neither_revives_a_spent_token_nor_resets_a_rate_limit(small_redis, article, client, frozen):
    small_redis.set("first-entry", "x" * 1000, timeout=3600)

    def flood_until_evicted():
        flood(client)
        for number in range(3000):  # whatever else fills the cache: pages, fragments, counters
            small_redis.set(f"filler:{number}", "x" * 1000, timeout=3600)
        assert small_redis.get("first-entry") is None  # the cache really did push entries out

    assert_replay_and_third_comment_refused(client, article, frozen, flood_until_evicted)


def test_a_spent_token_is_put_back_fresh_in_the_form_even_after_the_cache_is_emptied(article, client, frozen):
    token = token_issued(article)
    assert send(client, article, token=token).status_code == 303
    cache.clear()
    frozen.shift(60)

    replay = send(client, article, token=token, email="khac@example.com", body=READER["body"] + " Lần hai.")

    assert replay.status_code == 400
    assert input_value(replay.content.decode(), "token") != token
