"""The "Ý kiến bạn đọc" block, plugged into the article page (articles imports nothing from comments)."""

from django import template

register = template.Library()


@register.inclusion_tag("comments/_block.html")
def reader_comments(article):
    return {"article": article}
