from django import template
from django.utils.safestring import mark_safe

from articles.body import render_body

register = template.Library()


@register.simple_tag
def article_body(article):
    """The article's body (sanitized when saved) with its library photos as captioned, credited figures."""
    return mark_safe(render_body(article.body, article.body_photos.all()))  # noqa: S308 sanitized on save
