"""What an article page tells search engines and social networks about itself.

``article_metadata`` gathers, from an article loaded for its page
(``models.detail``: bylines with their authors, tags, cover photo and body photos attached),
everything the OpenGraph and Twitter card tags and the JSON-LD ``NewsArticle``
need, so the template only prints it and runs no query.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.text import Truncator

from articles.models import Article, Photo
from newsroom.addresses import kept_reverse

SOCIAL_IMAGE_WIDTH = 1600
DESCRIPTION_LENGTH = 300
TWITTER_DESCRIPTION_LENGTH = 200  # Twitter cuts longer card descriptions itself, mid-word
_BODY_PHOTO_ID = re.compile(r'data-photo-id="(\d+)"')


@dataclass(frozen=True)
class SocialImage:
    url: str
    alt: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class ArticleMetadata:
    title: str
    description: str
    twitter_description: str
    url: str
    image: SocialImage | None
    published_time: str
    modified_time: str
    section: str
    tags: list[str]
    json_ld: dict


def iso_datetime(value: datetime) -> str:
    """W3C / ISO 8601 in the site's time zone, to the second, with its offset (``2021-12-10T16:41:00+07:00``)."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def last_modified(article: Article) -> datetime:
    """The later of the last edit and the publication: scheduling an old draft changes what readers see."""
    return max(article.updated_at, article.published_at or article.updated_at)


def article_metadata(article: Article, request) -> ArticleMetadata:
    origin = f"{request.scheme}://{request.get_host()}"
    url = origin + article.get_absolute_url()
    summary = article.seo_description or article.lead
    description = Truncator(summary).chars(DESCRIPTION_LENGTH)
    image = social_image(article, request)
    tags = [tag.name for tag in article.tags.all()]
    published, modified = iso_datetime(article.published_at), iso_datetime(last_modified(article))
    json_ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": description,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": published,
        "dateModified": modified,
        "author": _authors(article, origin),
        "publisher": _publisher(origin),
        "articleSection": article.section.name,
        "inLanguage": "vi",
    }
    if image is not None:
        json_ld["image"] = [image.url]
    if tags:
        json_ld["keywords"] = tags
    return ArticleMetadata(
        title=article.seo_title or article.headline,
        description=description,
        twitter_description=Truncator(summary).chars(TWITTER_DESCRIPTION_LENGTH),
        url=url,
        image=image,
        published_time=published,
        modified_time=modified,
        section=article.section.name,
        tags=tags,
        json_ld=json_ld,
    )


def social_image(article: Article, request) -> SocialImage | None:
    """The cover photo's large rendition, else the body's first photo, else nothing."""
    photo = article.cover_photo or _first_body_photo(article)
    if photo is None:
        return None
    size = _rendition_size(photo, SOCIAL_IMAGE_WIDTH)
    return SocialImage(
        url=request.build_absolute_uri(photo.rendition_url(SOCIAL_IMAGE_WIDTH)),
        alt=photo.alt_text or photo.caption,
        width=size[0] if size else None,
        height=size[1] if size else None,
    )


def _first_body_photo(article: Article) -> Photo | None:
    """The first library photo in reading order (``body_photos`` prefetched; the relation itself is unordered)."""
    photos = {photo.pk: photo for photo in article.body_photos.all()}
    for photo_id in _BODY_PHOTO_ID.findall(article.body):
        if int(photo_id) in photos:
            return photos[int(photo_id)]
    return next(iter(photos.values()), None)


def _rendition_size(photo: Photo, width: int) -> tuple[int, int] | None:
    """Width and height of the image ``photo.rendition_url(width)`` points at (renditions keep the aspect ratio)."""
    if not photo.width or not photo.height:
        return None
    widths = sorted(int(w) for w in photo.renditions)
    if not widths:
        return photo.width, photo.height
    chosen = next((w for w in widths if w >= width), widths[-1])
    return chosen, max(1, round(photo.height * chosen / photo.width))


def _authors(article: Article, origin: str) -> list[dict]:
    """The bylines as people with their author pages; an unsigned article is the paper's own."""
    people = [
        {
            "@type": "Person",
            "name": byline.author.name,
            "url": origin + kept_reverse("articles:author", args=[byline.author.slug]),
        }
        for byline in article.bylines.all()
    ]
    return people or [_publisher(origin)]


def _publisher(origin: str) -> dict:
    return {"@type": "Organization", "name": settings.PAPER["name"], "url": origin + kept_reverse("articles:home")}
