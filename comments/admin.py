"""The moderators' admin: the comment queue with one-click decisions, banned/suspect words, bans, the audit trail.

Decisions go through ``comments.moderation`` (permission, lock, audit, article
count, page cache); the classes here only wire them to lists, buttons and
messages. The queue is built to stay fast at a million comments: no full
COUNT(*), no facet counts, no per-row queries, orderings the indexes serve.
"""

from collections import Counter

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.core.validators import validate_email, validate_ipv46_address
from django.db.models import Exists, OuterRef
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator

from articles.desk import landing
from articles.desk.admin import ReadOnlyListAdmin
from articles.models import Article
from comments import moderation
from comments.models import Ban, Comment, ModerationEvent, WordRule

Status = Comment.Status


def pending_comments_panel(request) -> dict | None:
    """The landing page's "Có N ý kiến chờ duyệt": for moderators (their queue) and on the editors' desk.

    The count links to the queue for those who may open it; an editor who is
    not also a moderator reads the number only. Nobody else sees the panel.
    """
    user = request.user
    if not (user.has_perm(moderation.PERMISSION) or landing.role_of(user) == landing.EDITOR):
        return None
    may_open_queue = user.has_perm("comments.view_comment")
    return {
        "count": moderation.pending_count(),
        "queue_url": reverse("admin:comments_comment_changelist") if may_open_queue else None,
    }


def localized(moment) -> str:
    return format_date(timezone.localtime(moment), "H:i, d/m/Y") if moment else "—"


class CappedCountPaginator(Paginator):
    """Counts at most ``cap`` rows (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``), never the whole table.

    A filtered view of a million comments (all approved ones, a search) would
    otherwise count every match on each page load. Past the cap the list says
    "hơn 10.000" and pages stop there: narrow the filter to go further.
    ``articles.desk.admin.EstimatedCountPaginator`` does not fit, as the queue's
    views are all filtered (its row estimate applies only to unfiltered lists).
    """

    cap = 10_000
    capped = False

    @cached_property
    def count(self):
        counted = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)

    def validate_number(self, number):
        """A page past the end shows the last one: deciding the last rows of a page must not lose the filters."""
        try:
            return super().validate_number(number)
        except EmptyPage:
            if int(number) > 1:
                return self.num_pages
            raise


class StatusFilter(admin.SimpleListFilter):
    """The queue by default (what awaits a decision, oldest first); other statuses newest first."""

    title = "trạng thái"
    parameter_name = "status"
    FLAGGED = "flagged"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [
            (Status.APPROVED, "Đã duyệt"),
            (Status.REJECTED, "Từ chối"),
            (Status.SPAM, "Thư rác"),
            (self.FLAGGED, "Bị báo vi phạm"),
            (self.ALL, "Tất cả"),
        ]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "Chờ duyệt",
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset.awaiting_moderation()
        if value == self.ALL:
            return queryset
        if value == self.FLAGGED:
            return queryset.filter(flagged=True)
        if value in Status.values:
            return queryset.filter(status=value)
        raise IncorrectLookupParameters(f"Unknown status {value!r}")

    @classmethod
    def is_queue(cls, request) -> bool:
        return request.GET.get(cls.parameter_name) is None


class ArticleFilter(admin.SimpleListFilter):
    """One article's comments, reached from a row's "chỉ bài này" link (``?article=<id>``).

    It never lists the archive's articles: only the selected one is shown, so
    the filter panel stays one cheap query however many articles there are.
    """

    title = "bài viết"
    parameter_name = "article"

    def lookups(self, request, model_admin):
        value = self.value()
        if value is None:
            return []  # nothing chosen: the filter is not shown at all
        # Only an article the queue already shows (one with comments) or one this user may see in the admin:
        # a moderator learns nothing of drafts and scheduled stories by trying ids.
        visible = Article.objects.filter(pk=value) if value.isdigit() else Article.objects.none()
        if not request.user.has_perm("articles.view_article"):
            visible = visible.filter(Exists(Comment.objects.filter(article_id=OuterRef("pk"))))
        headline = visible.values_list("headline", flat=True).first()
        return [(value, Truncator(headline).chars(60) if headline else "Không có bài viết này")]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            raise IncorrectLookupParameters(f"Bad article id {value!r}")
        return queryset.filter(article_id=value)


class QueueChangeList(ChangeList):
    """Gives each row its "chỉ bài này" query string, keeping the list's other filters."""

    def get_results(self, request):
        super().get_results(request)
        for comment in self.result_list:
            comment.only_article_query = self.get_query_string(
                {ArticleFilter.parameter_name: comment.article_id}, [PAGE_VAR]
            )


DECISIONS = {
    # url segment: (function, success message, url name suffix)
    "duyet": (moderation.approve_comment, "Đã duyệt ý kiến của “{name}”.", "approve"),
    "tu-choi": (moderation.reject_comment, "Đã từ chối ý kiến của “{name}”.", "reject"),
    "thu-rac": (moderation.mark_spam, "Đã chuyển ý kiến của “{name}” vào thư rác.", "spam"),
}


def _error_text(error) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The moderation queue (the changelist) and a read-only page per comment with the decision buttons."""

    list_display = [
        "status_label",
        "decision_buttons",
        "excerpt",
        "reader",
        "article_link",
        "held_because",
        "report_count",
        "sent_at",
    ]
    list_display_links = ["excerpt"]
    list_filter = [StatusFilter, "reason", "article__section", "created_at", ArticleFilter]
    list_select_related = ["article__section"]
    search_fields = ["body", "name", "email"]  # plus exact IP and exact email: get_search_results
    search_help_text = "Tìm trong nội dung, tên, email; nhập đủ một email hoặc một địa chỉ IP để tìm đúng nó."
    sortable_by = []  # each status view has its own index-served order
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # facet counts would scan the table on every page
    paginator = CappedCountPaginator
    list_per_page = 100
    list_max_show_all = 200
    actions = ["approve_selected", "reject_selected", "spam_selected", "ban_emails", "ban_ips"]
    fieldsets = [
        ("Bạn đọc", {"fields": ["name", "email", "ip_address", "user_agent"]}),
        ("Ý kiến", {"fields": ["article_link", "parent_link", "body", "sent_at"]}),
        (
            "Kiểm duyệt",
            {"fields": ["status_label", "held_because", "report_count", "decided_by", "decided_at", "decision_note"]},
        ),
    ]
    readonly_fields = [
        "name",
        "email",
        "ip_address",
        "user_agent",
        "article_link",
        "parent_link",
        "body",
        "sent_at",
        "status_label",
        "held_because",
        "report_count",
        "decided_by",
        "decided_at",
        "decision_note",
    ]

    # Permissions: moderators decide through the buttons; nobody edits or adds a reader's comment here.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_moderate_permission(self, request):
        return request.user.has_perm(moderation.PERMISSION)

    def has_ban_permission(self, request):
        return request.user.has_perm("comments.add_ban")

    # The queue.
    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    def get_ordering(self, request):
        if StatusFilter.is_queue(request):
            return ["created_at", "id"]  # the comment_awaiting index, in this order
        return ["-created_at", "-id"]

    def get_search_results(self, request, queryset, search_term):
        """A whole IP address or email address is looked up exactly (indexed); anything else by substring."""
        term = search_term.strip()
        try:
            validate_ipv46_address(term)
        except ValidationError:
            pass
        else:
            return queryset.filter(ip_address=term), False
        if "@" in term and " " not in term:
            try:
                validate_email(term)
            except ValidationError:
                pass
            else:
                return queryset.filter(email__in={term, term.lower()}), False
        return super().get_search_results(request, queryset, search_term)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.has_view_permission(request):
            extra_context.setdefault("title", f"Hàng chờ kiểm duyệt — {moderation.pending_count()} ý kiến chờ duyệt")
        return super().changelist_view(request, extra_context)

    @admin.display(description="Trạng thái")
    def status_label(self, comment):
        label = comment.get_status_display()
        return f"{label} (bị báo vi phạm)" if comment.flagged else label

    @admin.display(description="Nội dung")
    def excerpt(self, comment):
        return Truncator(comment.body).chars(120)

    @admin.display(description="Bạn đọc")
    def reader(self, comment):
        return format_html("{}<br><small>{} · {}</small>", comment.name, comment.email, comment.ip_address or "—")

    @admin.display(description="Bài viết")
    def article_link(self, comment):
        article = comment.article
        link = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            article.get_absolute_url(),
            Truncator(article.headline).chars(70),
        )
        only_this = getattr(comment, "only_article_query", None)
        if only_this is None:
            return link
        return format_html('{} <a href="{}" class="only-article">(chỉ bài này)</a>', link, only_this)

    @admin.display(description="Lý do giữ lại")
    def held_because(self, comment):
        if comment.reason_detail:
            return f"{comment.get_reason_display()}: {comment.reason_detail}"
        return comment.get_reason_display()

    @admin.display(description="Gửi lúc")
    def sent_at(self, comment):
        return localized(comment.created_at)

    @admin.display(description="Trả lời ý kiến")
    def parent_link(self, comment):
        if not comment.parent_id:
            return "—"
        parent = comment.parent
        return format_html(
            '<a href="{}">{}</a> ({})',
            reverse("admin:comments_comment_change", args=[parent.pk]),
            Truncator(f"{parent.name}: {parent.body}").chars(80),
            parent.get_status_display(),
        )

    @admin.display(description="Quyết định")
    def decision_buttons(self, comment):
        """Submit buttons of the changelist's own form (its CSRF token), each posting to one decision URL."""
        buttons = []
        if comment.status != Status.APPROVED or comment.flagged:
            buttons.append(("duyet", "Duyệt", "approve"))
        if comment.status != Status.REJECTED:
            buttons.append(("tu-choi", "Từ chối", "reject"))
        if not buttons:
            return "—"
        return format_html_join(
            "",
            '<button type="submit" class="button decision-{}" formaction="{}" formmethod="post" formnovalidate'
            ' aria-label="{} ý kiến của {}">{}</button> ',
            (
                (
                    css,
                    reverse(f"admin:comments_comment_{DECISIONS[segment][2]}", args=[comment.pk]),
                    label,
                    comment.name,
                    label,
                )
                for segment, label, css in buttons
            ),
        )

    # The comment's page: read-only, with decisions, reports, the reader's other comments and the history.
    def get_object(self, request, object_id, from_field=None):
        queryset = self.get_queryset(request).select_related("article__section", "parent", "decided_by")
        model = queryset.model
        field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (model.DoesNotExist, ValidationError, ValueError):
            return None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self._comment_page_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _comment_page_context(self, request, comment):
        return {
            "comment": comment,
            "can_moderate": self.has_moderate_permission(request),
            "decision_urls": {
                name: reverse(f"admin:comments_comment_{name}", args=[comment.pk])
                for name in ("approve", "reject", "spam")
            },
            "other_comments": list(
                Comment.objects.filter(email=comment.email)
                .exclude(pk=comment.pk)
                .select_related("article__section")
                .order_by("-created_at", "-id")[:20]
            ),
            "events": list(comment.events.select_related("actor")[:50]),
            "reports": list(comment.reports.order_by("-created_at")[:50]),
        }

    # Decisions, one URL each, POST only.
    def get_urls(self):
        decision_urls = [
            path(
                f"<int:pk>/{segment}/",
                self.admin_site.admin_view(self.decision_view),
                {"segment": segment},
                name=f"comments_comment_{name}",
            )
            for segment, (_, _, name) in DECISIONS.items()
        ]
        return [*decision_urls, *super().get_urls()]

    def decision_view(self, request, pk, segment):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment, pk=pk)
        decide, done, _ = DECISIONS[segment]
        try:
            decide(comment=comment, moderator=request.user, note=request.POST.get("note", "").strip())
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, f"Ý kiến của “{comment.name}”: {_error_text(error)}")
        else:
            messages.success(request, done.format(name=comment.name))
        return HttpResponseRedirect(self._back_to(request))

    def _back_to(self, request) -> str:
        target = request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return reverse("admin:comments_comment_changelist")

    # Bulk actions.
    def _decide_each(self, request, queryset, decide, done_message):
        done, refused = 0, Counter()
        for comment in queryset.order_by("created_at", "id"):  # a parent before its replies
            try:
                decide(comment=comment, moderator=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                refused[_error_text(error)] += 1
        if done:
            messages.success(request, done_message.format(count=done))
        for reason, count in refused.items():
            messages.error(request, f"{count} ý kiến không xử lý được: {reason}")

    @admin.action(description="Duyệt các ý kiến đã chọn", permissions=["moderate"])
    def approve_selected(self, request, queryset):
        self._decide_each(request, queryset, moderation.approve_comment, "Đã duyệt {count} ý kiến.")

    @admin.action(description="Từ chối các ý kiến đã chọn", permissions=["moderate"])
    def reject_selected(self, request, queryset):
        self._decide_each(request, queryset, moderation.reject_comment, "Đã từ chối {count} ý kiến.")

    @admin.action(description="Đánh dấu thư rác các ý kiến đã chọn", permissions=["moderate"])
    def spam_selected(self, request, queryset):
        self._decide_each(request, queryset, moderation.mark_spam, "Đã chuyển {count} ý kiến vào thư rác.")

    def _ban(self, request, queryset, kind, what):
        comments = list(queryset.select_related(None).only("pk", "email", "ip_address"))
        reason = "Từ ý kiến " + ", ".join(f"#{comment.pk}" for comment in comments[:10])
        added = moderation.ban_readers(comments=comments, kind=kind, moderator=request.user, reason=reason)
        if added:
            messages.success(request, f"Đã chặn {added} {what}.")
        else:
            messages.info(request, f"Các {what} này đã bị chặn từ trước.")

    @admin.action(description="Chặn email của người gửi", permissions=["ban"])
    def ban_emails(self, request, queryset):
        self._ban(request, queryset, Ban.Kind.EMAIL, "email")

    @admin.action(description="Chặn IP của người gửi", permissions=["ban"])
    def ban_ips(self, request, queryset):
        self._ban(request, queryset, Ban.Kind.IP, "địa chỉ IP")

    # Deleting (superusers only) keeps the article's count and page right.
    def delete_model(self, request, obj):
        moderation.delete_comments(comments=[obj], user=request.user)

    def delete_queryset(self, request, queryset):
        moderation.delete_comments(comments=list(queryset.select_related(None).only("pk")), user=request.user)

    def get_deleted_objects(self, objs, request):
        """A comment's history goes with it: deleting needs no permission on the (read-only) audit trail."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed - {str(ModerationEvent._meta.verbose_name)}, protected


class RecordsCreator:
    """Admin mixin: a new row remembers the staff member who added it."""

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(WordRule)
class WordRuleAdmin(RecordsCreator, admin.ModelAdmin):
    """Banned words send a comment to spam; suspect words hold it. Matching ignores accents and case."""

    list_display = ["phrase", "kind", "created_by", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["created_by"]
    search_fields = ["phrase", "folded"]
    fields = ["phrase", "kind"]
    show_facets = admin.ShowFacets.NEVER


@admin.register(Ban)
class BanAdmin(RecordsCreator, admin.ModelAdmin):
    list_display = ["value", "kind", "reason", "active", "expires_at", "created_by", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["created_by"]
    search_fields = ["value", "reason"]
    fields = ["kind", "value", "reason", "expires_at"]
    show_facets = admin.ShowFacets.NEVER

    @admin.display(description="Đang có hiệu lực", boolean=True)
    def active(self, ban):
        return ban.expires_at is None or ban.expires_at > timezone.now()


@admin.register(ModerationEvent)
class ModerationEventAdmin(ReadOnlyListAdmin):
    """The audit trail across comments, newest first (by id: the primary key's index serves it)."""

    list_display = ["at_label", "action", "comment_link", "actor", "note"]
    list_filter = ["action"]
    list_select_related = ["comment", "actor"]
    ordering = ["-id"]
    sortable_by = []
    show_facets = admin.ShowFacets.NEVER
    paginator = CappedCountPaginator
    list_per_page = 100
    view_permission = "comments.view_moderationevent"

    @admin.display(description="Lúc")
    def at_label(self, event):
        return localized(event.at)

    @admin.display(description="Ý kiến")
    def comment_link(self, event):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:comments_comment_change", args=[event.comment_id]),
            Truncator(f"{event.comment.name}: {event.comment.body}").chars(80),
        )
