"""The reference article, read from ``reference_article.txt``.

The file is the article page's text exactly as copied, typos included
("chỉ cố", "cải CCHC"). Its line format: blocks separated by blank lines; the
first block is the site navigation, then the headline, the publication time
(``HH:MM, DD/MM/YYYY``), the lead and the body paragraphs. A block whose
first line is ``th`` is a photo, its second line the caption. The block just
before "Ý kiến bạn đọc" is the byline; the block after it is the teaser of the
next story (title, then summary).
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

SOURCE = Path(__file__).with_name("reference_article.txt")
PHOTO_MARK = "th"
COMMENTS_MARK = "Ý kiến bạn đọc"
VIDEO_PREFIX = "(Video) "
LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Teaser:
    headline: str
    summary: str
    is_video: bool


@dataclass(frozen=True)
class ReferenceArticle:
    headline: str
    published_at: datetime
    lead: str
    byline: str
    # Each item is ("p", text) for a paragraph or ("photo", caption) for a figure.
    body: list[tuple[str, str]] = field(default_factory=list)
    teaser: Teaser | None = None

    @property
    def captions(self) -> list[str]:
        return [text for kind, text in self.body if kind == "photo"]


def _blocks(text: str) -> list[list[str]]:
    blocks, current = [], []
    for line in text.splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def parse(text: str) -> ReferenceArticle:
    _navigation, headline, when, lead, *rest = _blocks(text)
    comments_at = rest.index([COMMENTS_MARK])
    *body_blocks, byline = rest[:comments_at]
    body = [("photo", block[1]) if block[0] == PHOTO_MARK else ("p", " ".join(block)) for block in body_blocks]
    teaser = None
    if comments_at + 1 < len(rest):
        title, *summary = rest[comments_at + 1]
        teaser = Teaser(title.removeprefix(VIDEO_PREFIX), " ".join(summary), title.startswith(VIDEO_PREFIX))
    return ReferenceArticle(
        headline=headline[0],
        published_at=datetime.strptime(when[0], "%H:%M, %d/%m/%Y").replace(tzinfo=LOCAL_TIME),
        lead=" ".join(lead),
        byline=" ".join(byline),
        body=body,
        teaser=teaser,
    )


def load() -> ReferenceArticle:
    return parse(SOURCE.read_text(encoding="utf-8"))
