"""Vietnamese text folding, shared by slugs and search.

``fold`` first applies NFKC (full-width and styled letters become plain ones)
and removes invisible characters (``strip_invisible``), then lower-cases,
turns ``đ``/``Đ`` into ``d`` and removes every tone and vowel mark, so
"Đắk Lắk", "dak lak" and "Đắk\u200b Lắk" compare equal: a zero-width space
cannot slip a banned word past the moderators' word list. Django's
``slugify`` silently drops ``đ`` ("Đắk" → "ak"), which is why titles never go
through it bare.
"""

import re
import unicodedata

_SLUG_SEPARATORS = re.compile(r"[^a-z0-9]+")

# Characters that draw nothing yet are not format characters (Unicode category Cf): the Hangul fillers
# (letters, category Lo), the blank Braille pattern, the combining grapheme joiner and variation selectors.
_BLANK_NON_FORMAT = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f") | frozenset(map(chr, range(0xFE00, 0xFE10)))


def strip_invisible(text: str) -> str:
    """``text`` without format characters (zero-width spaces and joiners, soft hyphens, bidi marks, BOM…)
    and the other characters that show nothing (``_BLANK_NON_FORMAT``)."""
    return "".join(char for char in text if char not in _BLANK_NON_FORMAT and unicodedata.category(char) != "Cf")


def has_visible_words(text: str) -> bool:
    """Whether ``text`` holds at least one letter or digit a reader can see (a name of only invisible
    characters would show as a blank author)."""
    return any(unicodedata.category(char)[0] in "LN" for char in strip_invisible(unicodedata.normalize("NFKC", text)))


def fold(text: str) -> str:
    text = strip_invisible(unicodedata.normalize("NFKC", text))
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
