"""Most read ("Đọc nhiều"): views counted in the cache by a beacon, flushed to DailyViews, ranked over two days."""

import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from articles.models import Article, DailyViews
from articles.site import popularity
from articles.site.popularity import counter_key, flush_view_counts

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


_readers = iter(range(1, 10**6))


def view(client, article, user_agent=BROWSER, address=None):
    """A reader's view; each call comes from another reader unless ``address`` is given."""
    if address is None:
        number = next(_readers)
        address = f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
    return client.post(f"/luot-xem/{article.pk}/", headers={"User-Agent": user_agent}, REMOTE_ADDR=address)


def counted_today(article):
    return cache.get(counter_key(article.pk, timezone.localdate()))


def views_by_day(article):
    return dict(DailyViews.objects.filter(article=article).values_list("date", "views"))


def give_views(article, views, *, days_ago=0):
    return DailyViews.objects.create(article=article, date=timezone.localdate() - timedelta(days=days_ago), views=views)


# The beacon


@pytest.mark.parametrize("method", ["get", "head", "put"])
def test_only_post_counts_a_view(client, make_published, method):
    article = make_published()

    response = getattr(client, method)(f"/luot-xem/{article.pk}/", headers={"User-Agent": BROWSER})

    assert response.status_code == 405
    assert counted_today(article) is None


def test_a_view_costs_no_database_query_when_no_flush_is_due(client, make_published, django_assert_num_queries):
    article = make_published()
    view(client, article)  # this process learns which articles are live, and flushes

    with django_assert_num_queries(0):
        response = view(client, article)

    assert response.status_code == 204
    assert counted_today(article) == 2
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_a_view_needs_no_csrf_token(make_published):
    from django.test import Client

    article = make_published()

    response = view(Client(enforce_csrf_checks=True), article)

    assert response.status_code == 204
    assert counted_today(article) == 1


def test_each_view_adds_one(client, make_published):
    article = make_published()

    for _ in range(3):
        view(client, article)

    assert counted_today(article) == 3


@pytest.mark.parametrize(
    "user_agent",
    [
        "",
        "   ",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "curl/8.5.0",
        "Wget/1.21.4",
        "python-requests/2.32.3",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0 Safari/537.36",
        "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) Chrome-Lighthouse",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "Mozilla/5.0 (compatible; YandexSpider/3.0)",
        "Screaming Frog SEO Spider/19.0",
    ],
)
def test_obvious_bots_are_answered_but_not_counted(client, make_published, user_agent):
    article = make_published()

    response = view(client, article, user_agent=user_agent)

    assert response.status_code == 204
    assert counted_today(article) is None


def test_the_first_view_after_a_quiet_minute_flushes_the_counters(client, make_published):
    article = make_published()
    view(client, article)  # flushes (nothing yet), then counts
    view(client, article)
    assert views_by_day(article) == {}

    cache.delete(popularity.FLUSHED_RECENTLY_KEY)  # a minute later: the mark of the last flush has expired
    view(client, article)

    assert views_by_day(article) == {timezone.localdate(): 2}
    assert counted_today(article) == 1


def test_a_failing_flush_does_not_stop_counting(client, make_published, monkeypatch):
    article = make_published()

    def broken_flush():
        raise ConnectionError("database away")

    monkeypatch.setattr(popularity, "flush_view_counts", broken_flush)

    response = view(client, article)

    assert response.status_code == 204
    assert counted_today(article) == 1


def test_the_beacon_script_posts_once_without_inline_code():
    path = finders.find("articles/views.js")

    script = open(path, encoding="utf-8").read()  # noqa: SIM115 a one-line read in a test

    assert "navigator.sendBeacon(url)" in script
    assert 'method: "POST", keepalive: true' in script
    assert "data-view-url" in script
    assert "cookie" not in script.replace("No cookies", "")


# The flush


def test_a_flush_moves_the_counters_to_daily_views_and_empties_them(make_published):
    article, other = make_published(), make_published(headline="Bài khác")
    for _ in range(3):
        popularity.record_view(article.pk)
    popularity.record_view(other.pk)

    assert flush_view_counts() == 4

    assert views_by_day(article) == {timezone.localdate(): 3}
    assert views_by_day(other) == {timezone.localdate(): 1}
    assert counted_today(article) == 0


def test_a_second_flush_adds_only_the_new_views(make_published):
    article = make_published()
    popularity.record_view(article.pk)
    flush_view_counts()
    popularity.record_view(article.pk)
    popularity.record_view(article.pk)

    assert flush_view_counts() == 2
    assert flush_view_counts() == 0

    assert views_by_day(article) == {timezone.localdate(): 3}


def test_views_counted_during_a_flush_are_kept_for_the_next_one(make_published, monkeypatch):
    article = make_published()
    popularity.record_view(article.pk)
    popularity.record_view(article.pk)
    insert = popularity._add_to_daily_views

    def insert_while_a_reader_views(counts):
        insert(counts)
        popularity.record_view(article.pk)

    monkeypatch.setattr(popularity, "_add_to_daily_views", insert_while_a_reader_views)

    flush_view_counts()

    assert views_by_day(article) == {timezone.localdate(): 2}
    assert counted_today(article) == 1


def test_views_are_counted_per_day_in_vietnam_time(client, make_published):
    with time_machine.travel(datetime.datetime(2026, 3, 5, 23, 59, tzinfo=HCM), tick=False) as clock:
        article = make_published()
        flush_view_counts()
        view(client, article)
        view(client, article)
        clock.move_to(datetime.datetime(2026, 3, 6, 0, 1, tzinfo=HCM))
        view(client, article)
        view(client, article)
        view(client, article)

        flush_view_counts()

    assert views_by_day(article) == {datetime.date(2026, 3, 5): 2, datetime.date(2026, 3, 6): 3}


def test_yesterdays_counter_is_still_flushed_the_next_day(make_published):
    with time_machine.travel(datetime.datetime(2026, 3, 5, 22, 0, tzinfo=HCM), tick=False) as clock:
        article = make_published()
        popularity.record_view(article.pk)
        clock.move_to(datetime.datetime(2026, 3, 6, 9, 0, tzinfo=HCM))

        flush_view_counts()

    assert views_by_day(article) == {datetime.date(2026, 3, 5): 1}


def test_counters_of_articles_readers_cannot_see_are_not_flushed(make_article, make_published):
    now = timezone.now()
    hidden = [
        make_article(headline="Bản nháp"),
        make_article(headline="Chờ duyệt", status=Article.Status.REVIEW),
        make_published(headline="Hẹn giờ", published_at=now + timedelta(hours=1)),
        make_article(headline="Đã gỡ", status=Article.Status.UNPUBLISHED, published_at=now - timedelta(hours=1)),
        make_published(headline="Trong thùng rác", deleted_at=now),
    ]
    for article in hidden:
        popularity.record_view(article.pk)
    popularity.record_view(987_654_321)

    assert flush_view_counts() == 0

    assert not DailyViews.objects.exists()


def test_only_one_flush_runs_at_a_time(make_published):
    article = make_published()
    popularity.record_view(article.pk)
    cache.add(popularity.FLUSH_LOCK_KEY, True)

    assert flush_view_counts() is None
    assert counted_today(article) == 1

    cache.delete(popularity.FLUSH_LOCK_KEY)
    assert flush_view_counts() == 1


def test_a_flush_runs_two_queries_whatever_the_number_of_counters(make_published, django_assert_num_queries):
    for number in range(30):
        popularity.record_view(make_published(headline=f"Bài {number}").pk)

    # 1. the candidate articles
    # 2. the INSERT … ON CONFLICT DO UPDATE of their counts
    with django_assert_num_queries(2):
        assert flush_view_counts() == 30


def test_the_command_flushes_the_counters(make_published, capsys):
    article = make_published()
    popularity.record_view(article.pk)

    call_command("flush_view_counts", verbosity=2)

    assert capsys.readouterr().out == "Flushed 1 views.\n"
    assert views_by_day(article) == {timezone.localdate(): 1}


def test_the_command_is_silent_for_cron(make_published, capsys):
    popularity.record_view(make_published().pk)

    call_command("flush_view_counts")

    assert capsys.readouterr().out == ""


# The list


def ranked_ids(*, limit=5, exclude=()) -> list[int]:
    """The ids ``popularity.ranking`` lists, best first: what the homepage's "Đọc nhiều" shows."""
    sql, params = popularity.ranking(limit=limit, exclude=exclude)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def most_read(*, limit=5, exclude=()) -> list[Article]:
    ids = ranked_ids(limit=limit, exclude=exclude)
    articles = Article.objects.in_bulk(ids)
    return [articles[pk] for pk in ids]


def test_most_read_ranks_by_the_views_of_today_and_yesterday(make_published):
    steady = make_published(headline="Đọc đều hai ngày")
    today = make_published(headline="Nóng hôm nay")
    old_news = make_published(headline="Từng đọc nhiều")
    give_views(steady, 40, days_ago=1)
    give_views(steady, 30)
    give_views(today, 50)
    give_views(old_news, 1000, days_ago=2)
    give_views(old_news, 5)

    assert most_read() == [steady, today, old_news]


def test_ties_are_ranked_newest_first(make_published):
    now = timezone.now()
    older = make_published(headline="Cũ hơn", published_at=now - timedelta(hours=5))
    newer = make_published(headline="Mới hơn", published_at=now - timedelta(hours=2))
    give_views(older, 10)
    give_views(newer, 10)

    assert most_read() == [newer, older]


def test_articles_without_recent_views_are_not_listed(make_published):
    viewed = make_published(headline="Có người đọc")
    make_published(headline="Chưa ai đọc")
    give_views(make_published(headline="Đọc từ hôm kia"), 99, days_ago=2)
    give_views(viewed, 1)

    assert most_read() == [viewed]


def test_most_read_leaves_out_what_the_page_already_shows_and_honours_the_limit(make_published):
    articles = [make_published(headline=f"Bài {views}") for views in range(1, 8)]
    for views, article in enumerate(articles, start=1):
        give_views(article, views)

    assert most_read(limit=3, exclude={articles[6].pk}) == [articles[5], articles[4], articles[3]]


def test_articles_readers_cannot_see_are_never_most_read(make_article, make_published):
    now = timezone.now()
    visible = make_published(headline="Đang hiển thị")
    give_views(visible, 1)
    for article in [
        make_article(headline="Bản nháp"),
        make_article(headline="Chờ duyệt", status=Article.Status.REVIEW),
        make_published(headline="Hẹn giờ", published_at=now + timedelta(hours=1)),
        make_article(headline="Đã gỡ", status=Article.Status.UNPUBLISHED, published_at=now - timedelta(hours=1)),
        make_published(headline="Trong thùng rác", deleted_at=now),
    ]:
        give_views(article, 500)

    assert most_read() == [visible]


@pytest.mark.parametrize("count", [1, 20])
def test_most_read_is_one_query(make_published, django_assert_num_queries, count):
    for number in range(count):
        give_views(make_published(headline=f"Bài {number}"), number + 1)

    # 1. the recent DailyViews summed (kept until the next flush); 2. the published articles among them
    with django_assert_num_queries(2):
        first = ranked_ids()
    # then only the second
    with django_assert_num_queries(1):
        again = ranked_ids()

    assert again == first and len(first) == min(count, 5)


def test_views_a_flush_writes_rank_at_once_and_a_takedown_leaves_the_list_at_once(make_published):
    leader, follower = make_published(headline="Đang dẫn đầu"), make_published(headline="Đang theo sau")
    give_views(leader, 10)
    give_views(follower, 5)
    assert most_read() == [leader, follower]  # the sums are now kept

    cache.set(counter_key(follower.pk, timezone.localdate()), 20)  # readers' views, counted in the cache
    assert flush_view_counts() == 20
    assert most_read() == [follower, leader]

    follower.status = Article.Status.UNPUBLISHED
    follower.save(update_fields=["status"])
    assert most_read() == [leader]
