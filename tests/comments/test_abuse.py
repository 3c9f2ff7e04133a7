"""Every anti-abuse rule, from the refusing side and from the passing side.

Rate limits count the stored comments; spent form tokens are rows: neither
lives in the cache, which anonymous traffic could empty.
"""

from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from comments.abuse import fingerprint
from comments.models import Ban, Comment, ModerationEvent, WordRule
from comments.moderation import recount_comments
from tests.comments import (
    READER,
    comments_settings,
    input_value,
    send,
    token_issued,
)

# Honeypot and form token ----------------------------------------------------------------------------------------


@pytest.fixture
def article(commented_article):
    return commented_article


def test_honeypot_filled_in_is_refused_and_empty_passes(article, client):
    response = send(client, article, website="http://spam.example")
    assert response.status_code == 400
    assert "phải để trống" in response.content.decode()
    assert not Comment.objects.exists()
    assert send(client, article, website="").status_code == 303


def test_form_sent_faster_than_the_minimum_is_refused_and_passes_once_old_enough(article, client, frozen):
    token = token_issued(article, seconds_ago=1)
    response = send(client, article, token=token)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Bạn gửi nhanh quá" in page and READER["body"] in page
    assert input_value(page, "token") == token  # the reader's own token, so waiting is enough
    assert not Comment.objects.exists()
    frozen.shift(2)
    assert send(client, article, token=token).status_code == 303


def test_form_older_than_the_maximum_age_is_refused_with_a_fresh_token(article, client, settings):
    old = token_issued(article, seconds_ago=settings.COMMENTS["TOKEN_MAX_AGE"] + 1)
    response = send(client, article, token=old)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Phiên gửi ý kiến đã hết hạn" in page
    assert input_value(page, "token") not in ("", old)
    assert not Comment.objects.exists()
    fresh_enough = token_issued(article, seconds_ago=settings.COMMENTS["TOKEN_MAX_AGE"] - 60)
    assert send(client, article, token=fresh_enough).status_code == 303


@pytest.mark.parametrize("kind", ["tampered", "other_article", "empty", "garbage"])
def test_token_tampered_with_or_for_another_article_is_refused(kind, article, make_published, client):
    good = token_issued(article)
    tokens = {
        "tampered": good[:-1] + ("A" if good[-1] != "A" else "B"),
        "other_article": token_issued(make_published(slug="bai-khac")),
        "empty": "",
        "garbage": signing.dumps({"article": article.pk}, salt="some-other-salt"),
    }
    response = send(client, article, token=tokens[kind])
    assert response.status_code == 400
    assert "Biểu mẫu gửi ý kiến không" in response.content.decode()
    assert Comment.objects.filter(article=article).count() == 0


# Rate limits ----------------------------------------------------------------------------------------------------


def test_second_post_from_the_same_ip_within_the_window_gets_a_polite_429(article, client, frozen):
    assert send(client, article).status_code == 303
    frozen.shift(10)
    response = send(client, article, email="nguoi-khac@example.com", body="Một ý kiến khác.")
    page = response.content.decode()
    assert response.status_code == 429
    assert "Bạn gửi ý kiến quá nhiều lần" in page and "vui lòng thử lại sau 5 giây" in page
    assert response["Retry-After"] == "5"
    assert "Một ý kiến khác." in page  # the text is kept
    assert Comment.objects.count() == 1
    # The refused attempt did not extend the wait: the next window takes it.
    frozen.shift(5)
    assert send(client, article, email="nguoi-khac@example.com", body="Một ý kiến khác.").status_code == 303


def test_second_post_from_the_same_email_on_another_ip_within_the_window_gets_a_429(article, client, frozen):
    assert send(client, article, ip="203.0.113.7").status_code == 303
    frozen.shift(3)
    response = send(client, article, ip="198.51.100.20", email=READER["email"].upper(), body="Ý kiến thứ hai.")
    assert response.status_code == 429
    assert Comment.objects.count() == 1
    assert (
        send(client, article, ip="198.51.100.20", email="khac@example.com", body="Ý kiến thứ hai.").status_code == 303
    )


def test_hourly_limit_counts_only_accepted_posts(article, client, frozen, settings):
    comments_settings(settings, RATE_LIMITS=[(1, 15), (3, 3600)])
    # A refused post (bad token) does not count against the reader.
    assert send(client, article, token="").status_code == 400
    for number in range(3):
        assert send(client, article, body=f"Ý kiến số {number}.").status_code == 303
        frozen.shift(20)
    response = send(client, article, body="Ý kiến số 3.")
    assert response.status_code == 429
    assert response["Retry-After"] == str(3600 - 60)
    frozen.shift(3600 - 60)
    assert send(client, article, body="Ý kiến số 3.").status_code == 303
    assert Comment.objects.count() == 4


# Duplicates -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("email", "ip"), [(READER["email"], "198.51.100.20"), ("khac@example.com", "203.0.113.7")])
def test_the_same_text_again_from_the_same_email_or_ip_is_a_duplicate(email, ip, article, client, frozen):
    assert send(client, article, body="Bài viết rất BỔ ÍCH,  cảm ơn!").status_code == 303
    frozen.shift(60)
    response = send(client, article, body="bai viet rat bo ich, \n cam on!", email=email, ip=ip)
    assert response.status_code == 400
    assert "Bạn đã gửi ý kiến này rồi" in response.content.decode()
    assert Comment.objects.count() == 1


def test_the_same_text_passes_after_a_day_on_another_article_or_from_someone_else(
    article, make_published, client, frozen
):
    assert send(client, article).status_code == 303
    frozen.shift(60)
    assert send(client, make_published(slug="bai-khac")).status_code == 303
    frozen.shift(60)
    assert send(client, article, email="khac@example.com", ip="198.51.100.20").status_code == 303
    frozen.shift(timedelta(hours=24))
    assert send(client, article).status_code == 303
    assert Comment.objects.count() == 4


# Bans -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "value"), [(Ban.Kind.EMAIL, READER["email"]), (Ban.Kind.IP, "203.0.113.7")])
def test_banned_email_or_ip_is_refused_with_a_clear_403(kind, value, article, client):
    Ban.objects.create(kind=kind, value=value, expires_at=timezone.now() + timedelta(days=1))
    response = send(client, article, email=READER["email"].upper())
    assert response.status_code == 403
    assert "đã bị chặn gửi ý kiến" in response.content.decode()
    assert not Comment.objects.exists()


def test_expired_ban_no_longer_applies(article, client):
    Ban.objects.create(kind=Ban.Kind.EMAIL, value=READER["email"], expires_at=timezone.now() - timedelta(minutes=1))
    Ban.objects.create(kind=Ban.Kind.IP, value="203.0.113.7", expires_at=timezone.now() - timedelta(minutes=1))
    Ban.objects.create(kind=Ban.Kind.EMAIL, value="nguoi-khac@example.com")
    assert send(client, article).status_code == 303


# Words, links, trusted readers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "text"),
    [("lừa đảo", "Đây là trò LỪA   ĐẢO!"), ("lua dao", "Đây là trò Lừa Đảo."), ("Lừa Đảo", "toàn lua dao cả")],
)
def test_banned_word_sends_the_comment_to_spam_whatever_the_accents_or_case(phrase, text, article, client):
    WordRule.objects.create(phrase=phrase, kind=WordRule.Kind.BANNED)
    response = send(client, article, body=text)
    assert response.status_code == 303
    assert response["Location"].endswith("?da-gui=1#y-kien")  # the reader is told the same as everyone
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert (comment.reason, comment.reason_detail) == (Comment.Reason.BANNED_WORD, phrase)
    event = ModerationEvent.objects.get()
    assert (event.comment, event.action, event.actor) == (comment, ModerationEvent.Action.AUTO_SPAM, None)


def test_words_match_whole_words_only(article, client):
    WordRule.objects.create(phrase="ngu", kind=WordRule.Kind.BANNED)
    assert send(client, article, body="Người dân nguyên quán Buôn Ma Thuột.").status_code == 303
    comment = Comment.objects.get()
    assert (comment.status, comment.reason) == (Comment.Status.PENDING, "")


def test_suspect_word_holds_the_comment_with_the_word_as_reason(article, client):
    WordRule.objects.create(phrase="biểu tình", kind=WordRule.Kind.SUSPECT)
    assert send(client, article, body="Kêu gọi BIEU TINH ngay.").status_code == 303
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert (comment.reason, comment.reason_detail) == (Comment.Reason.SUSPECT_WORD, "biểu tình")
    assert not ModerationEvent.objects.exists()


def test_more_links_than_allowed_are_held_and_up_to_the_limit_are_not(article, client, frozen):
    assert send(client, article, body="Xem https://a.example.org/x và www.trang.vn, tin ở TP.HCM.").status_code == 303
    frozen.shift(20)
    assert send(client, article, body="Mua tại shop.vn, https://x.io/y và www.z.com nhé").status_code == 303
    first, second = Comment.objects.order_by("pk")
    assert (first.status, first.reason) == (Comment.Status.PENDING, "")
    assert (second.status, second.reason) == (Comment.Status.PENDING, Comment.Reason.LINKS)


@pytest.fixture
def reader_history(article, make_comment):
    def make(approved=2, rejected=0):
        earlier = {"email": READER["email"], "created_at": timezone.now() - timedelta(days=3)}
        for number in range(approved):
            make_comment(article, status=Comment.Status.APPROVED, body=f"Cũ {number}.", **earlier)
        for number in range(rejected):
            make_comment(article, status=Comment.Status.REJECTED, body=f"Bị từ chối {number}.", **earlier)
        recount_comments(article.pk)

    return make


def test_trusted_reader_is_approved_at_once_and_the_article_page_shows_it(
    article, reader_history, client, settings, django_capture_on_commit_callbacks
):
    comments_settings(settings, TRUST_AFTER=2)
    reader_history(approved=2)
    url = article.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        assert send(client, article, body="Ý kiến của bạn đọc tin cậy.").status_code == 303
    comment = Comment.objects.get(body="Ý kiến của bạn đọc tin cậy.")
    assert comment.status == Comment.Status.APPROVED and comment.decided_at is not None
    assert ModerationEvent.objects.get().action == ModerationEvent.Action.AUTO_APPROVE
    article.refresh_from_db()
    assert article.comment_count == 3
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"  # the cached page was dropped on commit
    assert "Ý kiến của bạn đọc tin cậy." in response.content.decode()


@pytest.mark.parametrize(
    ("trust_after", "approved", "rejected", "body"),
    [
        (0, 5, 0, "Ý kiến mới."),  # the rule is off by default
        (2, 1, 0, "Ý kiến mới."),  # not enough approved comments yet
        (2, 3, 1, "Ý kiến mới."),  # one rejection is enough to lose trust
        (2, 3, 0, "Kêu gọi biểu tình."),  # a held comment is held even from a trusted reader
    ],
)
def test_reader_not_trusted_waits_for_a_moderator(
    trust_after, approved, rejected, body, article, reader_history, client, settings
):
    comments_settings(settings, TRUST_AFTER=trust_after)
    WordRule.objects.create(phrase="biểu tình", kind=WordRule.Kind.SUSPECT)
    reader_history(approved=approved, rejected=rejected)
    assert send(client, article, body=body).status_code == 303
    assert Comment.objects.get(body=body).status == Comment.Status.PENDING
    assert not ModerationEvent.objects.exists()


# No refusal writes anything -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "refusal",
    ["invalid", "honeypot", "too_fast", "expired", "tampered", "banned", "closed", "bad_parent", "duplicate", "rate"],
)
def test_no_refusal_writes_a_row_or_counts_against_the_reader(refusal, article, make_comment, client, frozen, settings):
    existing = make_comment(
        article,
        body="Đã có.",
        email="khac@example.com",
        ip_address="198.51.100.20",
        fingerprint=fingerprint(article.pk, "Đã có."),
        created_at=timezone.now() - timedelta(hours=2),  # outside every rate-limit window, inside the duplicate one
    )
    if refusal == "rate":
        assert send(client, article, ip="198.51.100.20", email="ba@example.com", body="Lần đầu.").status_code == 303
    overrides = {
        "invalid": {"email": "khong-phai-email"},
        "honeypot": {"website": "x"},
        "too_fast": {"token": token_issued(article, seconds_ago=0)},
        "expired": {"token": token_issued(article, seconds_ago=settings.COMMENTS["TOKEN_MAX_AGE"] + 5)},
        "tampered": {"token": "abc:def"},
        "banned": {},
        "closed": {},
        "bad_parent": {"parent": existing.pk},
        "duplicate": {"body": "Đã có.", "ip": "198.51.100.20"},
        "rate": {"ip": "198.51.100.20"},
    }[refusal]
    if refusal == "banned":
        Ban.objects.create(kind=Ban.Kind.EMAIL, value=READER["email"])
    if refusal == "closed":
        type(article).objects.filter(pk=article.pk).update(comments_enabled=False)
    rows, events = Comment.objects.count(), ModerationEvent.objects.count()

    response = send(client, article, **overrides)
    assert response.status_code in (400, 403, 429)
    assert (Comment.objects.count(), ModerationEvent.objects.count()) == (rows, events)

    if refusal not in ("banned", "closed", "rate"):
        # Nothing was counted against the reader: a good post right after passes.
        assert send(client, article).status_code == 303


def test_a_form_token_is_spent_once_except_under_the_benchmarks_relaxed_rules(db, settings, time_machine):
    import pytest

    from comments.abuse import Refused, check_form_token, make_form_token

    settings.COMMENTS = {**settings.COMMENTS, "MIN_SECONDS": 0}
    token = make_form_token(7)
    check_form_token(token, 7)
    with pytest.raises(Refused):
        check_form_token(token, 7)

    settings.COMMENTS = {**settings.COMMENTS, "RELAXED_FOR_BENCH": True}
    check_form_token(token, 7)
    check_form_token(token, 7)
