"""A reader posts a comment: the form, the flow to a moderator and back, closed articles, replies, CSRF."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment, ModerationEvent
from comments.moderation import approve_comment
from tests.comments import READER, comment_data, input_value, post_url, send

AWAITING = "Bình luận của bạn đang chờ duyệt"


def test_reader_posts_a_comment_that_waits_for_moderation(make_published, client):
    article = make_published()
    response = client.post(
        post_url(article),
        comment_data(article, email="  NguyenVanAn@Example.com "),
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="Mozilla/5.0 " + "x" * 500,
        HTTP_X_FORWARDED_FOR="198.51.100.99",
    )
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}?da-gui=1#y-kien"
    comment = Comment.objects.get()
    assert (comment.article, comment.name, comment.body) == (article, READER["name"], READER["body"])
    assert comment.status == Comment.Status.PENDING and comment.reason == ""
    assert comment.email == "nguyenvanan@example.com"
    assert comment.ip_address == "203.0.113.7"  # REMOTE_ADDR; X-Forwarded-For is not trusted
    assert comment.user_agent.startswith("Mozilla/5.0 x") and len(comment.user_agent) == 300
    assert len(comment.fingerprint) == 64
    assert not ModerationEvent.objects.exists()
    page = client.get(article.get_absolute_url() + "?da-gui=1").content.decode()
    assert AWAITING in page and READER["body"] not in page


def test_full_flow_post_then_approve_shows_it_on_the_already_cached_article_page(
    make_published, moderator, client, django_capture_on_commit_callbacks
):
    article = make_published()
    url = article.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"

    assert send(client, article).status_code == 303
    comment = Comment.objects.get()
    cached = client.get(url)
    assert cached["X-Page-Cache"] == "hit" and READER["body"] not in cached.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        approve_comment(comment=comment, moderator=moderator)

    response = client.get(url)
    page = response.content.decode()
    assert response["X-Page-Cache"] == "miss"
    assert READER["body"] in page and READER["name"] in page
    assert 'Ý kiến bạn đọc <span class="comment-count">(1)</span>' in page
    assert comment.email not in page and "203.0.113.7" not in page


def test_notice_shows_only_on_the_url_the_post_redirects_to(make_published, client):
    article = make_published()
    url = article.get_absolute_url()
    assert AWAITING not in client.get(url).content.decode()
    assert AWAITING not in client.get(url + "?da-gui=2").content.decode()
    assert AWAITING in client.get(url + "?da-gui=1").content.decode()
    assert AWAITING not in client.get(url).content.decode()  # the plain page, even from the cache


def test_validation_errors_show_next_to_fields_with_the_values_kept(make_published, client):
    article = make_published()
    too_long = "Quá dài. " * 400
    response = send(client, article, name="  ", body=too_long)
    page = response.content.decode()
    assert response.status_code == 400
    assert '<p class="field-error" id="comment-name-error">Vui lòng nhập họ tên.</p>' in page
    assert "Ý kiến dài tối đa 3000 ký tự" in page
    assert "Quá dài. Quá dài." in page
    assert input_value(page, "email") == READER["email"]
    assert input_value(page, "csrfmiddlewaretoken") and input_value(page, "token")
    assert "no-cache" in response["Cache-Control"]
    assert not Comment.objects.exists()


def test_a_text_of_exactly_3000_characters_with_line_breaks_passes(make_published, client):
    article = make_published()
    body = ("a" * 99 + "\r\n") * 29 + "a" * 100  # 3,000 characters once "\r\n" counts as one line break
    assert send(client, article, body=body).status_code == 303
    assert Comment.objects.get().body == body.replace("\r\n", "\n")
    assert send(client, article, body=body + "a", email="khac@example.com", ip="203.0.113.8").status_code == 400


def test_form_page_for_readers_without_javascript_has_real_tokens_and_is_never_cached(make_published, client):
    article = make_published()
    response = client.get(post_url(article))
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "X-Page-Cache" not in response
    assert page.count("<h1") == 1
    assert len(input_value(page, "csrfmiddlewaretoken")) == 64
    assert input_value(page, "token")
    assert input_value(page, "parent") == ""


@pytest.mark.parametrize("method", ["get", "post"])
def test_posting_for_an_article_readers_cannot_see_is_a_404(method, hidden_articles, client):
    for article in hidden_articles:
        response = getattr(client, method)(post_url(article), comment_data(article))
        assert response.status_code == 404, article.headline
    assert getattr(client, method)("/y-kien/gui/999999/").status_code == 404
    assert not Comment.objects.exists()


def test_article_with_comments_switched_off_shows_no_form_and_refuses_posts(make_published, client):
    article = make_published(comments_enabled=False)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Bài viết đã đóng bình luận." in page
    assert "comment-form" not in page and "Viết ý kiến" not in page

    form_page = client.get(post_url(article)).content.decode()
    assert "Bài viết đã đóng bình luận." in form_page and 'class="comment-form"' not in form_page

    response = send(client, article)
    assert response.status_code == 403
    assert "Bài viết đã đóng bình luận" in response.content.decode()
    assert READER["body"] in response.content.decode()  # nothing the reader wrote is lost
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("close_after_days", "age_days", "is_open"),
    [(30, 31, False), (30, 29, True), (0, 400, True)],
)
def test_comments_close_automatically_after_the_configured_days(
    close_after_days, age_days, is_open, make_published, settings, client
):
    settings.COMMENTS = {**settings.COMMENTS, "CLOSE_AFTER_DAYS": close_after_days}
    article = make_published(published_at=timezone.now() - timedelta(days=age_days))
    page = client.get(article.get_absolute_url()).content.decode()
    assert ('class="comment-form"' in page) is is_open
    assert ("Bài viết đã đóng bình luận." in page) is not is_open
    assert send(client, article).status_code == (303 if is_open else 403)
    assert Comment.objects.exists() is is_open


def test_reader_replies_to_an_approved_comment(make_published, make_comment, client):
    article = make_published()
    parent = make_comment(article, status=Comment.Status.APPROVED, name="Trần Bình")
    form_page = client.get(f"{post_url(article)}?tra-loi={parent.pk}").content.decode()
    assert "Trần Bình" in form_page and input_value(form_page, "parent") == str(parent.pk)

    assert send(client, article, parent=parent.pk).status_code == 303
    reply = Comment.objects.exclude(pk=parent.pk).get()
    assert reply.parent == parent and reply.status == Comment.Status.PENDING


@pytest.mark.parametrize("target", ["pending", "reply", "other_article", "unknown"])
def test_reply_to_anything_but_an_approved_top_level_comment_of_the_article_is_refused(
    target, make_published, make_comment, client
):
    article = make_published()
    approved = make_comment(article, status=Comment.Status.APPROVED)
    parents = {
        "pending": lambda: make_comment(article, body="Chờ duyệt."),
        "reply": lambda: make_comment(article, parent=approved, status=Comment.Status.APPROVED, body="Trả lời."),
        "other_article": lambda: make_comment(make_published(slug="bai-khac"), status=Comment.Status.APPROVED),
        "unknown": lambda: Comment(pk=999_999),
    }
    parent = parents[target]()
    before = Comment.objects.count()
    response = send(client, article, parent=parent.pk)
    page = response.content.decode()
    assert response.status_code == 400
    expected = "không trả lời tiếp một câu trả lời" if target == "reply" else "không tồn tại hoặc chưa được duyệt"
    assert expected in page and READER["body"] in page
    assert Comment.objects.count() == before


def test_form_page_ignores_a_reply_target_readers_cannot_see(make_published, make_comment, client):
    article = make_published()
    pending = make_comment(article, name="Người chờ duyệt")
    page = client.get(f"{post_url(article)}?tra-loi={pending.pk}").content.decode()
    assert "Người chờ duyệt" not in page and input_value(page, "parent") == ""


def test_a_post_refused_by_csrf_comes_back_with_the_text_kept_and_a_fresh_token(make_published, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    article = make_published()
    reader = Client(enforce_csrf_checks=True)
    data = comment_data(article, body="Ý kiến viết khi không có JavaScript.\nDòng hai.", token="")
    response = reader.post(post_url(article), data, REMOTE_ADDR="203.0.113.7")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Vui lòng bấm Gửi để xác nhận ý kiến của bạn" in page
    assert "Ý kiến viết khi không có JavaScript.\nDòng hai." in page
    assert input_value(page, "name") == READER["name"] and input_value(page, "email") == READER["email"]
    assert "no-store" in response["Cache-Control"]
    assert not Comment.objects.exists()

    confirm = {**data, "csrfmiddlewaretoken": input_value(page, "csrfmiddlewaretoken")}
    confirm["token"] = input_value(page, "token")
    time_machine.shift(timedelta(seconds=5))
    assert reader.post(post_url(article), confirm, REMOTE_ADDR="203.0.113.7").status_code == 303
    assert Comment.objects.get().body == "Ý kiến viết khi không có JavaScript.\nDòng hai."


def test_csrf_failure_elsewhere_is_a_vietnamese_403_page(db):
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "Không thể xử lý yêu cầu" in response.content.decode()


def test_session_endpoint_gives_tokens_without_a_query_and_is_never_cached(
    make_published, client, django_assert_num_queries
):
    article = make_published()
    with django_assert_num_queries(0):
        response = client.get(f"/y-kien/phien/{article.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"] and "X-Page-Cache" not in response
    tokens = json.loads(response.content)
    assert set(tokens) == {"csrf", "token"} and response.cookies["csrftoken"].value
    assert client.post(f"/y-kien/phien/{article.pk}/").status_code == 405


def test_tokens_from_the_session_endpoint_let_a_javascript_reader_post(make_published, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    article = make_published()
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(article.get_absolute_url()).content.decode()
    assert input_value(page, "csrfmiddlewaretoken") == "" and input_value(page, "token") == ""
    tokens = reader.get(f"/y-kien/phien/{article.pk}/").json()
    time_machine.shift(timedelta(seconds=20))
    data = {**comment_data(article), "token": tokens["token"], "csrfmiddlewaretoken": tokens["csrf"]}
    assert reader.post(post_url(article), data).status_code == 303


def test_form_page_only_takes_get_and_post(make_published, client):
    article = make_published()
    assert client.put(post_url(article)).status_code == 405


def test_the_comment_a_reader_answers_is_quoted_as_the_thread_shows_it(make_published, make_comment, client):
    article = make_published()
    parent = make_comment(article, status=Comment.Status.APPROVED, name="Bình <b>", body="Dòng một\nDòng <i>hai</i>")

    thread = client.get(article.get_absolute_url()).content.decode()
    form_page = client.get(f"{post_url(article)}?tra-loi={parent.pk}").content.decode()

    quote = re.search(r'<blockquote class="comment comment-quote">(.*?)</blockquote>', form_page, re.S)[1]
    for part in ("comment-meta", "comment-body"):
        shown = re.search(rf'<(p|div) class="{part}">.*?</\1>', quote, re.S)[0]
        assert shown in thread  # one markup for a comment, on the article page and where it is quoted
    assert "<b>" not in quote and "Dòng một<br>Dòng &lt;i&gt;hai&lt;/i&gt;" in quote
