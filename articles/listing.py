"""Keyset pagination of article listings (sections, tags, authors, multimedia).

A page is "the N articles published before this one", named by a cursor
``<published_at in microseconds>-<id>`` in ``?truoc=`` (older) or ``?sau=``
(newer). Every page is one index range scan, so the ten-thousandth page costs
what the first does; there is no OFFSET and no COUNT. A malformed cursor, or
one past either end of the list, is a 404.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.http import Http404

PAGE_SIZE = 20
OLDER, NEWER = "truoc", "sau"
_CURSOR = re.compile(r"([0-9]{1,17})-([0-9]{1,18})")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def make_cursor(article) -> str:
    delta = article.published_at - _EPOCH
    return f"{(delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds}-{article.pk}"


def parse_cursor(value: str) -> tuple[datetime, int]:
    match = _CURSOR.fullmatch(value)
    if not match:
        raise Http404("Trang không tồn tại.")
    try:
        published_at = _EPOCH + timedelta(microseconds=int(match[1]))
    except OverflowError:
        raise Http404("Trang không tồn tại.") from None
    return published_at, int(match[2])


@dataclass
class Page:
    articles: list = field(default_factory=list)
    older: str | None = None
    newer: str | None = None
    is_first: bool = True

    def __iter__(self):
        return iter(self.articles)

    def __len__(self):
        return len(self.articles)


def paginate(request, queryset, *, page_size: int = PAGE_SIZE) -> Page:
    """One page of ``queryset`` (published articles, any filters) for this request's cursor."""
    older, newer = request.GET.get(OLDER), request.GET.get(NEWER)
    if older is not None and newer is not None:
        raise Http404("Trang không tồn tại.")
    ordered = queryset.order_by("-published_at", "-pk")
    if newer is not None:
        at, pk = parse_cursor(newer)
        rows = list(
            queryset.filter(Q(published_at__gt=at) | Q(published_at=at, pk__gt=pk)).order_by("published_at", "pk")[
                : page_size + 1
            ]
        )
        if not rows:
            raise Http404("Trang không tồn tại.")
        has_newer = len(rows) > page_size
        articles = list(reversed(rows[:page_size]))
        return Page(
            articles=articles,
            older=make_cursor(articles[-1]),
            newer=make_cursor(articles[0]) if has_newer else None,
            is_first=not has_newer,
        )
    if older is not None:
        at, pk = parse_cursor(older)
        ordered = ordered.filter(Q(published_at__lt=at) | Q(published_at=at, pk__lt=pk))
    rows = list(ordered[: page_size + 1])
    if older is not None and not rows:
        raise Http404("Trang không tồn tại.")
    articles = rows[:page_size]
    return Page(
        articles=articles,
        older=make_cursor(articles[-1]) if len(rows) > page_size else None,
        newer=make_cursor(articles[0]) if older is not None else None,
        is_first=older is None,
    )
