from django.conf import settings
from django.db import models
from django.utils import timezone


class HomepageSlot(models.Model):
    """A place on the homepage an editor fills by hand: slot 1 is the lead story, the rest are featured.

    A slot left empty, or holding an article readers cannot see (yet), is filled
    with the latest article not already on the page, so the homepage is never
    short of stories. A scheduled article can be placed ahead of its time: it
    takes the slot at its minute.
    """

    position = models.PositiveSmallIntegerField("vị trí", unique=True, help_text="1 là tin chính (tin lớn nhất).")
    article = models.ForeignKey(
        "articles.Article",
        verbose_name="bài viết",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Để trống: tự động lấy bài mới nhất chưa có trên trang chủ.",
    )
    updated_at = models.DateTimeField("cập nhật lúc", default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người cập nhật",
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = "vị trí trang chủ"
        verbose_name_plural = "trang chủ"
        ordering = ["position"]

    def __str__(self):
        return "Tin chính" if self.position == 1 else f"Tin nổi bật {self.position - 1}"
