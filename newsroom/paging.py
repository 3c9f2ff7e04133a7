"""Pages of long lists: keyset pagination, and a page that does not exist.

A page is "the N items before this one", named by a cursor in ``?truoc=``
(older) or ``?sau=`` (newer) that encodes the last item's sort key
(``Keyset``). Every page is one index range scan, so the ten-thousandth page
costs what the first does; there is no OFFSET and no COUNT. Article listings
(``articles.site.listing``), print issues and comment threads page this way.

The modules that page through lists (and search's numbered pages) say
``NoSuchPage`` for a malformed cursor, a cursor past either end or a page
number out of range; they know nothing of HTTP. Each view that pages decides
what a reader gets for it, with ``missing_page_is_404``: the designed 404
page, "Trang không tồn tại".
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import wraps

from django.db.models import Q
from django.http import Http404

OLDER, NEWER = "truoc", "sau"  # the cursors' query parameters
PAGE_SIZE = 20  # items a page, unless the list says otherwise

NOT_FOUND = "Trang không tồn tại."


class NoSuchPage(LookupError):
    """A page a cursor or a page number names that is not there (malformed, past either end, out of range)."""


def missing_page_is_404(view):
    """The view, with a ``NoSuchPage`` from what it calls answered as a 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NoSuchPage:
            raise Http404(NOT_FOUND) from None

    return wrapper


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
    decode: Callable[[str], tuple]  # raises NoSuchPage on anything malformed

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
            raise NoSuchPage
        if newer is not None:
            rows = list(queryset.filter(self.after(self.decode(newer))).order_by(*self.fields)[: page_size + 1])
            if not rows:
                raise NoSuchPage
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
            raise NoSuchPage
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
    """The (time, id) a cursor names; ``NoSuchPage`` for a malformed one."""
    match = _TIME_CURSOR.fullmatch(value)
    if not match:
        raise NoSuchPage
    return _EPOCH + timedelta(microseconds=int(match[1])), int(match[2])
