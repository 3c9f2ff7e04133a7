"""The moderation policy: whether an article takes comments, and what status a new comment starts in.

Every comment waits for a moderator (pending) unless a rule says otherwise:

- a banned word or phrase (``WordRule`` kind banned) → spam at once, reason
  ``banned_word`` (the reader is told the same as everyone: it awaits moderation);
- a suspect word or phrase → pending, reason ``suspect_word``, the phrase in
  ``reason_detail``;
- more than ``COMMENTS["MAX_LINKS"]`` links → pending, reason ``links``;
- a trusted reader (``COMMENTS["TRUST_AFTER"]`` > 0 approved comments from the
  same email and none rejected or spam) → approved at once, unless held above.

Words match on folded text (no accents, lower case, ``đ`` → ``d``) at word
boundaries, so the rule "lừa đảo" catches "Lừa Đảo", "LUA DAO" and "lua  dao",
but not "dao" inside "daoduc".
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from articles.content.text import fold
from comments.models import Comment, ModerationEvent, WordRule

Status = Comment.Status
Reason = Comment.Reason

# Top-level domains a bare "example.com" is recognised by (a list, so "TP.HCM" or "v.v" are not links).
_TLDS = (
    "com|net|org|info|biz|vn|io|co|me|tv|cc|xyz|top|site|online|club|shop|store|app|dev|link|click|live|"
    "asia|ru|cn|tk|ml|ga|cf|gq|ly|gl|to|ws|us|uk|de|fr|jp|kr|edu|gov|int|pro|win|bet|vip|fun|space|website"
)
LINK = re.compile(
    rf"""
    (?:https?://|www\.)[^\s<>"']+                          # an address written out
    | (?<![\w.@-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+    # or a bare domain name,
      (?:{_TLDS})(?![\w-])(?:/[^\s<>"']*)?                  # with an optional path
    """,
    re.IGNORECASE | re.VERBOSE,
)


def comments_open(article) -> bool:
    """Whether ``article`` takes new comments: switched on, live, and not older than ``CLOSE_AFTER_DAYS``."""
    if not article.comments_enabled or not article.is_live:
        return False
    days = settings.COMMENTS["CLOSE_AFTER_DAYS"]
    return days <= 0 or article.published_at > timezone.now() - timedelta(days=days)


def count_links(text: str) -> int:
    return sum(1 for _ in LINK.finditer(fold(text)))


def _phrase_pattern(folded: str) -> str:
    return r"\s+".join(re.escape(word) for word in folded.split())


def find_words(text: str) -> tuple[str | None, str | None]:
    """The first banned and the first suspect phrase (as moderators wrote them) found in ``text``."""
    rules = list(WordRule.objects.values_list("folded", "phrase", "kind"))
    folded_text = " ".join(fold(text).split())
    found = {WordRule.Kind.BANNED: None, WordRule.Kind.SUSPECT: None}
    for kind in found:
        phrases = {" ".join(folded.split()): phrase for folded, phrase, rule_kind in rules if rule_kind == kind}
        phrases.pop("", None)
        if not phrases:
            continue
        alternatives = "|".join(_phrase_pattern(folded) for folded in sorted(phrases, key=len, reverse=True))
        match = re.search(rf"(?<!\w)(?:{alternatives})(?!\w)", folded_text)
        if match:
            found[kind] = phrases[" ".join(match.group(0).split())]
    return found[WordRule.Kind.BANNED], found[WordRule.Kind.SUSPECT]


def is_trusted(email: str) -> bool:
    """``TRUST_AFTER`` (> 0) approved comments from this email and never a rejected or spam one (one query)."""
    needed = settings.COMMENTS["TRUST_AFTER"]
    if needed <= 0:
        return False
    history = Comment.objects.filter(email=email).aggregate(
        approved=Count("pk", filter=Q(status=Status.APPROVED)),
        refused=Count("pk", filter=Q(status__in=[Status.REJECTED, Status.SPAM])),
    )
    return history["approved"] >= needed and history["refused"] == 0


@dataclass(frozen=True)
class Verdict:
    """The status a new comment starts in, why, and the automatic decision to record (if any)."""

    status: str = Status.PENDING
    reason: str = Reason.NONE
    reason_detail: str = ""
    action: str | None = None


def classify(*, email: str, body: str) -> Verdict:
    banned, suspect = find_words(body)
    if banned:
        return Verdict(Status.SPAM, Reason.BANNED_WORD, banned, ModerationEvent.Action.AUTO_SPAM)
    if suspect:
        return Verdict(Status.PENDING, Reason.SUSPECT_WORD, suspect)
    links = count_links(body)
    if links > settings.COMMENTS["MAX_LINKS"]:
        return Verdict(Status.PENDING, Reason.LINKS, f"{links} liên kết")
    if is_trusted(email):
        return Verdict(Status.APPROVED, action=ModerationEvent.Action.AUTO_APPROVE)
    return Verdict()
