"""The print edition ("Đọc Báo in"): the issues as a grid of covers, and one issue's PDF to read or download.

Both pages read only the database rows: the cover was rendered at upload
(articles/print_editions.py), and the PDF is served from media storage.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from articles.models import PrintIssue
from articles.page_cache import cached_public_page

PAGE_SIZE = 24
YEAR_PARAM, OLDER, NEWER = "nam", "truoc", "sau"
_YEAR = re.compile(r"[0-9]{4}")
_CURSOR = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})-([0-9]{1,9})")


@dataclass
class IssuePage:
    issues: list = field(default_factory=list)
    older: str | None = None
    newer: str | None = None
    is_first: bool = True


@cached_public_page
def index(request):
    """Newest first, ``PAGE_SIZE`` at a time (keyset), optionally of one year (``?nam=2026``).

    The years that have issues come from one query and double as the
    allowlist: a malformed year, or one without issues, is a 404.
    """
    years = [day.year for day in PrintIssue.objects.dates("date", "year", order="DESC")]
    year = _requested_year(request, years)
    issues = PrintIssue.objects.all() if year is None else PrintIssue.objects.filter(date__year=year)
    page = _paginate(request, issues)
    # The first issue shown is the newest of all only on the first page of the newest year (or of no year).
    latest = page.issues[0] if page.issues and page.is_first and (year is None or year == years[0]) else None
    context = {
        "years": years,
        "year": year,
        "page": page,
        "latest": latest,
        "issues": page.issues[1:] if latest else page.issues,
    }
    return render(request, "articles/print_index.html", context)


@cached_public_page
def detail(request, pk):
    """One issue: its cover, its PDF in the browser's viewer with a download link, and its neighbours."""
    issue = get_object_or_404(PrintIssue, pk=pk)
    older, newer = _neighbours(issue)
    context = {"issue": issue, "older": older, "newer": newer, "pdf_size": _stored_size(issue.pdf)}
    return render(request, "articles/print_issue.html", context)


def _requested_year(request, years: list) -> int | None:
    value = request.GET.get(YEAR_PARAM)
    if value is None:
        return None
    if not _YEAR.fullmatch(value) or int(value) not in years:
        raise Http404("Không có báo in của năm này.")
    return int(value)


def _make_cursor(issue: PrintIssue) -> str:
    return f"{issue.date:%Y%m%d}-{issue.number}"


def _parse_cursor(value: str) -> tuple[date, int]:
    match = _CURSOR.fullmatch(value)
    if not match:
        raise Http404("Trang không tồn tại.")
    try:
        return date(int(match[1]), int(match[2]), int(match[3])), int(match[4])
    except ValueError:
        raise Http404("Trang không tồn tại.") from None


def _older_than(day: date, number: int) -> Q:
    return Q(date__lt=day) | Q(date=day, number__lt=number)


def _newer_than(day: date, number: int) -> Q:
    return Q(date__gt=day) | Q(date=day, number__gt=number)


def _paginate(request, issues) -> IssuePage:
    """One page of ``issues`` in (date, number) keyset order; a malformed or exhausted cursor is a 404."""
    older, newer = request.GET.get(OLDER), request.GET.get(NEWER)
    if older is not None and newer is not None:
        raise Http404("Trang không tồn tại.")
    if newer is not None:
        rows = list(issues.filter(_newer_than(*_parse_cursor(newer))).order_by("date", "number")[: PAGE_SIZE + 1])
        if not rows:
            raise Http404("Trang không tồn tại.")
        has_newer = len(rows) > PAGE_SIZE
        shown = rows[:PAGE_SIZE][::-1]
        return IssuePage(
            issues=shown,
            older=_make_cursor(shown[-1]),
            newer=_make_cursor(shown[0]) if has_newer else None,
            is_first=not has_newer,
        )
    ordered = issues.order_by("-date", "-number")
    if older is not None:
        ordered = ordered.filter(_older_than(*_parse_cursor(older)))
    rows = list(ordered[: PAGE_SIZE + 1])
    if older is not None and not rows:
        raise Http404("Trang không tồn tại.")
    shown = rows[:PAGE_SIZE]
    return IssuePage(
        issues=shown,
        older=_make_cursor(shown[-1]) if len(rows) > PAGE_SIZE else None,
        newer=_make_cursor(shown[0]) if older is not None else None,
        is_first=older is None,
    )


def _neighbours(issue: PrintIssue) -> tuple[PrintIssue | None, PrintIssue | None]:
    """The previous and the next issue, in one query."""
    older = PrintIssue.objects.filter(_older_than(issue.date, issue.number)).order_by("-date", "-number")[:1]
    newer = PrintIssue.objects.filter(_newer_than(issue.date, issue.number)).order_by("date", "number")[:1]
    found = list(older.union(newer, all=True))
    key = (issue.date, issue.number)
    return (
        next((other for other in found if (other.date, other.number) < key), None),
        next((other for other in found if (other.date, other.number) > key), None),
    )


def _stored_size(file) -> int | None:
    """The file's size in bytes from the storage, or None when it is missing (the page still renders)."""
    try:
        return file.size if file else None
    except OSError:
        return None
