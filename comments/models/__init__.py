from comments.models.comment import Comment, CommentQuerySet, ModerationEvent, Report
from comments.models.rules import Ban, WordRule
from comments.models.tokens import SpentFormToken

__all__ = ["Ban", "Comment", "CommentQuerySet", "ModerationEvent", "Report", "SpentFormToken", "WordRule"]
