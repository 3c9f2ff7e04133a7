# ruff: noqa: S311 (seeded generators make the same dataset twice; nothing here is a secret)
"""Generating the benchmark's dataset into the default database: ``generate(scale)``; the command is ``bench.generate``.

Sections come from the migrations; tags, bylines, photos (real files with
renditions, made by ``create_photo``), the bench staff and every article and
comment are created here. Articles and comments are bulk-loaded with ``COPY``
(``bench.bulk``), their ``search_vector`` computed by PostgreSQL from text
folded in Python, equal to what ``Article.save()`` stores; ``comment_count``
equals what moderation keeps. The same seed gives the same text.

Everything happens in one transaction: a failed run leaves the database as it
was. A database that already holds content (articles, comments, tags,
authors or photos) is refused unless ``reset``, which empties those tables
first (``TRUNCATE … CASCADE``) and keeps sections, users, groups and the
homepage slots.
"""

import math
import random
import time
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from reversion.models import Revision, Version

from articles.content.stored_files import delete_files
from articles.content.text import fold
from articles.models import (
    Article,
    ArticlePhoto,
    Author,
    Byline,
    Correction,
    DailyViews,
    HomepageSlot,
    Photo,
    Section,
    Tag,
    WorkflowEvent,
)
from articles.models.search_document import CONFIG
from articles.models.section import OWN_PAGE_SECTIONS
from articles.site.listing import PAGE_SIZE
from articles.site.sitemaps import MAX_URLS
from bench import bulk, stories, vocabulary
from bench.library import build_library
from bench.prose import DEFAULT_TOPIC, general_chain, topic_chains
from bench.reader_comments import COLUMNS as COMMENT_COLUMNS
from bench.reader_comments import CommentWriter, allocate
from bench.scales import DEFAULT_SEED, Scale
from bench.stories import common_headline_word
from comments.models import Comment, ModerationEvent, Report
from newsroom.paging import encode_time_cursor


class DatasetExists(Exception):
    """The database already holds content and ``--reset`` was not given."""


class Clock:
    """Seconds spent in each phase, logged as each ends."""

    def __init__(self, log):
        self.log = log
        self.phases: dict[str, float] = {}
        self.started = time.monotonic()

    @contextmanager
    def phase(self, name: str):
        started = time.monotonic()
        self.log(f"{name}…")
        yield
        self.phases[name] = round(time.monotonic() - started, 2)
        self.log(f"{name}: {self.phases[name]:.1f} s")

    @property
    def total(self) -> float:
        return round(time.monotonic() - self.started, 2)


# The tables the generator fills, emptied by ``reset`` (with every table referring to them).
CONTENT_MODELS = [
    Article,
    Article.tags.through,
    Article.body_photos.through,
    Byline,
    ArticlePhoto,
    Correction,
    WorkflowEvent,
    DailyViews,
    Tag,
    Author,
    Photo,
    Comment,
    ModerationEvent,
    Report,
]
# The big ones, loaded with their secondary indexes and foreign keys dropped.
BULK_LOADED_MODELS = [
    Article,
    Article.tags.through,
    Article.body_photos.through,
    Byline,
    ArticlePhoto,
    DailyViews,
    Comment,
    Report,
]


def existing_content() -> dict[str, int]:
    return {model._meta.db_table: model.objects.count() for model in CONTENT_MODELS if model.objects.exists()}


def reset_content(cursor, log) -> list[str]:
    """Empty the content tables (sections, users, groups and homepage slots stay); return the photo files to delete.

    ``TRUNCATE … CASCADE`` also empties every table referring to them; the
    homepage slots are among those and are put back empty (auto-fill). The
    revisions of removed content go too: they would otherwise resurface on
    new articles with the same ids.
    """
    tables = [model._meta.db_table for model in CONTENT_MODELS]
    files = [
        name
        for image, renditions in Photo.objects.values_list("image", "renditions")
        for name in [image, *renditions.values()]
    ]
    slots = list(HomepageSlot.objects.values("id", "position", "updated_at", "updated_by_id"))
    cursor.execute(
        """
        WITH RECURSIVE referring(oid) AS (
            SELECT unnest(%s::regclass[])::oid
            UNION SELECT c.conrelid FROM pg_constraint c JOIN referring r ON c.confrelid = r.oid WHERE c.contype = 'f'
        )
        SELECT oid::regclass::text FROM referring ORDER BY 1
        """,
        [tables],
    )
    also = [name for (name,) in cursor.fetchall() if name not in tables]
    log(f"  emptying {len(tables)} content tables" + (f", and with them {', '.join(also)}" if also else ""))
    # Rows written earlier in this transaction may owe deferred foreign key checks, and TRUNCATE
    # refuses to leave them pending: run them now, then defer again as Django expects.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    HomepageSlot.objects.bulk_create(HomepageSlot(**slot) for slot in slots)
    for statement in connection.ops.sequence_reset_sql(no_style(), [HomepageSlot]):
        cursor.execute(statement)
    content_types = ContentType.objects.get_for_models(
        *[model for model in CONTENT_MODELS if not model._meta.auto_created]
    )
    Version.objects.filter(content_type__in=content_types.values()).delete()
    Revision.objects.filter(version__isnull=True).delete()
    return [name for name in files if name]


def generate(
    scale: Scale,
    *,
    seed: int = DEFAULT_SEED,
    reset: bool = False,
    now=None,
    threaded: bool = True,
    vacuum: bool = False,
    log=print,
) -> dict:
    """Fill the default database with ``scale``'s dataset in one transaction; return its description.

    Raises ``DatasetExists`` when content is there and ``reset`` is false
    (``reset`` deletes the old photos' files once the transaction commits).
    ``now`` is where the archive ends (publication and comment times are
    relative to it); ``threaded=False`` loads from the calling thread;
    ``vacuum`` runs ``VACUUM (ANALYZE)`` after the commit (the command does;
    inside a test's transaction only ``ANALYZE`` can run).
    """
    now = now or timezone.now()
    clock = Clock(log)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL lock_timeout = '30s'")  # a session holding the tables: fail, do not hang
        with clock.phase("check"):
            found = existing_content()
            if found and not reset:
                listed = ", ".join(f"{table}: {count:,}" for table, count in found.items())
                raise DatasetExists(
                    f"The database already holds content ({listed}); run again with --reset to replace it."
                )
            if found:
                transaction.on_commit(partial(delete_files, reset_content(cursor, log)))
        cursor.execute("SET LOCAL lock_timeout = 0")
        with clock.phase("staff, bylines, tags, photos"):
            library = build_library(
                authors=scale.authors, tags=scale.tags, photos=scale.photos, rng=random.Random(f"{seed}:library")
            )
        with clock.phase("plan"):
            sections = dict(Section.objects.filter(is_active=True).order_by("pk").values_list("pk", "slug"))
            planned = stories.plan_stories(
                count=scale.articles, sections=sections, now=now, rng=random.Random(f"{seed}:plan")
            )
            allocate(
                planned,
                total=scale.comments,
                busy=scale.busy_comments,
                pending=scale.pending,
                rng=random.Random(f"{seed}:allocate"),
            )
            writer = stories.StoryWriter(
                chains=topic_chains(),
                topics={pk: vocabulary.SECTION_TOPICS.get(slug, DEFAULT_TOPIC) for pk, slug in sections.items()},
                library=library,
                rng=random.Random(f"{seed}:articles"),
                pool_size=scale.paragraphs,
                default_columns=bulk.model_defaults(Article, [*stories.COLUMNS, "search_vector"]),
            )
        filled = [model._meta.db_table for model in BULK_LOADED_MODELS]
        recreate_indexes = bulk.drop_indexes(cursor, filled, log)
        loader = bulk.Loader(connection.connection, threaded=threaded)
        try:
            with clock.phase("articles"):
                loader.submit(*writer.prepare())
                for start in range(0, len(planned), scale.chunk):
                    loader.submit(*writer.write(planned[start : start + scale.chunk], editor_id=library.editor.pk))
                loader.submit(*writer.finish())
                loader.wait()
                log(f"  database busy {loader.busy:.1f} s, generator waited {loader.waited:.1f} s")
            with clock.phase("comments"):
                comment_writer = CommentWriter(
                    prose=general_chain(),
                    rng=random.Random(f"{seed}:comments"),
                    total=scale.comments,
                    now=now,
                    moderator_id=library.moderator.pk,
                    default_columns=bulk.model_defaults(Comment, COMMENT_COLUMNS),
                )
                comment_writer.write(planned, lambda steps: loader.submit(*steps))
                views = stories.daily_view_lines(
                    planned, today=timezone.localdate(now), rng=random.Random(f"{seed}:views")
                )
                loader.submit(bulk.Copy(DailyViews._meta.db_table, ["article_id", "date", "views"], views))
                loader.wait()
        finally:
            loader.close()
        with clock.phase("indexes and foreign keys"):
            recreate_indexes()
        with clock.phase("counts and sequences"):
            fixed = fix_comment_counts(cursor)
            if fixed:
                log(f"  comment_count corrected on {fixed} articles")
            for statement in connection.ops.sequence_reset_sql(no_style(), [Article, Comment]):
                cursor.execute(statement)
        if not vacuum:
            with clock.phase("analyze"):
                for table in filled:
                    cursor.execute(f"ANALYZE {table}")
        with clock.phase("describe"):
            dataset = describe(scale, planned, writer, library, seed=seed, now=now)
    if vacuum:
        with clock.phase("vacuum and analyze"), connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
            for table in [*filled, "articles_tag", "articles_author", "articles_photo"]:
                cursor.execute(f"VACUUM (ANALYZE) {table}")
    dataset["timings"] = {**clock.phases, "total": clock.total}
    return dataset


def fix_comment_counts(cursor) -> int:
    """Set every article's ``comment_count`` from its rows, as ``recount_comments`` does; return how many changed.

    The generator already wrote the right counts, so this is a check that
    costs one aggregate and normally updates nothing.
    """
    cursor.execute(
        """
        UPDATE articles_article a SET comment_count = counted.total
        FROM (
            SELECT a.id, COUNT(c.id) AS total
            FROM articles_article a
            LEFT JOIN comments_comment c ON c.article_id = a.id AND c.status = 'approved'
            LEFT JOIN comments_comment p ON p.id = c.parent_id
            WHERE c.id IS NULL OR c.parent_id IS NULL OR p.status = 'approved'
            GROUP BY a.id
        ) counted
        WHERE a.id = counted.id AND a.comment_count <> counted.total
        """
    )
    return cursor.rowcount


def describe(scale: Scale, planned: list, writer, library, *, seed: int, now) -> dict:
    """What the runner needs: counts, the special articles' URLs, a busy section and its deep page, words."""
    live = Article.objects.published()

    def matches(text: str) -> int:
        return live.filter(search_vector=SearchQuery(fold(text), search_type="plain", config=CONFIG)).count()

    special = {story.special: story.id for story in planned if story.special in ("busy", "ordinary")}
    busy = Article.objects.select_related("section").get(pk=special["busy"])
    ordinary = Article.objects.select_related("section").get(pk=special["ordinary"])

    sections = []
    for top in Section.objects.filter(is_active=True, parent__isnull=True).exclude(slug__in=OWN_PAGE_SECTIONS):
        ids = [top.pk, *top.children.filter(is_active=True).values_list("pk", flat=True)]
        sections.append((live.filter(section_id__in=ids).count(), top.slug, ids))
    section_count, section_slug, section_ids = max(sections)
    deep_page = max(2, (section_count // PAGE_SIZE) * 3 // 4)
    previous = (
        live.filter(section_id__in=section_ids)
        .order_by("-published_at", "-pk")
        .values_list("published_at", "pk")[(deep_page - 1) * PAGE_SIZE - 1 : (deep_page - 1) * PAGE_SIZE]
    )
    deep_cursor = encode_time_cursor(*previous[0]) if section_count > (deep_page - 1) * PAGE_SIZE else None

    top_tag = (
        Article.tags.through.objects.filter(article__in=live)
        .values("tag_id")
        .annotate(articles=Count("id"))
        .order_by("-articles", "tag_id")
        .first()
    )
    top_author = (
        Byline.objects.filter(article__in=live)
        .values("author_id")
        .annotate(articles=Count("id"))
        .order_by("-articles", "author_id")
        .first()
    )
    common_word = common_headline_word(writer.headline_words)
    published = live.count()
    comments = dict(Comment.objects.order_by().values_list("status").annotate(Count("id")))
    return {
        "scale": scale.name,
        "seed": seed,
        "generated_at": now.isoformat(),
        "database": settings.DATABASES["default"]["NAME"],
        "database_host": settings.DATABASES["default"].get("HOST", ""),
        "counts": {
            "articles": Article.objects.count(),
            "published articles": published,
            "comments": Comment.objects.count(),
            "approved comments": comments.get(Comment.Status.APPROVED, 0),
            "pending comments": comments.get(Comment.Status.PENDING, 0),
            "rejected comments": comments.get(Comment.Status.REJECTED, 0),
            "spam comments": comments.get(Comment.Status.SPAM, 0),
            "reports": Report.objects.count(),
            "tags": Tag.objects.count(),
            "authors": Author.objects.count(),
            "photos": Photo.objects.count(),
            "bylines": Byline.objects.count(),
            "article tags": Article.tags.through.objects.count(),
            "body photos": Article.body_photos.through.objects.count(),
            "story photos": ArticlePhoto.objects.count(),
            "daily views": DailyViews.objects.count(),
        },
        "targets": {
            "article_id": ordinary.pk,
            "article_url": ordinary.get_absolute_url(),
            "commented_article_id": busy.pk,
            "commented_article_url": busy.get_absolute_url(),
            "commented_article_comments": busy.comment_count,
            "section_slug": section_slug,
            "section_articles": section_count,
            "section_deep_page": deep_page,
            "section_deep_cursor": deep_cursor,
            "tag_slug": Tag.objects.get(pk=top_tag["tag_id"]).slug,
            "tag_articles": top_tag["articles"],
            "author_slug": Author.objects.get(pk=top_author["author_id"]).slug,
            "author_articles": top_author["articles"],
            "common_word": common_word,
            "common_word_matches": matches(common_word),
            "rare_word": vocabulary.RARE_WORD,
            "rare_word_matches": matches(vocabulary.RARE_WORD),
            "accentless_phrase": vocabulary.ACCENTLESS_PHRASE,
            "accentless_phrase_matches": matches(vocabulary.ACCENTLESS_PHRASE),
            "sitemap_article_pages": max(1, math.ceil(published / MAX_URLS)),
        },
        "users": {
            "editor": library.editor.username,
            "moderator": library.moderator.username,
            "password": library.password,
        },
    }
