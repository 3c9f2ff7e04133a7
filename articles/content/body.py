"""Article bodies: sanitized once when saved, photos linked to the library.

CKEditor's output is never trusted: ``sanitize_body`` keeps an allowlist of
tags and attributes (nh3), drops scripts, styles, event handlers and any URL
scheme but http(s)/mailto. html5ever, behind nh3, re-serialises the markup
with double-quoted attributes, which is what lets the small regular
expressions below read ``<img>`` tags reliably.
"""

import html
import re

import nh3
from django.conf import settings
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.models.photo import is_real_caption, split_caption_credit

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "a", "ul", "ol", "li", "blockquote",
    "h2", "h3", "h4", "figure", "figcaption", "img", "table", "thead", "tbody", "tr", "th", "td", "caption", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "data-photo-id"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
ALLOWED_CLASSES = {"figure": {"photo"}}

_IMG = re.compile(r"<img\b[^>]*>")
_ATTR = re.compile(r'([a-z-]+)="([^"]*)"')
_FIGURE = re.compile(
    r"<figure\b[^>]*>\s*(?P<img><img\b[^>]*>)\s*(?:<figcaption>(?P<caption>.*?)</figcaption>)?\s*</figure>", re.S
)


def sanitize_body(raw: str) -> str:
    return nh3.clean(
        raw or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        clean_content_tags={"script", "style"},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def img_attributes(tag: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in _ATTR.findall(tag)}


def _media_url_prefixes() -> tuple[str, ...]:
    """Where a stored file's URL starts: the default storage's own base (a bucket's URL on S3) and MEDIA_URL.

    MEDIA_URL as well, so bodies written while uploads were on the filesystem
    still find their photos after a move to a bucket.
    """
    from django.core.files.storage import default_storage

    probe = "x"
    storage_base = default_storage.url(probe).split("?", 1)[0].removesuffix(probe)
    return tuple(prefix for prefix in {storage_base, settings.MEDIA_URL} if prefix)


def _storage_name(src: str, prefixes: tuple[str, ...]) -> str | None:
    path = src.split("?", 1)[0]  # a signed URL's query string is not part of the name
    for prefix in prefixes:
        if path.startswith(prefix):
            return path[len(prefix) :]
    return None


def find_photos(sources: list[str]):
    """The library photos whose original or rendition is at one of these URLs."""
    from articles.models import Photo

    prefixes = _media_url_prefixes()
    names = [name for name in (_storage_name(src, prefixes) for src in sources) if name]
    if not names:
        return Photo.objects.none()
    in_renditions = RawSQL(
        "EXISTS (SELECT 1 FROM jsonb_each_text(renditions) r WHERE r.value = ANY(%s))",
        (names,),
        output_field=BooleanField(),
    )
    return Photo.objects.alias(in_renditions=in_renditions).filter(Q(image__in=names) | Q(in_renditions=True))


def link_body_photos(body: str) -> tuple[str, list[int]]:
    """Mark each library image of ``body`` with its photo id; return the body and the ids in order.

    An image with a ``data-photo-id`` keeps it when that photo exists; others
    are looked up by URL. An image that is not in the library is left as it is.
    """
    tags = _IMG.findall(body)
    if not tags:
        return body, []
    attributes = [img_attributes(tag) for tag in tags]
    from articles.models import Photo

    claimed = {int(a["data-photo-id"]) for a in attributes if a.get("data-photo-id", "").isdigit()}
    known = set(Photo.objects.filter(pk__in=claimed).values_list("pk", flat=True))
    by_name = {}
    for photo in find_photos([a.get("src", "") for a in attributes]):
        for name in [photo.image.name, *photo.renditions.values()]:
            by_name[name] = photo.pk
    prefixes = _media_url_prefixes()

    ordered: list[int] = []

    def mark(match):
        attrs = img_attributes(match.group(0))
        claimed_id = attrs.get("data-photo-id", "")
        photo_id = (
            int(claimed_id)
            if claimed_id.isdigit() and int(claimed_id) in known
            else by_name.get(_storage_name(attrs.get("src", ""), prefixes))
        )
        attrs.pop("data-photo-id", None)
        if photo_id is not None:
            attrs["data-photo-id"] = str(photo_id)
            if photo_id not in ordered:
                ordered.append(photo_id)
        rendered = " ".join(f'{name}="{html.escape(value, quote=True)}"' for name, value in attrs.items())
        return f"<img {rendered}>"

    return _IMG.sub(mark, body), ordered


def adopt_captions(body: str, photos_by_id: dict) -> list:
    """Fill a library photo's missing caption, credit or alt text from the body's figure; return the photos changed.

    The editor's photo dialog fills the library itself; this keeps what a figure written another way (an old body,
    pasted markup) says. A placeholder such as CKEditor's "Nhãn" is no caption and is never adopted, and a
    "(Ảnh: X)" at the end of the caption becomes the credit, so readers never see it twice.
    """
    changed = []
    for match in _FIGURE.finditer(body):
        attrs = img_attributes(match.group("img"))
        photo = photos_by_id.get(int(attrs["data-photo-id"])) if attrs.get("data-photo-id", "").isdigit() else None
        if photo is None:
            continue
        typed = html.unescape(re.sub(r"<[^>]+>", "", match.group("caption") or ""))
        caption, credit = split_caption_credit(typed)
        touched = False
        if is_real_caption(caption) and not photo.has_caption:
            photo.caption, touched = caption[:500], True
        if credit and not photo.credit.strip():
            photo.credit, touched = credit[:200], True
        if attrs.get("alt") and not photo.alt_text:
            photo.alt_text, touched = attrs["alt"][:300], True
        if touched:
            changed.append(photo)
    return changed


_PHOTO_FIGURE = re.compile(
    r"(?:<figure\b[^>]*>\s*)?(?P<img><img\b[^>]*\bdata-photo-id=\"(?P<id>\d+)\"[^>]*>)"
    r"(?:\s*<figcaption>.*?</figcaption>)?(?:\s*</figure>)?",
    re.S,
)


def render_body(body: str, photos) -> str:
    """The stored (sanitized) body with each library photo as a figure with caption, credit and srcset.

    Caption, credit and alt text come from the library at render time, so a
    corrected caption shows everywhere the photo is used. ``photos`` is the
    article's prefetched ``body_photos``: rendering runs no query.
    """
    from django.template.loader import render_to_string

    by_id = {photo.pk: photo for photo in photos}

    def figure(match):
        photo = by_id.get(int(match.group("id")))
        if photo is None:
            return match.group(0)
        return render_to_string("articles/_figure.html", {"photo": photo}).strip()

    return _PHOTO_FIGURE.sub(figure, body)


def editor_body(body: str, photos) -> str:
    """The stored body as the editor shows it: each library photo a figure captioned from the library now.

    The same caption and credit readers see (``render_body``), so a caption corrected in the library is
    what the editor finds under the photo. ``photos`` is the article's ``body_photos``.
    """
    by_id = {photo.pk: photo for photo in photos}

    def figure(match):
        photo = by_id.get(int(match.group("id")))
        if photo is None:
            return match.group(0)
        caption = photo.shown_caption + (f" (Ảnh: {photo.shown_credit})" if photo.shown_credit else "")
        image = mark_safe(match.group("img"))  # noqa: S308 from the stored body, sanitized on save
        return format_html('<figure class="photo">{}<figcaption>{}</figcaption></figure>', image, caption)

    return _PHOTO_FIGURE.sub(figure, body or "")
