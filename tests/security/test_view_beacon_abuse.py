"""The "Đọc nhiều" beacon from the attacker's side: it counts readers of live articles, not scripts.

``POST /luot-xem/<id>/`` takes no token (the page is cached whole), so any
script can send it. It counts only articles readers can see, once per client
per article per ``popularity.REPEAT_WINDOW``, and at most
``popularity.CLIENT_VIEWS_PER_MINUTE`` articles per client per minute; an id
that is not a live article leaves nothing behind, not even a cache key.
"""

import secrets
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.content.publishing import trash_article, unpublish_article
from articles.models import DailyViews
from articles.site import popularity
from tests.cache_contents import stored_keys

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
SCRIPT_HOST = "198.51.100.66"


def beacon(client, article_id, *, address=SCRIPT_HOST):
    response = client.post(f"/luot-xem/{article_id}/", headers={"User-Agent": BROWSER}, REMOTE_ADDR=address)
    assert response.status_code == 204  # the same answer whatever happened: nothing to learn from it
    return response


def views_of(article) -> int:
    """The article's views as "Đọc nhiều" ranks them, once the counters are flushed."""
    popularity.flush_view_counts()
    return sum(DailyViews.objects.filter(article=article).values_list("views", flat=True))


@pytest.fixture
def warmed(client, make_published):
    """One ordinary view already happened and was flushed (the flush mark and the site's generation are kept)."""
    beacon(client, make_published(headline="Tin khác", slug="tin-khac").pk, address="192.0.2.1")
    assert popularity.flush_view_counts() == 1


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_random_ids_create_no_cache_keys_and_no_counts(client, warmed):
    keys = stored_keys()

    for number in range(40):
        beacon(client, secrets.randbelow(10**12) + 10**6, address=f"203.0.113.{number}")

    assert stored_keys() == keys
    assert popularity.flush_view_counts() == 0


def test_articles_readers_cannot_see_are_not_counted_and_leave_no_keys(client, warmed, hidden_articles):
    keys = stored_keys()

    for article in hidden_articles:  # draft, review, scheduled, unpublished, trashed
        for number in range(3):
            beacon(client, article.pk, address=f"203.0.113.{number}")

    assert stored_keys() == keys
    assert [views_of(article) for article in hidden_articles] == [0] * len(hidden_articles)


def test_one_client_hammering_one_article_counts_once(client, make_published):
    article = make_published()

    for _ in range(50):
        beacon(client, article.pk)

    assert views_of(article) == 1


def test_different_readers_each_count(client, make_published):
    article = make_published()

    beacon(client, article.pk, address="203.0.113.10")
    beacon(client, article.pk, address="203.0.113.11")
    beacon(client, article.pk, address="2001:db8:1::5")

    assert views_of(article) == 3


def test_addresses_of_one_ipv6_network_are_one_client(client, make_published):
    article = make_published()

    for host in range(1, 20):
        beacon(client, article.pk, address=f"2001:db8:77:1::{host:x}")

    assert views_of(article) == 1


def test_the_same_reader_counts_again_after_the_window(client, make_published, time_machine):
    time_machine.move_to("2026-03-02 09:00 +07:00", tick=False)
    article = make_published()
    beacon(client, article.pk)

    time_machine.shift(timedelta(seconds=popularity.REPEAT_WINDOW + 1))
    beacon(client, article.pk)

    assert views_of(article) == 2


def test_one_client_counts_at_most_its_quota_of_articles_per_minute(client, make_published, time_machine):
    time_machine.move_to("2026-03-02 09:00:05 +07:00", tick=False)
    quota = popularity.CLIENT_VIEWS_PER_MINUTE
    articles = [make_published(slug=f"bai-{number}") for number in range(quota + 10)]
    beacon(client, 987_654_321, address="192.0.2.98")  # the site's generation and the flush mark are kept
    keys = stored_keys()

    for article in articles:
        beacon(client, article.pk)

    assert sum(views_of(article) for article in articles) == quota
    assert len(stored_keys() - keys) <= 2 * quota + 1  # per counted article its mark and counter; one quota
    beacon(client, articles[0].pk, address="192.0.2.99")  # another reader is not held back
    assert views_of(articles[0]) == 2


def test_an_article_taken_down_stops_counting_at_once(client, make_published, editor, committed):
    unpublished, trashed = make_published(slug="se-go"), make_published(slug="vao-thung-rac")
    beacon(client, unpublished.pk, address="192.0.2.1")
    beacon(client, trashed.pk, address="192.0.2.1")

    with committed():
        unpublish_article(article=unpublished, editor=editor)
        trash_article(article=trashed, user=editor)
    for address in ("192.0.2.2", "192.0.2.3"):
        beacon(client, unpublished.pk, address=address)
        beacon(client, trashed.pk, address=address)

    assert popularity.flush_view_counts() == 0  # neither is a live article any more: nothing moves
    assert not DailyViews.objects.exists()


def test_a_scheduled_article_counts_once_its_time_has_come(client, make_published, time_machine):
    time_machine.move_to("2026-03-02 09:00 +07:00", tick=False)
    scheduled = make_published(published_at=timezone.now() + timedelta(minutes=5))
    beacon(client, scheduled.pk, address="192.0.2.1")

    time_machine.shift(timedelta(minutes=6))
    beacon(client, scheduled.pk, address="192.0.2.2")

    assert views_of(scheduled) == 1


def test_a_counted_view_costs_no_database_query(client, make_published, django_assert_num_queries):
    article = make_published()
    beacon(client, article.pk, address="192.0.2.50")  # this process learns which articles are live (and flushes)

    with django_assert_num_queries(0):
        beacon(client, article.pk, address="192.0.2.51")
        beacon(client, 987_654_321, address="192.0.2.52")

    assert views_of(article) == 2
