"""Forms of the desk's admin: the article form with its stale-save guard."""

import uuid
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.content.body import editor_body
from articles.content.images import clean_image_upload
from articles.content.print_editions import validate_pdf
from articles.content.publishing import is_backdated
from articles.content.text import has_visible_words
from articles.desk.editing import EditConflict, check_version
from articles.models import Article, Photo, PrintIssue
from newsroom.clock import paper_time

PUBLISH_AT_PARAM = "hen_gio"  # the change form's URL parameter carrying a publication time typed before a refusal

VIDEO_HOSTS = ("youtube.com", "www.youtube.com", "youtu.be", "vimeo.com", "player.vimeo.com", "www.facebook.com")


VIDEO_MAX_BYTES = 500 * 1024 * 1024


def validate_video(upload) -> None:
    """Only MP4 and WebM files, recognised by their first bytes, under the size cap."""
    limit = getattr(settings, "VIDEO_MAX_UPLOAD_BYTES", VIDEO_MAX_BYTES)
    if upload.size > limit:
        raise forms.ValidationError(f"Tệp video quá lớn: tối đa {limit // (1024 * 1024)} MB.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    is_mp4 = head[4:8] == b"ftyp"
    is_webm = head[:4] == b"\x1a\x45\xdf\xa3"
    if not (is_mp4 or is_webm):
        raise forms.ValidationError("Chỉ nhận tệp video MP4 hoặc WebM.")


def allowed_video_hosts() -> tuple[str, ...]:
    return tuple(getattr(settings, "VIDEO_EMBED_HOSTS", VIDEO_HOSTS))


class ArticleAdminForm(forms.ModelForm):
    video_url = forms.URLField(
        label="Địa chỉ video",
        required=False,
        assume_scheme="https",
        help_text="YouTube, Vimeo hoặc Facebook; chỉ dùng cho bài video.",
    )
    base_version = forms.IntegerField(label="Phiên bản đang sửa", widget=forms.HiddenInput, required=False)
    publish_at = forms.SplitDateTimeField(
        label="Thời điểm xuất bản",
        required=False,
        widget=AdminSplitDateTime,
        help_text="Để trống để xuất bản ngay. Chọn thời điểm trong tương lai để hẹn giờ: bài tự hiện đúng phút đó.",
    )
    backdate = forms.BooleanField(
        label="Đăng lùi ngày",
        required=False,
        help_text="Chỉ đánh dấu khi cố ý xuất bản với thời điểm đã qua: bài mang ngày cũ và nằm dưới các bài "
        "mới hơn trong chuyên mục và trang chủ.",
    )
    form_key = forms.UUIDField(label="Mã biểu mẫu", widget=forms.HiddenInput, required=False)  # creation_key
    typed_publish_at = None  # the time typed before a refused publication, from the URL (ArticleAdmin.get_form)

    class Meta:
        model = Article
        fields = [
            "kicker", "headline", "slug", "lead", "body", "section", "tags", "kind", "credit_line",
            "cover_photo", "video_url", "video_file", "comments_enabled", "seo_title", "seo_description",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
            # Photos under the library's current caption and credit, as readers see them (articles.content.body).
            self.initial["body"] = editor_body(self.instance.body, self.instance.body_photos.all())
            if self.instance.is_scheduled:
                self.fields["publish_at"].initial = self.instance.published_at
        else:
            self.fields["form_key"].initial = uuid.uuid4()
        typed = parse_datetime(self.typed_publish_at or "")
        if typed is not None and timezone.is_aware(typed) and "publish_at" in self.fields:
            self.fields["publish_at"].initial = timezone.localtime(typed)

    def clean_headline(self):
        headline = " ".join(self.cleaned_data["headline"].split())
        if not has_visible_words(headline):
            raise forms.ValidationError("Tiêu đề phải có chữ cái hoặc chữ số.", code="invisible")
        return headline

    def clean_video_url(self):
        url = self.cleaned_data.get("video_url", "")
        if url:
            parts = urlsplit(url)
            if parts.scheme != "https" or parts.hostname not in allowed_video_hosts():
                raise forms.ValidationError(
                    "Chỉ nhận video từ YouTube, Vimeo hoặc Facebook, với địa chỉ bắt đầu bằng https://."
                )
        return url

    def clean_video_file(self):
        upload = self.cleaned_data.get("video_file")
        if upload and "video_file" in self.changed_data:
            validate_video(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Article.Kind.VIDEO and not (cleaned.get("video_url") or cleaned.get("video_file")):
            self.add_error("video_url", "Bài video cần địa chỉ video hoặc tệp video.")
        when = cleaned.get("publish_at")
        if "_publish" in self.data and is_backdated(when) and not cleaned.get("backdate"):
            self.add_error(
                "publish_at",
                f"Thời điểm {paper_time(when)} đã qua. Để trống để xuất bản ngay, chọn một thời điểm trong tương lai "
                "để hẹn giờ, hoặc đánh dấu “Đăng lùi ngày” nếu bạn cố ý cho bài mang ngày cũ.",
            )
        if self.instance.pk:
            base_version = cleaned.get("base_version")
            if base_version is None:
                raise forms.ValidationError("Biểu mẫu thiếu thông tin phiên bản; hãy tải lại trang.")
            try:
                # Locks the row until the admin's transaction ends, so two saves in flight are serialized.
                check_version(self.instance.pk, base_version)
            except EditConflict as conflict:
                raise forms.ValidationError(conflict.message, code="conflict") from None
        return cleaned


class PhotoForm(forms.ModelForm):
    """The photo library's form: the image is validated before anything is stored.

    The bytes decide, never the file name: it is not stored (articles.content.images
    generates one), so its length or extension refuses nothing, as at the
    editor's upload. After validation the upload gets a neutral name, so the
    model's own extension check sees what the bytes are.
    """

    class Meta:
        model = Photo
        fields = ["image", "caption", "credit", "alt_text", "taken_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "image" in self.fields:  # absent when the admin shows the photo read-only
            self.fields["image"].max_length = None
            self.fields["image"].validators = []

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload and "image" in self.changed_data:
            clean_image_upload(upload)
            upload.name = "anh.jpg"
        return upload

    def clean(self):
        """A photo a published or scheduled article shows keeps a real caption, a credit and a description: the
        page readers see changes the moment this is saved, and the rule published it with all three."""
        cleaned = super().clean()
        if self.instance.pk and not self.errors:
            after = Photo(
                caption=cleaned.get("caption", ""),
                credit=cleaned.get("credit", ""),
                alt_text=cleaned.get("alt_text", ""),
            )
            shows_it = (
                Q(cover_photo=self.instance) | Q(body_photos=self.instance) | Q(story_photos__photo=self.instance)
            )
            if not after.is_publishable and Article.objects.filter(shows_it, status=Article.Status.PUBLISHED).exists():
                raise forms.ValidationError(
                    "Ảnh này đang có trong bài đã xuất bản hoặc hẹn giờ: cần giữ đủ chú thích, nguồn ảnh và mô tả "
                    f"(còn thiếu: {', '.join(after.missing_details)})."
                )
        return cleaned


class PrintIssueForm(forms.ModelForm):
    """A print issue: the PDF is judged by its content and stored under a generated name (print_editions)."""

    class Meta:
        model = PrintIssue
        fields = ["number", "date", "pdf"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pdf"].max_length = None  # the uploader's file name is never stored

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if upload and "pdf" in self.changed_data:
            validate_pdf(upload)
        return upload
