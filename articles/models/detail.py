"""Loading an article page in one query: its related rows ride along as JSON arrays.

``Article.objects.for_detail()`` selects the article with its section and
cover photo, and adds one ``ARRAY(SELECT jsonb_build_object(…))`` column per
related list (bylines with their authors, tags, corrections, body photos,
photo-story photos). ``DetailIterable`` turns those columns back into model
instances and files them where ``prefetch_related`` would, so templates and
helpers keep writing ``article.bylines.all()`` and run no query.
"""

from datetime import datetime

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.db.models.functions import JSONObject
from django.db.models.query import ModelIterable

PHOTO_FIELDS = ("id", "image", "caption", "credit", "alt_text", "width", "height", "renditions")


def _photo_json(prefix: str = "") -> JSONObject:
    return JSONObject(**{field: f"{prefix}{field}" for field in PHOTO_FIELDS})


def detail_columns() -> dict:
    """The JSON array columns ``for_detail()`` adds (each an ordered list of objects)."""
    from articles.models.article import Article, ArticlePhoto, Byline, Correction

    article = OuterRef("pk")
    return {
        "detail_bylines": ArraySubquery(
            Byline.objects.filter(article=article)
            .order_by("position", "id")
            .values(
                json=JSONObject(
                    id="id",
                    role="role",
                    position="position",
                    author_id="author_id",
                    author_name="author__name",
                    author_slug="author__slug",
                )
            )
        ),
        "detail_tags": ArraySubquery(
            Article.tags.through.objects.filter(article=article)
            .order_by("tag__name")
            .values(json=JSONObject(id="tag_id", name="tag__name", slug="tag__slug"))
        ),
        "detail_corrections": ArraySubquery(
            Correction.objects.filter(article=article)
            .order_by("created_at", "id")
            .values(json=JSONObject(id="id", note="note", created_at="created_at"))
        ),
        "detail_body_photos": ArraySubquery(
            Article.body_photos.through.objects.filter(article=article).values(json=_photo_json("photo__"))
        ),
        "detail_story_photos": ArraySubquery(
            ArticlePhoto.objects.filter(article=article)
            .order_by("position", "id")
            .values(json=JSONObject(id="id", position="position", photo=_photo_json("photo__")))
        ),
    }


def _loaded(model, **values):
    """A model instance as if read from the database (so it compares, saves and links like one)."""
    instance = model(**values)
    instance._state.adding = False
    instance._state.db = "default"
    return instance


def _photo(data: dict):
    from articles.models.photo import Photo

    return _loaded(Photo, **data)


def _as_prefetched(article, name: str, objects: list) -> None:
    queryset = getattr(article, name).all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    article._prefetched_objects_cache[name] = queryset


def attach_related(article) -> None:
    """File the JSON columns of ``article`` as its prefetched ``bylines``, ``tags``, … lists."""
    from articles.models.article import ArticlePhoto, Byline, Correction
    from articles.models.author import Author
    from articles.models.section import Tag

    if not hasattr(article, "_prefetched_objects_cache"):
        article._prefetched_objects_cache = {}
    bylines = []
    for row in article.__dict__.pop("detail_bylines") or []:
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
    tags = [_loaded(Tag, **row) for row in article.__dict__.pop("detail_tags") or []]
    _as_prefetched(article, "tags", tags)
    corrections = [
        _loaded(
            Correction,
            id=row["id"],
            article_id=article.pk,
            note=row["note"],
            created_at=datetime.fromisoformat(row["created_at"]),
        )
        for row in article.__dict__.pop("detail_corrections") or []
    ]
    _as_prefetched(article, "corrections", corrections)
    _as_prefetched(article, "body_photos", [_photo(row) for row in article.__dict__.pop("detail_body_photos") or []])
    story = []
    for row in article.__dict__.pop("detail_story_photos") or []:
        item = _loaded(
            ArticlePhoto, id=row["id"], article_id=article.pk, position=row["position"], photo_id=row["photo"]["id"]
        )
        item.photo = _photo(row["photo"])
        story.append(item)
    _as_prefetched(article, "story_photos", story)


class DetailIterable(ModelIterable):
    """Yields articles with their related lists attached (see ``attach_related``)."""

    def __iter__(self):
        for article in super().__iter__():
            attach_related(article)
            yield article
