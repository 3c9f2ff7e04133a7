"""Listings of articles: what a teaser loads, the sections they show, and their pages.

Articles newest first by publication time, print issues by date, paged by
``newsroom.paging.Keyset`` (``?truoc=`` / ``?sau=`` cursors, one index range
scan a page, however deep).
"""

import re
from datetime import date

from newsroom.paging import PAGE_SIZE, Keyset, NoSuchPage, Page, decode_time_cursor, encode_time_cursor

# What a teaser shows (articles/templatetags/teasers.py) and nothing more: a listing loads 20 to 50
# articles, and every column and joined row it does not show costs time to fetch and to turn into objects.
# Sections are not joined: a handful of them are remembered (``active_sections``) and given to the
# articles by ``with_sections``, instead of one Section object built per teaser.
TEASER_FIELDS = (
    *("headline", "slug", "lead", "kind", "published_at", "section", "cover_photo"),
    *("cover_photo__image", "cover_photo__renditions", "cover_photo__width", "cover_photo__height"),
)


def teasers(articles):
    """``articles`` (a queryset) loading only what a teaser shows, its cover photo joined.

    Give the loaded articles their sections with ``with_sections`` (``paginate`` does).
    """
    return articles.select_related("cover_photo").only(*TEASER_FIELDS)


def with_sections(articles):
    """``articles`` (loaded), each given its section from ``active_sections``: no query unless one is inactive."""
    from articles.models import Article, Section

    section_field = Article._meta.get_field("section")
    articles_without = [article for article in articles if not section_field.is_cached(article)]
    if not articles_without:  # loaded with their sections joined (``for_listing``)
        return articles
    known = {section.pk: section for section in active_sections()}
    missing = {article.section_id for article in articles_without} - known.keys()
    if missing:  # an article still published in a section taken off the menu
        known.update(Section.objects.in_bulk(missing))
    for article in articles_without:
        article.section = known[article.section_id]
    return articles


def active_sections() -> list:
    """The active sections in menu order, their parents joined: remembered, like the menu, until the site changes.

    The homepage builds its blocks from them and a section page finds itself
    and its sub-sections among them; they are a handful of rows that change
    when an editor saves a section.
    """
    from articles.models import Section
    from newsroom.page_cache import remembered

    return remembered(
        "active_sections", lambda: list(Section.objects.filter(is_active=True).order_by("position", "name"))
    )


def _encode_article(article) -> str:
    return encode_time_cursor(article.published_at, article.pk)


# Print issues: ``<yyyymmdd>-<number>``.
_ISSUE_CURSOR = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})-([0-9]{1,9})")


def _encode_issue(issue) -> str:
    return f"{issue.date:%Y%m%d}-{issue.number}"


def _decode_issue(value: str) -> tuple[date, int]:
    match = _ISSUE_CURSOR.fullmatch(value)
    if not match:
        raise NoSuchPage
    try:
        return date(int(match[1]), int(match[2]), int(match[3])), int(match[4])
    except ValueError:
        raise NoSuchPage from None


ARTICLES = Keyset(fields=("published_at", "pk"), encode=_encode_article, decode=decode_time_cursor)
PRINT_ISSUES = Keyset(fields=("date", "number"), encode=_encode_issue, decode=_decode_issue)


def paginate(request, queryset, *, page_size: int = PAGE_SIZE) -> Page:
    """One page of published articles (any filters), newest first, with their sections (``with_sections``)."""
    page = ARTICLES.paginate(request, queryset, page_size=page_size)
    with_sections(page.items)
    return page
