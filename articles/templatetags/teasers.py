"""``{% teasers %}`` and ``{% teaser %}``: articles in a list; the markup is ``articles/jinja2/articles/teasers.html``.

A listing shows 20 teasers, the homepage about 50: a list is one render of
that Jinja2 template (``newsroom.templating``), and what does not change
within a page is worked out once: the article's address is remembered
(``newsroom.addresses``), a photo's URLs and a section's address once per
page.
"""

from typing import NamedTuple

from django import template
from django.utils.safestring import SafeString, mark_safe
from markupsafe import Markup, escape

from newsroom.addresses import kept_reverse
from newsroom.templating import partial

register = template.Library()

TEMPLATE = "articles/teasers.html"
HEADINGS = ("h2", "h3")
SIZES = ("", "large", "small")


class Image(NamedTuple):
    src: Markup
    srcset: Markup
    width: int | None
    height: int | None


class Teaser(NamedTuple):
    article: object
    url: Markup
    image: Image | None
    size: str
    show_lead: bool
    section_url: Markup | None
    heading: str


def _image(photo, known: dict) -> Image:
    """The photo's teaser image, escaped; worked out once per page (``known`` is the page's memo)."""
    image = known.get(photo.pk)
    if image is None:
        image = known[photo.pk] = Image(escape(photo.thumbnail_url), escape(photo.srcset()), photo.width, photo.height)
    return image


def _section_url(section, known: dict) -> Markup:
    """The section's address, escaped; once per page."""
    key = ("section", section.pk)
    url = known.get(key)
    if url is None:
        url = known[key] = escape(kept_reverse("articles:section", args=[section.slug]))
    return url


def teaser_item(article, *, size="", show_lead=False, show_section=False, heading="h3", known=None) -> Teaser:
    """What the template needs to show ``article`` as a teaser. ``size``: "", "large" or "small" (no image);
    ``heading``: "h2" or "h3"; ``known``: the page's memo of what teasers share."""
    known = {} if known is None else known
    size = size if size in SIZES else ""
    photo = article.cover_photo
    return Teaser(
        article,
        escape(article.get_absolute_url()),  # remembered (newsroom.addresses)
        _image(photo, known) if photo and size != "small" else None,
        size,
        bool(show_lead),
        _section_url(article.section, known) if show_section else None,
        heading if heading in HEADINGS else "h3",
    )


def render_teasers(items: list[Teaser]) -> SafeString:
    """The teasers' HTML, one after the other."""
    return mark_safe(partial(TEMPLATE).render({"teasers": items}))  # noqa: S308 Jinja2's output, escaped there


def _known(context) -> dict:
    return context.render_context.setdefault("teasers_known", {})


@register.simple_tag(takes_context=True)
def teasers(context, articles, size="", show_lead=False, show_section=False, heading="h3", **rest):
    """``{% teasers articles show_lead=True heading="h2" %}``: a list of teasers, in one render.

    ``rest_size=`` and ``rest_show_lead=`` give the articles after the first a size and lead of their own
    (a homepage block: the first with its photo and lead, the others small).
    """
    known = _known(context)
    rest_size, rest_show_lead = rest.get("rest_size", size), rest.get("rest_show_lead", show_lead)
    items = [
        teaser_item(
            article,
            size=size if number == 0 else rest_size,
            show_lead=show_lead if number == 0 else rest_show_lead,
            show_section=show_section,
            heading=heading,
            known=known,
        )
        for number, article in enumerate(articles)
    ]
    return render_teasers(items) if items else ""


@register.simple_tag(takes_context=True)
def teaser(context, article, size="", show_lead=False, show_section=False, heading="h3"):
    """``{% teaser article size="large" show_lead=True heading="h2" %}``: one teaser (see ``teaser_item``)."""
    item = teaser_item(
        article, size=size, show_lead=show_lead, show_section=show_section, heading=heading, known=_known(context)
    )
    return render_teasers([item])
