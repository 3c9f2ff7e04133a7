"""Abuse resistance without outside services: what a comment must pass before policy even looks at it.

- A signed form token bound to the article, refused when younger than
  ``COMMENTS["MIN_SECONDS"]`` (a robot posts at once) or older than
  ``COMMENTS["TOKEN_MAX_AGE"]``, and good for one post only (a robot cannot
  replay one human-looking token); the token is fetched by comments.js (or put
  in the server-rendered form page), never baked into the cached article page.
- A honeypot field a human never sees nor fills.
- Bans by email or IP (``Ban``, not expired).
- Duplicates: the same text (folded, whitespace collapsed) from the same email
  or IP on the same article within ``DUPLICATE_WINDOW``, found through the
  indexed ``Comment.fingerprint``.
- Rate limits per IP and per email, ``COMMENTS["RATE_LIMITS"]`` windows counted
  in the shared cache (Redis in production), so every app host sees the same
  counters.

Every check either returns or raises ``Refused``: a message for the reader, the
HTTP status to answer with and, for a rate limit, the seconds to wait.
"""

import contextlib
import hashlib
import math
import secrets
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from articles.text import fold
from comments.models import Ban, Comment

TOKEN_SALT = "comments.form-token"  # noqa: S105 a namespace for signatures, not a secret
DUPLICATE_WINDOW = timedelta(hours=24)
RATE_KEY_PREFIX = "comments:rate"
USED_TOKEN_KEY_PREFIX = "comments:token-used"  # noqa: S105 a cache key prefix, not a secret


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


def make_form_token(article_id: int) -> str:
    """A token for one article's comment form, stamped with the time it was handed out.

    A random nonce makes every token handed out distinct, so spending one (``check_form_token``) never
    spends another reader's.
    """
    payload = {"article": article_id, "at": time.time(), "n": secrets.token_urlsafe(9)}
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


def _used_token_key(token: str) -> str:
    return f"{USED_TOKEN_KEY_PREFIX}:{hashlib.sha256(token.encode()).hexdigest()}"


def check_form_token(token: str, article_id: int) -> None:
    """Refuse a token that is invalid, for another article, too young (a robot), too old or already used.

    A token that passes is spent: marked in the shared cache (``cache.add`` is
    atomic, so of two posts racing with one token only one passes) for as long
    as it could still be valid. A post refused by a later check spent it too;
    ``token_for_retry`` then hands the reader a fresh one.
    """
    issued_at = _read_token(token, article_id)
    if time.time() - issued_at < _setting("MIN_SECONDS"):
        raise Refused("Bạn gửi nhanh quá. Vui lòng đợi vài giây rồi bấm Gửi lại.", code="too_fast")
    if settings.COMMENTS.get("RELAXED_FOR_BENCH"):
        return  # BENCH_MODE only: a load generator posts many comments with one form token
    if not cache.add(_used_token_key(token), 1, timeout=_setting("TOKEN_MAX_AGE")):
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
    if cache.get(_used_token_key(token)) is not None:
        return make_form_token(article_id)
    return token


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
        who |= Q(kind=Ban.Kind.IP, value=ip.lower())
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
        sender |= Q(ip_address=ip)
    recent = Comment.objects.filter(
        sender, fingerprint=digest, article_id=article_id, created_at__gte=timezone.now() - DUPLICATE_WINDOW
    )
    if recent.exists():
        raise Refused("Bạn đã gửi ý kiến này rồi. Ý kiến đang chờ người kiểm duyệt xem xét.", code="duplicate")


# Rate limits ----------------------------------------------------------------------------------------------------


@dataclass
class RateReservation:
    """Slots taken in the rate-limit windows for one accepted post; ``release`` gives them back."""

    keys: list[str] = field(default_factory=list)

    def release(self) -> None:
        for key in self.keys:
            with contextlib.suppress(ValueError):  # the window ended meanwhile: nothing left to give back
                cache.decr(key)
        self.keys = []


def _window_key(scope: str, value: str, seconds: int, now: float) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"{RATE_KEY_PREFIX}:{scope}:{digest}:{seconds}:{int(now // seconds)}"


def _take(key: str, seconds: int) -> int:
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=seconds)
        return 1


def reserve_rate_limit(*, ip: str | None, email: str) -> RateReservation:
    """Take one slot in every window for this IP and this email, or refuse with 429 and take none.

    Only accepted comments count: the caller releases the reservation when the
    comment is refused for any later reason, so a refused attempt never locks
    the reader out further. Reserving (incr first, then compare) rather than
    reading then writing keeps the limit exact when two posts arrive at once.
    Windows are fixed (aligned on multiples of their length), so at a window's
    edge two posts may pass closer together than its length; the longer
    windows still bound the total.
    """
    now = time.time()
    reservation = RateReservation()
    wait = 0
    senders = [("email", email.lower())]
    if ip:
        senders.append(("ip", ip))
    for scope, value in senders:
        for count, seconds in _setting("RATE_LIMITS"):
            key = _window_key(scope, value, seconds, now)
            reservation.keys.append(key)
            if _take(key, seconds) > count:
                wait = max(wait, math.ceil(seconds - now % seconds))
    if wait:
        reservation.release()
        raise Refused(
            f"Bạn gửi ý kiến quá nhiều lần trong thời gian ngắn, vui lòng thử lại sau {wait} giây.",
            status=429,
            code="rate_limited",
            retry_after=wait,
        )
    return reservation
