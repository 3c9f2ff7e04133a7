"""Moderators' decisions as plain functions: permission, audit trail, the article's count, the cached page."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from comments.models import Ban, Comment, ModerationEvent
from comments.moderation import (
    approve_comment,
    ban_readers,
    delete_comments,
    mark_spam,
    pending_count,
    reject_comment,
)

Status = Comment.Status
Action = ModerationEvent.Action


def comment_count(article):
    article.refresh_from_db(fields=["comment_count"])
    return article.comment_count


def test_approving_records_who_and_when_and_counts_the_comment_on_the_article(make_published, make_comment, moderator):
    article = make_published()
    comment = make_comment(article)

    approve_comment(comment=comment, moderator=moderator, note="Ý kiến xây dựng")

    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert comment.decided_by == moderator
    assert timezone.now() - comment.decided_at < timedelta(minutes=1)
    assert comment.decision_note == "Ý kiến xây dựng"
    event = comment.events.get()
    assert (event.action, event.actor, event.note) == (Action.APPROVE, moderator, "Ý kiến xây dựng")
    assert comment_count(article) == 1


def test_rejecting_an_approved_comment_takes_it_off_the_count(make_published, make_comment, moderator):
    article = make_published()
    comment = make_comment(article)
    approve_comment(comment=comment, moderator=moderator)

    reject_comment(comment=comment, moderator=moderator)

    comment.refresh_from_db()
    assert comment.status == Status.REJECTED
    assert comment_count(article) == 0
    assert list(comment.events.values_list("action", flat=True)) == [Action.REJECT, Action.APPROVE]


def test_marking_spam_is_recorded_with_its_note(make_published, make_comment, moderator):
    comment = make_comment(make_published())

    mark_spam(comment=comment, moderator=moderator, note="Quảng cáo")

    comment.refresh_from_db()
    assert (comment.status, comment.decided_by, comment.decision_note) == (Status.SPAM, moderator, "Quảng cáo")
    assert comment.events.get().action == Action.SPAM


@pytest.mark.parametrize("decide", [approve_comment, reject_comment, mark_spam])
@pytest.mark.parametrize("persona", ["editor", "reporter"])
def test_editors_and_reporters_cannot_moderate(request, make_published, make_comment, decide, persona):
    user = request.getfixturevalue(persona)
    comment = make_comment(make_published())

    with pytest.raises(PermissionDenied):
        decide(comment=comment, moderator=user)

    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert comment.decided_by is None
    assert not ModerationEvent.objects.exists()


def test_a_reply_waits_for_its_parent_to_be_approved(make_published, make_comment, moderator):
    article = make_published()
    parent = make_comment(article)
    reply = make_comment(article, parent=parent, body="Tôi đồng ý.")

    with pytest.raises(ValidationError, match="ý kiến gốc"):
        approve_comment(comment=reply, moderator=moderator)
    assert Comment.objects.get(pk=reply.pk).status == Status.PENDING

    approve_comment(comment=parent, moderator=moderator)
    approve_comment(comment=reply, moderator=moderator)
    assert comment_count(article) == 2


def test_a_reply_stops_counting_when_its_parent_is_rejected(make_published, make_comment, moderator):
    article = make_published()
    parent = make_comment(article, status=Status.APPROVED)
    make_comment(article, parent=parent, status=Status.APPROVED)
    other = make_comment(article)
    approve_comment(comment=other, moderator=moderator)
    assert comment_count(article) == 3

    reject_comment(comment=parent, moderator=moderator)

    assert comment_count(article) == 1


def test_keeping_a_reported_comment_clears_its_flag_and_takes_it_out_of_the_queue(
    make_published, make_comment, moderator
):
    comment = make_comment(make_published(), status=Status.APPROVED, flagged=True, report_count=1)
    assert pending_count() == 1

    approve_comment(comment=comment, moderator=moderator)

    comment.refresh_from_db()
    assert (comment.status, comment.flagged) == (Status.APPROVED, False)
    assert pending_count() == 0
    assert not Comment.objects.awaiting_moderation().exists()


def test_pending_count_is_new_comments_and_reported_approved_ones(make_published, make_comment):
    article = make_published()
    make_comment(article)
    make_comment(article, status=Status.PENDING, flagged=True, reason=Comment.Reason.REPORTED)
    make_comment(article, status=Status.APPROVED, flagged=True)
    make_comment(article, status=Status.APPROVED)
    make_comment(article, status=Status.REJECTED)
    make_comment(article, status=Status.SPAM, flagged=True)

    assert pending_count() == 3
    assert pending_count() == Comment.objects.awaiting_moderation().count()


def test_a_decision_that_changes_the_page_drops_it_once_committed(
    make_published, make_comment, moderator, django_capture_on_commit_callbacks
):
    comment = make_comment(make_published())

    with django_capture_on_commit_callbacks() as callbacks:
        approve_comment(comment=comment, moderator=moderator)

    assert len(callbacks) == 1  # newsroom.page_cache.article_changed, after commit


def test_rejecting_a_comment_readers_never_saw_leaves_the_page_alone(
    make_published, make_comment, moderator, django_capture_on_commit_callbacks
):
    comment = make_comment(make_published())

    with django_capture_on_commit_callbacks() as callbacks:
        reject_comment(comment=comment, moderator=moderator)

    assert callbacks == []


def test_only_holders_of_the_delete_permission_delete_and_counts_follow(
    make_published, make_comment, moderator, admin_user, django_capture_on_commit_callbacks
):
    article = make_published()
    parent = make_comment(article, status=Status.APPROVED)
    make_comment(article, parent=parent, status=Status.APPROVED)
    kept = make_comment(article, status=Status.APPROVED)
    approve_comment(comment=kept, moderator=moderator)
    assert comment_count(article) == 3

    with pytest.raises(PermissionDenied):
        delete_comments(comments=[parent], user=moderator)
    with django_capture_on_commit_callbacks() as callbacks:
        deleted = delete_comments(comments=[parent], user=admin_user)

    assert deleted == 2  # the reply goes with its parent
    assert list(Comment.objects.all()) == [kept]
    assert comment_count(article) == 1
    assert len(callbacks) == 1


def test_banning_readers_makes_one_ban_per_address_and_remembers_who(make_published, make_comment, moderator):
    article = make_published()
    comments = [
        make_comment(article, email="Spam@Example.com", ip_address="198.51.100.9"),
        make_comment(article, email="spam@example.com", ip_address="198.51.100.9"),
        make_comment(article, email="khac@example.com", ip_address=None),
    ]

    assert ban_readers(comments=comments, kind=Ban.Kind.EMAIL, moderator=moderator, reason="Quảng cáo") == 2
    assert ban_readers(comments=comments, kind=Ban.Kind.IP, moderator=moderator) == 1
    assert ban_readers(comments=comments, kind=Ban.Kind.EMAIL, moderator=moderator) == 0  # already banned

    assert sorted(Ban.objects.filter(kind=Ban.Kind.EMAIL).values_list("value", flat=True)) == [
        "khac@example.com",
        "spam@example.com",
    ]
    assert Ban.objects.get(kind=Ban.Kind.IP).value == "198.51.100.9"
    assert set(Ban.objects.values_list("created_by", flat=True)) == {moderator.pk}


def test_banning_again_renews_an_expired_ban(make_published, make_comment, moderator):
    comment = make_comment(make_published(), email="cu@example.com")
    Ban.objects.create(kind=Ban.Kind.EMAIL, value="cu@example.com", expires_at=timezone.now() - timedelta(days=1))

    assert ban_readers(comments=[comment], kind=Ban.Kind.EMAIL, moderator=moderator) == 1

    ban = Ban.objects.get()
    assert ban.expires_at is None
    assert ban.created_by == moderator


def test_editors_cannot_ban_readers(make_published, make_comment, editor):
    comment = make_comment(make_published())

    with pytest.raises(PermissionDenied):
        ban_readers(comments=[comment], kind=Ban.Kind.EMAIL, moderator=editor)
    assert not Ban.objects.exists()
