"""Attacks on reader comments, from the attacker's side: markup and spoofing in names and texts, floods,
robots, replayed forms, and bodies built to break the server.

Rate limits are counted from the stored comments and spent form tokens are
rows (``SpentFormToken``), so the concurrent cases run in threads with real
transactions, each on its own database connection.
"""

import threading
from html import unescape

import pytest
from django.conf import settings as django_settings
from django.db import connection

from comments import abuse
from comments.abuse import Refused, make_form_token
from comments.models import Comment
from comments.moderation import approve_comment
from comments.posting import post_comment
from tests.comments import (
    READER,
    comment_data,
    comments_settings,
    input_value,
    post_url,
    send,
    token_issued,
)

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BAD_REQUEST_PAGE = "Yêu cầu không hợp lệ"


@pytest.fixture
def article(commented_article):
    return commented_article


def comments_block(page: str) -> str:
    return page[page.index('<section class="reader-comments') :]


def approved_from_a_post(client, article, moderator, **fields):
    """Post the comment form as a reader would, then approve what was stored; return the comment."""
    assert send(client, article, **fields).status_code == 303
    comment = Comment.objects.get()
    approve_comment(comment=comment, moderator=moderator)
    return comment


# Markup, template syntax and spoofing in names and texts -------------------------------------------------------

NAME_ATTACK = '<script>alert("ten")</script>{{ settings.SECRET_KEY }}'
BODY_ATTACK = '<img src=x onerror="alert(1)">\n{% debug %}{{ request.user }}\n<a href="javascript:alert(2)">bấm</a>'


def assert_inert(page: str, settings):
    assert "<script>alert(" not in page and "<img src=x" not in page and 'href="javascript:' not in page
    assert '<script>alert("ten")</script>' in unescape(page)  # shown as typed
    assert "{{ settings.SECRET_KEY }}" in page and "{% debug %}" in page  # shown as typed, never evaluated
    assert settings.SECRET_KEY not in page
    assert "sql_queries" not in page


def test_markup_and_template_syntax_in_a_comment_are_shown_as_typed_on_the_reader_pages(
    article, client, moderator, settings
):
    approved_from_a_post(client, article, moderator, name=NAME_ATTACK, body=BODY_ATTACK)

    for url in (article.get_absolute_url(), f"/y-kien/{article.pk}/"):
        page = client.get(url).content.decode()
        assert_inert(comments_block(page), settings)


def test_markup_and_template_syntax_in_a_comment_are_shown_as_typed_to_moderators(article, client, moderator, settings):
    assert send(client, article, name=NAME_ATTACK, body=BODY_ATTACK).status_code == 303
    comment = Comment.objects.get()
    client.force_login(moderator)

    for url in ("/admin/comments/comment/", f"/admin/comments/comment/{comment.pk}/change/"):
        assert_inert(client.get(url).content.decode(), settings)


@pytest.mark.parametrize("control", list(BIDI_CONTROLS), ids=[f"U+{ord(c):04X}" for c in BIDI_CONTROLS])
def test_bidi_override_characters_are_stripped_so_a_name_cannot_spoof_the_page(article, client, moderator, control):
    # Displayed with U+202E, this name would read "Ban biên tập: đã kiểm chứng" backwards into the page.
    comment = approved_from_a_post(
        client, article, moderator, name=f"Ban biên tập{control} :gnứhc mểik ãđ", body=f"Ý kiến{control} lật ngược."
    )

    assert (comment.name, comment.body) == ("Ban biên tập :gnứhc mểik ãđ", "Ý kiến lật ngược.")
    client.force_login(moderator)
    for url in (article.get_absolute_url(), "/admin/comments/comment/?status=all"):
        page = client.get(url).content.decode()
        assert control not in page
        assert f"&#{ord(control)};" not in page and f"&#x{ord(control):x};" not in page.lower()


def test_a_name_of_nothing_but_invisible_characters_is_no_name(article, client):
    response = send(client, article, name=BIDI_CONTROLS + "\x00\x07")

    assert response.status_code == 400
    assert "Vui lòng nhập họ tên." in response.content.decode()
    assert not Comment.objects.exists()


# Floods ---------------------------------------------------------------------------------------------------------


def test_a_burst_from_one_address_is_refused_with_429_after_the_limit(article, client, settings, frozen):
    comments_settings(settings, RATE_LIMITS=[(3, 60)])
    statuses = []
    for number in range(8):
        response = send(client, article, email=f"may-{number}@example.com", body=f"Quảng cáo số {number}.")
        statuses.append(response.status_code)
        frozen.shift(1)

    assert statuses == [303, 303, 303, 429, 429, 429, 429, 429]
    assert response["Retry-After"] == str(60 - 7)  # the last try came 7 seconds into the window
    assert "Bạn gửi ý kiến quá nhiều lần" in response.content.decode()
    assert Comment.objects.count() == 3
    frozen.shift(60)
    assert send(client, article, email="may-9@example.com", body="Quảng cáo số 9.").status_code == 303


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_burst_of_simultaneous_posts_from_one_address_stores_exactly_the_limit(settings, make_published):
    comments_settings(settings, RATE_LIMITS=[(2, 3600)], MIN_SECONDS=0)
    article = make_published()
    outcomes = []
    barrier = threading.Barrier(12)

    def post(number):
        try:
            barrier.wait()
            post_comment(
                article=article,
                name="Máy",
                email=f"bot-{number}@example.com",
                body=f"Quảng cáo số {number}.",
                token=make_form_token(article.pk),
                ip="203.0.113.66",
            )
            outcomes.append("ok")
        except Refused as refusal:
            outcomes.append(refusal.status)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(number,)) for number in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes, key=str) == [429] * 10 + ["ok", "ok"]
    assert Comment.objects.filter(ip_address="203.0.113.66").count() == 2


# Robots ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signal", "message"),
    [
        ("honeypot", "phải để trống"),
        ("too_fast", "Bạn gửi nhanh quá"),
        ("expired", "Phiên gửi ý kiến đã hết hạn"),
        ("tampered", "Biểu mẫu gửi ý kiến không hợp lệ"),
        ("no_token", "Biểu mẫu gửi ý kiến không hợp lệ"),
    ],
)
def test_a_robots_post_is_refused_with_the_text_kept_and_nothing_stored(article, client, signal, message):
    good = token_issued(article)
    overrides = {
        "honeypot": {"website": "https://ban-hang.example"},
        "too_fast": {"token": token_issued(article, seconds_ago=0.5)},
        "expired": {"token": token_issued(article, seconds_ago=django_settings.COMMENTS["TOKEN_MAX_AGE"] + 1)},
        "tampered": {"token": good[:-2] + ("AA" if not good.endswith("AA") else "BB")},
        "no_token": {"token": ""},
    }[signal]

    response = send(client, article, **overrides)

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and READER["body"] in page
    assert not Comment.objects.exists()


def test_a_token_that_carried_an_accepted_comment_is_refused_the_second_time(article, client, frozen):
    token = token_issued(article)
    assert send(client, article, token=token).status_code == 303
    frozen.shift(3600)  # past every rate limit: only the spent token is left to stop it

    replay = send(client, article, token=token, ip="198.51.100.99", email="robot@example.com", body="Lần hai.")

    assert replay.status_code == 400
    page = replay.content.decode()
    assert "đã được dùng để gửi một ý kiến" in page
    assert input_value(page, "token") != token  # a person who meant it gets a fresh form
    assert Comment.objects.count() == 1


def test_one_token_sent_many_times_at_once_passes_once(article):
    token = token_issued(article)
    outcomes = []
    barrier = threading.Barrier(10)

    def check():
        barrier.wait()
        try:
            abuse.check_form_token(token, article.pk)
            outcomes.append("ok")
        except Refused as refusal:
            outcomes.append(refusal.code)

    threads = [threading.Thread(target=check) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert sorted(outcomes) == ["ok"] + ["token_used"] * 9


def test_a_spent_token_is_refused_as_spent_then_as_expired(article, frozen, settings):
    token = token_issued(article)
    abuse.check_form_token(token, article.pk)

    with pytest.raises(Refused) as spent:
        abuse.check_form_token(token, article.pk)
    frozen.shift(settings.COMMENTS["TOKEN_MAX_AGE"] + 1)
    with pytest.raises(Refused) as expired:
        abuse.check_form_token(token, article.pk)

    assert (spent.value.code, expired.value.code) == ("token_used", "token_expired")


def test_every_token_handed_out_is_distinct_even_in_the_same_instant(article):
    assert len({make_form_token(article.pk) for _ in range(50)}) == 50


def test_a_post_refused_after_its_token_was_checked_comes_back_with_a_fresh_token(article, client, frozen):
    assert send(client, article, body="Ý kiến đã gửi.").status_code == 303
    frozen.shift(60)
    spent = token_issued(article)

    duplicate = send(client, article, body="Ý kiến đã gửi.", token=spent)
    fresh = input_value(duplicate.content.decode(), "token")
    frozen.shift(60)

    assert duplicate.status_code == 400 and fresh != spent
    assert send(client, article, body="Ý kiến khác hẳn.", token=fresh).status_code == 303


# Oversized and garbage bodies -----------------------------------------------------------------------------------


def test_a_one_megabyte_text_is_a_clear_400_and_nothing_is_stored(article, client):
    response = send(client, article, body="a" * 1_000_000)

    assert response.status_code == 400
    assert "Ý kiến dài tối đa 3000 ký tự (hiện có 1000000 ký tự)." in response.content.decode()
    assert not Comment.objects.exists()


def test_a_body_over_the_request_size_limit_is_a_400_not_a_500(article, client, settings):
    response = send(client, article, body="a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))

    assert response.status_code == 400
    assert BAD_REQUEST_PAGE in response.content.decode()
    assert not Comment.objects.exists()


def test_five_thousand_fields_are_a_400_and_nothing_is_stored(article, client):
    data = comment_data(article)
    data.update({f"truong-{number}": "x" for number in range(5000)})

    response = client.post(post_url(article), data, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 400
    assert BAD_REQUEST_PAGE in response.content.decode()
    assert not Comment.objects.exists()


def test_nul_bytes_in_the_name_and_text_are_stripped_never_sent_to_postgresql(article, client):
    response = send(client, article, name="Nguyễn\x00 Văn An", body="Ý kiến\x00 có byte rỗng.\x00")

    assert response.status_code == 303
    comment = Comment.objects.get()
    assert (comment.name, comment.body) == ("Nguyễn Văn An", "Ý kiến có byte rỗng.")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "an\x00@example.com", "Email không hợp lệ."),
        ("website", "\x00x", "phải để trống"),
        ("parent", "1\x00", "Ý kiến bạn muốn trả lời không hợp lệ."),
    ],
)
def test_a_nul_byte_in_any_other_field_is_a_400_in_vietnamese(article, client, field, value, message):
    response = send(client, article, **{field: value})

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page and "Null characters" not in page
    assert not Comment.objects.exists()


def test_a_nul_byte_in_the_token_is_dropped_like_any_control_character(article, client):
    assert send(client, article, token=token_issued(article) + "\x00").status_code == 303


def test_a_nul_byte_in_the_user_agent_is_never_a_500(article, client):
    client.raise_request_exception = False

    response = client.post(
        post_url(article), comment_data(article), REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="x\x00y"
    )

    assert response.status_code in (303, 400)


def test_bytes_that_are_not_utf8_are_a_clear_answer_never_a_500(article, client):
    body = b"name=%FF%FE&email=an%40example.com&body=%C3%28%A0%A1&token=" + token_issued(article).encode()

    response = client.post(
        post_url(article), body, content_type="application/x-www-form-urlencoded", REMOTE_ADDR="203.0.113.7"
    )

    assert response.status_code in (303, 400)


def test_a_comment_posted_as_json_or_multipart_garbage_stores_nothing(article, client):
    for content_type, body in (
        ("application/json", b'{"name": "An", "body": "x"}'),
        ("multipart/form-data; boundary=xyz", b"--xyz\r\nContent-Disposition: form-data; name=\r\n\r\n"),
    ):
        response = client.post(post_url(article), body, content_type=content_type, REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 400, content_type
    assert not Comment.objects.exists()
