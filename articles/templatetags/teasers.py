"""``{% teaser %}``: one article in a list, written in Python.

A listing shows 20 teasers, the homepage about 50; as an ``{% include %}`` of
a template each one cost a quarter of a millisecond (some thirty variable
lookups, two ``reverse()`` calls, two date filters), most of the page's time.
Here a teaser is one string format. ``_teaser.html`` keeps the include form
for the pages that use it, and calls this tag.

The markup is the one ``_teaser.html`` had; keep them the same.
"""

from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from newsroom.addresses import kept_reverse

register = template.Library()

KIND_PREFIXES = {"video": "(Video) ", "photo_story": "(Ảnh) "}
IMAGE_SIZES = {"large": "(min-width: 900px) 640px, 100vw"}
DEFAULT_IMAGE_SIZES = "(min-width: 900px) 300px, 40vw"


def _image(photo, size: str, url: str, known: dict) -> str:
    """The teaser's linked image; ``photo``'s URLs are worked out once per page (``known`` is the page's memo)."""
    attributes = known.get(photo.pk)
    if attributes is None:
        attributes = known[photo.pk] = (escape(photo.thumbnail_url), escape(photo.srcset()), photo.width, photo.height)
    src, srcset, width, height = attributes
    return (
        f'<a class="teaser-image" href="{url}" tabindex="-1" aria-hidden="true"><img src="{src}" srcset="{srcset}" '
        f'sizes="{IMAGE_SIZES.get(size, DEFAULT_IMAGE_SIZES)}" alt="" width="{width}" height="{height}" loading="lazy">'
        "</a>"
    )


def _article_url(article) -> str:
    return escape(article.get_absolute_url())  # remembered (newsroom.addresses)


def render_teaser(article, *, size="", show_lead=False, show_section=False, heading="h3", photos=None) -> SafeString:
    """The teaser's HTML. ``size``: "", "large" or "small" (no image); ``heading``: "h2" or "h3"."""
    url = _article_url(article)
    photo = article.cover_photo
    image = _image(photo, size, url, {} if photos is None else photos) if photo and size != "small" else ""
    section = ""
    if show_section:
        section_url = escape(kept_reverse("articles:section", args=[article.section.slug]))
        section = f'<p class="teaser-section"><a href="{section_url}">{escape(article.section.name)}</a></p>'
    tag = "h2" if heading == "h2" else "h3"
    title = escape(KIND_PREFIXES.get(article.kind, "") + article.headline)
    lead = f'<p class="teaser-lead">{escape(article.lead)}</p>' if show_lead else ""
    published = timezone.localtime(article.published_at) if article.published_at else None
    time = (
        f'<time datetime="{published.isoformat()}">{published:%H:%M, %d/%m/%Y}</time>'
        if published
        else '<time datetime=""></time>'
    )
    return mark_safe(  # noqa: S308 every value escaped above
        f'<article class="teaser{" teaser-" + escape(size) if size else ""}">{image}<div class="teaser-text">{section}'
        f'<{tag} class="teaser-title"><a href="{url}">{title}</a></{tag}>{lead}'
        f'<p class="teaser-time">{time}</p></div></article>'
    )


@register.simple_tag(takes_context=True)
def teaser(context, article, size="", show_lead=False, show_section=False, heading="h3"):
    """``{% teaser article size="large" show_lead=True heading="h2" %}``: see ``render_teaser``."""
    photos = context.render_context.setdefault("teaser_photos", {})
    return render_teaser(
        article, size=size, show_lead=show_lead, show_section=show_section, heading=heading, photos=photos
    )


@register.filter
def article_url(article) -> SafeString:
    """``{{ article|article_url }}``: the article's address, as ``get_absolute_url`` gives it, kept (see above)."""
    return mark_safe(_article_url(article))  # noqa: S308 escaped when kept
