"""The generated articles: first who, where and when for each (``plan_stories``), then their rows (``StoryWriter``).

The plan is a twenty-year archive: about 97 % published, denser in recent
years, the newest within the last two days; some drafts, items in review,
unpublished, trashed and scheduled articles; a few video stories and photo
stories. Ids follow creation time, as they would on a real site.

Rows are written for ``COPY``: an article row goes to a staging table with
the folded twins of its headline and lead and the list of its body's parts,
and one ``INSERT … SELECT`` per chunk computes ``search_vector`` exactly as
``Article.save()`` would (``articles.models.search_document.search_document``). Bodies are
assembled from a pool of generated paragraphs (a body is 5–12 ``<p>``, about
400–900 words; about 30 % carry a library photo as the editor's figure,
marked and linked as ``save_article`` marks and links it).
"""

import random
import string
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from articles.content.text import fold, slugify_vi
from articles.models import Article, ArticlePhoto, Byline
from articles.models.search_document import CONFIG
from bench import vocabulary
from bench.bulk import NULL, Copy, Sql, copy_line
from bench.prose import Prose, folded_piece

Status, Kind, Role = Article.Status, Article.Kind, Byline.Role

ARCHIVE_SPAN = timedelta(days=round(20 * 365.25))
RECENT_SPAN = timedelta(hours=48)
BUSY_AGE, ORDINARY_AGE = timedelta(hours=3), timedelta(hours=26)

# How often each section is used (a section not listed here: 1).
SECTION_WEIGHTS = {
    "thoi-su": 6,
    "trong-tinh": 14,
    "trong-nuoc": 8,
    "chinh-tri": 8,
    "kinh-te": 8,
    "nong-nghiep": 6,
    "xa-hoi": 6,
    "giao-duc": 5,
    "y-te": 5,
    "an-ninh-trat-tu": 9,
    "van-hoa": 5,
    "du-lich": 3,
    "the-thao": 6,
    "quoc-te": 5,
    "ban-doc": 2,
    "multimedia": 0.5,
}
SPECIAL_SECTION = "trong-tinh"  # where the busy and the ordinary article are, when the section exists
MULTIMEDIA = "multimedia"

PARAGRAPH_LENGTHS = range(30, 190, 10)  # the pool's paragraph lengths, in words
STAGE = "bench_article_stage"
PARTS = "bench_body_part"
CONCAT = "pg_temp.bench_tsvector_concat"  # an aggregate joining tsvectors in order with ||
# Columns the generator writes; the article's other columns get their model default.
COLUMNS = [
    "id", "headline", "slug", "kicker", "lead", "body", "section_id", "credit_line", "cover_photo_id", "kind",
    "video_url", "status", "published_at", "comments_enabled", "comment_count", "created_by_id",
    "updated_by_id", "created_at", "updated_at", "deleted_at", "deleted_by_id",
]  # fmt: skip


@dataclass(slots=True)
class Story:
    """One article of the plan; ``approved`` … ``spam`` are its comments by status, set by the comment plan."""

    status: str
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None = None
    deleted_at: datetime | None = None
    section_id: int = 0
    kind: str = Kind.STANDARD
    comments_enabled: bool = True
    special: str = ""  # "busy" (the 2,000 comments), "ordinary", "rare" (has the rare word)
    live: bool = False  # what readers see: published, its time has come, not in the trash
    id: int = 0
    approved: int = 0
    pending: int = 0
    rejected: int = 0
    spam: int = 0


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    return start + (end - start) * rng.random()


def _archive_time(rng: random.Random, now: datetime) -> datetime:
    """A publication time in the archive, denser towards the present (the site publishes more each year)."""
    start, end = now - ARCHIVE_SPAN, now - RECENT_SPAN
    return start + (end - start) * (rng.random() ** 0.5)


def _published(rng, now, published_at: datetime, **fields) -> Story:
    created = published_at - timedelta(minutes=rng.uniform(20, 480))
    updated = published_at
    if rng.random() < 0.2:
        updated = min(now, published_at + timedelta(minutes=rng.uniform(5, 180)))
    return Story(status=Status.PUBLISHED, created_at=created, updated_at=updated, published_at=published_at, **fields)


def hidden_counts(count: int) -> dict[str, int]:
    """How many articles of ``count`` readers cannot see, by reason (each at least one)."""
    return {
        "draft": max(2, count * 15 // 1000),
        "review": max(1, count * 7 // 1000),
        "unpublished": max(1, count * 5 // 1000),
        "trashed": max(1, count * 4 // 1000),
        "scheduled": max(1, count // 1000),
    }


def plan_stories(*, count: int, sections: dict[int, str], now: datetime, rng: random.Random) -> list[Story]:
    """``count`` stories with status, times, section and kind, ordered by creation, ids from 1.

    ``sections`` maps the id of each active section to its slug.
    """
    hidden = hidden_counts(count)
    live = count - sum(hidden.values())
    stories = _live_stories(live, now, rng)
    for _ in range(hidden["draft"]):
        created = now - timedelta(days=rng.uniform(0, 30))
        stories.append(Story(status=Status.DRAFT, created_at=created, updated_at=_between(rng, created, now)))
    for _ in range(hidden["review"]):
        created = now - timedelta(days=rng.uniform(0, 7))
        stories.append(Story(status=Status.REVIEW, created_at=created, updated_at=_between(rng, created, now)))
    for _ in range(hidden["unpublished"]):
        story = _published(rng, now, _archive_time(rng, now))
        story.status = Status.UNPUBLISHED
        story.updated_at = min(now, story.published_at + timedelta(days=rng.uniform(0.1, 30)))
        stories.append(story)
    for _ in range(hidden["trashed"]):
        if rng.random() < 0.7:
            story = _published(rng, now, _archive_time(rng, now))
        else:
            created = now - timedelta(days=rng.uniform(1, 60))
            story = Story(status=Status.DRAFT, created_at=created, updated_at=created)
        story.deleted_at = story.updated_at = _between(rng, story.updated_at, now)
        stories.append(story)
    for _ in range(hidden["scheduled"]):
        created = now - timedelta(days=rng.uniform(0, 3))
        publish = now + timedelta(days=rng.uniform(7, 60))  # stays ahead for the weeks the dataset is used
        stories.append(Story(status=Status.PUBLISHED, created_at=created, updated_at=created, published_at=publish))
    _place(stories, sections, rng)
    stories.sort(key=lambda story: story.created_at)
    for number, story in enumerate(stories, start=1):
        story.id = number
    return stories


def _live_stories(live: int, now: datetime, rng: random.Random) -> list[Story]:
    recent = max(2, min(100, live // 10))
    times = [_archive_time(rng, now) for _ in range(live - recent)]
    times += [now - BUSY_AGE, now - ORDINARY_AGE]
    times += [_between(rng, now - RECENT_SPAN, now - timedelta(minutes=10)) for _ in range(recent - 2)]
    stories = [_published(rng, now, when, live=True) for when in times]
    busy, ordinary = stories[live - recent], stories[live - recent + 1]
    busy.special, ordinary.special = "busy", "ordinary"
    for story in (busy, ordinary):
        story.updated_at = story.published_at
    archive = stories[: live - recent]
    for story in rng.sample(archive, min(len(archive), max(2, min(10, live // 20_000)))):
        story.special = "rare"
    for kind, share in ((Kind.VIDEO, 0.012), (Kind.PHOTO_STORY, 0.006)):
        plain = [story for story in stories if not story.special and story.kind == Kind.STANDARD]
        for story in rng.sample(plain, min(len(plain), max(1, round(live * share)))):
            story.kind = kind
    return stories


def _place(stories: list[Story], sections: dict[int, str], rng: random.Random) -> None:
    ids = list(sections)
    weights = [SECTION_WEIGHTS.get(sections[pk], 1) for pk in ids]
    by_slug = {slug: pk for pk, slug in sections.items()}
    for story in stories:
        if story.special in ("busy", "ordinary") and SPECIAL_SECTION in by_slug:
            story.section_id = by_slug[SPECIAL_SECTION]
        elif story.kind != Kind.STANDARD and MULTIMEDIA in by_slug and rng.random() < 0.6:
            story.section_id = by_slug[MULTIMEDIA]
        else:
            story.section_id = rng.choices(ids, weights)[0]
        story.comments_enabled = story.special in ("busy", "ordinary") or rng.random() < 0.97


class StoryWriter:
    """Turns planned stories into loader steps: staging rows, the search vectors, the related rows.

    Bodies are made of paragraphs from a pool (and library figures), so the
    search vector of a body is the concatenation of its parts' vectors:
    ``to_tsvector(a || '\\n' || b) = to_tsvector(a) || to_tsvector(b)``, as
    ``||`` shifts the right side's positions past the left side's last one.
    PostgreSQL parses each part once (``prepare``), not each of the 200,000
    bodies; the tests check every article's vector against
    ``search_document``.
    """

    def __init__(
        self, *, chains: dict, topics: dict, library, rng: random.Random, pool_size: int, default_columns: dict
    ):
        """``chains`` maps a topic to its ``Prose``; ``topics`` a section id to its topic."""
        self.chains = chains
        self.topics = topics
        self.library = library
        self.rng = rng
        self.rand = rng.random
        self.default_columns = default_columns
        self.headline_words: Counter = Counter()
        self.parts: list[str] = []  # the folded text of every body part, by part id
        self.pools = {topic: self._paragraph_pool(chain, pool_size // len(chains)) for topic, chain in chains.items()}
        self.figures = {pk: (markup, self._part(folded)) for pk, (markup, folded) in library.figures.items()}
        people = [(pk, name) for pk, name, is_agency in library.authors if not is_agency]
        self.writers = [pk for pk, _ in people]
        self.writer_weights = _zipf_weights(len(self.writers), 0.9)
        self.agencies = [(pk, name) for pk, name, is_agency in library.authors if is_agency]
        self.tag_weights = _zipf_weights(len(library.tag_ids), 0.8)

    def _part(self, folded: str) -> int:
        self.parts.append(folded)
        return len(self.parts)

    def _paragraph_pool(self, chain: Prose, size: int) -> list[list[tuple[str, int]]]:
        """Paragraphs by length (``PARAGRAPH_LENGTHS``): ``(<p> markup, part id)``."""
        per_length = max(4, size // len(PARAGRAPH_LENGTHS))
        pool = []
        for length in PARAGRAPH_LENGTHS:
            bucket = []
            for _ in range(per_length):
                piece = chain.passage(self.rand, length)
                if any(char in piece.text for char in "<>&\\\t\n\r"):
                    raise ValueError(f"Text needing escapes in a generated paragraph: {piece.text!r}")
                bucket.append((f"<p>{piece.text}</p>", self._part(piece.folded)))
            pool.append(bucket)
        return pool

    # Text ------------------------------------------------------------------------------------------

    def headline(self, story: Story):
        if story.special == "rare":
            return folded_piece(self.rng.choice(vocabulary.RARE_HEADLINES))
        return self.chains[self.topics[story.section_id]].headline(self.rand, self.rng.randint(8, 16))

    def lead(self, story: Story):
        if story.special == "rare":
            return folded_piece(self.rng.choice(vocabulary.RARE_LEADS))
        return self.chains[self.topics[story.section_id]].passage(self.rand, self.rng.randint(25, 45))

    def body(self, story: Story, paragraphs: int, words: int, photo_ids: list[int]) -> tuple[str, list[int]]:
        """The body in COPY's escaped form (blocks joined by an escaped newline) and its part ids, in order."""
        blocks, parts = [], []
        pool = self.pools[self.topics[story.section_id]]
        share = words / paragraphs
        for _ in range(paragraphs):
            target = share * (0.7 + 0.6 * self.rand())
            bucket = pool[min(len(pool) - 1, max(0, round((target - PARAGRAPH_LENGTHS[0]) / 10)))]
            pick = int(self.rand() * len(bucket))
            for _ in range(len(bucket)):  # the same paragraph twice in a body only when the bucket runs out
                if bucket[pick][1] not in parts:
                    break
                pick = (pick + 1) % len(bucket)
            markup, part = bucket[pick]
            blocks.append(markup)
            parts.append(part)
        for photo_id in photo_ids:
            position = self.rng.randint(1, len(blocks) - 1)
            markup, part = self.figures[photo_id]
            blocks.insert(position, markup)
            parts.insert(position, part)
        return "\\n".join(blocks), parts

    # Steps -----------------------------------------------------------------------------------------

    def prepare(self) -> list:
        """Steps before the first chunk: the staging table, the body parts and their vectors."""
        columns = ", ".join(COLUMNS)
        return [
            Sql(
                f"CREATE TEMP TABLE {STAGE} ON COMMIT DROP AS "  # noqa: S608 names from the code
                f"SELECT {columns} FROM {Article._meta.db_table} WITH NO DATA"
            ),
            Sql(
                f"ALTER TABLE {STAGE} ADD COLUMN folded_headline text, ADD COLUMN folded_lead text, "
                "ADD COLUMN body_parts integer[]"
            ),
            Sql(f"CREATE TEMP TABLE {PARTS} (id integer PRIMARY KEY, folded text, vector tsvector) ON COMMIT DROP"),
            Copy(PARTS, ["id", "folded"], [f"{pk}\t{folded}\n" for pk, folded in enumerate(self.parts, start=1)]),
            Sql(f"UPDATE {PARTS} SET vector = to_tsvector(%s::regconfig, folded)", [CONFIG]),  # noqa: S608
            Sql(
                f"CREATE OR REPLACE AGGREGATE {CONCAT}(tsvector) "
                "(SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '')"
            ),
        ]

    def finish(self) -> list:
        return [Sql(f"DROP TABLE {STAGE}, {PARTS}"), Sql(f"DROP AGGREGATE {CONCAT}(tsvector)")]

    def write(self, stories: list[Story], *, editor_id: int) -> list:
        """The loader steps for ``stories``: COPY to staging, INSERT with search vectors, related rows."""
        rng, rand = self.rng, self.rand
        photo_ids = self.library.photo_ids
        stage, bylines, tags, body_photos, story_photos = [], [], [], [], []
        for story in stories:
            pk = story.id
            special = story.special in ("busy", "ordinary")
            headline, lead = self.headline(story), self.lead(story)
            if story.live:
                self.headline_words.update(headline.text.lower().split())
            cover, in_body = NULL, []
            if story.kind == Kind.PHOTO_STORY:
                chosen = rng.sample(photo_ids, min(len(photo_ids), rng.randint(4, 8)))
                story_photos += [f"{pk}\t{photo}\t{position}\n" for position, photo in enumerate(chosen)]
                cover = chosen[0]
            elif story.kind == Kind.VIDEO or special or rand() < 0.75:
                cover = photo_ids[int(rand() * len(photo_ids))]
            if special or (story.kind == Kind.STANDARD and rand() < 0.3):
                in_body = rng.sample(photo_ids, 1 if special or rand() < 0.8 else min(2, len(photo_ids)))
            body_photos += [f"{pk}\t{photo}\n" for photo in in_body]
            if special:
                body, parts = self.body(story, 8, 650, in_body)
            else:
                body, parts = self.body(story, rng.randint(5, 12), rng.randint(400, 900), in_body)
            credit_line = ""
            for position, (author_id, role, agency) in enumerate(self.bylines(story)):
                bylines.append(f"{pk}\t{author_id}\t{role}\t{position}\n")
                credit_line = f"Theo {agency}" if agency else credit_line
            tags += [f"{pk}\t{tag}\n" for tag in self.tags(3 if special else None)]
            kicker = rng.choice(vocabulary.KICKERS) if not special and rand() < 0.06 else ""
            video_url = ""
            if story.kind == Kind.VIDEO:
                video_url = "https://www.youtube.com/watch?v=" + "".join(rng.choices(_YOUTUBE_ID_CHARS, k=11))
            trashed_by = editor_id if story.deleted_at else NULL
            slug = slugify_vi(headline.folded) or "bai-viet"
            stage.append(
                f"{pk}\t{headline.text}\t{slug}\t{kicker}\t{lead.text}\t{body}\t{story.section_id}\t{credit_line}\t"
                f"{cover}\t{story.kind}\t{video_url}\t{story.status}\t{_time(story.published_at)}\t"
                f"{'t' if story.comments_enabled else 'f'}\t{story.approved}\t{editor_id}\t{editor_id}\t"
                f"{_time(story.created_at)}\t{_time(story.updated_at)}\t{_time(story.deleted_at)}\t{trashed_by}\t"
                f"{headline.folded}\t{lead.folded}\t{{{','.join(map(str, parts))}}}\n"
            )
        return [
            Copy(STAGE, [*COLUMNS, "folded_headline", "folded_lead", "body_parts"], stage),
            Sql(*self.insert_statement()),
            Sql(f"TRUNCATE {STAGE}"),
            Copy(Byline._meta.db_table, ["article_id", "author_id", "role", "position"], bylines),
            Copy(Article.tags.through._meta.db_table, ["article_id", "tag_id"], tags),
            Copy(Article.body_photos.through._meta.db_table, ["article_id", "photo_id"], body_photos),
            Copy(ArticlePhoto._meta.db_table, ["article_id", "photo_id", "position"], story_photos),
        ]

    def bylines(self, story: Story) -> list[tuple[int, str, str]]:
        """``(author id, role, agency name or "")`` in signing order: one to three people, or a wire agency."""
        special = story.special in ("busy", "ordinary")
        if self.agencies and not special and self.rand() < 0.05:
            pk, name = self.agencies[int(self.rand() * len(self.agencies))]
            return [(pk, Role.TEXT, name)]
        count = min(len(self.writers), 2 if special else self.rng.choices((1, 2, 3), (60, 30, 10))[0])
        authors: dict[int, None] = {}
        while len(authors) < count:
            authors[self.rng.choices(self.writers, cum_weights=self.writer_weights)[0]] = None
        first = {Kind.VIDEO: Role.VIDEO, Kind.PHOTO_STORY: Role.PHOTO}.get(story.kind)
        first = first or (Role.TEXT if self.rand() < 0.7 else Role.TEXT_AND_PHOTO)
        roles = [first, Role.PHOTO, Role.GRAPHICS]
        return [(pk, roles[position], "") for position, pk in enumerate(authors)]

    def tags(self, count: int | None) -> list[int]:
        """``count`` distinct tags (by default 0–5), the popular ones most often."""
        if count is None:
            count = self.rng.choices(range(6), (10, 20, 30, 22, 12, 6))[0]
        chosen: dict[int, None] = {}
        for _ in range(count * 4):
            if len(chosen) == min(count, len(self.library.tag_ids)):
                break
            chosen[self.rng.choices(self.library.tag_ids, cum_weights=self.tag_weights)[0]] = None
        return list(chosen)

    def insert_statement(self) -> tuple[str, list]:
        """Staging rows into the article table, ``search_vector`` as ``search_document`` (articles.models) builds it.

        Headline (A) and lead (B) are parsed here; the body (C) is its parts' vectors joined in order.
        """
        defaults = list(self.default_columns)
        body_vector = (
            f"(SELECT {CONCAT}(part.vector ORDER BY used.position) "  # noqa: S608 names from the code
            f"FROM unnest(stage.body_parts) WITH ORDINALITY AS used(id, position) "
            f"JOIN {PARTS} part ON part.id = used.id)"
        )
        document = (
            "setweight(to_tsvector(%s::regconfig, COALESCE(stage.folded_headline, '')), 'A') || "
            "setweight(to_tsvector(%s::regconfig, COALESCE(stage.folded_lead, '')), 'B') || "
            f"setweight(COALESCE({body_vector}, ''::tsvector), 'C')"
        )
        values = ", ".join([*(f"stage.{column}" for column in COLUMNS), *(["%s"] * len(defaults)), document])
        sql = (
            f"INSERT INTO {Article._meta.db_table} ({', '.join([*COLUMNS, *defaults, 'search_vector'])}) "  # noqa: S608
            f"SELECT {values} FROM {STAGE} stage"
        )
        return sql, [*self.default_columns.values(), CONFIG, CONFIG]


def _time(moment: datetime | None) -> str:
    return moment.isoformat() if moment else NULL


_YOUTUBE_ID_CHARS = string.ascii_letters + string.digits + "_-"


def _zipf_weights(count: int, exponent: float) -> list[float]:
    """Cumulative weights: the first items are used far more than the last, as bylines and tags are."""
    total, cumulative = 0.0, []
    for rank in range(1, count + 1):
        total += 1 / rank**exponent
        cumulative.append(total)
    return cumulative


# Words that carry no subject: nobody searches for them.
FUNCTION_WORDS = frozenset(
    [
        "các",
        "của",
        "và",
        "những",
        "được",
        "cho",
        "với",
        "trong",
        "này",
        "một",
        "đã",
        "có",
        "là",
        "không",
        "người",
        "đến",
        "năm",
        "tại",
        "từ",
        "về",
        "để",
        "như",
        "khi",
        "đó",
        "sẽ",
    ]
)


def common_headline_word(counter: Counter) -> str:
    """The most frequent word of live headlines with a subject, diacritics and at least three letters."""
    for word, _ in counter.most_common():
        if word.isalpha() and len(word) >= 3 and fold(word) != word and word not in FUNCTION_WORDS:
            return word
    return "tỉnh"


def daily_view_lines(stories: list[Story], *, today, rng: random.Random, articles: int = 2000) -> list[str]:
    """``DailyViews`` rows (article, day, views) for the newest ``articles`` live stories, up to two weeks back.

    ``today`` is the local date ``most_read`` ranks from; the busy article is the most read.
    """
    live = sorted((story for story in stories if story.live), key=lambda s: (s.published_at, s.id), reverse=True)
    lines = []
    for story in live[:articles]:
        first_day = timezone.localdate(story.published_at)
        base = 9_000 if story.special == "busy" else 60 + int(6_000 * rng.random() ** 3)
        for age in range(14):
            day = today - timedelta(days=age)
            if day < first_day:
                break
            lines.append(copy_line((story.id, day, max(1, int(base / (1 + 1.5 * age) * rng.uniform(0.8, 1.2))))))
    return lines
