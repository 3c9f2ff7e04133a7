"""Accent-insensitive full-text search over articles.

PostgreSQL's ``simple`` configuration over text folded in Python
(``articles.content.text.fold``): the stored document and the reader's query are
folded the same way, so "cai cach hanh chinh" finds "cải cách hành chính" and
the other way round. No database extension is needed. The headline weighs
more than the lead, the lead more than the body.

What the reader gets: every article holding all the words, when there are
at most ``MAX_COUNTED`` (200) of them, best first: ``ts_rank`` over the
weighted document, so words in the headline count more than in the lead,
and in the lead more than in the body; equal ranks newest first; 20 a page.
When more articles match, the ranking covers the 200 newest of them, the
count reads "Hơn 200 kết quả" and the page suggests adding words. A reader
of a newspaper searching a word found in nearly every article ("tỉnh")
wants recent, relevant stories, not the archive's best match from years
ago; ten pages is more than readers go through, and a more precise query
brings older stories back.

Why not more: an article's ``tsvector`` is stored out of line (TOAST), so
every candidate costs a read of its document, to test the match and to rank
it. The newest matches of a common word are found by walking the newest
published articles (the ``article_public_latest`` index) until the 201st
match; a rare word ("voọc") goes through the GIN index and ranks all its
matches. Counting to 1,000 and ranking 2,000 candidates, as this module once
did, cost 30 to 45 ms a search on the 200,000-article benchmark, against
about 2 ms for 201. Words in a few percent of the articles remain the costly
case: PostgreSQL still walks the newest articles (thousands of them) where
the GIN index would be cheaper, as it did before.

The reader's words reach PostgreSQL only through ``plainto_tsquery`` (every
word required, no operator syntax), so quotes, ``&|!:*()`` and the like are
just separators and no query can raise a syntax error. Snippets are
highlighted here, in Python, on the original accented text: a word is marked
when its folded form is one of the folded query words.
"""

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections, router
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString

from articles.content.text import fold
from articles.models import Article, Photo
from articles.models.search_document import BLOCK_END, CONFIG, plain_text
from newsroom.paging import NoSuchPage

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 20
MAX_PAGES = 10
MAX_COUNTED = PAGE_SIZE * MAX_PAGES
RANKED_CANDIDATES = MAX_COUNTED  # the newest matches; see the module's docstring
SNIPPET_WORDS = 40
SNIPPET_WORDS_BEFORE = 8

# A word: letters and digits, with any combining marks (text typed in decomposed form).
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,2}")


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
    """``?trang=``: absent means 1; anything but 1…``MAX_PAGES`` in plain digits is ``NoSuchPage``."""
    if value is None:
        return 1
    if not _PAGE_NUMBER.fullmatch(value) or int(value) > MAX_PAGES:
        raise NoSuchPage
    return int(value)


@dataclass(frozen=True)
class Cover:
    """A result's thumbnail."""

    url: str
    width: int
    height: int


@dataclass(frozen=True)
class Hit:
    """One result, ready to show: every value the template prints is computed here, once."""

    url: str
    section_name: str
    section_url: str
    label: str  # "(Video) ", "(Ảnh) " or nothing, before the headline
    headline: SafeString
    snippet: SafeString
    published_iso: str
    published_text: str
    cover: Cover | None


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
            return f"Hơn {self.counted_label} kết quả"
        return f"Tìm thấy {_thousands(self.count)} kết quả"

    @property
    def counted_label(self) -> str:
        return _thousands(MAX_COUNTED)


NO_RESULTS = Results(hits=[], count=0, page=1)

# The page of results around the candidates (``{newest}``: the ORM's query for the newest matches, with their
# rank): ``total`` counts the candidates plus the one that says "more", ``newness`` keeps that one out of the
# ranking. Read as SQL rather than model instances: building 20 articles with their section and cover through
# the ORM cost more than PostgreSQL's whole answer.
_PAGE_SQL = """
SELECT page.total, article.id, article.headline, article.slug, article.lead, article.body, article.kind,
       article.published_at, section.slug, section.name,
       photo.id, photo.image, photo.width, photo.height, photo.renditions
FROM (
    SELECT pk, published_at, rank, total FROM (
        SELECT newest.*, count(*) OVER () AS total,
               row_number() OVER (ORDER BY published_at DESC, pk DESC) AS newness
        FROM ({newest}) AS newest (pk, published_at, rank)
    ) AS candidates
    WHERE newness <= %s
    ORDER BY rank DESC, published_at DESC, pk DESC
    LIMIT %s OFFSET %s
) AS page
JOIN articles_article article ON article.id = page.pk
JOIN articles_section section ON section.id = article.section_id
LEFT JOIN articles_photo photo ON photo.id = article.cover_photo_id
ORDER BY page.rank DESC, page.published_at DESC, page.pk DESC
"""


def find_articles(query: ReaderQuery, page: int = 1) -> Results:
    """Page ``page`` of the published articles matching every word of ``query``, best first.

    The candidates are the ``RANKED_CANDIDATES`` newest matches, ranked by
    ``ts_rank`` over the weighted document (headline A, lead B, body C),
    equal ranks newest first. One query whatever the number of matches: the
    candidates (and one more, to know there are more), their count, and the
    page's rows with the body for the snippets. A page past the last one is
    ``NoSuchPage``.
    """
    if not query.terms:
        if page != 1:
            raise NoSuchPage
        return NO_RESULTS
    tsquery = SearchQuery(fold(query.text), search_type="plain", config=CONFIG)
    newest = (
        Article.objects.published()
        .filter(search_vector=tsquery)
        .annotate(rank=SearchRank(F("search_vector"), tsquery))
        .order_by("-published_at", "-pk")
        .values_list("pk", "published_at", "rank")[: RANKED_CANDIDATES + 1]
    )
    alias = router.db_for_read(Article)
    newest_sql, newest_params = newest.query.get_compiler(using=alias).as_sql()
    start = (page - 1) * PAGE_SIZE
    with connections[alias].cursor() as cursor:
        cursor.execute(_PAGE_SQL.format(newest=newest_sql), [*newest_params, RANKED_CANDIDATES, PAGE_SIZE, start])
        rows = cursor.fetchall()
    if not rows:
        if page != 1:
            raise NoSuchPage
        return NO_RESULTS
    return Results(hits=_hits(rows, query.terms), count=rows[0][0], page=page)


_LABELS = {Article.Kind.VIDEO: "(Video) ", Article.Kind.PHOTO_STORY: "(Ảnh) "}


def _hits(rows: list, terms: frozenset) -> list:
    """The page's rows as ``Hit``: URLs reversed once per section, covers read once per photo."""
    zone = timezone.get_current_timezone()
    section_urls, covers, hits = {}, {}, []
    for _total, pk, headline, slug, lead, body, kind, published_at, section_slug, section_name, *photo in rows:
        if section_slug not in section_urls:
            section_urls[section_slug] = reverse("articles:section", args=[section_slug])
        photo_id, image, width, height, renditions = photo
        if photo_id is not None and photo_id not in covers:
            cover = Photo(id=photo_id, image=image, width=width, height=height, renditions=json.loads(renditions))
            covers[photo_id] = Cover(url=cover.thumbnail_url, width=width, height=height)
        published = published_at.astimezone(zone)
        hits.append(
            Hit(
                url=reverse("articles:detail", kwargs={"section": section_slug, "slug": slug or "bai", "pk": pk}),
                section_name=section_name,
                section_url=section_urls[section_slug],
                label=_LABELS.get(kind, ""),
                headline=highlight(headline, terms),
                snippet=snippet(lead, body, terms),
                published_iso=published.isoformat(),
                published_text=published.strftime("%H:%M, %d/%m/%Y"),
                cover=covers.get(photo_id),
            )
        )
    return hits


def highlight(text: str, terms: frozenset) -> SafeString:
    """``text`` escaped, each word whose folded form is in ``terms`` wrapped in ``<mark>``."""
    marked, last = [], 0
    for word in _WORD.finditer(text):
        if _fold_word(word[0]) in terms:
            marked.append((text[last : word.start()], word[0]))
            last = word.end()
    return format_html_join("", "{}<mark>{}</mark>", marked) + escape(text[last:])


def snippet(lead: str, body_html: str, terms: frozenset, size: int = SNIPPET_WORDS) -> SafeString:
    """About ``size`` words to show under a result, highlighted.

    The lead when it holds a match (or nothing else does), otherwise the
    body's plain text around its first match: a few words before it for
    context, "…" where the text is cut.
    """
    text, first = lead, _first_match(lead, terms)
    if first is None and body_html:
        body, body_first = _body_to_first_match(body_html, terms, words_after=size)
        if body_first is not None:
            text, first = body, body_first
    words = text.split()
    start = max(0, min((first or 0) - SNIPPET_WORDS_BEFORE, len(words) - size))
    end = start + size
    before, after = SafeString("… " if start > 0 else ""), SafeString(" …" if end < len(words) else "")
    return before + highlight(" ".join(words[start:end]), terms) + after


def _body_to_first_match(body_html: str, terms: frozenset, words_after: int) -> tuple[str, int | None]:
    """The body's plain text as far as its first match and ``words_after`` words more, and that match's position.

    Read block by block (each ``plain_text`` of a block ends with a space, so the blocks join as the
    whole body's plain text would): a match in the first paragraphs spares stripping the rest.
    Beyond the match, one word more than ``words_after`` says whether the text goes on.
    """
    text, first, words = "", None, 0
    start = 0
    for end in [block.end() for block in BLOCK_END.finditer(body_html)] + [len(body_html)]:
        block = plain_text(body_html[start:end])
        text, start = text + block, end
        if first is None and (at := _first_match(block, terms)) is not None:
            first = words + at
        words += len(block.split())
        if first is not None and words > first + words_after:
            break
    return text, first


def _first_match(text: str, terms: frozenset) -> int | None:
    """The position, among ``text.split()``, of the first whitespace-separated word holding a match."""
    for word in _WORD.finditer(text):
        if _fold_word(word[0]) in terms:
            at = word.start()
            inside_a_word = at > 0 and not text[at - 1].isspace()
            return len(text[:at].split()) - inside_a_word
    return None


@lru_cache(maxsize=8192)
def _fold_word(word: str) -> str:
    return fold(word)


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")
