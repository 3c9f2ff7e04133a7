"""The desk's admin: articles with their workflow, the photo library, bylines, sections, print issues."""

import json
import re
import uuid
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, connections
from django.db.models import QuerySet
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join

from articles.content import images, photo_usage, print_editions, publishing
from articles.content.text import fold
from articles.desk import writing
from articles.desk.editing import save_article
from articles.desk.forms import PUBLISH_AT_PARAM, ArticleAdminForm, PhotoForm, PrintIssueForm
from articles.desk.revisions import restore_revision, versions_of
from articles.models import (
    Article,
    ArticlePhoto,
    Author,
    Byline,
    Correction,
    HomepageSlot,
    Photo,
    PrintIssue,
    Section,
    Tag,
    TrashedArticle,
    WorkflowEvent,
)
from articles.models.search_document import CONFIG as SEARCH_CONFIG
from articles.site import page_dependencies
from newsroom import page_cache
from newsroom.clock import paper_time

_TSQUERY_WORD = re.compile(r"[a-z0-9]+")  # a folded word, nothing tsquery syntax could read


class EstimatedCountPaginator(Paginator):
    """Long lists use PostgreSQL's row estimate instead of a full COUNT(*) over the archive.

    The planner's estimate of the list's query (EXPLAIN, no rows read); when it
    says more than ``EXACT_BELOW`` rows the page numbers use it, otherwise the
    list is counted exactly. Counting 200,000 articles took longer than
    showing a page of them.

    A page past ``DEFERRED_FROM`` rows first takes its ids (the list's filters,
    order, offset and limit, selecting the id only, which an index in the
    list's order answers without reading the rows), then those rows. Page
    2,000 of the article list read and threw away 100,000 wide rows.
    """

    EXACT_BELOW = 10_000
    DEFERRED_FROM = 1_000

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < self.DEFERRED_FROM or not isinstance(self.object_list, QuerySet):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)

    @cached_property
    def count(self):
        queryset = self.object_list
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        estimate = int(plan[0]["Plan"]["Plan Rows"])
        return estimate if estimate > self.EXACT_BELOW else super().count


def thumbnail(photo, width=120):
    if not photo or not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" loading="lazy">', photo.rendition_url(480), photo.alt_text, width
    )


SLUG_JS = "articles/admin/slug.js"


class RefreshesPublicPages:
    """Admin mixin: saving or deleting these records changes what readers see, so the cached pages that show
    them are dropped (``shown_on``: every page, unless the records show on fewer)."""

    shown_on = (page_cache.SITE,)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        page_cache.bump(self.shown_on)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        page_cache.bump(self.shown_on, hard=True)  # a deleted photo or author is never shown again, not even stale

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        page_cache.bump(self.shown_on, hard=True)


class VietnameseSlugAdmin(admin.ModelAdmin):
    """Slugs typed for the editor as the server makes them (đ → d, marks removed)."""

    class Media:
        js = ["admin/js/urlify.js", SLUG_JS]  # after Django's URLify, which it replaces


@admin.register(Section)
class SectionAdmin(RefreshesPublicPages, VietnameseSlugAdmin):
    list_display = ["name", "parent", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(RefreshesPublicPages, VietnameseSlugAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(RefreshesPublicPages, VietnameseSlugAdmin):
    list_display = ["name", "user", "is_active"]
    list_filter = ["is_active"]
    list_select_related = ["user"]
    search_fields = ["name"]
    autocomplete_fields = ["portrait"]
    prepopulated_fields = {"slug": ["name"]}


class PhotoUsageFilter(admin.SimpleListFilter):
    """Photos no article uses, nor any kept revision of one (articles.content.photo_usage): the ones to tidy up."""

    title = "sử dụng"
    parameter_name = "su_dung"

    def lookups(self, request, model_admin):
        return [("chua-dung", "chưa dùng"), ("da-dung", "đã dùng")]

    def queryset(self, request, queryset):
        if self.value() == "chua-dung":
            return photo_usage.unused(queryset)
        if self.value() == "da-dung":
            return photo_usage.used(queryset)
        return queryset


@admin.register(Photo)
class PhotoAdmin(RefreshesPublicPages, admin.ModelAdmin):
    form = PhotoForm
    list_display = ["preview", "caption", "credit", "taken_on", "dimensions", "uploaded_by", "uploaded_at"]
    list_select_related = ["uploaded_by"]
    search_fields = ["caption", "credit", "alt_text"]
    list_filter = [PhotoUsageFilter]
    date_hierarchy = "uploaded_at"
    readonly_fields = ["preview_large", "dimensions", "uploaded_by", "uploaded_at"]
    fields = ["image", "preview_large", "caption", "credit", "alt_text", "taken_on"]
    fields += ["dimensions", "uploaded_by", "uploaded_at"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator

    @admin.display(description="Ảnh")
    def preview(self, photo):
        return thumbnail(photo)

    @admin.display(description="Xem trước")
    def preview_large(self, photo):
        return thumbnail(photo, width=480) if photo.pk else "—"

    @admin.display(description="Kích thước")
    def dimensions(self, photo):
        return f"{photo.width}×{photo.height}" if photo.width else "—"

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return publishing.can_edit_photo(request.user, obj)

    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, {"title": "Tải ảnh lên", **(extra_context or {})})

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("image")
        if "image" in form.changed_data and upload:
            images.store_photo_image(obj, upload, uploaded_by=request.user)
        else:
            obj.save()
        page_cache.site_changed()


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "role", "position"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """The author picker keeps only "add": beside the story there is no room for edit/delete/view icons,
        and an author's record is changed in **Tác giả**, not from an article."""
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "author" and hasattr(formfield.widget, "can_change_related"):
            formfield.widget.can_change_related = formfield.widget.can_delete_related = False
            formfield.widget.can_view_related = False
        return formfield


class StoryPhotoInline(admin.TabularInline):
    model = ArticlePhoto
    extra = 0
    autocomplete_fields = ["photo"]
    fields = ["photo", "position"]
    verbose_name_plural = "ảnh của phóng sự ảnh (theo thứ tự)"


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["created_at", "note"]

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("articles.publish_article")


def _refusal_text(error) -> str:
    """A refused transition's reasons, escaped except the links a reason carries (a photo to complete)."""
    return format_html_join(" ", "{}", ((message,) for message in getattr(error, "messages", [str(error)])))


def _run_transition(request, queryset, transition, done_message, **kwargs):
    done = 0
    for article in queryset:
        try:
            transition(article=article, **kwargs)
            done += 1
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, format_html("“{}”: {}", article, _refusal_text(error)))
    if done:
        messages.success(request, done_message.format(count=done))


RETURN_NOTE_LENGTH = WorkflowEvent._meta.get_field("note").max_length
RESUBMISSION_WINDOW = timedelta(minutes=30)  # an identical new article this soon is the same form sent again


class StatusFilter(admin.SimpleListFilter):
    """The workflow as the desk says it: a scheduled story is "Hẹn giờ", not "Đã xuất bản"."""

    title = "trạng thái"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(state, label) for state, (label, _) in publishing.DESK_STATES.items()]

    def queryset(self, request, queryset):
        state = publishing.DESK_STATES.get(self.value())
        return state[1](queryset) if state else queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "section", "byline_names", "status_label", "published_at", "updated_at"]
    # Authors as a plain list (RelatedOnly… looked for the authors of every article in the archive on each view).
    list_filter = [StatusFilter, "kind", "section", ("bylines__author", admin.RelatedFieldListFilter), "published_at"]
    list_select_related = ["section", "section__parent"]
    search_fields = ["headline"]  # words of the headline, accents or not (get_search_results)
    ordering = ["-updated_at"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # facet counts would scan the archive on every list view
    paginator = EstimatedCountPaginator
    list_per_page = 50
    autocomplete_fields = ["tags", "cover_photo"]
    prepopulated_fields = {"slug": ["headline"]}
    inlines = [BylineInline, StoryPhotoInline, CorrectionInline]
    actions = ["publish_selected", "unpublish_selected", "trash_selected"]
    readonly_fields = ["workflow_state", "cover_preview", "history"]
    # Laid out for writing (admin/articles/article/change_form.html): the story in the wide column, the
    # headline first; what decides where and when it appears beside it; the rest below.
    fieldsets = [
        (None, {"classes": ["writing-main"], "fields": ["headline", "kicker", "lead", "body"]}),
        (
            "Xuất bản",
            {
                "classes": ["writing-side"],
                "fields": [
                    "workflow_state",
                    "publish_at",
                    "backdate",
                    "slug",
                    "comments_enabled",
                    "base_version",
                    "form_key",
                ],
            },
        ),
        ("Phân loại", {"classes": ["writing-side"], "fields": ["section", "tags", "kind", "credit_line"]}),
        (
            "Ảnh và video",
            {"classes": ["writing-side"], "fields": ["cover_photo", "cover_preview", "video_url", "video_file"]},
        ),
        ("SEO", {"classes": ["collapse"], "fields": ["seo_title", "seo_description"]}),
        ("Lịch sử", {"classes": ["collapse"], "fields": ["history"]}),
    ]

    class Media:
        js = ["articles/admin/editor.js", "admin/js/urlify.js", SLUG_JS, "articles/admin/writing.js"]
        css = {"all": ["articles/admin/lists.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in writing.GUIDANCE:
            kwargs["widget"] = writing.counted_widget(db_field.name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        """Articles whose headline has every word typed (the start of the last one is enough), accents or not.

        Answered by the search index (``search_vector``, the headline's words
        carry weight A) instead of a ``LIKE '%…%'`` over the whole archive.
        """
        words = _TSQUERY_WORD.findall(fold(search_term))
        if not words:
            return queryset, False
        terms = [f"{word}:A" for word in words[:-1]] + [f"{words[-1]}:*A"]
        query = SearchQuery(" & ".join(terms), search_type="raw", config=SEARCH_CONFIG)
        return queryset.filter(search_vector=query), False

    def get_queryset(self, request):
        queryset = (
            super().get_queryset(request).not_trashed().defer("search_vector").prefetch_related("bylines__author")
        )
        if not request.user.has_perm("articles.edit_any_article"):
            queryset = queryset.filter(created_by=request.user)
        if getattr(request.resolver_match, "url_name", None) == "articles_article_changelist":
            queryset = queryset.defer("body", "lead")  # the list shows neither; a deep page skips thousands of rows
        return queryset

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if not request.user.has_perm("articles.publish_article"):
            actions.pop("publish_selected", None)
            actions.pop("unpublish_selected", None)
        if not request.user.has_perm("articles.delete_article"):
            actions.pop("trash_selected", None)
        return actions

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return publishing.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # articles go to the trash (an action), never straight out of the database

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not request.user.has_perm("articles.publish_article"):
            fieldsets = [
                (name, {**opts, "fields": [f for f in opts["fields"] if f not in ("publish_at", "backdate")]})
                for name, opts in fieldsets
            ]
        return fieldsets

    @admin.display(description="Tác giả")
    def byline_names(self, article):
        return ", ".join(byline.author.name for byline in article.bylines.all()) or article.credit_line or "—"

    @admin.display(description="Trạng thái", ordering="status")
    def status_label(self, article):
        if article.is_scheduled:
            return "Hẹn giờ"
        return article.get_status_display()

    @admin.display(description="Trạng thái")
    def workflow_state(self, article):
        if not article.pk:
            return "Bài mới (bản nháp)"
        label = self.status_label(article)
        if article.published_at:
            return f"{label} — {paper_time(article.published_at)}"
        latest = article.events.select_related("actor").order_by("-at", "-id").first()
        if article.status == Article.Status.DRAFT and latest and latest.action == WorkflowEvent.Action.RETURN:
            # The editor's note stays in front of the reporter while they fix the story, not only on the desk.
            who = (latest.actor.get_full_name() or latest.actor.get_username()) if latest.actor else "Biên tập viên"
            note = f": “{latest.note}”" if latest.note else ""
            return f"{label} — {who} trả lại lúc {paper_time(latest.at)}{note}"
        return label

    @admin.display(description="Ảnh đại diện đang chọn")
    def cover_preview(self, article):
        return thumbnail(article.cover_photo, width=240)

    @admin.display(description="Thao tác gần đây")
    def history(self, article):
        if not article.pk:
            return "—"
        events = article.events.select_related("actor")[:20]
        return (
            format_html_join(
                "",
                "<div>{} — {} ({})</div>",
                ((e.get_action_display(), e.actor or "—", paper_time(e.at)) for e in events),
            )
            or "—"
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.creation_key = form.cleaned_data.get("form_key")
        save_article(
            article=obj, user=request.user, expected_version=form.cleaned_data.get("base_version") if change else None
        )

    def _after_save(self, request, obj, response):
        form_data = request.POST
        transition = None
        if "_submit_review" in form_data:
            transition = lambda: publishing.submit_for_review(article=obj, user=request.user)  # noqa: E731
            done = "Đã gửi bài chờ duyệt."
        elif "_publish" in form_data:
            when = request.publish_at
            transition = lambda: publishing.publish_article(article=obj, editor=request.user, when=when)  # noqa: E731
            done = publishing.publication_message(when)
        elif "_unpublish" in form_data:
            transition = lambda: publishing.unpublish_article(article=obj, editor=request.user)  # noqa: E731
            done = "Đã gỡ bài."
        elif "_return" in form_data:
            note = " ".join(form_data.get("return_note", "").split())[:RETURN_NOTE_LENGTH]
            transition = lambda: publishing.return_to_draft(article=obj, editor=request.user, note=note)  # noqa: E731
            done = "Đã trả bài về cho phóng viên" + (" kèm ghi chú." if note else ".")
        if transition is None:
            return response
        try:
            transition()
        except (ValidationError, PermissionDenied) as error:
            text = _refusal_text(error)
            messages.error(request, format_html("Bài đã được lưu nhưng chưa chuyển trạng thái: {}", text))
            url = reverse("admin:articles_article_change", args=[obj.pk])
            if "_publish" in form_data and request.publish_at:
                # The time the editor typed comes back in the form (ArticleAdminForm reads it).
                url += "?" + urlencode({PUBLISH_AT_PARAM: request.publish_at.isoformat()})
            return HttpResponseRedirect(url)
        messages.success(request, done)
        return HttpResponseRedirect(reverse("admin:articles_article_changelist"))

    def save_form(self, request, form, change):
        # Carried on the request, never on self: one ModelAdmin serves every request and thread.
        request.publish_at = form.cleaned_data.get("publish_at")
        return super().save_form(request, form, change)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        typed = request.GET.get(PUBLISH_AT_PARAM) if request.method == "GET" else None
        return type(form.__name__, (form,), {"typed_publish_at": typed}) if typed else form

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj, super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        return self._after_save(request, obj, super().response_change(request, obj))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context.update(self._workflow_context(request, article))
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        """One submission, one article: the add form carries a creation key, and sending it again (Back, then
        Save) leads to the article it already created instead of making a second one."""
        if request.method == "POST":
            created = self._created_with(request.POST.get("form_key")) or self._just_created_same(request)
            if created is not None:
                return self._already_created(request, created)
        extra_context = {"title": "Viết bài mới", **(extra_context or {}), **self._workflow_context(request, None)}
        try:
            return super().add_view(request, form_url, extra_context)
        except IntegrityError:
            created = self._created_with(request.POST.get("form_key"))
            if created is None:
                raise
            return self._already_created(request, created)  # the same form sent twice at once

    @staticmethod
    def _created_with(key):
        try:
            key = uuid.UUID(str(key))
        except ValueError:
            return None
        return Article.objects.filter(creation_key=key).only("pk", "created_by").first()

    @staticmethod
    def _just_created_same(request):
        """The article this user created in the last minutes with the same headline and sapo: Back, then Save
        again. (The browser fetches the Add page anew on Back, with a fresh key, but puts back what was typed.)"""
        headline = " ".join(request.POST.get("headline", "").split())
        if not headline:
            return None
        recent = timezone.now() - RESUBMISSION_WINDOW
        return (
            Article.objects.filter(
                created_by=request.user,
                created_at__gte=recent,
                headline=headline,
                lead=request.POST.get("lead", "").strip(),
            )
            .only("pk", "created_by")
            .first()
        )

    def _already_created(self, request, article):
        messages.warning(request, "Biểu mẫu này đã được gửi và bài viết đã được tạo; không tạo thêm bài thứ hai.")
        if self.has_change_permission(request, article):
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        return HttpResponseRedirect(reverse("admin:articles_article_changelist"))

    def _workflow_context(self, request, article):
        user = request.user
        status = article.status if article else Article.Status.DRAFT
        return {
            "can_submit_review": status == Article.Status.DRAFT and user.has_perm("articles.submit_article"),
            "can_publish": user.has_perm("articles.publish_article"),
            "can_unpublish": bool(article)
            and status == Article.Status.PUBLISHED
            and user.has_perm("articles.publish_article"),
            "can_return": status == Article.Status.REVIEW and user.has_perm("articles.publish_article"),
            "return_note_length": RETURN_NOTE_LENGTH,
            "preview_url": reverse("articles:preview", args=[article.pk]) if article else None,
            "revisions_url": reverse("admin:articles_article_revisions", args=[article.pk]) if article else None,
        }

    # List actions: thin wrappers around the transitions.
    @admin.action(description="Xuất bản ngay các bài đã chọn")
    def publish_selected(self, request, queryset):
        _run_transition(request, queryset, publishing.publish_article, "Đã xuất bản {count} bài.", editor=request.user)

    @admin.action(description="Gỡ các bài đã chọn")
    def unpublish_selected(self, request, queryset):
        _run_transition(request, queryset, publishing.unpublish_article, "Đã gỡ {count} bài.", editor=request.user)

    @admin.action(description="Chuyển các bài đã chọn vào thùng rác")
    def trash_selected(self, request, queryset):
        _run_transition(
            request, queryset, publishing.trash_article, "Đã chuyển {count} bài vào thùng rác.", user=request.user
        )

    # Revisions: a list of saved versions, each viewable and restorable (POST).
    def get_urls(self):
        return [
            path(
                "<int:pk>/revisions/",
                self.admin_site.admin_view(self.revisions_view),
                name="articles_article_revisions",
            ),
            path(
                "<int:pk>/revisions/<int:version_id>/",
                self.admin_site.admin_view(self.revision_detail_view),
                name="articles_article_revision",
            ),
            path(
                "<int:pk>/revisions/<int:version_id>/restore/",
                self.admin_site.admin_view(self.revision_restore_view),
                name="articles_article_revision_restore",
            ),
            *super().get_urls(),
        ]

    def _article_for(self, request, pk):
        article = get_object_or_404(Article.objects.not_trashed(), pk=pk)
        if not self.has_view_permission(request, article) or not self.get_queryset(request).filter(pk=pk).exists():
            raise PermissionDenied
        return article

    def revisions_view(self, request, pk):
        article = self._article_for(request, pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Các bản lưu của “{article}”",
            "article": article,
            "versions": versions_of(article)[:200],
            "can_restore": publishing.can_edit(request.user, article),
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def revision_detail_view(self, request, pk, version_id):
        article = self._article_for(request, pk)
        version = get_object_or_404(versions_of(article), pk=version_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Bản lưu lúc {paper_time(version.revision.date_created)}",
            "article": article,
            "version": version,
            "data": version.field_dict,
            "can_restore": publishing.can_edit(request.user, article),
        }
        return TemplateResponse(request, "admin/articles/article/revision_detail.html", context)

    def revision_restore_view(self, request, pk, version_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_for(request, pk)
        version = get_object_or_404(versions_of(article), pk=version_id)
        if not publishing.can_edit(request.user, article):
            raise PermissionDenied
        restore_revision(article=article, version=version, user=request.user)
        messages.success(request, "Đã khôi phục nội dung từ bản lưu; bản hiện tại trước đó vẫn còn trong lịch sử.")
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))


class ReadOnlyListAdmin(admin.ModelAdmin):
    """A list to read (and act on through actions), visible to holders of ``view_permission`` only."""

    view_permission = ""
    show_full_result_count = False

    def has_module_permission(self, request):
        return request.user.has_perm(self.view_permission)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(self.view_permission)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(TrashedArticle)
class TrashedArticleAdmin(ReadOnlyListAdmin):
    view_permission = "articles.restore_article"
    list_display = ["headline", "section", "deleted_at", "deleted_by"]
    list_select_related = ["section", "deleted_by"]
    search_fields = ["headline"]
    actions = ["restore_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).trashed()

    @admin.action(description="Khôi phục các bài đã chọn")
    def restore_selected(self, request, queryset):
        _run_transition(request, queryset, publishing.restore_article, "Đã khôi phục {count} bài.", editor=request.user)


@admin.register(PrintIssue)
class PrintIssueAdmin(RefreshesPublicPages, admin.ModelAdmin):
    shown_on = (page_dependencies.PRINT, page_dependencies.HOME)  # the print pages; the homepage shows the latest
    form = PrintIssueForm
    list_display = ["__str__", "cover_preview", "page_count", "uploaded_at"]
    date_hierarchy = "date"
    readonly_fields = ["cover_preview", "page_count"]

    @admin.display(description="Bìa")
    def cover_preview(self, issue):
        return format_html('<img src="{}" alt="Bìa {}" width="120">', issue.cover.url, issue) if issue.cover else "—"

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("pdf")
        if "pdf" in form.changed_data and upload:
            print_editions.store_print_issue(obj, upload, uploaded_by=request.user)
        else:
            obj.save()
        page_cache.bump(self.shown_on)


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ReadOnlyListAdmin):
    view_permission = "articles.publish_article"
    list_display = ["at", "action", "article", "actor", "note"]
    list_filter = ["action"]
    list_select_related = ["article", "actor"]
    search_fields = ["article__headline"]


@admin.register(HomepageSlot)
class HomepageSlotAdmin(RefreshesPublicPages, admin.ModelAdmin):
    """The homepage's lead and featured stories; a slot left empty is filled with the latest article."""

    shown_on = (page_dependencies.HOME,)

    list_display = ["__str__", "article", "shown", "updated_by", "updated_at"]
    list_display_links = None
    list_editable = ["article"]
    list_select_related = ["article__section", "updated_by"]
    autocomplete_fields = ["article"]
    fields = ["article"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Trên trang chủ")
    def shown(self, slot):
        if slot.article is None:
            return "Tự động: bài mới nhất"
        if slot.article.is_live:
            return "Đang hiển thị"
        if slot.article.is_scheduled:
            return f"Hiển thị từ {paper_time(slot.article.published_at)}"
        return "Bài chưa xuất bản: tạm lấy bài mới nhất"

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)
