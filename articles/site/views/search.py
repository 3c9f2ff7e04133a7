"""The reader's search page: ``/tim-kiem/?q=…&trang=N``.

Every answer is a page the reader can act on: an empty query invites a search,
a query with no match (or nothing searchable in it) explains what to try, and
only a malformed or out-of-range ``trang`` is a 404. The page is the same for
every reader, so it is cached like any public page.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from articles.site.search import ReaderQuery, find_articles, page_number
from newsroom.page_cache import cached_public_page
from newsroom.paging import missing_page_is_404


@cached_public_page
@missing_page_is_404
def search(request):
    query = ReaderQuery.from_input(request.GET.get("q", ""))
    page = page_number(request.GET.get("trang"))
    results = find_articles(query, page)
    context = {
        "query": query,
        "search_query": query.text,
        "results": results,
        "previous_url": _page_url(query, page - 1) if page > 1 else None,
        "next_url": _page_url(query, page + 1) if page < results.num_pages else None,
    }
    return render(request, "articles/search.html", context)


def _page_url(query: ReaderQuery, page: int) -> str:
    params = {"q": query.text} if page == 1 else {"q": query.text, "trang": page}
    return f"{reverse('articles:search')}?{urlencode(params)}"
