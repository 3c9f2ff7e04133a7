"""Reader comments at scale: how many each article gets (``allocate``), then their rows (``CommentWriter``).

Most comments are approved and sit under recent articles (half of them on
the newest tenth of the archive, half anywhere in it); one article has
exactly ``busy`` approved comments, a quarter of them replies; the moderators'
queue holds ``pending`` comments from the last three days (a few held for a
suspect word), and some were rejected or marked spam. Readers come back: a
few hundred addresses write much of the traffic. Replies answer an approved,
earlier, top-level comment of the same article, as ``post_comment`` allows,
so an article's ``comment_count`` is its number of approved comments.
"""

import hashlib
import random
from datetime import UTC, datetime, timedelta

from articles.content.text import fold
from bench import vocabulary
from bench.bulk import NULL, Copy, copy_value
from bench.prose import Prose, folded_piece
from comments.models import Comment, Report

APPROVED, PENDING, REJECTED, SPAM = range(4)
STATUS = {
    APPROVED: Comment.Status.APPROVED.value,
    PENDING: Comment.Status.PENDING.value,
    REJECTED: Comment.Status.REJECTED.value,
    SPAM: Comment.Status.SPAM.value,
}
REPLY_SHARE = {APPROVED: 0.2, PENDING: 0.1, REJECTED: 0.05, SPAM: 0.0}
ORDINARY_COMMENTS = 12
QUEUE_SPAN = timedelta(days=3)
CHUNK = 50_000
COLUMNS = [
    "id", "article_id", "parent_id", "name", "email", "body", "status", "reason", "reason_detail", "flagged",
    "report_count", "fingerprint", "ip_address", "user_agent", "created_at", "decided_at", "decided_by_id",
]  # fmt: skip
REPORT_COLUMNS = ["comment_id", "ip_address", "created_at"]


def allocate(stories: list, *, total: int, busy: int, pending: int, rng: random.Random) -> None:
    """Set each story's ``approved``, ``pending``, ``rejected`` and ``spam`` counts, ``total`` in all."""
    open_stories = [story for story in stories if story.live and story.comments_enabled]
    busy_story = next(story for story in open_stories if story.special == "busy")
    ordinary = next(story for story in open_stories if story.special == "ordinary")
    others = [story for story in open_stories if story.special not in ("busy", "ordinary")]
    newest = sorted(others, key=lambda story: (story.published_at, story.id), reverse=True)
    recent, queue_articles = newest[: max(20, len(others) // 10)], newest[: max(10, len(others) // 20)]
    busy_story.approved, ordinary.approved = busy, ORDINARY_COMMENTS
    rest = total - busy - ORDINARY_COMMENTS - pending
    if rest < 0 or not others:
        raise ValueError("Too few comments or articles for this scale")
    rejected, spam = rest * 15 // 1000, rest // 100
    rand = rng.random
    for _ in range(pending):
        queue_articles[int(rand() * len(queue_articles))].pending += 1
    for field, count in (("approved", rest - rejected - spam), ("rejected", rejected), ("spam", spam)):
        for _ in range(count):
            pool = recent if rand() < 0.5 else others
            story = pool[int(rand() * len(pool))]
            setattr(story, field, getattr(story, field) + 1)


class CommentWriter:
    """COPY lines for the allocated comments, in chunks, ids in order of time."""

    def __init__(
        self, *, prose: Prose, rng: random.Random, total: int, now: datetime, moderator_id: int, default_columns: dict
    ):
        self.rng = rng
        self.default_columns = default_columns
        self.rand = rng.random
        self.now = now
        self.moderator_id = moderator_id
        self.readers = self._readers(max(50, total // 6))
        self.texts = self._texts(prose, max(50, min(total, 40_000)))
        self.flagged = max(1, total // 5000)  # approved comments readers reported, still shown

    def _readers(self, count: int) -> list[tuple[str, str, str]]:
        """``(name, email, ip address or ``NULL``)`` of ``count`` readers."""
        rng, rand = self.rng, self.rand
        surnames = [name for name, _ in vocabulary.SURNAMES]
        weights = [weight for _, weight in vocabulary.SURNAMES]
        readers = []
        for number in range(count):
            given = rng.choice(vocabulary.GIVEN_NAMES)
            surname = rng.choices(surnames, weights)[0]
            roll = rand()
            if roll < 0.7:
                name = f"{surname} {rng.choice(vocabulary.MIDDLE_NAMES)} {given}"
            elif roll < 0.9:
                name = given
            else:
                name = rng.choice(vocabulary.HIGHLAND_NAMES)
            local = "".join(char for char in fold(name) if char.isalnum())
            email = f"{local}{number}@{rng.choice(vocabulary.EMAIL_DOMAINS)}"
            readers.append((name, email, self._ip()))
        return readers

    def _ip(self) -> str:
        rng, roll = self.rng, self.rand()
        if roll < 0.01:
            return NULL
        if roll < 0.06:
            return f"2001:ee0:{rng.randrange(1, 0xFFFF):x}:{rng.randrange(1, 0xFFFF):x}::{rng.randrange(1, 0xFFFF):x}"
        first = rng.choice(vocabulary.IPV4_FIRST_OCTETS)
        return f"{first}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"

    def _texts(self, prose: Prose, count: int) -> list[tuple[str, str]]:
        """``(text, folded)`` comment bodies: a reader's stock phrases mixed with sentences from the chain."""
        stock = [folded_piece(sentence) for sentence in vocabulary.READER_SENTENCES]
        texts = []
        for _ in range(count):
            sentences = []
            for _ in range(self.rng.choices((1, 2, 3, 4), (35, 35, 20, 10))[0]):
                if self.rand() < 0.6:
                    sentence = stock[int(self.rand() * len(stock))]
                else:
                    sentence = prose.sentence(self.rand, min_words=6, max_words=25)
                if sentence not in sentences:
                    sentences.append(sentence)
            text = " ".join(piece.text for piece in sentences)
            if any(char in text for char in "\\\t\n\r"):
                raise ValueError(f"Text needing escapes in a generated comment: {text!r}")
            texts.append((text, " ".join(piece.folded for piece in sentences)))
        return texts

    def _entries(self, stories: list) -> list[tuple[float, int, int, bool]]:
        """``(created, index of the story, status, wants to be a reply)`` for every comment, oldest first."""
        rand, now = self.rand, self.now.timestamp()
        entries = []
        for index, story in enumerate(stories):
            published = story.published_at.timestamp() if story.published_at else now
            for status, count in (
                (APPROVED, story.approved),
                (PENDING, story.pending),
                (REJECTED, story.rejected),
                (SPAM, story.spam),
            ):
                share = 0.25 if story.special == "busy" else REPLY_SHARE[status]
                for _ in range(count):
                    if status == PENDING:
                        start = max(published, now - QUEUE_SPAN.total_seconds())
                        created = start + (now - start) * rand()
                    elif story.special == "busy":
                        created = published + (now - published) * rand()
                    else:
                        created = published + self.rng.expovariate(1 / 28_800)  # most within hours
                        if created > now:
                            created = published + (now - published) * rand()
                    entries.append((created, index, status, rand() < share))
        entries.sort()
        return entries

    def write(self, stories: list, on_chunk) -> dict[str, int]:
        """Call ``on_chunk(steps)`` for every ``CHUNK`` comments; return the counts by status."""
        rng, rand, now = self.rng, self.rand, self.now.timestamp()
        comment_table, report_table = Comment._meta.db_table, Report._meta.db_table
        suspects = [
            (phrase, folded_piece(f"Coi chừng {phrase} nha mọi người.")) for phrase in vocabulary.SUSPECT_PHRASES
        ]
        agents = vocabulary.USER_AGENTS
        columns = COLUMNS + list(self.default_columns)
        tail = "".join(f"\t{copy_value(value)}" for value in self.default_columns.values()) + "\n"
        reportable = sum(story.approved for story in stories if story.special != "busy")
        threads: dict[int, list[int]] = {}  # story index → ids of its approved top-level comments
        lines, reports, counts = [], [], dict.fromkeys(STATUS.values(), 0)
        for number, (created, index, status, wants_reply) in enumerate(self._entries(stories), start=1):
            story = stories[index]
            parents = threads.get(index)
            parent = parents[int(rand() * len(parents))] if wants_reply and parents else None
            if status == APPROVED and parent is None:
                threads.setdefault(index, []).append(number)
            text, folded = self.texts[int(rand() * len(self.texts))]
            reason = detail = ""
            if status == PENDING and rand() < 0.05:
                phrase, warning = suspects[int(rand() * len(suspects))]
                text, folded = f"{text} {warning.text}", f"{folded} {warning.folded}"
                reason, detail = Comment.Reason.SUSPECT_WORD.value, phrase
            name, email, ip = self.readers[int(len(self.readers) * rand() ** 1.8)]
            fingerprint = hashlib.sha256(f"{story.id}\n{folded}".encode()).hexdigest()
            flagged, reported = "f", 0
            if status == APPROVED and story.special != "busy" and rand() * reportable < self.flagged:
                addresses = list(dict.fromkeys(self._ip() for _ in range(rng.randint(1, 2))))
                flagged, reported = "t", len(addresses)
                reports += [
                    f"{number}\t{address}\t{_iso(min(now, created + 3600 * (position + 1)))}\n"
                    for position, address in enumerate(addresses)
                ]
            decided = NULL if status == PENDING else _iso(min(now, created + rng.uniform(300, 36_000)))
            moderator = NULL if status == PENDING else self.moderator_id
            lines.append(
                f"{number}\t{story.id}\t{parent or NULL}\t{name}\t{email}\t{text}\t"
                f"{STATUS[status]}\t{reason}\t{detail}\t{flagged}\t{reported}\t{fingerprint}\t{ip}\t"
                f"{agents[int(rand() * len(agents))]}\t{_iso(created)}\t{decided}\t{moderator}{tail}"
            )
            counts[STATUS[status]] += 1
            if len(lines) >= CHUNK:
                on_chunk([Copy(comment_table, columns, lines), Copy(report_table, REPORT_COLUMNS, reports)])
                lines, reports = [], []
        on_chunk([Copy(comment_table, columns, lines), Copy(report_table, REPORT_COLUMNS, reports)])
        return counts


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat()
