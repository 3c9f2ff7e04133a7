"""Indexes for the moderators' queue at a million comments.

``comment_awaiting`` holds exactly what ``Comment.objects.awaiting_moderation()``
selects (pending, and approved comments readers reported), in the queue's
order: the default queue page and ``moderation.pending_count()`` read a few
index entries instead of sorting every pending row. ``comment_by_date`` serves
the "Tất cả" view (newest first) and the date filters over all statuses.
"""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False  # built concurrently: readers keep posting comments while a big table is indexed

    dependencies = [
        ("comments", "0002_moderator_permissions"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="comment",
            index=models.Index(
                condition=models.Q(("status", "pending")) | models.Q(("flagged", True), ("status", "approved")),
                fields=["created_at", "id"],
                name="comment_awaiting",
            ),
        ),
        AddIndexConcurrently(
            model_name="comment",
            index=models.Index(fields=["created_at", "id"], name="comment_by_date"),
        ),
    ]
