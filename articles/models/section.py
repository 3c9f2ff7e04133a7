from django.core.exceptions import ValidationError
from django.db import models

# First path segments the site uses for its own pages; a section there would never be reachable.
RESERVED_SLUGS = frozenset(
    {"admin", "bao-in", "luot-xem", "media", "rss", "static", "tac-gia", "the", "tim-kiem", "xem-truoc", "y-kien"}
)

# Sections whose address is a page of its own (``/multimedia/`` lists every video and photo
# story, whatever their section): the menu and the sitemap link that page, not the section.
OWN_PAGE_SECTIONS = ("multimedia",)


class SectionManager(models.Manager):
    def get_queryset(self):
        # A section's name shows its parent ("Thời sự › Trong tỉnh"); sections are few, so always join it.
        return super().get_queryset().select_related("parent")


class Section(models.Model):
    """A section of the paper ("Thời sự"), optionally under a top-level section (two levels)."""

    name = models.CharField("tên chuyên mục", max_length=100)
    slug = models.SlugField("đường dẫn", max_length=100, unique=True, help_text="Phần địa chỉ trang, ví dụ thoi-su.")
    parent = models.ForeignKey(
        "self",
        verbose_name="chuyên mục cha",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="Để trống nếu là chuyên mục cấp một.",
    )
    position = models.PositiveSmallIntegerField("thứ tự trên menu", default=0)
    is_active = models.BooleanField("đang hoạt động", default=True)

    objects = SectionManager()

    class Meta:
        verbose_name = "chuyên mục"
        verbose_name_plural = "chuyên mục"
        ordering = ["position", "name"]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id and self.parent else self.name

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": f"Đường dẫn “{self.slug}” đã được trang khác của báo dùng; hãy chọn tên khác."}
            )
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": "Chuyên mục không thể là cha của chính nó."})
            if self.parent.parent_id:
                raise ValidationError({"parent": "Chỉ có hai cấp chuyên mục: hãy chọn một chuyên mục cấp một."})
            if self.pk and self.children.exists():
                raise ValidationError({"parent": "Chuyên mục này đang có chuyên mục con nên không thể làm cấp hai."})


class Tag(models.Model):
    name = models.CharField("tên thẻ", max_length=100)
    slug = models.SlugField("đường dẫn", max_length=120, unique=True)

    class Meta:
        verbose_name = "thẻ"
        verbose_name_plural = "thẻ"
        ordering = ["name"]

    def __str__(self):
        return self.name
