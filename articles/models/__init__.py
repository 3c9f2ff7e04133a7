from articles.models.article import (
    Article,
    ArticlePhoto,
    ArticleQuerySet,
    Byline,
    Correction,
    TrashedArticle,
    WorkflowEvent,
)
from articles.models.author import Author
from articles.models.homepage import HomepageSlot
from articles.models.photo import Photo
from articles.models.print_issue import PrintIssue
from articles.models.section import Section, Tag
from articles.models.views_count import DailyViews

__all__ = [
    "Article",
    "ArticlePhoto",
    "ArticleQuerySet",
    "Author",
    "Byline",
    "Correction",
    "DailyViews",
    "HomepageSlot",
    "Photo",
    "PrintIssue",
    "Section",
    "Tag",
    "TrashedArticle",
    "WorkflowEvent",
]
