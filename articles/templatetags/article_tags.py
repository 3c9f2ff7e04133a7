from django import template
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

from articles.body import render_body
from articles.page_cache import remembered

register = template.Library()


@register.simple_tag
def article_body(article):
    """The article's body (sanitized when saved) with its library photos as captioned, credited figures."""
    return mark_safe(render_body(article.body, article.body_photos.all()))  # noqa: S308 sanitized on save


@register.simple_tag(takes_context=True)
def section_menu(context):
    """The section menu's markup: remembered per site generation and current section, since every page shows it.

    A page that brings its own ``site_menu`` (a list, not the context processor's lazy one: the
    outage page has none) gets it rendered as it is, and nothing is remembered.
    """
    menu, current = context.get("site_menu", ()), context.get("current_section")

    def build() -> str:
        return render_to_string("_section_menu.html", {"site_menu": menu, "current_section": current})

    if not isinstance(menu, SimpleLazyObject):
        return mark_safe(build())  # noqa: S308 a template's output
    return mark_safe(remembered(f"menu-html:{current.pk if current else 0}", build))  # noqa: S308 a template's output
