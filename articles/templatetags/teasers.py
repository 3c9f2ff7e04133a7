"""``{% teaser %}``: one article in a list, its markup in ``articles/jinja2/articles/teasers.html``.

A listing shows 20 teasers, the homepage about 50: the markup is a Jinja2
macro (``newsroom.templating``), called once per teaser, and what does not
change within a page is worked out once: the article's address is
remembered (``newsroom.addresses``), a photo's URLs once per page.
"""

from typing import NamedTuple

from django import template
from django.utils.safestring import SafeString, mark_safe

from newsroom.addresses import kept_reverse
from newsroom.templating import macros

register = template.Library()

TEMPLATE = "articles/teasers.html"
HEADINGS = ("h2", "h3")


class Image(NamedTuple):
    src: str
    srcset: str
    width: int | None
    height: int | None


def _image(photo, known: dict) -> Image:
    """The photo's teaser image; worked out once per page (``known`` is the page's memo)."""
    image = known.get(photo.pk)
    if image is None:
        image = known[photo.pk] = Image(photo.thumbnail_url, photo.srcset(), photo.width, photo.height)
    return image


def render_teaser(article, *, size="", show_lead=False, show_section=False, heading="h3", photos=None) -> SafeString:
    """The teaser's HTML. ``size``: "", "large" or "small" (no image); ``heading``: "h2" or "h3"."""
    photo = article.cover_photo
    markup = macros(TEMPLATE).teaser(
        article,
        article.get_absolute_url(),  # remembered (newsroom.addresses)
        image=_image(photo, {} if photos is None else photos) if photo and size != "small" else None,
        size=size,
        show_lead=show_lead,
        section_url=kept_reverse("articles:section", args=[article.section.slug]) if show_section else None,
        heading=heading if heading in HEADINGS else "h3",
    )
    return mark_safe(markup)  # noqa: S308 Jinja2's output, escaped there


@register.simple_tag(takes_context=True)
def teaser(context, article, size="", show_lead=False, show_section=False, heading="h3"):
    """``{% teaser article size="large" show_lead=True heading="h2" %}``: see ``render_teaser``."""
    photos = context.render_context.setdefault("teaser_photos", {})
    return render_teaser(
        article, size=size, show_lead=show_lead, show_section=show_section, heading=heading, photos=photos
    )
