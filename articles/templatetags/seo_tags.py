import json
from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import seo

register = template.Library()

# Inside <script> the HTML parser ends the element at "</script>" whatever JSON
# thinks of it; as \u escapes these characters mean the same to a JSON parser.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """``data`` as a ``<script type="application/ld+json">`` element no string inside can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 escaped above


def _meta(attribute: str, name: str, content) -> str:
    return f'  <meta {attribute}="{name}" content="{escape(str(content))}">\n'


@register.simple_tag(takes_context=True)
def article_meta(context, article):
    """``{% article_meta article %}``: the article's OpenGraph, Twitter card and JSON-LD tags (no query).

    Written in Python (every article page prints these twenty-odd tags); every value is escaped.
    """
    data = seo.article_metadata(article, context["request"])
    image = data.image
    tags = [
        _meta("property", "og:type", "article"),
        _meta("property", "og:site_name", context["paper"]["name"]),
        _meta("property", "og:locale", "vi_VN"),
        _meta("property", "og:title", data.title),
        _meta("property", "og:description", data.description),
        _meta("property", "og:url", data.url),
    ]
    if image:
        tags.append(_meta("property", "og:image", image.url))
        if image.width:
            tags += [
                _meta("property", "og:image:width", image.width),
                _meta("property", "og:image:height", image.height),
            ]
        if image.alt:
            tags.append(_meta("property", "og:image:alt", image.alt))
    tags += [
        _meta("property", "article:published_time", data.published_time),
        _meta("property", "article:modified_time", data.modified_time),
        _meta("property", "article:section", data.section),
        *(_meta("property", "article:tag", tag) for tag in data.tags),
        _meta("name", "twitter:card", "summary_large_image" if image else "summary"),
        _meta("name", "twitter:title", data.title),
        _meta("name", "twitter:description", data.twitter_description),
    ]
    if image:
        tags.append(_meta("name", "twitter:image", image.url))
        if image.alt:
            tags.append(_meta("name", "twitter:image:alt", image.alt))
    return mark_safe("".join(tags) + "  " + json_ld(data.json_ld))  # noqa: S308 every value escaped


@register.simple_tag
def article_seo(article, request):
    """``{% article_seo article request as seo %}``: the article's ``seo.ArticleMetadata`` (no query)."""
    return seo.article_metadata(article, request)


@register.filter
def iso_datetime(value):
    """A datetime as W3C / ISO 8601 with the site's offset, as sitemaps and OpenGraph want it."""
    return seo.iso_datetime(value) if value else ""
