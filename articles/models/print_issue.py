from django.conf import settings
from django.db import models


class PrintIssue(models.Model):
    """One printed edition ("Báo in") as a PDF, with a cover made from page 1 at upload."""

    number = models.PositiveIntegerField("số báo")
    date = models.DateField("ngày phát hành", db_index=True)
    pdf = models.FileField("tệp PDF", upload_to="print/%Y/")
    cover = models.ImageField("ảnh bìa", upload_to="print/covers/%Y/", blank=True, editable=False)
    page_count = models.PositiveSmallIntegerField("số trang", default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("thời điểm tải lên", auto_now_add=True)

    class Meta:
        verbose_name = "số báo in"
        verbose_name_plural = "báo in"
        ordering = ["-date", "-number"]
        constraints = [models.UniqueConstraint(fields=["date", "number"], name="print_issue_unique_date_number")]

    def __str__(self):
        return f"Số {self.number} — {self.date:%d/%m/%Y}"
