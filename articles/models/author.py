from django.conf import settings
from django.db import models


class Author(models.Model):
    """A byline. Most bylines (stringers, wire agencies, pen names) have no login."""

    name = models.CharField("tên hiển thị", max_length=120, help_text="Tên ký dưới bài, có thể là bút danh.")
    slug = models.SlugField("đường dẫn", max_length=140, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        help_text="Tài khoản nhân viên ứng với bút danh này (nếu có).",
    )
    bio = models.TextField("giới thiệu", blank=True, max_length=2000)
    portrait = models.ForeignKey(
        "articles.Photo",
        verbose_name="ảnh chân dung",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField("đang hoạt động", default=True)

    class Meta:
        verbose_name = "tác giả"
        verbose_name_plural = "tác giả"
        ordering = ["name"]

    def __str__(self):
        return self.name
