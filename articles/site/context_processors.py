from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _menu():
    """Top-level sections in menu order, each with its active sub-sections (one query)."""
    from articles.models.section import OWN_PAGE_SECTIONS, Section

    sections = list(
        Section.objects.filter(is_active=True).exclude(slug__in=OWN_PAGE_SECTIONS).order_by("position", "name")
    )
    top = [section for section in sections if section.parent_id is None]
    for section in top:
        section.menu_children = [child for child in sections if child.parent_id == section.pk]
    return top


def site(request):
    """The paper's details and the section menu (loaded only by pages that show it)."""
    from newsroom.page_cache import remembered

    return {"paper": settings.PAPER, "site_menu": SimpleLazyObject(lambda: remembered("menu", _menu))}
