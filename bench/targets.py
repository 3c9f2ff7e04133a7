"""What the benchmark measures: the reader's pages and feeds, the desk's lists, the comment post.

Paths come from the dataset description ``bench/results/dataset-<scale>.json``
written by ``bench.generate`` (the special articles, a busy section and its
deep-page cursor, a tag, an author, search words).
"""

from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    public: bool = True  # measured uncached, app-cached and edge-cached
    login: str | None = None  # "editor" or "moderator": measured once, logged in


def reader_targets(dataset: dict) -> list[Target]:
    special = dataset["targets"]
    section = special["section_slug"]
    return [
        Target("homepage", "/"),
        Target("section page 1", f"/{section}/"),
        Target("section deep page", f"/{section}/?truoc={special['section_deep_cursor']}"),
        Target("tag page", f"/the/{special['tag_slug']}/"),
        Target("author page", f"/tac-gia/{special['author_slug']}/"),
        Target("article", special["article_url"]),
        Target("article, 2,000 comments", special["commented_article_url"]),
        Target("search, common word", f"/tim-kiem/?q={quote(special['common_word'])}"),
        Target("search, rare word", f"/tim-kiem/?q={quote(special['rare_word'])}"),
        Target("search, accentless phrase", f"/tim-kiem/?q={quote(special['accentless_phrase'])}"),
        Target("RSS", "/rss/"),
        Target("sitemap index", "/sitemap.xml"),
        Target("sitemap page", "/sitemap-bai-viet.xml?p=1"),
        Target("Google News sitemap", "/sitemap-tin-moi.xml"),
    ]


def desk_targets(dataset: dict) -> list[Target]:
    headline_word = dataset["targets"]["common_word"]
    deep_page = max(2, dataset["counts"]["articles"] // 50 // 2)  # halfway down the list, 50 a page
    return [
        Target("admin articles, page 1", "/admin/articles/article/", public=False, login="editor"),
        Target("admin articles, a filter", "/admin/articles/article/?status__exact=published", False, "editor"),
        Target(
            "admin articles, headline search", f"/admin/articles/article/?q={quote(headline_word)}", False, "editor"
        ),
        Target("admin articles, deep page", f"/admin/articles/article/?p={deep_page}", False, "editor"),
        Target("moderation queue", "/admin/comments/comment/", public=False, login="moderator"),
    ]
