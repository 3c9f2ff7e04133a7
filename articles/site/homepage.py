"""What the homepage shows: the editors' slots, then the latest news per section, most read, the print issue.

No article appears twice on the page: each block skips what an earlier block
already shows. Built in a fixed handful of queries whatever the archive's
size: the slots, the ids of every list in one statement, the articles those
lists show, the print issue (and the sections, remembered like the menu).
"""

from dataclasses import dataclass, field

from django.db import connections, router

from articles.models import Article, HomepageSlot, PrintIssue, Section
from articles.site import popularity
from articles.site.listing import active_sections, teasers, with_sections

SECTION_BLOCK_SIZE = 4
MOST_READ_SIZE = 5
# "Đọc nhiều" moves as views are counted, which no change announces: the homepage is kept this long at most.
MOST_READ_FRESH_SECONDS = 300

LIVE, FILL, MOST_READ, SECTION = 0, 1, 2, 3  # the lists of ``_candidates``


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


def build_homepage() -> Homepage:
    sections = active_sections()
    blocks = {section.pk: SectionBlock(section=section) for section in sections if section.parent_id is None}
    branches = {top: [top] + [s.pk for s in sections if s.parent_id == top] for top in blocks}
    slots = list(HomepageSlot.objects.order_by("position").values_list("article_id", flat=True))
    candidates = _candidates(slots=slots, branches=branches)

    # Each list in page order, skipping what an earlier one shows; the articles are then fetched at once.
    live = set(candidates[LIVE, None])
    shown: dict = {}  # article id -> where it shows, in page order
    fill = iter(candidates[FILL, None])
    for article_id in slots:
        pick = article_id if article_id in live and article_id not in shown else None
        if pick is None:
            pick = next((candidate for candidate in fill if candidate not in shown), None)
        if pick is not None:
            shown[pick] = FILL
    read = [pk for pk in candidates[MOST_READ, None] if pk not in shown][:MOST_READ_SIZE]
    shown.update(dict.fromkeys(read, MOST_READ))
    picks = {top: [pk for pk in candidates[SECTION, top] if pk not in shown][:SECTION_BLOCK_SIZE] for top in blocks}
    for ids in picks.values():
        shown.update(dict.fromkeys(ids, SECTION))

    articles = teasers(Article.objects.all()).in_bulk(list(shown)) if shown else {}
    with_sections(articles.values())
    slotted = [articles[pk] for pk, where in shown.items() if where == FILL]
    for top, ids in picks.items():
        blocks[top].articles = [articles[pk] for pk in ids]
    return Homepage(
        lead=slotted[0] if slotted else None,
        featured=slotted[1:],
        sections=[block for block in blocks.values() if block.articles],
        most_read=[articles[pk] for pk in read],
        print_issue=PrintIssue.objects.order_by("-date", "-number").first(),
    )


def _candidates(*, slots: list, branches: dict) -> dict:
    """The ids each list may take, best first, in one statement: ``{(list, section or None): [ids]}``.

    ``LIVE`` holds the slots' articles readers can see. Lists later on the
    page skip what earlier ones show, at most an article per slot plus the
    most read: each list asks for that many more than it shows, so the
    skipping is done by the caller and no list waits for another. The latest
    articles to fill the slots leave out the editors' choices (those readers
    cannot see yet are not among them anyway). A section's latest merge the
    latest of each of its sub-sections, each a short walk down the index by
    section and time. The ORM has no LATERAL join nor a union of differently
    shaped lists, hence the SQL around the queryset that says what readers
    may see.
    """
    visible = Article.objects.published().order_by().values_list("pk", "section_id", "published_at")
    visible_sql, visible_params = visible.query.sql_with_params()
    slotted = [article_id for article_id in slots if article_id is not None]
    read_sql, read_params = popularity.ranking(limit=MOST_READ_SIZE + len(slots))
    lists = [
        f"(SELECT {LIVE}, NULL::bigint, id, NULL::bigint, published_at FROM visible WHERE id = ANY(%s))",  # noqa: S608
        f"(SELECT {FILL}, NULL::bigint, id, NULL::bigint, published_at FROM visible "  # noqa: S608 no value in it
        "WHERE NOT (id = ANY(%s)) ORDER BY published_at DESC, id DESC LIMIT %s)",
        f"(SELECT {MOST_READ}, NULL::bigint, id, views, published_at "  # noqa: S608 SQL of querysets
        f"FROM ({read_sql}) ranked (id, views, published_at))",
    ]
    params = [*visible_params, slotted, slotted, max(len(slots), 1), *read_params]
    if branches:
        values = ", ".join(["(%s, %s::bigint[])"] * len(branches))
        lists.append(
            f"(SELECT {SECTION}, branch.top, latest.id, NULL::bigint, latest.published_at "  # noqa: S608 no value
            f"FROM (VALUES {values}) branch (top, sections) "
            "CROSS JOIN LATERAL (SELECT per.id, per.published_at FROM unnest(branch.sections) member (id) "
            "CROSS JOIN LATERAL (SELECT id, published_at FROM visible WHERE section_id = member.id "
            "ORDER BY published_at DESC, id DESC LIMIT %s) per "
            "ORDER BY per.published_at DESC, per.id DESC LIMIT %s) latest)"
        )
        params += [value for top, ids in branches.items() for value in (top, ids)]
        params += [SECTION_BLOCK_SIZE + len(slots) + MOST_READ_SIZE] * 2
    sql = (  # a plain SELECT outside, as a replica's read-only check expects
        "SELECT kind, top, id FROM ("  # noqa: S608 SQL of querysets, values as params
        f"WITH visible (id, section_id, published_at) AS NOT MATERIALIZED ({visible_sql}) "
        f"{' UNION ALL '.join(lists)}) lists (kind, top, id, views, published_at) "
        "ORDER BY kind, top, views DESC, published_at DESC, id DESC"
    )
    candidates = {(LIVE, None): [], (FILL, None): [], (MOST_READ, None): [], **{(SECTION, top): [] for top in branches}}
    with connections[router.db_for_read(Article)].cursor() as cursor:  # a replica's, when there are some
        cursor.execute(sql, params)
        for kind, top, article_id in cursor.fetchall():
            candidates[kind, top].append(article_id)
    return candidates
