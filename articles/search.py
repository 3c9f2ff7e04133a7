"""Accent-insensitive full-text search over articles.

PostgreSQL's ``simple`` configuration over text folded in Python
(``articles.text.fold``): the stored document and the reader's query are
folded the same way, so "cai cach hanh chinh" finds "cải cách hành chính" and
the other way round. No database extension is needed. The headline weighs
more than the lead, the lead more than the body.

The reader's words reach PostgreSQL only through ``plainto_tsquery`` (every
word required, no operator syntax), so quotes, ``&|!:*()`` and the like are
just separators and no query can raise a syntax error. Snippets are
highlighted here, in Python, on the original accented text: a word is marked
when its folded form is one of the folded query words.
"""

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, TextField, Value
from django.http import Http404
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString

from articles.models import Article
from articles.text import fold

SOURCE_FIELDS = frozenset({"headline", "lead", "body"})
CONFIG = "simple"

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 20
MAX_PAGES = 50
MAX_COUNTED = PAGE_SIZE * MAX_PAGES
# Ranking scores every candidate: a word in nearly every article ("tỉnh") would rank the whole
# archive on each search. The candidates are the newest matches, which is what a reader of a
# newspaper wants first anyway; twice what the pages can show.
RANKED_CANDIDATES = 2 * MAX_COUNTED
SNIPPET_WORDS = 40
SNIPPET_WORDS_BEFORE = 8

# A word: letters and digits, with any combining marks (text typed in decomposed form).
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,2}")


# Where one block of text ends: without a space there, "năm.</p><p>Theo" would read as one word.
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|figcaption|td|th|caption)>|<br\s*/?>", re.IGNORECASE)


def plain_text(body_html: str) -> str:
    """The words of a rich-text body, without markup or entities, blocks kept apart."""
    return html.unescape(strip_tags(_BLOCK_END.sub(lambda match: match.group(0) + " ", body_html or "")))


def search_document(headline: str, lead: str, body_html: str) -> SearchVector:
    """The weighted ``tsvector`` expression stored in ``Article.search_vector``."""
    parts = (("A", headline), ("B", lead), ("C", plain_text(body_html)))
    vectors = [
        SearchVector(Value(fold(text or ""), output_field=TextField()), weight=weight, config=CONFIG)
        for weight, text in parts
    ]
    return vectors[0] + vectors[1] + vectors[2]


def rebuild_index(batch_size: int = 200) -> int:
    """Recompute ``search_vector`` for every article (trash included); returns how many.

    For rows written without ``Article.save()`` (bulk inserts, raw SQL, a
    restored dump): walks the table by primary key, one ``UPDATE`` per batch,
    so memory stays bounded whatever the size of the archive.
    """
    indexed, last_pk = 0, 0
    while batch := list(
        Article.objects.filter(pk__gt=last_pk).order_by("pk").only("headline", "lead", "body")[:batch_size]
    ):
        for article in batch:
            article.search_vector = search_document(article.headline, article.lead, article.body)
        Article.objects.bulk_update(batch, ["search_vector"])
        indexed, last_pk = indexed + len(batch), batch[-1].pk
    return indexed


@dataclass(frozen=True)
class ReaderQuery:
    """What a reader typed, made safe to search and to show back.

    ``text`` is whitespace-collapsed, its control characters shown as "�"
    (PostgreSQL refuses NUL bytes) and cut to ``MAX_QUERY_LENGTH``
    (``truncated`` says so); ``terms`` are its folded words, the ones
    highlighted in results. A query without any word (only punctuation or
    emoji) has no terms: it matches nothing and costs no database query.
    """

    text: str
    truncated: bool
    terms: frozenset

    @classmethod
    def from_input(cls, raw: str) -> "ReaderQuery":
        text = _CONTROL.sub("\N{REPLACEMENT CHARACTER}", " ".join(raw.split()))
        truncated = len(text) > MAX_QUERY_LENGTH
        if truncated:
            text = text[:MAX_QUERY_LENGTH].rstrip()
        return cls(text=text, truncated=truncated, terms=frozenset(_WORD.findall(fold(text))))


def page_number(value: str | None) -> int:
    """``?trang=``: absent means 1; anything but 1…``MAX_PAGES`` in plain digits is a 404."""
    if value is None:
        return 1
    if not _PAGE_NUMBER.fullmatch(value) or int(value) > MAX_PAGES:
        raise Http404("Trang không tồn tại.")
    return int(value)


@dataclass(frozen=True)
class Hit:
    article: Article
    headline: SafeString
    snippet: SafeString


@dataclass(frozen=True)
class Results:
    """One page of matches.

    ``count`` is exact up to ``MAX_COUNTED``; ``MAX_COUNTED + 1`` means "more",
    since counting stops there (and pages stop at ``MAX_PAGES``).
    """

    hits: list
    count: int
    page: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-min(self.count, MAX_COUNTED) // PAGE_SIZE))

    @property
    def has_more_than_counted(self) -> bool:
        return self.count > MAX_COUNTED

    @property
    def count_label(self) -> str:
        if self.has_more_than_counted:
            return f"Hơn {_thousands(MAX_COUNTED)} kết quả"
        return f"Tìm thấy {_thousands(self.count)} kết quả"


NO_RESULTS = Results(hits=[], count=0, page=1)


def find_articles(query: ReaderQuery, page: int = 1) -> Results:
    """Page ``page`` of the published articles matching every word of ``query``, best first.

    Ranked by ``ts_rank`` over the weighted document (headline A, lead B,
    body C), equal ranks newest first, among the ``RANKED_CANDIDATES`` newest
    matches. Three queries whatever the number of
    matches: a count capped at ``MAX_COUNTED + 1`` rows, the page's rows
    (teaser columns, no body), and the bodies of those rows for snippets. A
    page past the last one is a 404.
    """
    if not query.terms:
        if page != 1:
            raise Http404("Trang không tồn tại.")
        return NO_RESULTS
    tsquery = SearchQuery(fold(query.text), search_type="plain", config=CONFIG)
    matches = Article.objects.published().filter(search_vector=tsquery)
    count = matches.order_by().values("pk")[: MAX_COUNTED + 1].count()
    results = Results(hits=[], count=count, page=page)
    if page > results.num_pages:
        raise Http404("Trang không tồn tại.")
    if not count:
        return results
    start = (page - 1) * PAGE_SIZE
    candidates = matches.order_by("-published_at", "-pk").values("pk")[:RANKED_CANDIDATES]
    rows = list(
        Article.objects.filter(pk__in=candidates)
        .for_listing()
        .annotate(rank=SearchRank(F("search_vector"), tsquery))
        .order_by("-rank", "-published_at", "-pk")[start : start + PAGE_SIZE]
    )
    bodies = dict(Article.objects.filter(pk__in=[row.pk for row in rows]).order_by().values_list("pk", "body"))
    hits = [
        Hit(
            article=row,
            headline=highlight(row.headline, query.terms),
            snippet=snippet(row.lead, bodies.get(row.pk, ""), query.terms),
        )
        for row in rows
    ]
    return Results(hits=hits, count=count, page=page)


def highlight(text: str, terms: frozenset) -> SafeString:
    """``text`` escaped, each word whose folded form is in ``terms`` wrapped in ``<mark>``."""
    pieces, last = [], 0
    for word in _WORD.finditer(text):
        if _fold_word(word[0]) in terms:
            pieces += [text[last : word.start()], format_html("<mark>{}</mark>", word[0])]
            last = word.end()
    pieces.append(text[last:])
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def snippet(lead: str, body_html: str, terms: frozenset, size: int = SNIPPET_WORDS) -> SafeString:
    """About ``size`` words to show under a result, highlighted.

    The lead when it holds a match (or nothing else does), otherwise the
    body's plain text around its first match: a few words before it for
    context, "…" where the text is cut.
    """
    words = lead.split()
    first = _first_match(words, terms)
    if first is None and body_html:
        body_words = plain_text(body_html).split()
        body_first = _first_match(body_words, terms)
        if body_first is not None:
            words, first = body_words, body_first
    start = max(0, min((first or 0) - SNIPPET_WORDS_BEFORE, len(words) - size))
    end = start + size
    text = " ".join(words[start:end])
    return format_html("{}{}{}", "… " if start > 0 else "", highlight(text, terms), " …" if end < len(words) else "")


def _first_match(words: list, terms: frozenset) -> int | None:
    for index, word in enumerate(words):
        if any(_fold_word(part) in terms for part in _WORD.findall(word)):
            return index
    return None


@lru_cache(maxsize=8192)
def _fold_word(word: str) -> str:
    return fold(word)


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")
