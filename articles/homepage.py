"""What the homepage shows: the editors' slots, then the latest news per section, most read, the print issue.

No article appears twice on the page: each block skips what an earlier block
already shows. Built in a fixed handful of queries whatever the archive's size.
"""

from dataclasses import dataclass, field

from django.db.models import IntegerField, Value

from articles import popularity
from articles.models import Article, HomepageSlot, PrintIssue, Section

SECTION_BLOCK_SIZE = 4
MOST_READ_SIZE = 5


@dataclass
class SectionBlock:
    section: Section
    articles: list = field(default_factory=list)


@dataclass
class Homepage:
    lead: Article | None
    featured: list
    sections: list
    most_read: list
    print_issue: PrintIssue | None


def _slotted_articles(shown: set) -> list:
    """The slots in order, each the editors' article when readers can see it, else the latest not shown."""
    slots = list(
        HomepageSlot.objects.select_related("article__section__parent", "article__cover_photo").order_by("position")
    )
    chosen = {slot.article_id for slot in slots if slot.article and slot.article.is_live}
    fill = iter(
        Article.objects.published()
        .for_listing()
        .exclude(pk__in=chosen)
        .order_by("-published_at", "-pk")[: max(len(slots), 1)]
    )
    articles = []
    for slot in slots:
        article = slot.article if slot.article and slot.article.is_live and slot.article_id not in shown else None
        if article is None:
            article = next((candidate for candidate in fill if candidate.pk not in shown), None)
        if article is not None:
            shown.add(article.pk)
            articles.append(article)
    return articles


def _section_blocks(shown: set) -> list:
    """The latest articles of each top-level section (its sub-sections included), in two queries."""
    sections = list(Section.objects.filter(is_active=True).order_by("position", "name"))
    top = [section for section in sections if section.parent_id is None]
    if not top:
        return []
    branches = {
        section.pk: [section.pk] + [child.pk for child in sections if child.parent_id == section.pk] for section in top
    }
    parts = [
        Article.objects.published()
        .filter(section_id__in=branch)
        .exclude(pk__in=shown)
        .order_by("-published_at", "-pk")
        .annotate(block=Value(section_pk, output_field=IntegerField()))
        .values_list("pk", "block")[:SECTION_BLOCK_SIZE]
        for section_pk, branch in branches.items()
    ]
    pairs = list(parts[0].union(*parts[1:], all=True))
    articles = Article.objects.for_listing().in_bulk([pk for pk, _ in pairs])
    blocks = {section.pk: SectionBlock(section=section) for section in top}
    for pk, block in pairs:
        blocks[block].articles.append(articles[pk])
    for block in blocks.values():
        block.articles.sort(key=lambda article: (article.published_at, article.pk), reverse=True)
        shown.update(article.pk for article in block.articles)
    return [block for block in blocks.values() if block.articles]


def build_homepage() -> Homepage:
    shown: set = set()
    slotted = _slotted_articles(shown)
    most_read = popularity.most_read(limit=MOST_READ_SIZE, exclude=shown)
    shown.update(article.pk for article in most_read)
    return Homepage(
        lead=slotted[0] if slotted else None,
        featured=slotted[1:],
        sections=_section_blocks(shown),
        most_read=most_read,
        print_issue=PrintIssue.objects.order_by("-date", "-number").first(),
    )
