from html import escape

from django import template
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

from articles.content.body import render_body, sanitize_body
from newsroom.page_cache import remembered

register = template.Library()


@register.simple_tag
def article_body(article):
    """The article's body (sanitized when saved) with its library photos as captioned, credited figures."""
    return mark_safe(render_body(article.body, article.body_photos.all()))  # noqa: S308 sanitized on save


@register.filter
def sanitized_body(html: str):
    """Rich text from storage made safe to show, whatever path it took there.

    Saving sanitizes (``articles.desk.editing.save_article``), but a revision may
    hold a body that reached the database another way (a bulk load, a restore,
    the benchmark's data): the admin pages that show one sanitize again, as
    their relaxed CSP would let a script run with an editor's session.
    """
    return mark_safe(sanitize_body(html or ""))  # noqa: S308 sanitized on the line above


def _chrome(name: str, template_name: str, context: dict) -> str:
    """``template_name`` rendered with ``context``: remembered under ``name`` per site generation (every page shows
    it), unless ``name`` is None."""

    def build() -> str:
        return render_to_string(template_name, context)

    return mark_safe(build() if name is None else remembered(name, build))  # noqa: S308 a template's output


# Where the reader's search goes in the remembered masthead (the search page shows it in the box).
_QUERY_SLOT = "\x00search-query\x00"


@register.simple_tag(takes_context=True)
def site_masthead(context):
    """The masthead and section menu, remembered per current section, with the reader's search in its box.

    Not remembered for a page that brings its own ``site_menu`` (a list, not
    the context processor's lazy one: the outage page has none).
    """
    menu, current = context.get("site_menu", ()), context.get("current_section")
    values = {"paper": context.get("paper"), "site_menu": menu, "current_section": current, "search_query": _QUERY_SLOT}
    kept = isinstance(menu, SimpleLazyObject)
    html = _chrome(f"masthead:{current.pk if current else 0}" if kept else None, "_masthead.html", values)
    return mark_safe(html.replace(_QUERY_SLOT, escape(context.get("search_query") or "")))  # noqa: S308 escaped


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer: the paper's details, the same on every page."""
    return _chrome("footer", "_footer.html", {"paper": context.get("paper")})
