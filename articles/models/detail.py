"""Loading an article page in one query: its related rows ride along as JSON arrays.

``public_article`` (readers) and ``preview_article`` (staff previews, any
status) select the article with one ``ARRAY(SELECT jsonb_build_object(…))``
column per related list (bylines with their authors, tags, corrections, body
photos, photo-story photos, related articles) and its section and cover photo
as JSON. ``attach_related`` turns those columns back into model instances and
files them where ``prefetch_related`` would, so templates and helpers keep
writing ``article.bylines.all()`` and run no query. A preview is the readers'
page, loaded the same way.

The columns are SQL written once, not ORM expressions: compiling five
``ArraySubquery`` expressions cost more than PostgreSQL's whole answer.

Related articles are the newest published articles of the same section or
sharing a tag. The tag side takes each tag's newest articles by id (the
``article_tags_tag_latest`` index) as candidates, so a tag with 40,000
articles costs what a tag with 40 does; publication time then orders them.
Who may see an article is ``published()``'s condition, compiled from the
queryset (``newsroom.sql.condition``), never a copy of it.
"""

import json
from datetime import UTC, datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.utils import timezone

from newsroom.prepared import prepared
from newsroom.sql import condition

RELATED_COUNT = 5
RELATED_CANDIDATES_PER_TAG = 20  # the latest created before it, by id: enough for 5 after drafts are skipped


def _photo_object(alias: str) -> str:
    fields = ("id", "image", "caption", "credit", "alt_text", "width", "height", "renditions")
    return "jsonb_build_object(" + ", ".join(f"'{field}', {alias}.{field}" for field in fields) + ")"


# Stands for the clock in the compiled ``published()`` condition: each load gives its own time there (the app's
# clock, as ``published()`` uses; PostgreSQL's ``now()`` is when the transaction began).
_CLOCK = datetime(2000, 1, 1, tzinfo=UTC)


OUTER = '"articles_article"'  # the outer query's table: Django names it by the table's name


def _earlier(alias: str) -> str:
    """Published before the page's own article: "Tin liên quan" are the stories that came before it, so one
    published later never changes an article's page (``page_dependencies``: the page cache keeps it)."""
    return f"({alias}.published_at, {alias}.id) < ({OUTER}.published_at, {OUTER}.id)"


BYLINES = f"""ARRAY(
    SELECT jsonb_build_object('id', b.id, 'role', b.role, 'position', b.position, 'author_id', b.author_id,
                              'author_name', au.name, 'author_slug', au.slug)
    FROM articles_byline b JOIN articles_author au ON au.id = b.author_id
    WHERE b.article_id = {OUTER}.id ORDER BY b.position, b.id)"""  # noqa: S608 constant SQL, no outside input

TAGS = f"""ARRAY(
    SELECT jsonb_build_object('id', t.id, 'name', t.name, 'slug', t.slug)
    FROM articles_article_tags at JOIN articles_tag t ON t.id = at.tag_id
    WHERE at.article_id = {OUTER}.id ORDER BY t.name)"""  # noqa: S608 constant SQL, no outside input

CORRECTIONS = f"""ARRAY(
    SELECT jsonb_build_object('id', c.id, 'note', c.note, 'created_at', c.created_at)
    FROM articles_correction c WHERE c.article_id = {OUTER}.id ORDER BY c.created_at, c.id)"""  # noqa: S608 constant SQL, no outside input

BODY_PHOTOS = f"""ARRAY(
    SELECT {_photo_object("p")}
    FROM articles_article_body_photos bp JOIN articles_photo p ON p.id = bp.photo_id
    WHERE bp.article_id = {OUTER}.id)"""  # noqa: S608 constant SQL, no outside input

STORY_PHOTOS = f"""ARRAY(
    SELECT jsonb_build_object('id', ap.id, 'position', ap.position, 'photo', {_photo_object("p")})
    FROM articles_articlephoto ap JOIN articles_photo p ON p.id = ap.photo_id
    WHERE ap.article_id = {OUTER}.id ORDER BY ap.position, ap.id)"""  # noqa: S608 constant SQL, no outside input

RELATED = f"""ARRAY(
    SELECT jsonb_build_object(
        'id', r.id, 'headline', r.headline, 'slug', r.slug, 'lead', r.lead, 'kind', r.kind,
        'published_at', r.published_at, 'cover_photo_id', r.cover_photo_id,
        'section', jsonb_build_object('id', s.id, 'name', s.name, 'slug', s.slug, 'parent_id', s.parent_id),
        'cover', CASE WHEN p.id IS NULL THEN NULL ELSE {_photo_object("p")} END)
    FROM (
        SELECT candidate.id FROM (
            (SELECT a.id, a.published_at FROM articles_article a
             WHERE a.section_id = {OUTER}.section_id AND {{visible}} AND {_earlier("a")}
             ORDER BY a.published_at DESC, a.id DESC LIMIT {RELATED_COUNT})
            UNION
            (SELECT a.id, a.published_at
             FROM articles_article_tags own
             CROSS JOIN LATERAL (
                 SELECT other.article_id FROM articles_article_tags other
                 WHERE other.tag_id = own.tag_id AND other.article_id < {OUTER}.id
                 ORDER BY other.article_id DESC LIMIT {RELATED_CANDIDATES_PER_TAG}) sharing
             JOIN articles_article a ON a.id = sharing.article_id
             WHERE own.article_id = {OUTER}.id AND {{visible}} AND {_earlier("a")})
        ) candidate
        ORDER BY candidate.published_at DESC, candidate.id DESC LIMIT {RELATED_COUNT}
    ) newest
    JOIN articles_article r ON r.id = newest.id
    JOIN articles_section s ON s.id = r.section_id
    LEFT JOIN articles_photo p ON p.id = r.cover_photo_id
    ORDER BY r.published_at DESC, r.id DESC)"""  # noqa: S608 constant SQL, no outside input


SECTION = f"""(
    SELECT jsonb_build_object('id', s.id, 'name', s.name, 'slug', s.slug, 'parent_id', s.parent_id, 'parent',
        (SELECT jsonb_build_object('id', up.id, 'name', up.name, 'slug', up.slug, 'parent_id', up.parent_id)
         FROM articles_section up WHERE up.id = s.parent_id))
    FROM articles_section s WHERE s.id = {OUTER}.section_id)"""  # noqa: S608 constant SQL, no outside input

COVER = f"""(
    SELECT {_photo_object("p")} FROM articles_photo p
    WHERE p.id = {OUTER}.cover_photo_id)"""  # noqa: S608 constant SQL, no outside input


def _statements() -> dict:
    """The page's SELECT for readers (``published()``'s condition on the article too) and for staff previews
    (any status), with the condition's parameters: compiled once, from the queryset itself."""
    from articles.models.article import Article

    visible = Article.objects.published(now=_CLOCK)
    on_related, params = condition(visible, alias="a", prefix="visible")
    on_article, _ = condition(visible, alias=OUTER, prefix="visible")
    clock = [name for name, value in params.items() if value == _CLOCK]
    if len(clock) != 1:
        raise ImproperlyConfigured("published() must compare the publication time with its clock once")
    columns = [f"{OUTER}.{field.column}" for field in Article._meta.concrete_fields if field.name != "search_vector"]
    lists = {
        "detail_bylines": BYLINES,
        "detail_tags": TAGS,
        "detail_corrections": CORRECTIONS,
        "detail_body_photos": BODY_PHOTOS,
        "detail_story_photos": STORY_PHOTOS,
        "detail_related": RELATED.replace("{visible}", on_related),
        "detail_section": SECTION,
        "detail_cover": COVER,
    }
    columns += [f"{sql} AS {name}" for name, sql in lists.items()]
    select = f"SELECT {', '.join(columns)} FROM articles_article WHERE {OUTER}.id = %(pk)s"  # noqa: S608
    return {"readers": f"{select} AND {on_article}", "staff": select, "params": params, "clock": clock[0]}


_STATEMENTS: dict = {}


def public_article(pk: int):
    """The article page's article, if readers may see it, with everything the page shows: ONE query.

    Its bylines, tags, corrections, photos, related articles, section and
    cover photo come as JSON columns, written as SQL: building that as a
    queryset cost the page more than PostgreSQL's answer. Who may see it
    (the article, and each related one) is ``published()``'s condition,
    compiled from the queryset.
    """
    return _load(pk, readers_only=True)


def preview_article(pk: int):
    """What ``public_article`` loads, whatever the article's status: a staff preview shows the page readers
    will get (the related articles are those readers may see). None: no such article."""
    return _load(pk, readers_only=False)


def _load(pk: int, *, readers_only: bool):
    from articles.models.article import Article
    from articles.models.section import Section

    if not _STATEMENTS:
        _STATEMENTS.update(_statements())
    params = {**_STATEMENTS["params"], _STATEMENTS["clock"]: timezone.now(), "pk": pk}
    queryset = Article.objects.raw(_STATEMENTS["readers" if readers_only else "staff"], params)
    with connections[queryset.db].execute_wrapper(prepared):
        found = list(queryset)
    if not found:
        return None
    article = found[0]
    section = _json(article.__dict__.pop("detail_section"))
    parent = section.pop("parent")
    article.section = _loaded(Section, **section)
    article.section.parent = _loaded(Section, **parent) if parent else None
    cover = _json(article.__dict__.pop("detail_cover"))
    article.cover_photo = _photo(cover) if cover else None
    attach_related(article)
    return article


def _json(value):
    """A JSON column's value: parsed (the ORM's converters parse it; a raw query's value may be the text)."""
    return json.loads(value) if isinstance(value, str) else value


def _rows(value) -> list:
    return [_json(row) for row in value or []]


def _loaded(model, **values):
    """A model instance as if read from the database, the fields not given deferred (so it compares, saves and
    links like one). ``from_db`` takes the values in the model's field order, and its positional path is the cheap
    one: an article page builds some thirty of these."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db("default", names, [values[name] for name in names])


def _photo(data: dict):
    from articles.models.photo import Photo

    return _loaded(Photo, **data)


def _as_prefetched(article, name: str, objects: list) -> None:
    queryset = getattr(article, name).all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    article._prefetched_objects_cache[name] = queryset


def _related_article(row: dict):
    """A teaser's article: what a teaser shows (headline, lead, kind, time, section, cover)."""
    from articles.models.article import Article
    from articles.models.section import Section

    article = _loaded(
        Article,
        id=row["id"],
        headline=row["headline"],
        slug=row["slug"],
        lead=row["lead"],
        kind=row["kind"],
        status=Article.Status.PUBLISHED,
        published_at=datetime.fromisoformat(row["published_at"]),
        section_id=row["section"]["id"],
        cover_photo_id=row["cover_photo_id"],
    )
    article.section = _loaded(Section, **row["section"])
    article.cover_photo = _photo(row["cover"]) if row["cover"] else None
    return article


def attach_related(article) -> None:
    """File the JSON columns of ``article`` as its prefetched ``bylines``, ``tags``, … lists.

    With the related articles' column, ``article.related_articles`` is their list.
    """
    from articles.models.article import ArticlePhoto, Byline, Correction
    from articles.models.author import Author
    from articles.models.section import Tag

    if not hasattr(article, "_prefetched_objects_cache"):
        article._prefetched_objects_cache = {}
    bylines = []
    for row in _rows(article.__dict__.pop("detail_bylines")):
        author = _loaded(Author, id=row["author_id"], name=row["author_name"], slug=row["author_slug"])
        byline = _loaded(
            Byline,
            id=row["id"],
            article_id=article.pk,
            author_id=row["author_id"],
            role=row["role"],
            position=row["position"],
        )
        byline.author = author
        bylines.append(byline)
    _as_prefetched(article, "bylines", bylines)
    tags = [_loaded(Tag, **row) for row in _rows(article.__dict__.pop("detail_tags"))]
    _as_prefetched(article, "tags", tags)
    corrections = [
        _loaded(
            Correction,
            id=row["id"],
            article_id=article.pk,
            note=row["note"],
            created_at=datetime.fromisoformat(row["created_at"]),
        )
        for row in _rows(article.__dict__.pop("detail_corrections"))
    ]
    _as_prefetched(article, "corrections", corrections)
    _as_prefetched(article, "body_photos", [_photo(row) for row in _rows(article.__dict__.pop("detail_body_photos"))])
    story = []
    for row in _rows(article.__dict__.pop("detail_story_photos")):
        item = _loaded(
            ArticlePhoto, id=row["id"], article_id=article.pk, position=row["position"], photo_id=row["photo"]["id"]
        )
        item.photo = _photo(row["photo"])
        story.append(item)
    _as_prefetched(article, "story_photos", story)
    if "detail_related" in article.__dict__:
        article.related_articles = [_related_article(row) for row in _rows(article.__dict__.pop("detail_related"))]
