"""The desk: where staff land in the admin (``/admin/``), one page per role.

Editors (and superusers) see what needs them: the stories waiting for review,
oldest first with their age and reporter; today's and tomorrow's schedule as a
timeline; the latest published stories with their views; their own drafts; and
the panels other apps plug in (``register_panel``: the comments app shows its
pending count there, so this module imports nothing from it). Reporters see
their own drafts, the ones an editor returned first, each with the editor's
note. Anyone else (moderators) keeps the admin's index, the panels on top.

Every list is LIMITed and read through an index of ``Article`` (the archive
holds hundreds of thousands of rows), and the page runs the same number of
queries whatever it lists. Times are the paper's (``newsroom.clock``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib import admin
from django.db.models import F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, DailyViews, WorkflowEvent
from newsroom.clock import paper_time

Status = Article.Status
Action = WorkflowEvent.Action

LIST_LIMIT = 20  # rows of each list; a longer one links to the full admin list
RECENT_LIMIT = 10
EDITOR, REPORTER = "editor", "reporter"


@dataclass(frozen=True)
class Panel:
    """A box another app shows on the landing page: a title, a template and its context (None hides it)."""

    title: str
    template: str
    context: Callable[..., dict | None]


_panels: list[Panel] = []


def register_panel(*, title: str, template: str, context: Callable[..., dict | None]) -> None:
    """Show ``template`` on every landing page (the editor's desk, the moderators' index) with ``context(request)``.

    The template gets the context as ``panel``; the editor's desk puts it in a
    box headed ``title``.
    The function decides who sees the panel: it returns None to show nothing.
    It runs once per landing, so it should make at most a query or two.
    Registering the same template again replaces the earlier panel.
    """
    _panels[:] = [panel for panel in _panels if panel.template != template]
    _panels.append(Panel(title=title, template=template, context=context))


def panels_for(request) -> list[dict]:
    """The registered panels this user sees, as ``{"title": …, "template": …, "context": …}``."""
    shown = []
    for panel in _panels:
        context = panel.context(request)
        if context is not None:
            shown.append({"title": panel.title, "template": panel.template, "context": context})
    return shown


def role_of(user) -> str | None:
    """Which desk the user lands on: editors (who publish) and superusers, reporters, or none (the admin index)."""
    if user.has_perm("articles.publish_article"):
        return EDITOR
    if user.has_perm("articles.add_article"):
        return REPORTER
    return None


def age(delta: timedelta) -> str:
    """How long something has waited, in Vietnamese: "dưới 1 phút", "25 phút", "3 giờ 10 phút", "2 ngày 4 giờ"."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    if minutes < 1:
        return "dưới 1 phút"
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} ngày {hours} giờ" if hours else f"{days} ngày"
    if hours:
        return f"{hours} giờ {minutes} phút" if minutes else f"{hours} giờ"
    return f"{minutes} phút"


def views_text(count: int) -> str:
    return f"{count:,}".replace(",", ".") + " lượt xem"


def _local_midnight(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _last_event(*actions, field="at"):
    """The ``field`` of the article's latest workflow event among ``actions`` (the index on article, -at)."""
    events = WorkflowEvent.objects.filter(article=OuterRef("pk"), action__in=actions).order_by("-at", "-id")
    return Subquery(events.values(field)[:1])


def _desk_rows(queryset):
    """Rows of the desk's lists: what they show and no more (never the body or the search document)."""
    return queryset.defer("body", "lead", "search_vector", "seo_title", "seo_description")


def waiting_for_review(now) -> list[Article]:
    """Stories in review, the longest waiting first, with ``submitted_at``, ``age`` and ``reporter``.

    Waiting counts from the latest "Gửi duyệt", so an editor's touch does not
    send a story to the back of the queue (a story put in review without
    one counts from its last save). The filter reads ``article_admin_status``.
    """
    rows = list(
        _desk_rows(Article.objects.not_trashed().filter(status=Status.REVIEW))
        .select_related("section", "created_by")
        .annotate(submitted_at=Coalesce(_last_event(Action.SUBMIT), F("updated_at")))
        .order_by("submitted_at", "id")[: LIST_LIMIT + 1]
    )
    for article in rows:
        article.age = age(now - article.submitted_at)
        article.submitted_text = paper_time(article.submitted_at)
        article.reporter = _person(article.created_by)
    return rows


def schedule(now) -> list[dict]:
    """Scheduled stories of today and tomorrow (the paper's days), as ``[{"label", "day", "items"}]``.

    Read from the index of published articles (``article_public_latest``),
    from now to the end of tomorrow, earliest first.
    """
    today = timezone.localdate(now)
    tomorrow = today + timedelta(days=1)
    items = list(
        _desk_rows(Article.objects.not_trashed().filter(status=Status.PUBLISHED))
        .filter(published_at__gt=now, published_at__lt=_local_midnight(tomorrow + timedelta(days=1)))
        .select_related("section")
        .order_by("published_at", "id")[: LIST_LIMIT * 2]
    )
    days = []
    for label, day in (("Hôm nay", today), ("Ngày mai", tomorrow)):
        day_items = [item for item in items if timezone.localdate(item.published_at) == day]
        days.append({"label": label, "day": day, "items": day_items})
    return days


def recently_published(limit=RECENT_LIMIT) -> list[Article]:
    """The latest stories readers can see, newest first, each with ``views`` (all counted days) and its text."""
    views = (
        DailyViews.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(total=Sum("views"))
        .values("total")
    )
    rows = list(
        _desk_rows(Article.objects.published())
        .select_related("section")
        .annotate(views=Coalesce(Subquery(views), 0))
        .order_by("-published_at", "-id")[:limit]
    )
    for article in rows:
        article.views_text = views_text(article.views)
        article.published_text = paper_time(article.published_at)
    return rows


def own_drafts(user) -> list[Article]:
    """The user's drafts, last saved first (``article_admin_owner``: the user's own articles)."""
    rows = list(
        _desk_rows(Article.objects.not_trashed().filter(created_by=user, status=Status.DRAFT))
        .select_related("section")
        .order_by("-updated_at", "-id")[: LIST_LIMIT + 1]
    )
    for article in rows:
        article.updated_text = paper_time(article.updated_at)
    return rows


def returned_drafts(user) -> list[Article]:
    """The user's drafts an editor sent back, last returned first, each with the editor's ``note``.

    A draft is "returned" while its latest "Gửi duyệt" or "Trả về nháp" event
    is a return (the reporter has not sent it again). Each carries
    ``returned_by``, ``returned_text`` and ``note``, from its latest return,
    read in one more query (DISTINCT ON the article).
    """
    rows = list(
        _desk_rows(Article.objects.not_trashed().filter(created_by=user, status=Status.DRAFT))
        .select_related("section")
        .annotate(
            last_turn=_last_event(Action.SUBMIT, Action.RETURN, field="action"), returned_at=_last_event(Action.RETURN)
        )
        .filter(last_turn=Action.RETURN)
        .order_by("-returned_at", "-id")[: LIST_LIMIT + 1]
    )
    returns = (
        WorkflowEvent.objects.filter(article__in=[article.pk for article in rows], action=Action.RETURN)
        .select_related("actor")
        .order_by("article_id", "-at", "-id")
        .distinct("article_id")
    )
    latest = {event.article_id: event for event in returns} if rows else {}
    for article in rows:
        event = latest.get(article.pk)
        article.note = event.note if event else ""
        article.returned_by = _person(event.actor) if event else "—"
        article.returned_text = paper_time(article.returned_at)
        article.updated_text = paper_time(article.updated_at)
    return rows


def _person(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def _more(rows: list, limit: int) -> tuple[list, bool]:
    return rows[:limit], len(rows) > limit


def editor_desk(request) -> dict:
    now = timezone.now()
    changelist = reverse("admin:articles_article_changelist")
    waiting, more_waiting = _more(waiting_for_review(now), LIST_LIMIT)
    drafts, more_drafts = _more(own_drafts(request.user), LIST_LIMIT)
    return {
        "role": EDITOR,
        "waiting": waiting,
        "waiting_all_url": f"{changelist}?status__exact={Status.REVIEW}" if more_waiting else None,
        "schedule": schedule(now),
        "recent": recently_published(),
        "drafts": drafts,
        "drafts_all_url": f"{changelist}?status__exact={Status.DRAFT}" if more_drafts else None,
    }


def reporter_desk(request) -> dict:
    changelist = reverse("admin:articles_article_changelist")
    returned, more_returned = _more(returned_drafts(request.user), LIST_LIMIT)
    shown = {article.pk for article in returned}
    own = own_drafts(request.user)
    drafts = [article for article in own[:LIST_LIMIT] if article.pk not in shown]
    more_drafts = len(own) > LIST_LIMIT or more_returned
    return {
        "role": REPORTER,
        "returned": returned,
        "drafts": drafts,
        "drafts_all_url": f"{changelist}?status__exact={Status.DRAFT}" if more_drafts else None,
    }


DESKS = {EDITOR: editor_desk, REPORTER: reporter_desk}


def index(request, extra_context=None):
    """The admin's landing page (mounted on ``/admin/`` in newsroom/urls.py, wrapped in ``admin_view``).

    The admin index's own context (the app list, the site's names) plus the
    user's desk, if their role has one, and the registered panels.
    """
    site = admin.site
    role = role_of(request.user)
    desk = DESKS[role](request) if role else None
    context = {
        **site.each_context(request),
        "title": site.index_title if desk is None else ("Bàn biên tập" if role == EDITOR else "Bài của tôi"),
        "subtitle": None,
        "app_list": site.get_app_list(request),
        "desk": desk,
        "desk_panels": panels_for(request),
        "add_article_url": reverse("admin:articles_article_add") if role else None,
        **(extra_context or {}),
    }
    request.current_app = site.name
    return TemplateResponse(request, "admin/articles/desk.html", context)
