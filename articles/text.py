"""Vietnamese text folding, shared by slugs and search.

``fold`` lower-cases, turns ``đ``/``Đ`` into ``d`` and removes every tone and
vowel mark, so "Đắk Lắk" and "dak lak" compare equal. Django's ``slugify``
silently drops ``đ`` ("Đắk" → "ak"), which is why titles never go through it
bare.
"""

import re
import unicodedata

_SLUG_SEPARATORS = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFKC", stripped).lower()


def slugify_vi(text: str, max_length: int = 200) -> str:
    """A URL slug from Vietnamese text: folded, ASCII letters and digits joined by hyphens."""
    slug = _SLUG_SEPARATORS.sub("-", fold(text)).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug
