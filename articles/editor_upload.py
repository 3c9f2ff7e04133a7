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
