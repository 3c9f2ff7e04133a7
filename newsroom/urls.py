from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from articles.editor_upload import editor_image_upload, editor_photo_browser

admin.site.site_header = "Newsroom — Quản trị tòa soạn"
admin.site.site_title = "Newsroom"
admin.site.index_title = "Tòa soạn"

urlpatterns = [
    path("admin/editor/upload-image/", editor_image_upload, name="editor-image-upload"),
    path("admin/editor/photos/", editor_photo_browser, name="editor-photo-browser"),
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
