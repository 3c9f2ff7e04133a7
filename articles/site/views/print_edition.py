"""The print edition ("Đọc Báo in"): the issues as a grid of covers, and one issue's PDF to read or download.

Both pages read only the database rows: the cover was rendered at upload
(articles/content/print_editions.py), and the PDF is served from media storage.
"""

import re

from csp.constants import SELF
from csp.decorators import csp_replace, csp_update
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from articles.models import PrintIssue
from articles.site import page_dependencies
from articles.site.listing import PRINT_ISSUES
from newsroom.page_cache import cached_public_page
from newsroom.paging import missing_page_is_404

PAGE_SIZE = 24
# The one reader page allowed a plugin: the issue's PDF in an <object>, from the media storage only
# (object-src), which the browser's PDF viewer shows in a nested frame (frame-src).
PDF_SOURCES = [SELF, settings.MEDIA_ORIGIN]
YEAR_PARAM = "nam"
_YEAR = re.compile(r"[0-9]{4}")


@cached_public_page(depends_on=[page_dependencies.PRINT])
@missing_page_is_404
def index(request):
    """Newest first, ``PAGE_SIZE`` at a time (keyset), optionally of one year (``?nam=2026``).

    The years that have issues come from one query and double as the
    allowlist: a malformed year, or one without issues, is a 404.
    """
    years = [day.year for day in PrintIssue.objects.dates("date", "year", order="DESC")]
    year = _requested_year(request, years)
    issues = PrintIssue.objects.all() if year is None else PrintIssue.objects.filter(date__year=year)
    page = PRINT_ISSUES.paginate(request, issues, page_size=PAGE_SIZE)
    # The first issue shown is the newest of all only on the first page of the newest year (or of no year).
    latest = page.items[0] if page.items and page.is_first and (year is None or year == years[0]) else None
    context = {
        "years": years,
        "year": year,
        "page": page,
        "latest": latest,
        "issues": page.items[1:] if latest else page.items,
    }
    return render(request, "articles/print_index.html", context)


@cached_public_page(depends_on=[page_dependencies.PRINT])
@csp_replace({"object-src": PDF_SOURCES})
@csp_update({"frame-src": PDF_SOURCES})
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


def _neighbours(issue: PrintIssue) -> tuple[PrintIssue | None, PrintIssue | None]:
    """The previous and the next issue, in one query."""
    key = (issue.date, issue.number)
    older = PrintIssue.objects.filter(PRINT_ISSUES.before(key)).order_by("-date", "-number")[:1]
    newer = PrintIssue.objects.filter(PRINT_ISSUES.after(key)).order_by("date", "number")[:1]
    found = list(older.union(newer, all=True))
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
