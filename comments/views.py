"""The reader's side of comments: the form page and posting, the token endpoint, the comments page, reports.

Thin views: the rules live in ``comments.posting``, ``comments.abuse``,
``comments.policy`` and ``comments.reports``. Only the comments page is a
cached public page; everything that carries a token or changes data is
``never_cache``.

The reader's address is ``REMOTE_ADDR`` only. ``X-Forwarded-For`` is not read:
any client can send it, so trusting it would let anyone dodge IP bans and
rate limits. Behind a reverse proxy, the proxy (or a middleware that knows how
many proxies there are) must set ``REMOTE_ADDR`` to the real client address.
"""

import ipaddress
import logging
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from articles.models import Article
from comments.abuse import make_form_token, renewed_token, token_for_retry
from comments.forms import BODY_MAX_LENGTH, HONEYPOT_FIELD, CommentForm
from comments.models import Comment
from comments.policy import comments_open
from comments.posting import Refused, post_comment
from comments.reports import report_comment, reportable_comments
from comments.threads import AFTER, BEFORE, approved_thread
from newsroom.page_cache import article_dependency, public_page
from newsroom.paging import missing_page_is_404

logger = logging.getLogger(__name__)

CONFIRM_NOTICE = "Vui lòng bấm Gửi để xác nhận ý kiến của bạn."
REPLY_REFUSED_HINT = " Nếu bấm Gửi, ý kiến sẽ được gửi thành một ý kiến mới."
OUTAGE_NOTICE = "Hệ thống đang gián đoạn, ý kiến của bạn chưa được gửi, vui lòng bấm Gửi lại sau ít phút."
OUTAGE_RETRY_AFTER = 60
# PostgreSQL down, unreachable or past its statement timeout (never a bug in a query).
DATABASE_OUTAGE = (OperationalError, InterfaceError)


def client_ip(request) -> str | None:
    """The connection's address, normalised; None if the server gave none that parses."""
    try:
        return str(ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")))
    except ValueError:
        return None


def _published_articles():
    return Article.objects.published().select_related("section")


def _reply_target(article, value) -> Comment | None:
    """The approved top-level comment of ``article`` that ``value`` (``?tra-loi=`` or ``parent``) names, if any."""
    if not value or not str(value).isdigit():
        return None
    return (
        Comment.objects.approved()
        .filter(pk=int(value), article_id=article.pk, parent__isnull=True)
        .only("id", "name", "body", "created_at")
        .first()
    )


def _after_post_url(article, flag: str) -> str:
    return f"{article.get_absolute_url()}?{flag}=1#y-kien"


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303  # the browser follows with a GET: reloading the article never re-posts
    return response


def _form_page(request, article, form, *, status=200, token=None, reply_to=None, notice=""):
    context = {
        "article": article,
        "form": form,
        "open": comments_open(article),
        "csrf_value": get_token(request),
        "form_token": token or make_form_token(article.pk),
        "reply_to": reply_to,
        "notice": notice,
        "body_max_length": BODY_MAX_LENGTH,
    }
    response = render(request, "comments/form_page.html", context, status=status)
    add_never_cache_headers(response)
    return response


@dataclass(frozen=True)
class _UnavailableArticle:
    """The little the form page shows of an article it cannot load while the database is down."""

    pk: int
    url: str
    headline: str = "(tiêu đề bài viết tạm thời không hiển thị được)"

    def get_absolute_url(self) -> str:
        return self.url


@dataclass(frozen=True)
class _UnavailableComment:
    """The comment a reply answers, by id only, so the reply stays a reply when sent again."""

    pk: int
    name: str = "bạn đọc"
    body: str = "(Nội dung ý kiến bạn trả lời tạm thời không hiển thị được.)"
    created_at: None = None


def _back_url(request) -> str:
    """Where "Quay lại bài viết" leads without the database: the page the form was sent from, else the homepage."""
    referer = request.headers.get("Referer", "")
    same_site = url_has_allowed_host_and_scheme(referer, {request.get_host()}, require_https=request.is_secure())
    return referer if same_site and urlsplit(referer).path != request.path else "/"


def _outage_form_page(request, article_id: int, error: Exception):
    """The form again, 503, with what the reader wrote: rendered from the request alone, no query.

    Nothing was saved (``post_comment`` writes in one transaction), so "Gửi"
    later sends it once, with a renewed form token (``renewed_token``).
    """
    logger.error(
        "Database unavailable, comment on article %s not saved, form shown again: %s", article_id, type(error).__name__
    )
    kept = {name: request.POST.get(name, "") for name in ("name", "email", "body")}
    parent = request.POST.get("parent", "")
    context = {
        "article": _UnavailableArticle(pk=article_id, url=_back_url(request)),
        "form": CommentForm(initial=kept),
        "open": True,  # unknown until the database is back; checked again when the comment is sent
        "csrf_value": get_token(request),
        "form_token": renewed_token(request.POST.get("token", ""), article_id),
        "reply_to": _UnavailableComment(pk=int(parent)) if parent.isdigit() else None,
        "notice": OUTAGE_NOTICE,
        "body_max_length": BODY_MAX_LENGTH,
        "site_menu": (),  # the section menu needs the database
    }
    response = render(request, "comments/form_page.html", context, status=503)
    add_never_cache_headers(response)
    response["Retry-After"] = str(OUTAGE_RETRY_AFTER)
    response._has_been_logged = True  # logged above, once: Django's request logger adds no second line
    return response


def _text_kept_through_outage(view):
    """A comment sent while the database is unreachable gets its form back, text kept (``_outage_form_page``).

    Other methods fall through to the site's outage answer (newsroom.faults).
    """

    @wraps(view)
    def wrapper(request, article_id):
        try:
            return view(request, article_id)
        except DATABASE_OUTAGE as error:
            if request.method != "POST":
                raise
            return _outage_form_page(request, article_id, error)

    return wrapper


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@_text_kept_through_outage
def post(request, article_id):
    """GET: the form page (``?tra-loi=<id>`` to reply). POST: post a comment, then back to the article.

    A refusal shows the form page again with the reader's values, the message
    and the status it calls for (400, 403 closed or banned, 429 too many); a
    database outage, with a "try again" notice and 503.
    """
    article = get_object_or_404(_published_articles(), pk=article_id)
    if request.method != "POST":
        return _form_page(request, article, CommentForm(), reply_to=_reply_target(article, request.GET.get("tra-loi")))
    form = CommentForm(request.POST)
    submitted_token = request.POST.get("token", "")
    retry_after = None
    if not form.is_valid():
        status = 400 if comments_open(article) else 403
    else:
        data = form.cleaned_data
        try:
            post_comment(
                article=article,
                name=data["name"],
                email=data["email"],
                body=data["body"],
                parent_id=data["parent"],
                token=data["token"],
                honeypot=data[HONEYPOT_FIELD],
                ip=client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
            )
        except Refused as refusal:
            hint = REPLY_REFUSED_HINT if refusal.code in ("bad_parent", "reply_to_reply") else ""
            form.add_error(refusal.field, refusal.message + hint)
            status, retry_after = refusal.status, refusal.retry_after
        else:
            return _see_other(_after_post_url(article, "da-gui"))
    response = _form_page(
        request,
        article,
        form,
        status=status,
        token=token_for_retry(submitted_token, article.pk),
        reply_to=_reply_target(article, request.POST.get("parent")),
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@never_cache
@require_GET
def session(request, article_id):
    """The tokens the cached article page cannot carry, fetched by comments.js: ``{"csrf", "token"}``.

    Costs no database query (it runs on every article view with JavaScript):
    the form token only binds the article id; whether the article takes
    comments is checked when the comment is posted.
    """
    return JsonResponse({"csrf": get_token(request), "token": make_form_token(article_id)})


@require_safe
@missing_page_is_404
def comment_list(request, article_id):
    """Every approved comment of an article, a page of top-level ones at a time (cached; two queries)."""
    article = get_object_or_404(_published_articles(), pk=article_id)
    after, before = request.GET.get(AFTER), request.GET.get(BEFORE)
    if after is not None and before is not None:
        raise Http404("Trang không tồn tại.")
    thread = approved_thread(article.pk, limit=settings.COMMENTS["PER_PAGE"], after=after, before=before)
    context = {"article": article, "thread": thread, "open": comments_open(article)}
    return public_page(render(request, "comments/list_page.html", context), depends_on=[article_dependency(article.pk)])


@never_cache
@require_POST
def report(request, comment_id):
    """ "Báo vi phạm" on an approved comment, then back to the article with a thank-you notice."""
    comment = get_object_or_404(reportable_comments().select_related("article__section"), pk=comment_id)
    try:
        report_comment(comment=comment, ip=client_ip(request))
    except Comment.DoesNotExist:
        raise Http404("Ý kiến không tồn tại.") from None
    return _see_other(_after_post_url(comment.article, "da-bao"))


def csrf_failure(request, reason=""):
    """``settings.CSRF_FAILURE_VIEW``: the comment form or the report confirmation again with real tokens,
    else a Vietnamese 403 page.

    The cached article page carries no CSRF token, so a reader whose browser
    ran no JavaScript lands here: the text they wrote is kept and one more
    click on "Gửi" sends it.
    """
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    response = None
    if request.method == "POST" and view_name == "comments:post":
        response = _confirm_comment(request, match.kwargs["article_id"])
    elif request.method == "POST" and view_name == "comments:report":
        response = _confirm_report(request, match.kwargs["comment_id"])
    if response is None:
        response = render(request, "comments/csrf_failure.html", status=403)
    add_never_cache_headers(response)
    return response


@_text_kept_through_outage
def _confirm_comment(request, article_id):
    article = _published_articles().filter(pk=article_id).first()
    if article is None:
        return None
    kept = {name: request.POST.get(name, "") for name in ("name", "email", "body")}
    return _form_page(
        request,
        article,
        CommentForm(initial=kept),
        status=403,
        token=token_for_retry(request.POST.get("token", ""), article.pk),
        reply_to=_reply_target(article, request.POST.get("parent")),
        notice=CONFIRM_NOTICE,
    )


def _confirm_report(request, comment_id):
    comment = reportable_comments().select_related("article__section").filter(pk=comment_id).first()
    if comment is None:
        return None
    context = {"comment": comment, "article": comment.article, "csrf_value": get_token(request)}
    return render(request, "comments/report_confirm.html", context, status=403)
