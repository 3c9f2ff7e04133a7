"""Keyset pagination of listings (articles by publication time, print issues by date).

A page is "the N items before this one", named by a cursor in ``?truoc=``
(older) or ``?sau=`` (newer) that encodes the last item's sort key. Every page
is one index range scan, so the ten-thousandth page costs what the first does;
there is no OFFSET and no COUNT. A malformed cursor, or one past either end of
the list, is a 404.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db.models import Q
from django.http import Http404

PAGE_SIZE = 20
OLDER, NEWER = "truoc", "sau"

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
    from articles.page_cache import remembered

    return remembered(
        "active_sections", lambda: list(Section.objects.filter(is_active=True).order_by("position", "name"))
    )


def _not_found() -> Http404:
    return Http404("Trang không tồn tại.")


@dataclass
class Page:
    items: list = field(default_factory=list)
    older: str | None = None
    newer: str | None = None
    is_first: bool = True

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


@dataclass(frozen=True)
class Keyset:
    """A newest-first order on two fields (the second breaks ties), and how its cursors are written."""

    fields: tuple[str, str]
    encode: Callable[[object], str]
    decode: Callable[[str], tuple]  # raises Http404 on anything malformed

    def before(self, key: tuple) -> Q:
        # The first field's bound is implied by the rest; spelled out, it becomes the index scan's start
        # (PostgreSQL does not derive one from the OR), so a deep page skips what lies before it.
        first, second = self.fields
        return Q(**{f"{first}__lte": key[0]}) & (
            Q(**{f"{first}__lt": key[0]}) | Q(**{first: key[0], f"{second}__lt": key[1]})
        )

    def after(self, key: tuple) -> Q:
        first, second = self.fields
        return Q(**{f"{first}__gte": key[0]}) & (
            Q(**{f"{first}__gt": key[0]}) | Q(**{first: key[0], f"{second}__gt": key[1]})
        )

    def paginate(self, request, queryset, *, page_size: int = PAGE_SIZE) -> Page:
        """One page of ``queryset`` for this request's cursor."""
        older, newer = request.GET.get(OLDER), request.GET.get(NEWER)
        if older is not None and newer is not None:
            raise _not_found()
        if newer is not None:
            rows = list(queryset.filter(self.after(self.decode(newer))).order_by(*self.fields)[: page_size + 1])
            if not rows:
                raise _not_found()
            has_newer = len(rows) > page_size
            items = rows[:page_size][::-1]
            return Page(
                items=items,
                older=self.encode(items[-1]),
                newer=self.encode(items[0]) if has_newer else None,
                is_first=not has_newer,
            )
        ordered = queryset.order_by(*(f"-{name}" for name in self.fields))
        if older is not None:
            ordered = ordered.filter(self.before(self.decode(older)))
        rows = list(ordered[: page_size + 1])
        if older is not None and not rows:
            raise _not_found()
        items = rows[:page_size]
        return Page(
            items=items,
            older=self.encode(items[-1]) if len(rows) > page_size else None,
            newer=self.encode(items[0]) if older is not None else None,
            is_first=older is None,
        )


# Rows ordered by a time and their id: ``<time in microseconds since the epoch>-<id>``.
_TIME_CURSOR = re.compile(r"([0-9]{1,17})-([0-9]{1,18})")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def encode_time_cursor(moment: datetime, pk: int) -> str:
    delta = moment - _EPOCH
    return f"{(delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds}-{pk}"


def decode_time_cursor(value: str) -> tuple[datetime, int]:
    """The (time, id) a cursor names; a malformed cursor is a 404."""
    match = _TIME_CURSOR.fullmatch(value)
    if not match:
        raise _not_found()
    return _EPOCH + timedelta(microseconds=int(match[1])), int(match[2])


def _encode_article(article) -> str:
    return encode_time_cursor(article.published_at, article.pk)


# Print issues: ``<yyyymmdd>-<number>``.
_ISSUE_CURSOR = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})-([0-9]{1,9})")


def _encode_issue(issue) -> str:
    return f"{issue.date:%Y%m%d}-{issue.number}"


def _decode_issue(value: str) -> tuple[date, int]:
    match = _ISSUE_CURSOR.fullmatch(value)
    if not match:
        raise _not_found()
    try:
        return date(int(match[1]), int(match[2]), int(match[3])), int(match[4])
    except ValueError:
        raise _not_found() from None


ARTICLES = Keyset(fields=("published_at", "pk"), encode=_encode_article, decode=decode_time_cursor)
PRINT_ISSUES = Keyset(fields=("date", "number"), encode=_encode_issue, decode=_decode_issue)


def paginate(request, queryset, *, page_size: int = PAGE_SIZE) -> Page:
    """One page of published articles (any filters), newest first, with their sections (``with_sections``)."""
    page = ARTICLES.paginate(request, queryset, page_size=page_size)
    with_sections(page.items)
    return page
