import uuid

from ckeditor.fields import RichTextField
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models.search_document import SOURCE_FIELDS, search_document
from newsroom.addresses import kept_reverse
from newsroom.clock import paper_time


def video_upload_to(instance, filename):
    """A generated name: nothing of the uploader's file name or path is kept but a safe extension."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = f".{extension}" if extension in ("mp4", "webm") else ""
    return f"videos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


# Kept up to date by their own code (comments.moderation), not by saving the article.
COUNTER_FIELDS = frozenset({"comment_count"})


def released() -> dict:
    """Released to readers, from its publication time on: published and not in the trash (lookups)."""
    return {"status": Article.Status.PUBLISHED, "deleted_at__isnull": True}


def readers_rule(now) -> dict:
    """Who may read an article, as of ``now``: THE rule, as lookups. Everything readers see derives from it.

    ``published()`` filters by it; ``scheduled()`` is a released article before its time;
    ``Article.is_live`` and ``is_scheduled`` apply the same lookups to one article in Python
    (``matches``); the SQL of the article page and of the homepage is compiled from ``published()``.
    """
    return {**released(), "published_at__lte": now}


def upcoming_rule(now) -> dict:
    """Released, its publication time still to come: readers see it at its minute (``readers_rule``)."""
    return {**released(), "published_at__gt": now}


_LOOKUPS = {
    "exact": lambda value, wanted: value == wanted,
    "lte": lambda value, wanted: value is not None and value <= wanted,
    "gt": lambda value, wanted: value is not None and value > wanted,
    "isnull": lambda value, wanted: (value is None) == wanted,
}


def matches(instance, lookups: dict) -> bool:
    """Whether ``instance`` passes ``lookups`` (``field`` or ``field__exact|lte|gt|isnull``), as SQL would say."""
    for lookup, wanted in lookups.items():
        name, _, kind = lookup.partition("__")
        if not _LOOKUPS[kind or "exact"](getattr(instance, name), wanted):
            return False
    return True


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Articles a reader may see (``readers_rule``): published, their time has come, not in the trash.

        Every public surface filters through this one method, so a scheduled
        article appears at its minute without any job running. ``now``: the
        clock to judge by (default: this moment).
        """
        return self.filter(**readers_rule(timezone.now() if now is None else now))

    def scheduled(self, now=None):
        """Released for a time still to come (``upcoming_rule``): readers see them at their minute."""
        return self.filter(**upcoming_rule(timezone.now() if now is None else now))

    def not_trashed(self):
        return self.filter(deleted_at__isnull=True)

    def trashed(self):
        return self.filter(deleted_at__isnull=False)

    def for_listing(self):
        """Teasers: headline, lead, cover and section; never the body or the search document."""
        return self.select_related("section", "section__parent", "cover_photo").defer("body", "search_vector")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        REVIEW = "review", "Chờ duyệt"
        PUBLISHED = "published", "Đã xuất bản"
        UNPUBLISHED = "unpublished", "Đã gỡ"

    class Kind(models.TextChoices):
        STANDARD = "standard", "Bài thường"
        VIDEO = "video", "Video"
        PHOTO_STORY = "photo_story", "Phóng sự ảnh"

    headline = models.CharField("tiêu đề", max_length=300)
    slug = models.SlugField(
        "đường dẫn",
        max_length=200,
        blank=True,
        help_text="Tự tạo từ tiêu đề nếu để trống; có thể sửa. Địa chỉ bài có kèm mã số nên không cần duy nhất.",
    )
    kicker = models.CharField("tít phụ", max_length=200, blank=True, help_text="Dòng nhỏ phía trên tiêu đề.")
    lead = models.TextField(
        "sapo", max_length=2000, help_text="Đoạn mở đầu, văn bản thuần, hiển thị in đậm dưới tiêu đề."
    )
    body = RichTextField("nội dung", blank=True)
    section = models.ForeignKey("articles.Section", verbose_name="chuyên mục", on_delete=models.PROTECT)
    tags = models.ManyToManyField("articles.Tag", verbose_name="thẻ", blank=True, related_name="articles")
    credit_line = models.CharField("nguồn", max_length=200, blank=True, help_text='Ví dụ: "Theo TTXVN".')
    cover_photo = models.ForeignKey(
        "articles.Photo", verbose_name="ảnh đại diện", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    body_photos = models.ManyToManyField(
        "articles.Photo", verbose_name="ảnh trong bài", blank=True, related_name="+", editable=False
    )
    kind = models.CharField("loại bài", max_length=20, choices=Kind.choices, default=Kind.STANDARD)
    video_url = models.URLField(
        "địa chỉ video", blank=True, help_text="YouTube, Vimeo hoặc Facebook; chỉ dùng cho bài video."
    )
    video_file = models.FileField("tệp video", upload_to=video_upload_to, blank=True)
    status = models.CharField("trạng thái", max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    published_at = models.DateTimeField(
        "thời điểm xuất bản", null=True, blank=True, editable=False, help_text="Nếu ở tương lai, bài được hẹn giờ."
    )
    comments_enabled = models.BooleanField("cho phép bình luận", default=True)
    comment_count = models.PositiveIntegerField(
        "số ý kiến đã duyệt", default=0, editable=False, help_text="Cập nhật khi người kiểm duyệt quyết định."
    )
    seo_title = models.CharField("tiêu đề SEO", max_length=200, blank=True)
    seo_description = models.CharField("mô tả SEO", max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người sửa cuối",
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField("tạo lúc", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("cập nhật lúc", default=timezone.now, editable=False)
    deleted_at = models.DateTimeField("xóa lúc", null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xóa",
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    # The add form's one-time key: the same form sent twice (Back, then Save) creates one article, not two.
    creation_key = models.UUIDField("mã tạo bài", null=True, blank=True, unique=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "bài viết"
        verbose_name_plural = "bài viết"
        ordering = ["-published_at", "-id"]
        permissions = [
            ("publish_article", "Có thể xuất bản, hẹn giờ và gỡ bài"),
            ("submit_article", "Có thể gửi bài chờ duyệt"),
            ("edit_any_article", "Có thể sửa bài của người khác"),
            ("restore_article", "Có thể khôi phục bài từ thùng rác và bản lưu"),
        ]
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                name="article_public_latest",
                condition=Q(status="published", deleted_at__isnull=True),
            ),
            models.Index(fields=["section", "-published_at", "-id"], name="article_section_latest"),
            models.Index(fields=["-updated_at"], name="article_admin_updated"),
            # The desk's list in its order, ids only: a deep page's ids come from the index alone
            # (articles.desk.admin.EstimatedCountPaginator), not from reading every skipped row.
            models.Index(
                fields=["-updated_at", "-id"], name="article_admin_list", condition=Q(deleted_at__isnull=True)
            ),
            models.Index(fields=["status", "-updated_at"], name="article_admin_status"),
            models.Index(fields=["created_by", "-updated_at"], name="article_admin_owner"),
            GinIndex(fields=["search_vector"], name="article_search"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        """Keep the search document in step with headline, lead, body and names (``models.search_document``).

        Bylines are rows of their own: saving or deleting one recomputes the document (``Byline.save``).
        """
        update_fields = kwargs.get("update_fields")
        if update_fields is None and not self._state.adding:
            # Counters kept by other code paths (moderation) are never written back from a stale copy.
            update_fields = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in COUNTER_FIELDS
            ]
            kwargs["update_fields"] = update_fields
        if update_fields is None or SOURCE_FIELDS & set(update_fields):
            names = search_names(None if self._state.adding else self.pk, self.credit_line)
            self.search_vector = search_document(self.headline, self.lead, self.body, names)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_vector"}
        super().save(*args, **kwargs)
        # The attribute holds the SQL expression until reloaded; leave it deferred instead.
        self.__dict__.pop("search_vector", None)

    def get_absolute_url(self):
        return kept_reverse(
            "articles:detail", kwargs={"section": self.section.slug, "slug": self.slug or "bai", "pk": self.pk}
        )

    @property
    def is_trashed(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_scheduled(self) -> bool:
        """In ``Article.objects.scheduled()``: released, its time still to come."""
        return matches(self, upcoming_rule(timezone.now()))

    @property
    def is_live(self) -> bool:
        """In ``Article.objects.published()``: readers may see it now."""
        return matches(self, readers_rule(timezone.now()))


class Byline(models.Model):
    class Role(models.TextChoices):
        TEXT = "Bài", "Bài"
        PHOTO = "Ảnh", "Ảnh"
        TEXT_AND_PHOTO = "Bài và ảnh", "Bài và ảnh"
        VIDEO = "Video", "Video"
        GRAPHICS = "Đồ họa", "Đồ họa"

    article = models.ForeignKey(Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        "articles.Author", verbose_name="tác giả", on_delete=models.PROTECT, related_name="bylines"
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices, default=Role.TEXT)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "tác giả của bài"
        verbose_name_plural = "tác giả của bài"
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="byline_unique_author_per_article")]

    def __str__(self):
        return f"{self.author} ({self.role})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        reindex(self.article_id)  # the article is found by its writers' names

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        reindex(self.article_id)
        return result


class ArticlePhoto(models.Model):
    """A photo of a photo story, in reading order."""

    article = models.ForeignKey(Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="story_photos")
    photo = models.ForeignKey("articles.Photo", verbose_name="ảnh", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "ảnh của phóng sự ảnh"
        verbose_name_plural = "ảnh của phóng sự ảnh"
        ordering = ["position", "id"]

    def __str__(self):
        return str(self.photo)


class Correction(models.Model):
    """A dated correction note shown on the article ("Cập nhật lúc …")."""

    article = models.ForeignKey(Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField("nội dung đính chính", max_length=2000)
    created_at = models.DateTimeField("thời điểm", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người viết",
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = "đính chính"
        verbose_name_plural = "đính chính"
        ordering = ["created_at"]

    def __str__(self):
        return f"Cập nhật lúc {paper_time(self.created_at)}"


class WorkflowEvent(models.Model):
    """Who did what to an article, and when: the desk's audit trail."""

    class Action(models.TextChoices):
        CREATE = "create", "Tạo bài"
        SUBMIT = "submit", "Gửi duyệt"
        RETURN = "return", "Trả về nháp"
        PUBLISH = "publish", "Xuất bản"
        SCHEDULE = "schedule", "Hẹn giờ xuất bản"
        UNPUBLISH = "unpublish", "Gỡ bài"
        TRASH = "trash", "Chuyển vào thùng rác"
        RESTORE = "restore", "Khôi phục từ thùng rác"
        REVERT = "revert", "Khôi phục phiên bản cũ"

    article = models.ForeignKey(Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="events")
    action = models.CharField("thao tác", max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thực hiện", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField("lúc", default=timezone.now)
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        verbose_name = "lịch sử thao tác"
        verbose_name_plural = "lịch sử thao tác"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["article", "-at"], name="workflow_event_article")]

    def __str__(self):
        return f"{self.get_action_display()} — {paper_time(self.at)}"


class TrashedArticle(Article):
    """The trash, as its own admin list: articles an editor can restore."""

    class Meta:
        proxy = True
        verbose_name = "bài trong thùng rác"
        verbose_name_plural = "thùng rác"


# The search document's names and its rewriting (``models.search_document`` says what it holds).


def search_names(article_id: int | None, credit_line: str = "") -> str:
    """The names the search document carries for an article: its bylines' authors, then its credit line."""
    authors = (
        list(Byline.objects.filter(article_id=article_id).values_list("author__name", flat=True)) if article_id else []
    )
    return " ".join([*authors, credit_line])


def reindex(article_id: int) -> None:
    """Recompute one article's search document from what is stored (after its bylines changed)."""
    article = Article.objects.filter(pk=article_id).only("headline", "lead", "body", "credit_line").first()
    if article is not None:
        names = search_names(article.pk, article.credit_line)
        document = search_document(article.headline, article.lead, article.body, names)
        Article.objects.filter(pk=article_id).update(search_vector=document)


def rebuild_search_index(batch_size: int = 200) -> int:
    """Recompute ``search_vector`` for every article (trash included); returns how many.

    For rows written without ``Article.save()`` (bulk inserts, raw SQL, a
    restored dump): walks the table by primary key, one ``UPDATE`` per batch,
    so memory stays bounded whatever the size of the archive.
    """
    indexed, last_pk = 0, 0
    while batch := list(
        Article.objects.filter(pk__gt=last_pk)
        .order_by("pk")
        .only("headline", "lead", "body", "credit_line")[:batch_size]
    ):
        for article in batch:
            names = search_names(article.pk, article.credit_line)
            article.search_vector = search_document(article.headline, article.lead, article.body, names)
        Article.objects.bulk_update(batch, ["search_vector"])
        indexed, last_pk = indexed + len(batch), batch[-1].pk
    return indexed
