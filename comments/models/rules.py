from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class WordRule(models.Model):
    """A word or phrase moderators watch for, matched ignoring case and Vietnamese accents.

    A banned word sends the comment straight to spam; a suspect word holds it
    with the word as the reason.
    """

    class Kind(models.TextChoices):
        BANNED = "banned", "Cấm (vào thư rác)"
        SUSPECT = "suspect", "Cần xem xét (giữ lại)"

    phrase = models.CharField("từ hoặc cụm từ", max_length=100)
    folded = models.CharField(max_length=100, editable=False, unique=True)
    kind = models.CharField("loại", max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField("tạo lúc", default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = "từ khóa kiểm duyệt"
        verbose_name_plural = "từ khóa kiểm duyệt"
        ordering = ["kind", "folded"]

    def __str__(self):
        return self.phrase

    def save(self, *args, **kwargs):
        from articles.content.text import fold

        self.folded = fold(" ".join(self.phrase.split()))  # the form of the phrase that matching compares
        super().save(*args, **kwargs)

    def clean(self):
        from articles.content.text import fold

        self.phrase = " ".join(self.phrase.split())
        self.folded = fold(self.phrase)
        if not self.folded:
            raise ValidationError({"phrase": "Hãy nhập một từ hoặc cụm từ."})
        if WordRule.objects.filter(folded=self.folded).exclude(pk=self.pk).exists():
            raise ValidationError({"phrase": "Từ này (không kể dấu và chữ hoa) đã có trong danh sách."})


class Ban(models.Model):
    """A reader refused from commenting, by email address or by IP address, until ``expires_at`` (or for good)."""

    class Kind(models.TextChoices):
        EMAIL = "email", "Email"
        IP = "ip", "Địa chỉ IP"

    kind = models.CharField("chặn theo", max_length=10, choices=Kind.choices)
    value = models.CharField("email hoặc IP", max_length=254, help_text="Email viết thường, hoặc một địa chỉ IP.")
    reason = models.CharField("lý do", max_length=300, blank=True)
    expires_at = models.DateTimeField("hết hạn lúc", null=True, blank=True, help_text="Để trống: chặn vĩnh viễn.")
    created_at = models.DateTimeField("tạo lúc", default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = "chặn bạn đọc"
        verbose_name_plural = "chặn bạn đọc"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="ban_unique_value")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self):
        from django.core.validators import validate_email, validate_ipv46_address

        self.value = self.value.strip().lower()
        validate = validate_email if self.kind == self.Kind.EMAIL else validate_ipv46_address
        try:
            validate(self.value)
        except ValidationError:
            raise ValidationError({"value": "Email hoặc địa chỉ IP không hợp lệ."}) from None
