"""Which cached pages a change makes stale, by what each page shows (``newsroom.page_cache``'s counters).

Every public page names what it shows (``page_cache.public_page(depends_on=…)``):

- ``site``: the chrome every page has (section menu, footer) and anything the desk changes rarely
  (sections, tags, authors, photos in the library). A change there drops every page.
- ``article:<id>``: one article's own page (and its comments' page).
- ``teaser:<id>``: an article shown as a teaser in the "Tin liên quan" block of another article's page.
- ``related:section:<id>`` / ``related:tag:<id>``: the related block of every article of that section or
  tag. The block shows the latest stories published *before* the page's own, so a story published now
  enters no existing page's block; only a story published with an earlier time does (see ``_related``).
- ``list:home``, ``list:section:<id>``, ``list:tag:<id>``, ``list:author:<id>``, ``list:feed``,
  ``list:sitemap``, ``list:multimedia``, ``print``: the listings.

``track(article_id)`` compares what listings show of the article before the change and after it
commits, and drops:

- a body edit (nothing a listing shows changed): the article's page, and the sitemaps (their
  ``lastmod``);
- a publication, or a change of headline, lead, kicker, cover, section, time, slug, kind, tags or
  bylines: the article's page, every page showing its teaser, and the lists it was or is on;
- a takedown (unpublished, trashed): the same, at once and never served stale (``hard``);
- a schedule (published for a time to come): its lists, so they are built again with a time to live
  that ends at its minute (``page_cache`` cuts it), and the ``schedule`` counter.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef

from newsroom import page_cache

HOME = "list:home"
FEED = "list:feed"
SITEMAP = "list:sitemap"
MULTIMEDIA = "list:multimedia"
PRINT = "print"


def article_page(article_id: int) -> str:
    return page_cache.article_dependency(article_id)


def teaser(article_id: int) -> str:
    return f"teaser:{article_id}"


def section_list(section_id: int) -> str:
    return f"list:section:{section_id}"


def tag_list(tag_id: int) -> str:
    return f"list:tag:{tag_id}"


def author_list(author_id: int) -> str:
    return f"list:author:{author_id}"


def related_in_section(section_id: int) -> str:
    return f"related:section:{section_id}"


def related_by_tag(tag_id: int) -> str:
    return f"related:tag:{tag_id}"


def article_page_dependencies(article) -> list[str]:
    """What an article's public page shows besides the chrome: itself, its related block's teasers, and
    the related blocks of its section and tags (an earlier story published later may join them)."""
    return [
        article_page(article.pk),
        *(teaser(item.pk) for item in getattr(article, "related_articles", ())),
        related_in_section(article.section_id),
        *(related_by_tag(tag.pk) for tag in article.tags.all()),
    ]


@dataclass(frozen=True)
class Shown:
    """What readers' lists show of one article, and whether readers see it at all."""

    live: bool
    scheduled: bool
    headline: str
    lead: str
    kicker: str
    slug: str
    kind: str
    cover_photo_id: int | None
    section_id: int
    parent_section_id: int | None
    published_at: datetime | None
    tag_ids: frozenset
    author_ids: frozenset

    def listed(self) -> tuple:
        return (
            self.headline,
            self.lead,
            self.kicker,
            self.slug,
            self.kind,
            self.cover_photo_id,
            self.section_id,
            self.published_at,
            self.tag_ids,
            self.author_ids,
        )

    def lists(self) -> set[str]:
        """The listings this article is on while readers see it (or will be, once scheduled)."""
        from articles.models import Article

        names = {HOME, FEED, SITEMAP, section_list(self.section_id)}
        if self.parent_section_id is not None:
            names.add(section_list(self.parent_section_id))
        if self.kind != Article.Kind.STANDARD:
            names.add(MULTIMEDIA)
        names.update(tag_list(tag_id) for tag_id in self.tag_ids)
        names.update(author_list(author_id) for author_id in self.author_ids)
        return names


def shown(article_id: int) -> Shown | None:
    """What lists show of the article now (None: no such article)."""
    from articles.models import Article, Byline

    row = (
        Article.objects.filter(pk=article_id)
        .annotate(
            live=Exists(Article.objects.published().filter(pk=OuterRef("pk"))),
            scheduled=Exists(Article.objects.scheduled().filter(pk=OuterRef("pk"))),
        )
        .values(
            "live",
            "scheduled",
            "headline",
            "lead",
            "kicker",
            "slug",
            "kind",
            "cover_photo_id",
            "section_id",
            "section__parent_id",
            "published_at",
        )
        .first()
    )
    if row is None:
        return None
    tag_ids = frozenset(Article.tags.through.objects.filter(article_id=article_id).values_list("tag_id", flat=True))
    author_ids = frozenset(Byline.objects.filter(article_id=article_id).values_list("author_id", flat=True))
    parent = row.pop("section__parent_id")
    return Shown(**row, parent_section_id=parent, tag_ids=tag_ids, author_ids=author_ids)


def track(article_id: int, *, new: bool = False) -> None:
    """Call before changing an article (after creating one, with ``new``): once the change commits, the
    pages it touched are dropped. Tags and bylines saved later in the same transaction count."""
    before = None if new else shown(article_id)

    def changed():
        names, hard = stale_after(article_id, before, shown(article_id))
        page_cache.bump(names, hard=hard)

    transaction.on_commit(changed)


def stale_after(article_id: int, before: Shown | None, after: Shown | None) -> tuple[set[str], bool]:
    """The counters a change from ``before`` to ``after`` moves, and whether it is a takedown (``hard``)."""
    was_live, is_live = bool(before and before.live), bool(after and after.live)
    names: set[str] = set()
    hard = False
    if was_live and not is_live:
        names = {article_page(article_id), teaser(article_id), *before.lists()}
        hard = True
    elif is_live and not was_live:
        names = {article_page(article_id), *after.lists(), *_related(article_id, after, before)}
    elif was_live and is_live:
        names = {article_page(article_id), SITEMAP, page_cache.EDITS}
        if before.listed() != after.listed():
            names |= {teaser(article_id), *before.lists(), *after.lists(), *_related(article_id, after, before)}
    if after is not None and after.scheduled:
        names |= {*after.lists(), page_cache.SCHEDULE}
    elif before is not None and before.scheduled:
        names.add(page_cache.SCHEDULE)
    return names, hard


def _related(article_id: int, after: Shown, before: Shown | None) -> set[str]:
    """The related blocks a live article newly joins: those of later stories of its section or tags.

    A story published now is later than every other, so it joins none; one published (or moved, or
    tagged) with an earlier time joins the blocks of the stories published after it.
    """
    from articles.models import Article

    unchanged = before is not None and before.live
    names = set()
    later = Article.objects.published().filter(published_at__gt=after.published_at).exclude(pk=article_id)
    moved = not (unchanged and before.section_id == after.section_id and before.published_at == after.published_at)
    if moved and later.filter(section_id=after.section_id).exists():
        names.add(related_in_section(after.section_id))
    for tag_id in after.tag_ids:
        if unchanged and tag_id in before.tag_ids and before.published_at == after.published_at:
            continue
        if later.filter(tags=tag_id).exists():
            names.add(related_by_tag(tag_id))
    return names
