"""Abuse resistance without outside services: what a comment must pass before policy even looks at it.

- A signed form token bound to the article, refused when younger than
  ``COMMENTS["MIN_SECONDS"]`` (a robot posts at once) or older than
  ``COMMENTS["TOKEN_MAX_AGE"]``, and good for one post only (a robot cannot
  replay one human-looking token): a spent token is a ``SpentFormToken`` row;
  the token is fetched by comments.js (or put in the server-rendered form
  page), never baked into the cached article page.
- A honeypot field a human never sees nor fills.
- Bans by email or IP (``Ban``, not expired).
- Duplicates: the same text (folded, whitespace collapsed) from the same email
  or IP on the same article within ``DUPLICATE_WINDOW``, found through the
  indexed ``Comment.fingerprint``.
- Rate limits per IP and per email, ``COMMENTS["RATE_LIMITS"]`` sliding
  windows counted from the stored comments themselves, so every app host sees
  the same count.

An IPv6 reader is their /64 network for every rule here (bans, duplicates,
rate limits): a subscriber can change addresses inside it at will.

Security state lives in PostgreSQL, never in the cache: pages share the cache,
and anonymous traffic can evict entries from it (a least-recently-used cache,
or Redis with ``volatile-lru`` once memory fills), which would forget a spent
token or a rate-limit count.

Every check either returns or raises ``Refused``: a message for the reader, the
HTTP status to answer with and, for a rate limit, the seconds to wait.
"""

import hashlib
import math
import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from articles.content.text import fold
from comments.models import Ban, Comment, SpentFormToken
from newsroom.forwarded import subscriber_of, subscriber_range

TOKEN_SALT = "comments.form-token"  # noqa: S105 a namespace for signatures, not a secret
DUPLICATE_WINDOW = timedelta(hours=24)


class Refused(Exception):
    """A comment (or report) refused before anything was written.

    ``field`` names the form field the message belongs next to (None: the
    whole form); ``retry_after`` is set for rate limits (seconds).
    """

    def __init__(self, message: str, *, status: int = 400, code: str = "", field: str | None = None, retry_after=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.field = field
        self.retry_after = retry_after


def _setting(name: str):
    return settings.COMMENTS[name]


# Signed form token ----------------------------------------------------------------------------------------------


def make_form_token(article_id: int, *, issued_at: float | None = None) -> str:
    """A token for one article's comment form, stamped with the time it was handed out (now by default).

    A random nonce makes every token handed out distinct, so spending one (``check_form_token``) never
    spends another reader's.
    """
    at = time.time() if issued_at is None else issued_at
    payload = {"article": article_id, "at": at, "n": secrets.token_urlsafe(9)}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=False)


def _read_token(token: str, article_id: int) -> float:
    """When the token was handed out; ``Refused`` when it is expired, tampered with or for another article."""
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT, max_age=_setting("TOKEN_MAX_AGE"))
    except signing.SignatureExpired:
        raise Refused(
            "Phiên gửi ý kiến đã hết hạn. Ý kiến của bạn vẫn còn bên dưới, vui lòng bấm Gửi lại.", code="token_expired"
        ) from None
    except signing.BadSignature:
        raise Refused(
            "Biểu mẫu gửi ý kiến không hợp lệ. Ý kiến của bạn vẫn còn bên dưới, vui lòng bấm Gửi lại.",
            code="token_invalid",
        ) from None
    if not isinstance(payload, dict) or payload.get("article") != article_id:
        raise Refused(
            "Biểu mẫu gửi ý kiến không dành cho bài viết này. Vui lòng bấm Gửi lại.",
            code="token_invalid",
        )
    return payload["at"]


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _spend(token: str) -> bool:
    """Record ``token`` as used; False when it already was (the primary key decides, so a race has one winner)."""
    now = timezone.now()
    SpentFormToken.objects.filter(expires_at__lt=now).delete()  # tokens that old are refused as expired anyway
    try:
        with transaction.atomic():
            SpentFormToken.objects.create(
                digest=_token_digest(token), expires_at=now + timedelta(seconds=_setting("TOKEN_MAX_AGE"))
            )
    except IntegrityError:
        return False
    return True


def check_form_token(token: str, article_id: int) -> None:
    """Refuse a token that is invalid, for another article, too young (a robot), too old or already used.

    A token that passes is spent (a ``SpentFormToken`` row, kept for as long as
    the token could still be valid). A post refused by a later check spent it
    too; ``token_for_retry`` then hands the reader a fresh one.
    """
    issued_at = _read_token(token, article_id)
    if time.time() - issued_at < _setting("MIN_SECONDS"):
        raise Refused("Bạn gửi nhanh quá. Vui lòng đợi vài giây rồi bấm Gửi lại.", code="too_fast")
    if settings.COMMENTS.get("RELAXED_FOR_BENCH"):
        return  # BENCH_MODE only: a load generator posts many comments with one form token
    if not _spend(token):
        raise Refused(
            "Biểu mẫu này đã được dùng để gửi một ý kiến. Nếu bạn muốn gửi ý kiến khác, vui lòng bấm Gửi lại.",
            code="token_used",
        )


def token_for_retry(token: str, article_id: int) -> str:
    """The token to put back in a form shown again: the reader's own while still good and unused (so
    waiting makes a "too fast" one pass), a fresh one otherwise."""
    try:
        _read_token(token, article_id)
    except Refused:
        return make_form_token(article_id)
    if SpentFormToken.objects.filter(digest=_token_digest(token)).exists():
        return make_form_token(article_id)
    return token


def renewed_token(token: str, article_id: int) -> str:
    """A new, unspent token stamped with the time ``token`` was handed out (a fresh one if it is not good).

    For the form shown again during a database outage, without a query: whether the reader's token got
    spent before the database failed is unknown, and the renewed one is neither spent nor "too fast".
    It expires when the reader's would have.
    """
    try:
        issued_at = _read_token(token, article_id)
    except Refused:
        return make_form_token(article_id)
    return make_form_token(article_id, issued_at=issued_at)


# Honeypot -------------------------------------------------------------------------------------------------------


def check_honeypot(value: str) -> None:
    if value:
        raise Refused(
            "Không gửi được ý kiến: ô “Để trống ô này” phải để trống. Vui lòng xóa nội dung ô đó rồi gửi lại.",
            code="honeypot",
        )


# Bans -----------------------------------------------------------------------------------------------------------


def check_not_banned(*, email: str, ip: str | None) -> None:
    """Refuse a reader banned by email or IP (a ban with ``expires_at`` in the past no longer applies)."""
    who = Q(kind=Ban.Kind.EMAIL, value=email.lower())
    if ip:
        who |= Q(kind=Ban.Kind.IP, value__in={ip.lower(), subscriber_of(ip)})  # an IPv6 ban covers its /64
    active = Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    if Ban.objects.filter(who, active).exists():
        raise Refused(
            "Email hoặc địa chỉ mạng của bạn đã bị chặn gửi ý kiến trên trang này.", status=403, code="banned"
        )


# Duplicates -----------------------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """The text as duplicates compare it: folded (no accents, lower case), whitespace collapsed."""
    return " ".join(fold(text).split())


def fingerprint(article_id: int, body: str) -> str:
    return hashlib.sha256(f"{article_id}\n{normalise(body)}".encode()).hexdigest()


def check_not_duplicate(*, article_id: int, digest: str, email: str, ip: str | None) -> None:
    """Refuse the same text on the same article from the same email or IP within ``DUPLICATE_WINDOW``."""
    sender = Q(email=email)
    if ip:
        sender |= _from_address(ip)
    recent = Comment.objects.filter(
        sender, fingerprint=digest, article_id=article_id, created_at__gte=timezone.now() - DUPLICATE_WINDOW
    )
    if recent.exists():
        raise Refused("Bạn đã gửi ý kiến này rồi. Ý kiến đang chờ người kiểm duyệt xem xét.", code="duplicate")


# Rate limits ----------------------------------------------------------------------------------------------------


def _from_address(ip: str) -> Q:
    """Comments sent from ``ip``'s subscriber: the address itself, or any address of its IPv6 /64 (a range
    the ``comment_by_ip`` index answers)."""
    first, last = subscriber_range(ip)
    return Q(ip_address=first) if first == last else Q(ip_address__gte=first, ip_address__lte=last)


def _senders(ip: str | None, email: str) -> list[tuple[str, str]]:
    senders = [("email", email.lower())]
    if ip:
        senders.append(("ip", subscriber_of(ip)))
    return senders


def lock_sender(*, ip: str | None, email: str) -> None:
    """Serialise posts from the same email or IP until the caller's transaction ends.

    Two posts arriving at once would otherwise both count the same stored
    comments (rate limit, duplicate) and both pass. Keys are taken in sorted
    order, so two posts sharing an email and an IP never wait for each other
    in a cycle.
    """
    keys = sorted(
        int.from_bytes(hashlib.sha256(f"comments:{scope}:{value}".encode()).digest()[:8], "big", signed=True)
        for scope, value in _senders(ip, email)
    )
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def check_rate_limit(*, ip: str | None, email: str) -> None:
    """Refuse with 429 when this IP or this email already posted as many comments as a window allows.

    Call it inside the transaction that stores the comment, after
    ``lock_sender``, so the count stays exact under concurrent posts.
    Windows slide: a comment counts for ``seconds`` after it was stored, and
    the wait is until the oldest one in a full window leaves it.
    Only stored comments count, so a refused attempt never locks the reader
    out further. Each sender costs one index lookup (``comment_by_ip``,
    ``comment_by_email_date``).
    """
    limits = _setting("RATE_LIMITS")
    if not limits:
        return
    now = timezone.now()
    longest = max(seconds for _count, seconds in limits)
    most = max(count for count, _seconds in limits)
    wait = 0
    for scope, value in _senders(ip, email):
        sender = Q(email=value) if scope == "email" else _from_address(value)
        recent = list(
            Comment.objects.filter(sender, created_at__gt=now - timedelta(seconds=longest))
            .order_by("-created_at")
            .values_list("created_at", flat=True)[:most]
        )
        for count, seconds in limits:
            in_window = [at for at in recent if at > now - timedelta(seconds=seconds)]
            if len(in_window) >= count:
                frees_at = in_window[count - 1] + timedelta(seconds=seconds)
                wait = max(wait, math.ceil((frees_at - now).total_seconds()))
    if wait:
        raise Refused(
            f"Bạn gửi ý kiến quá nhiều lần trong thời gian ngắn, vui lòng thử lại sau {wait} giây.",
            status=429,
            code="rate_limited",
            retry_after=wait,
        )
