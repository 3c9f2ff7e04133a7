"""What an article's stored search document holds (``Article.search_vector``), and how it is written.

PostgreSQL's ``simple`` configuration over text folded in Python
(``articles.content.text.fold``): the reader's query is folded the same way
(``articles.site.search``), so "cai cach hanh chinh" finds "cải cách hành chính".
The headline weighs most (A), then the lead with the writers' names (B), then
the body's words (C). Saving an article writes it (``Article.save``), saving
or deleting a byline rewrites it, and ``rebuild_search_index`` rewrites every
article's (rows written by other means). Nothing here reads the database.
"""

import html
import re

from django.contrib.postgres.search import SearchVector
from django.db.models import TextField, Value
from django.utils.html import strip_tags

from articles.content.text import fold

CONFIG = "simple"
# The article's fields the document is made of: saving any of them writes it again.
SOURCE_FIELDS = frozenset({"headline", "lead", "body", "credit_line"})

# Where one block of text ends: without a space there, "năm.</p><p>Theo" would read as one word.
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|figcaption|td|th|caption)>|<br\s*/?>", re.IGNORECASE)


def plain_text(body_html: str) -> str:
    """The words of a rich-text body, without markup or entities, blocks kept apart."""
    return html.unescape(strip_tags(BLOCK_END.sub(lambda match: match.group(0) + " ", body_html or "")))


def search_document(headline: str, lead: str, body_html: str, names: str = "") -> SearchVector:
    """The weighted ``tsvector`` expression stored in ``Article.search_vector``.

    ``names`` are the bylines and the credit line ("Hồng Chuyên", "Theo TTXVN"), so a reader finds a
    writer's stories by name; they weigh as much as the lead.
    """
    parts = (("A", headline), ("B", f"{lead}\n{names}"), ("C", plain_text(body_html)))
    vectors = [
        SearchVector(Value(fold(text or ""), output_field=TextField()), weight=weight, config=CONFIG)
        for weight, text in parts
    ]
    return vectors[0] + vectors[1] + vectors[2]
