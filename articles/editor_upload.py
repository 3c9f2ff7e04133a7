"""The rich-text editor's image upload endpoint (CKEditor 4, ``filebrowserUploadMethod: 'xhr'``).

CKEditor posts the file as the multipart field ``upload`` with the CSRF token in
an ``X-CSRFToken`` header (``articles/static/articles/admin/editor.js``), so
Django's normal CSRF protection applies. The upload becomes a Photo of the
library through ``articles.images.create_photo``; caption, credit and alt text
are filled in later by the editor. The answers are the JSON CKEditor expects.
"""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from articles.images import create_photo

NO_PERMISSION = "Bạn không có quyền tải ảnh lên."
NO_FILE = "Không nhận được tệp ảnh nào."


@require_POST
@never_cache
def editor_image_upload(request):
    user = request.user
    if not (user.is_active and user.is_staff and user.has_perm("articles.add_photo")):
        return _failure(NO_PERMISSION, status=403)
    upload = request.FILES.get("upload")
    if upload is None:
        return _failure(NO_FILE)
    try:
        photo = create_photo(file=upload, uploaded_by=user)
    except ValidationError as exc:
        return _failure(exc.messages[0])
    return JsonResponse(
        {
            "uploaded": 1,
            "fileName": photo.image.name.rsplit("/", 1)[-1],
            "url": photo.rendition_url(960),
            "photoId": photo.pk,
        }
    )


def _failure(message: str, *, status: int = 400) -> JsonResponse:
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=status)


BROWSER_PAGE_SIZE = 60


@never_cache
def editor_photo_browser(request):
    """The editor's "browse server" window: pick a library photo to insert into the body."""
    from django.core.exceptions import PermissionDenied
    from django.db.models import Q
    from django.shortcuts import render

    from articles.models import Photo

    user = request.user
    if not (user.is_active and user.is_staff and user.has_perm("articles.view_photo")):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:100]
    photos = Photo.objects.all()
    if query:
        photos = photos.filter(Q(caption__icontains=query) | Q(credit__icontains=query) | Q(alt_text__icontains=query))
    context = {
        "photos": photos[:BROWSER_PAGE_SIZE],
        "query": query,
        "func_num": request.GET.get("CKEditorFuncNum", "") if request.GET.get("CKEditorFuncNum", "").isdigit() else "",
    }
    return render(request, "articles/editor_photo_browser.html", context)
