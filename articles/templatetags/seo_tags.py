import json

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


@register.simple_tag
def article_seo(article, request):
    """``{% article_seo article request as seo %}``: the article's ``seo.ArticleMetadata`` (no query)."""
    return seo.article_metadata(article, request)


@register.filter
def iso_datetime(value):
    """A datetime as W3C / ISO 8601 with the site's offset, as sitemaps and OpenGraph want it."""
    return seo.iso_datetime(value) if value else ""
