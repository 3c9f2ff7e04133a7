"""Lost updates, double submits and the trash: nothing happens twice and nothing is lost.

A double click, a browser resubmitting, or two people acting on the same row
at the same moment: each transition happens once, with one audit row and one
count change, and a stale save is refused rather than overwriting. The
concurrent cases run in threads with real transactions, each on its own
database connection, so the row locks are what keeps them apart.
"""

import threading
import time

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from reversion.models import Version

from articles.content import publishing
from articles.content.publishing import publish_article, restore_article, trash_article
from articles.desk.revisions import versions_of
from articles.models import Article, WorkflowEvent
from comments import moderation
from comments.models import Comment, ModerationEvent

Action = WorkflowEvent.Action
concurrent = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def at_once(action, *, times=2):
    """Run ``action()`` in ``times`` threads released together; return what each returned or raised."""
    barrier = threading.Barrier(times)
    outcomes = [None] * times

    def run(index):
        try:
            barrier.wait()
            outcomes[index] = action()
        except Exception as error:  # the outcome is what the test looks at
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def slowed(monkeypatch, module, name, seconds=0.3):
    """Make ``module.name`` take ``seconds`` longer, widening the window two racing requests could share."""
    original = getattr(module, name)

    def slow(*args, **kwargs):
        time.sleep(seconds)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


# Publishing -----------------------------------------------------------------------------------------------------


@concurrent
def test_two_editors_publishing_the_same_draft_at_once_make_one_transition(
    migrated_rows_put_back, make_article, editor, monkeypatch
):
    draft = make_article(credit_line="Theo TTXVN")
    slowed(monkeypatch, publishing, "publication_problems")  # runs between the status check and the write

    outcomes = at_once(lambda: publish_article(article=Article.objects.get(pk=draft.pk), editor=editor))

    published = [outcome for outcome in outcomes if isinstance(outcome, Article)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, ValidationError)]
    assert (len(published), len(refused)) == (1, 1), outcomes
    assert refused[0].messages == ["Bài đã được xuất bản."]
    assert WorkflowEvent.objects.filter(article_id=draft.pk, action=Action.PUBLISH).count() == 1
    assert Article.objects.published().filter(pk=draft.pk).exists()


def test_the_publish_button_sent_twice_publishes_once_and_keeps_one_revision(
    client, editor, make_article, article_form_data
):
    draft = make_article(credit_line="Theo TTXVN")
    client.force_login(editor)
    form = article_form_data(draft, lead="Sapo đã sửa.", _publish="Xuất bản")

    first = client.post(change_url(draft), form)
    second = client.post(change_url(draft), form)  # the same page, the same base version

    assert first.status_code == 302
    assert second.status_code == 200 and "CHƯA được lưu" in second.content.decode()
    assert WorkflowEvent.objects.filter(article=draft, action=Action.PUBLISH).count() == 1
    assert versions_of(draft).count() == 1
    draft.refresh_from_db()
    assert (draft.status, draft.version, draft.lead) == (Article.Status.PUBLISHED, 2, "Sapo đã sửa.")


def test_publishing_an_article_already_live_is_refused_without_a_second_event(make_published, editor):
    article = make_published(credit_line="Theo TTXVN")
    before = article.published_at

    with pytest.raises(ValidationError, match=r"Bài đã được xuất bản\."):
        publish_article(article=article, editor=editor)

    article.refresh_from_db()
    assert article.published_at == before
    assert not WorkflowEvent.objects.exists()


# Stale saves ----------------------------------------------------------------------------------------------------


def test_a_save_from_a_stale_form_is_refused_and_the_first_save_is_the_only_revision(
    editor, make_article, article_form_data, django_user_model
):
    article = make_article()
    colleague = django_user_model.objects.create_user("bientap3", password="mat-khau-an-toan-2026", is_staff=True)
    colleague.groups.add(Group.objects.get(name="Biên tập viên"))
    first, second = Client(), Client()
    first.force_login(colleague)
    second.force_login(editor)
    opened_by_both = article.version

    saved = first.post(change_url(article), article_form_data(article, body="<p>Bản của đồng nghiệp.</p>"))
    stale = second.post(change_url(article), article_form_data(article, body="<p>Bản cũ ghi đè.</p>"))

    assert saved.status_code == 302 and stale.status_code == 200
    article.refresh_from_db()
    assert article.body == "<p>Bản của đồng nghiệp.</p>"
    assert article.version == opened_by_both + 1
    assert [version.revision.user for version in versions_of(article)] == [colleague]


@concurrent
def test_two_saves_in_flight_from_the_same_version_keep_exactly_one(
    migrated_rows_put_back, make_article, editor, article_form_data, monkeypatch
):
    from articles.desk import editing

    article = make_article()
    slowed(monkeypatch, editing, "link_body_photos")  # inside the save, after the version check

    def save(text):
        client = Client()
        client.force_login(editor)
        return client.post(change_url(article), article_form_data(article, body=f"<p>{text}</p>")).status_code

    barrier, statuses = threading.Barrier(2), {}

    def run(text):
        try:
            barrier.wait()
            statuses[text] = save(text)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(text,)) for text in ("Bản một", "Bản hai")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses.values()) == [200, 302], statuses
    kept = next(text for text, status in statuses.items() if status == 302)
    article.refresh_from_db()
    assert (article.body, article.version) == (f"<p>{kept}</p>", 2)
    assert Version.objects.get_for_object(article).count() == 1


# Moderation -----------------------------------------------------------------------------------------------------


@concurrent
def test_two_moderators_approving_the_same_comment_at_once_count_it_once(
    migrated_rows_put_back, make_published, make_comment, moderator, monkeypatch
):
    article = make_published()
    comment = make_comment(article)
    slowed(monkeypatch, moderation, "recount_comments")  # inside the locked decision

    outcomes = at_once(
        lambda: moderation.approve_comment(comment=Comment.objects.get(pk=comment.pk), moderator=moderator)
    )

    assert sum(isinstance(outcome, Comment) for outcome in outcomes) == 1, outcomes
    assert sum(isinstance(outcome, ValidationError) for outcome in outcomes) == 1, outcomes
    assert ModerationEvent.objects.filter(comment_id=comment.pk, action=ModerationEvent.Action.APPROVE).count() == 1
    assert Article.objects.get(pk=article.pk).comment_count == 1


@pytest.mark.parametrize(
    ("segment", "status", "action"),
    [
        ("duyet", Comment.Status.APPROVED, ModerationEvent.Action.APPROVE),
        ("tu-choi", Comment.Status.REJECTED, ModerationEvent.Action.REJECT),
        ("thu-rac", Comment.Status.SPAM, ModerationEvent.Action.SPAM),
    ],
)
def test_a_decision_button_clicked_twice_decides_once(
    client, moderator, make_published, make_comment, segment, status, action
):
    article = make_published()
    comment = make_comment(article)
    client.force_login(moderator)
    url = f"/admin/comments/comment/{comment.pk}/{segment}/"

    client.post(url)
    second = client.post(url, follow=True)

    comment.refresh_from_db()
    assert comment.status == status
    assert ModerationEvent.objects.filter(comment=comment, action=action).count() == 1
    assert "rồi" in second.content.decode()  # the moderator is told it was already done
    assert Article.objects.get(pk=article.pk).comment_count == (1 if status == Comment.Status.APPROVED else 0)


def test_keeping_a_reported_comment_is_still_possible_once(make_published, make_comment, moderator):
    comment = make_comment(make_published(), status=Comment.Status.APPROVED, flagged=True, report_count=1)

    moderation.approve_comment(comment=comment, moderator=moderator)
    with pytest.raises(ValidationError):
        moderation.approve_comment(comment=comment, moderator=moderator)

    comment.refresh_from_db()
    assert (comment.status, comment.flagged) == (Comment.Status.APPROVED, False)
    assert ModerationEvent.objects.filter(comment=comment).count() == 1


# The trash ------------------------------------------------------------------------------------------------------


def reader_urls(article) -> list[str]:
    return [
        article.get_absolute_url(),
        f"/y-kien/{article.pk}/",
        f"/y-kien/gui/{article.pk}/",
    ]


def listing_urls() -> list[str]:
    return ["/", "/thoi-su/", "/tim-kiem/?q=hoi+nghi+thuong+nien", "/rss/", "/sitemap-tin-moi.xml"]


def test_a_trashed_article_is_gone_everywhere_and_comes_back_whole(
    client, editor, make_published, make_comment, article_form_data, django_capture_on_commit_callbacks
):
    article = make_published(headline="Hội nghị thường niên", credit_line="Theo TTXVN")
    client.force_login(editor)
    client.post(change_url(article), article_form_data(article, body="<p>Bản một.</p>"))
    article.refresh_from_db()
    client.post(change_url(article), article_form_data(article, body="<p>Bản hai.</p>"))
    make_comment(article, status=Comment.Status.APPROVED)
    moderation.recount_comments(article.pk)
    client.logout()
    for url in listing_urls():
        assert article.get_absolute_url() in client.get(url).content.decode(), url

    with django_capture_on_commit_callbacks(execute=True):
        trash_article(article=Article.objects.get(pk=article.pk), user=editor)

    for url in reader_urls(article):
        assert client.get(url).status_code == 404, url
    for url in listing_urls():
        assert article.get_absolute_url() not in client.get(url).content.decode(), url
    client.force_login(editor)
    assert client.get(f"/admin/articles/article/{article.pk}/revisions/").status_code == 404
    assert client.post(change_url(article), article_form_data(article, body="<p>Sửa khi đã xóa.</p>")).status_code in (
        302,
        404,
    )
    assert Article.objects.get(pk=article.pk).body == "<p>Bản hai.</p>"  # nothing edits a trashed article

    with django_capture_on_commit_callbacks(execute=True):
        restore_article(article=Article.objects.get(pk=article.pk), editor=editor)

    client.logout()
    restored = Article.objects.get(pk=article.pk)
    assert client.get(restored.get_absolute_url()).status_code == 200
    assert restored.get_absolute_url() in client.get("/").content.decode()
    assert (restored.body, restored.status, restored.comment_count) == ("<p>Bản hai.</p>", Article.Status.PUBLISHED, 1)
    assert versions_of(restored).count() == 2
    assert list(WorkflowEvent.objects.filter(article=restored).values_list("action", flat=True)) == [
        Action.RESTORE,
        Action.TRASH,
    ]


def test_trashing_or_restoring_twice_happens_once(make_published, editor):
    article = make_published()

    trash_article(article=article, user=editor)
    with pytest.raises(ValidationError, match="đã ở trong thùng rác"):
        trash_article(article=article, user=editor)
    restore_article(article=article, editor=editor)
    with pytest.raises(ValidationError, match="không ở trong thùng rác"):
        restore_article(article=article, editor=editor)

    assert WorkflowEvent.objects.filter(article=article).count() == 2


def test_the_trash_restore_action_sent_twice_restores_once(client, editor, make_published):
    article = make_published()
    trash_article(article=article, user=editor)
    client.force_login(editor)
    restore = {"action": "restore_selected", "_selected_action": [article.pk]}

    client.post("/admin/articles/trashedarticle/", restore)
    client.post("/admin/articles/trashedarticle/", restore)

    assert Article.objects.published().filter(pk=article.pk).exists()
    assert WorkflowEvent.objects.filter(article=article, action=Action.RESTORE).count() == 1
