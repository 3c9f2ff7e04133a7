from django import template
from django.utils.safestring import mark_safe

from articles.site import seo
from newsroom.templating import partial

register = template.Library()


@register.simple_tag(takes_context=True)
def article_meta(context, article):
    """``{% article_meta article %}``: the article's OpenGraph, Twitter card and JSON-LD tags (no query).

    The markup is ``articles/jinja2/articles/meta.html``; every value is escaped there, and the JSON-LD is
    written so that no string inside can end its ``<script>`` element.
    """
    data = seo.article_metadata(article, context["request"])
    html = partial("articles/meta.html").render({"data": data, "site_name": context["paper"]["name"]})
    return mark_safe(html)  # noqa: S308 Jinja2's output, escaped there


@register.filter
def iso_datetime(value):
    """A datetime as W3C / ISO 8601 with the site's offset, as sitemaps and OpenGraph want it."""
    return seo.iso_datetime(value) if value else ""
