"""Vietnamese prose for the benchmark: a word-pair chain over real sentences, each text with its folded twin.

The chain learns which word follows which from the demo stories, the
reference article and ``bench.vocabulary.SENTENCES``, and walks it: the output
reads like newspaper Vietnamese (diacritics, numbers, place names, commas)
without repeating any source sentence for long. Each topic has its own chain,
so sport pages use sport words and a search term is frequent in some sections
only, as in a real archive. Every piece of text is
produced together with its folded form (``articles.content.text.fold``), folded once
per distinct word rather than per character of every text: the generator needs
the folded text to compute ``search_vector`` in SQL, and folding 200,000
bodies character by character would dominate the run.

``fold`` works character by character (lower-case, ``đ`` → ``d``, marks
dropped), so the folded twin built from folded words equals
``fold(text)`` exactly; the tests check it.
"""

import re
from dataclasses import dataclass
from functools import cache

from articles.content.text import fold
from articles.demo import articles as demo_articles
from articles.demo import reference
from bench import vocabulary

_TERMINAL = re.compile(r"[.!?…]+$")
_TRAILING = re.compile(r"[.,;:!?…–-]+$")
_DROPPED = str.maketrans("", "", '“”"()')


@dataclass(frozen=True)
class Piece:
    """A text and its folded twin (``fold(text) == folded``), with its number of words."""

    text: str
    folded: str
    words: int


DEFAULT_TOPIC = "politics"
TOPIC_WEIGHT = 4  # how much more a topic's own texts count in its chain than the rest of the corpus


def corpora() -> dict[str, list[str]]:
    """The source texts by topic, one per paragraph, lead or headline."""
    by_topic = {topic: list(sentences) for topic, sentences in vocabulary.SENTENCES.items()}

    def add(section: str, texts: list[str]) -> None:
        by_topic.setdefault(vocabulary.SECTION_TOPICS.get(section, DEFAULT_TOPIC), []).extend(texts)

    for story in demo_articles.STORIES:
        add(story["section"], [story["headline"], story["lead"], *story["paragraphs"]])
    page = reference.load()
    add(demo_articles.REFERENCE["section"], [page.headline, page.lead] + [t for kind, t in page.body if kind == "p"])
    return by_topic


def topic_chains() -> dict[str, "Prose"]:
    """A chain per topic: its own texts weigh ``TOPIC_WEIGHT`` times the others' (which keep them connected)."""
    by_topic = corpora()
    everything = [text for texts in by_topic.values() for text in texts]
    return {topic: Prose(texts * TOPIC_WEIGHT + everything) for topic, texts in by_topic.items()}


def general_chain() -> "Prose":
    return Prose([text for texts in corpora().values() for text in texts])


class Prose:
    """Sentences, headlines, leads and paragraphs from the chain; ``rand`` is a ``random.Random().random``."""

    def __init__(self, texts: list[str]):
        index: dict[str, int] = {}
        successors: list[list[int]] = []
        starts: list[int] = []
        middles: list[int] = []

        def token(chunk: str) -> int:
            if chunk not in index:
                index[chunk] = len(index)
                successors.append([])
            return index[chunk]

        for text in texts:
            chunks = [chunk for chunk in text.translate(_DROPPED).split() if chunk.strip("–-")]
            previous, previous_chunk = None, ""
            for chunk in chunks:
                current = token(chunk)
                if previous is None or _TERMINAL.search(previous_chunk):
                    starts.append(current)
                else:
                    middles.append(current)
                    successors[previous].append(current)
                previous, previous_chunk = current, chunk
        words = list(index)
        if any("\\" in word for word in words):
            raise ValueError("A backslash in the corpus: the generator writes COPY lines without escaping")
        self.words = words
        self.successors = successors
        self.starts = starts
        self.middles = middles
        self.ends = [bool(_TERMINAL.search(word)) or not successors[i] for i, word in enumerate(words)]
        # Each word as it may appear: as written, inside a sentence (no full stop), last of a headline
        # (no trailing punctuation), last of a sentence (with a full stop); and folded, the same four ways.
        opened = [_TERMINAL.sub("", word) or word for word in words]
        bare = [_TRAILING.sub("", word) for word in words]
        closed = [word if _TERMINAL.search(word) else (_TRAILING.sub("", word) or word) + "." for word in words]
        self.plain, self.opened, self.bare, self.closed = words, opened, bare, closed
        self.folded_plain = [_fold(word) for word in words]
        self.folded_opened = [_fold(word) for word in opened]
        self.folded_bare = [_fold(word) for word in bare]
        self.folded_closed = [_fold(word) for word in closed]

    def _next(self, word: int, rand) -> int:
        following = self.successors[word]
        if following:
            return following[int(rand() * len(following))]
        return self.middles[int(rand() * len(self.middles))]

    def sentence(self, rand, min_words: int = 8, max_words: int = 40) -> Piece:
        """One sentence of ``min_words`` to ``max_words`` words, capitalised, ending with a full stop."""
        text, folded = [], []
        word = self.starts[int(rand() * len(self.starts))]
        count = 0
        while True:
            count += 1
            if count >= max_words or (self.ends[word] and count >= min_words):
                text.append(self.closed[word])
                folded.append(self.folded_closed[word])
                break
            if self.ends[word]:  # too short yet: go on from the middle of another sentence
                text.append(self.opened[word])
                folded.append(self.folded_opened[word])
                word = self.middles[int(rand() * len(self.middles))]
                continue
            text.append(self.plain[word])
            folded.append(self.folded_plain[word])
            word = self._next(word, rand)
        return Piece(" ".join(text), " ".join(folded), count)

    def headline(self, rand, words: int) -> Piece:
        """A headline of ``words`` words: no full stop, nothing dangling at the end."""
        text, folded = [], []
        word = self.starts[int(rand() * len(self.starts))]
        for position in range(words):
            if position == words - 1:
                if self.bare[word]:
                    text.append(self.bare[word])
                    folded.append(self.folded_bare[word])
                break
            text.append(self.opened[word])
            folded.append(self.folded_opened[word])
            word = self._next(word, rand) if not self.ends[word] else self.middles[int(rand() * len(self.middles))]
        return Piece(" ".join(text), " ".join(folded), len(text))

    def passage(self, rand, words: int) -> Piece:
        """Whole sentences adding up to about ``words`` words (a lead or a paragraph)."""
        texts, folded, count = [], [], 0
        while count < words - 3:
            left = words - count
            sentence = self.sentence(rand, min_words=min(8, max(4, left)), max_words=max(6, left))
            texts.append(sentence.text)
            folded.append(sentence.folded)
            count += sentence.words
        return Piece(" ".join(texts), " ".join(folded), count)


@cache
def _fold(word: str) -> str:
    """``fold`` once per distinct word, whichever chain needs it."""
    return fold(word)


def folded_piece(text: str) -> Piece:
    """A fixed text (a name, a caption) as a ``Piece``: folded directly, it is short."""
    return Piece(text, fold(text), len(text.split()))
