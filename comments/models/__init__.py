from comments.models.comment import Comment, CommentQuerySet, ModerationEvent, Report
from comments.models.rules import Ban, WordRule

__all__ = ["Ban", "Comment", "CommentQuerySet", "ModerationEvent", "Report", "WordRule"]
