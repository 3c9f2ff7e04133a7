"""What the moderators' admin pages show beyond Django's own: the pending count where they land."""

from django import template
from django.urls import reverse

from comments import moderation

register = template.Library()


@register.inclusion_tag("admin/comments/_pending_notice.html", takes_context=True)
def pending_comments_notice(context):
    """ "Có N ý kiến chờ duyệt", linking to the queue, for users who may moderate; nothing for anyone else."""
    request = context.get("request")
    if request is None or not request.user.has_perm(moderation.PERMISSION):
        return {"show": False}
    return {
        "show": True,
        "count": moderation.pending_count(),
        "queue_url": reverse("admin:comments_comment_changelist"),
    }
