"""A reader reports an approved comment ("Báo vi phạm"): it goes back to the moderators' attention.

Each report flags the comment (the moderators' queue lists flagged approved
comments); after ``COMMENTS["REPORTS_TO_HIDE"]`` reports from different
addresses it also leaves the page (back to pending, reason "reported") until a
moderator decides. One report per IP address per comment: a repeat changes
nothing, so one reader cannot hide a comment alone.
"""

from django.conf import settings
from django.db import transaction

from articles.models import Article
from comments.models import Comment, ModerationEvent, Report
from comments.moderation import recount_comments
from newsroom.forwarded import subscriber_of
from newsroom.page_cache import article_withdrawn


def reportable_comments():
    """Comments a reader may report: the ones readers see (approved, on an article readers see)."""
    return Comment.objects.approved().filter(article__in=Article.objects.published())


def report_comment(*, comment: Comment, ip: str | None) -> bool:
    """Record one report of ``comment`` from ``ip``; True if it counted, False for a repeat.

    Raises ``Comment.DoesNotExist`` when the comment is no longer one readers
    see (nothing to report). The comment row is locked, so concurrent reports
    count exactly and the comment is hidden once, by the report that reaches
    the threshold.
    """
    with transaction.atomic():
        current = reportable_comments().select_for_update(of=("self",)).get(pk=comment.pk)
        reporter = subscriber_of(ip) if ip is not None else None  # an IPv6 reader is their /64: one report
        if reporter is not None and Report.objects.filter(comment=current, ip_address=reporter).exists():
            return False
        Report.objects.create(comment=current, ip_address=reporter)
        current.report_count += 1
        current.flagged = True
        changed = ["report_count", "flagged"]
        hide = current.report_count >= settings.COMMENTS["REPORTS_TO_HIDE"]
        if hide:
            current.status = Comment.Status.PENDING
            current.reason = Comment.Reason.REPORTED
            current.reason_detail = f"{current.report_count} lượt báo vi phạm"
            changed += ["status", "reason", "reason_detail"]
        current.save(update_fields=changed)
        ModerationEvent.objects.create(
            comment=current, action=ModerationEvent.Action.REPORT, note=f"Lượt {current.report_count}"
        )
        if hide:
            recount_comments(current.article_id)
            article_withdrawn(current.article_id)
    for name in changed:
        setattr(comment, name, getattr(current, name))
    return True
