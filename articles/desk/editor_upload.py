"""The editor's photo dialog: every photo enters an article's body captioned, credited and described.

The rich-text editor's image button (the ``newsroomphoto`` CKEditor plugin,
``articles/static/articles/admin/ckeditor/plugins/newsroomphoto/``) opens one
dialog whose steps are pages of these views, fetched into the admin page:

1. ``editor_photo_browser``: upload a new photo, or pick one from the library.
2. ``editor_image_upload`` stores an upload as a Photo of the library
   (``articles.content.images.create_photo``) with caption, credit and date read from
   the file's own metadata (``articles.content.photo_metadata``), the credit otherwise
   the uploader's byline; it answers with step 3, or with the JSON CKEditor's
   own upload expects when the dialog did not send it.
3. ``editor_photo_details``: the three required fields — Chú thích, Nguồn ảnh,
   Mô tả cho người khiếm thị — saved on the library photo; the answer (JSON)
   is what the plugin inserts. The library stays the single source: the body
   only points at the photo (``data-photo-id``).

Posts carry Django's CSRF token (the forms' own field, or the ``X-CSRFToken``
header that ``editor.js`` adds for CKEditor's upload).
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from articles.content.images import create_photo
from articles.content.photo_metadata import read_photo_metadata
from articles.content.publishing import can_edit_photo
from articles.models import Author, Photo
from articles.models.photo import is_real_caption, split_caption_credit
from newsroom import page_cache

NO_PERMISSION = "Bạn không có quyền tải ảnh lên."
NO_FILE = "Không nhận được tệp ảnh nào."
NO_CAPTION = "Cần chú thích cho bạn đọc: ảnh này nói gì, ở đâu, khi nào."
PLACEHOLDER_CAPTION = "“%(caption)s” là chữ mẫu, không phải chú thích: hãy viết điều bạn đọc cần biết về ảnh."
NO_CREDIT = "Cần ghi nguồn ảnh: người chụp hoặc hãng ảnh."
NO_ALT_TEXT = "Cần mô tả ảnh cho người khiếm thị."
BROWSER_PAGE_SIZE = 60


def _is_desk(user, permission: str) -> bool:
    return user.is_active and user.is_staff and user.has_perm(permission)


def default_credit(user) -> str:
    """The uploading staff member's byline: their Author's name, else their full name ("" when neither)."""
    author = Author.objects.filter(user=user).only("name").first()
    return author.name if author else user.get_full_name().strip()


@require_POST
@never_cache
def editor_image_upload(request):
    user = request.user
    dialog = bool(request.POST.get("dialog"))
    if not _is_desk(user, "articles.add_photo"):
        return _failure(request, NO_PERMISSION, dialog=dialog, status=403)
    upload = request.FILES.get("upload")
    if upload is None:
        return _failure(request, NO_FILE, dialog=dialog)
    metadata = read_photo_metadata(upload)  # before the upload is re-encoded without it
    credit = metadata.credit or default_credit(user)[: Photo._meta.get_field("credit").max_length]
    try:
        photo = create_photo(
            file=upload, uploaded_by=user, caption=metadata.caption, credit=credit, taken_on=metadata.taken_on
        )
    except ValidationError as exc:
        return _failure(request, exc.messages[0], dialog=dialog)
    if dialog:
        return _details_page(request, photo, PhotoDetailsForm(instance=photo))
    return JsonResponse(
        {
            "uploaded": 1,
            "fileName": photo.image.name.rsplit("/", 1)[-1],
            "url": photo.rendition_url(960),
            "photoId": photo.pk,
        }
    )


def _failure(request, message: str, *, dialog: bool, status: int = 400):
    if dialog and status != 403:
        return _choose_page(request, error=message, status=status)
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=status)


@never_cache
def editor_photo_browser(request):
    """The dialog's first step: upload a new photo, or search the library and pick one."""
    if not _is_desk(request.user, "articles.view_photo"):
        raise PermissionDenied
    return _choose_page(request)


def _choose_page(request, *, error: str = "", status: int = 200):
    query = request.GET.get("q", "").strip()[:100]
    photos = Photo.objects.all()
    if query:
        photos = photos.filter(Q(caption__icontains=query) | Q(credit__icontains=query) | Q(alt_text__icontains=query))
    context = {
        "photos": photos[:BROWSER_PAGE_SIZE],
        "query": query,
        "error": error,
        "can_upload": request.user.has_perm("articles.add_photo"),
    }
    return render(request, "articles/editor_photo_browser.html", context, status=status)


class PhotoDetailsForm(forms.ModelForm):
    """Caption, credit and alt text of a library photo, all three required, placeholders refused.

    "(Ảnh: X)" typed at the end of the caption becomes the credit, so readers never see it twice.
    """

    class Meta:
        model = Photo
        fields = ["caption", "credit", "alt_text", "taken_on"]
        labels = {
            "caption": "Chú thích",
            "credit": "Nguồn ảnh",
            "alt_text": "Mô tả cho người khiếm thị",
            "taken_on": "Ngày chụp",
        }
        help_texts = {
            "caption": "Câu bạn đọc thấy dưới ảnh, trong mọi bài dùng ảnh này. Gõ “(Ảnh: tên)” ở cuối thì tên đó "
            "thành nguồn ảnh.",
            "credit": "Người chụp hoặc hãng ảnh; bạn đọc thấy “(Ảnh: …)” sau chú thích.",
            "alt_text": "Trình đọc màn hình đọc câu này cho người không nhìn thấy ảnh: tả ngắn những gì có trong ảnh.",
            "taken_on": "Không bắt buộc; điền sẵn từ tệp ảnh khi máy ảnh ghi lại. Ngày/tháng/năm.",
        }
        widgets = {
            "caption": forms.Textarea(attrs={"rows": 3}),
            "alt_text": forms.Textarea(attrs={"rows": 2}),
            "taken_on": forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alt_text"].required = True
        self.fields["alt_text"].error_messages["required"] = NO_ALT_TEXT
        for name, field in self.fields.items():
            field.widget.attrs["aria-describedby"] = f"id_{name}_helptext"

    def clean(self):
        cleaned = super().clean()
        caption, typed_credit = split_caption_credit(cleaned.get("caption", ""))
        cleaned["caption"] = caption
        if typed_credit:
            cleaned["credit"] = typed_credit
        if not caption:
            self.add_error("caption", NO_CAPTION)
        elif not is_real_caption(caption):
            self.add_error("caption", ValidationError(PLACEHOLDER_CAPTION, params={"caption": caption}))
        if not (cleaned.get("credit") or "").strip():
            self.add_error("credit", NO_CREDIT)
        return cleaned


@require_http_methods(["GET", "POST"])
@never_cache
def editor_photo_details(request, pk: int):
    """The dialog's last step for one library photo: the three fields, then the photo to insert (JSON).

    Whoever may change the photo (``can_edit_photo``) fills or corrects its fields here; others may
    insert it only as it is, and only when it is complete.
    """
    if not _is_desk(request.user, "articles.view_photo"):
        raise PermissionDenied
    photo = get_object_or_404(Photo, pk=pk)
    editable = can_edit_photo(request.user, photo)
    if request.method == "GET" or not editable:
        if request.method == "POST" and photo.is_publishable:
            return _inserted(photo)
        form = PhotoDetailsForm(instance=photo)
        return _details_page(request, photo, form, status=200 if request.method == "GET" else 403)
    form = PhotoDetailsForm(request.POST, instance=photo)
    if not form.is_valid():
        return _details_page(request, photo, form, status=400)
    form.save()
    page_cache.site_changed()  # articles already showing the photo show the corrected caption
    return _inserted(photo)


def _details_page(request, photo, form, *, status: int = 200):
    editable = can_edit_photo(request.user, photo)
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    context = {"photo": photo, "form": form, "editable": editable}
    return render(request, "articles/editor_photo_details.html", context, status=status)


def _inserted(photo: Photo) -> JsonResponse:
    """What the editor inserts: the library photo's address, size and its caption and credit as readers see them."""
    return JsonResponse(
        {
            "photoId": photo.pk,
            "url": photo.display_url,
            "width": photo.width,
            "height": photo.height,
            "alt": photo.alt_text,
            "caption": photo.shown_caption,
            "credit": photo.shown_credit,
        }
    )
