import re
import unicodedata

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver

_URLS: dict[str, str] = {}  # storage name -> URL, for storages whose URLs do not expire
URLS_KEPT = 50_000


def storage_url(name: str) -> str:
    """``default_storage.url(name)``, kept: pages show the same renditions again and again, and building a URL
    (quoting, joining) cost more than a teaser's markup. Signed URLs (``MEDIA_S3_QUERYSTRING_AUTH``) expire, so
    they are never kept."""
    url = _URLS.get(name)
    if url is None:
        url = default_storage.url(name)
        if not getattr(default_storage, "querystring_auth", False):
            if len(_URLS) >= URLS_KEPT:
                _URLS.clear()
            _URLS[name] = url
    return url


@receiver(setting_changed)
def _forget_urls(setting, **kwargs):
    if setting in ("MEDIA_URL", "STORAGES"):
        _URLS.clear()


# What CKEditor and other tools put where a caption should be: a caption reading only this is no caption.
PLACEHOLDER_CAPTIONS = frozenset({"nhãn", "caption", "chú thích", "chú thích ảnh", "ảnh", "image", "photo"})

# "(Ảnh: Minh Thông)" at the end of a caption, as Vietnamese papers write the credit.
_TRAILING_CREDIT = re.compile(r"\s*[(\[]\s*ảnh\s*:\s*(?P<credit>[^()\[\]]*?)\s*[)\]]\s*\.?\s*$", re.I)


def split_caption_credit(caption: str) -> tuple[str, str]:
    """``caption`` without a trailing "(Ảnh: X)", and X ("" when there is none)."""
    caption = unicodedata.normalize("NFC", caption or "").strip()
    match = _TRAILING_CREDIT.search(caption)
    if match is None:
        return caption, ""
    return caption[: match.start()].strip(), match.group("credit").strip()


def is_real_caption(caption: str) -> bool:
    """Whether ``caption`` says something to readers: not empty, not punctuation only, not a placeholder.

    The one definition of "has a caption" for the library, the editor's photo dialog and publishing. A
    credit typed at its end ("(Ảnh: X)") is not part of the caption.
    """
    text, _credit = split_caption_credit(caption)
    words = "".join(char if char.isalnum() else " " for char in text.casefold()).split()
    return bool(words) and " ".join(words) not in PLACEHOLDER_CAPTIONS


class Photo(models.Model):
    """A photo of the library. Caption, credit and alt text are required before it is published.

    ``renditions`` maps a width (as a string) to a storage name; they are made
    once when the photo is uploaded (``articles.content.images.create_photo``), never
    in a reader's request.
    """

    image = models.ImageField("ảnh", upload_to="photos/%Y/%m/", width_field="width", height_field="height")
    caption = models.CharField("chú thích", max_length=500, blank=True)
    credit = models.CharField("nguồn ảnh", max_length=200, blank=True, help_text="Người chụp hoặc hãng ảnh.")
    alt_text = models.CharField(
        "mô tả thay thế", max_length=300, blank=True, help_text="Mô tả nội dung ảnh cho người khiếm thị."
    )
    taken_on = models.DateField(
        "ngày chụp", null=True, blank=True, help_text="Lấy từ tệp ảnh (IPTC/XMP/EXIF) khi có; có thể sửa."
    )
    width = models.PositiveIntegerField("rộng", editable=False, default=0)
    height = models.PositiveIntegerField("cao", editable=False, default=0)
    renditions = models.JSONField("các cỡ ảnh", default=dict, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("thời điểm tải lên", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "ảnh"
        verbose_name_plural = "thư viện ảnh"
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.caption or self.image.name

    @property
    def has_caption(self) -> bool:
        return is_real_caption(self.caption)

    @property
    def is_publishable(self) -> bool:
        return bool(self.has_caption and self.shown_credit and self.alt_text.strip())

    @property
    def missing_details(self) -> list[str]:
        """What stops this photo from being published, as the desk names it (empty when publishable)."""
        return [
            label
            for label, present in (
                ("chú thích", self.has_caption),
                ("nguồn ảnh", bool(self.shown_credit)),
                ("mô tả cho người khiếm thị", bool(self.alt_text.strip())),
            )
            if not present
        ]

    @property
    def shown_caption(self) -> str:
        """The caption readers see: without a credit typed at its end, which ``shown_credit`` shows once."""
        return split_caption_credit(self.caption)[0]

    @property
    def shown_credit(self) -> str:
        """The credit readers see: the photo's own, else the one typed at the end of its caption."""
        return self.credit.strip() or split_caption_credit(self.caption)[1]

    def rendition_url(self, width: int) -> str:
        """The URL of the rendition nearest ``width`` from above (the original when none is that wide)."""
        fitting = sorted(int(w) for w in self.renditions if int(w) >= width)
        if fitting:
            return storage_url(self.renditions[str(fitting[0])])
        if self.renditions:
            return storage_url(self.renditions[str(max(int(w) for w in self.renditions))])
        return self.image.url

    @property
    def display_url(self) -> str:
        return self.rendition_url(960)

    @property
    def thumbnail_url(self) -> str:
        return self.rendition_url(480)

    def srcset(self) -> str:
        return ", ".join(
            f"{storage_url(name)} {width}w" for width, name in sorted(self.renditions.items(), key=lambda i: int(i[0]))
        )
