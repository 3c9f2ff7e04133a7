"""Readers report an approved comment ("Báo vi phạm"): it goes back to the moderators' attention."""

import pytest
from django.test import Client

from comments.models import Comment, ModerationEvent, Report
from comments.moderation import recount_comments
from comments.reports import report_comment
from tests.comments import input_value

THANKS = "Cảm ơn bạn đã báo vi phạm"


@pytest.fixture
def published_comment(make_published, make_comment):
    article = make_published()
    comment = make_comment(article, status=Comment.Status.APPROVED, body="Ý kiến bị báo.")
    recount_comments(article.pk)
    return comment


def report_url(comment) -> str:
    return f"/y-kien/bao-vi-pham/{comment.pk}/"


def test_report_flags_the_comment_and_thanks_the_reader(published_comment, client):
    response = client.post(report_url(published_comment), REMOTE_ADDR="203.0.113.50")
    assert response.status_code == 303
    article_url = published_comment.article.get_absolute_url()
    assert response["Location"] == f"{article_url}?da-bao=1#y-kien"
    published_comment.refresh_from_db()
    assert published_comment.flagged and published_comment.report_count == 1
    assert published_comment.status == Comment.Status.APPROVED  # still shown until more readers report it
    assert Report.objects.get().ip_address == "203.0.113.50"
    assert ModerationEvent.objects.get().action == ModerationEvent.Action.REPORT
    assert Comment.objects.awaiting_moderation().filter(pk=published_comment.pk).exists()
    assert THANKS in client.get(response["Location"]).content.decode()


def test_a_repeat_report_from_the_same_address_changes_nothing(published_comment, client):
    for _ in range(3):
        response = client.post(report_url(published_comment), REMOTE_ADDR="203.0.113.50")
        assert response.status_code == 303 and "da-bao=1" in response["Location"]
    published_comment.refresh_from_db()
    assert published_comment.report_count == 1 and published_comment.status == Comment.Status.APPROVED
    assert Report.objects.count() == 1 and ModerationEvent.objects.count() == 1


def test_enough_reports_take_the_comment_off_the_page_until_a_moderator_decides(
    published_comment, client, settings, django_capture_on_commit_callbacks
):
    article_url = published_comment.article.get_absolute_url()
    assert "Ý kiến bị báo." in client.get(article_url).content.decode()
    assert client.get(article_url)["X-Page-Cache"] == "hit"
    for number in range(settings.COMMENTS["REPORTS_TO_HIDE"]):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(report_url(published_comment), REMOTE_ADDR=f"203.0.113.{60 + number}")
    published_comment.refresh_from_db()
    assert published_comment.status == Comment.Status.PENDING
    assert published_comment.reason == Comment.Reason.REPORTED and published_comment.flagged
    assert published_comment.report_count == settings.COMMENTS["REPORTS_TO_HIDE"]
    published_comment.article.refresh_from_db()
    assert published_comment.article.comment_count == 0
    response = client.get(article_url)
    assert response["X-Page-Cache"] == "miss" and "Ý kiến bị báo." not in response.content.decode()


def test_fewer_reports_than_the_threshold_keep_it_on_the_page(published_comment, client, settings):
    for number in range(settings.COMMENTS["REPORTS_TO_HIDE"] - 1):
        client.post(report_url(published_comment), REMOTE_ADDR=f"203.0.113.{60 + number}")
    published_comment.refresh_from_db()
    assert published_comment.status == Comment.Status.APPROVED and published_comment.reason == ""


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.REJECTED, Comment.Status.SPAM])
def test_reporting_a_comment_readers_do_not_see_is_a_404(status, make_published, make_comment, client):
    comment = make_comment(make_published(), status=status)
    assert client.post(report_url(comment)).status_code == 404
    assert client.post("/y-kien/bao-vi-pham/999999/").status_code == 404
    assert not Report.objects.exists()


def test_reporting_a_comment_of_an_article_readers_cannot_see_is_a_404(hidden_articles, make_comment, client):
    for article in hidden_articles:
        comment = make_comment(article, status=Comment.Status.APPROVED)
        assert client.post(report_url(comment)).status_code == 404, article.headline
    assert not Report.objects.exists()


def test_report_is_post_only(published_comment, client):
    assert client.get(report_url(published_comment)).status_code == 405
    assert not Report.objects.exists()


def test_report_without_javascript_is_confirmed_on_a_small_page(published_comment):
    reader = Client(enforce_csrf_checks=True)
    response = reader.post(report_url(published_comment), REMOTE_ADDR="203.0.113.50")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Báo vi phạm" in page and "Ý kiến bị báo." in page and page.count("<h1") == 1
    assert not Report.objects.exists()
    token = input_value(page, "csrfmiddlewaretoken")
    confirmed = reader.post(report_url(published_comment), {"csrfmiddlewaretoken": token}, REMOTE_ADDR="203.0.113.50")
    assert confirmed.status_code == 303 and Report.objects.count() == 1


def test_report_comment_refuses_a_comment_no_longer_shown(published_comment):
    Comment.objects.filter(pk=published_comment.pk).update(status=Comment.Status.REJECTED)
    with pytest.raises(Comment.DoesNotExist):
        report_comment(comment=published_comment, ip="203.0.113.50")
    assert not Report.objects.exists()
