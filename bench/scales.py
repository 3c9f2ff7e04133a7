"""The sizes the generator knows: ``tiny`` for the tests, ``small`` and ``large`` for the benchmark."""

from dataclasses import dataclass

DEFAULT_SEED = 2026


@dataclass(frozen=True)
class Scale:
    name: str
    articles: int
    comments: int
    busy_comments: int  # approved comments of the one busy article
    pending: int  # the moderators' queue
    tags: int = 300
    authors: int = 150
    photos: int = 40
    paragraphs: int = 60_000  # the pool bodies are made from
    chunk: int = 5_000  # articles per COPY


SCALES = {
    "tiny": Scale(
        "tiny",
        articles=60,
        comments=300,
        busy_comments=50,
        pending=40,
        tags=30,
        authors=12,
        photos=5,
        paragraphs=700,
        chunk=25,
    ),
    "small": Scale(
        "small", articles=1_000, comments=10_000, busy_comments=2_000, pending=1_000, paragraphs=6_000, chunk=1_000
    ),
    "large": Scale("large", articles=200_000, comments=1_000_000, busy_comments=2_000, pending=10_000),
}
