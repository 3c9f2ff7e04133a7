from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path, re_path, register_converter
from django.utils.functional import lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.static import serve

from articles.desk import landing
from articles.desk.editor_upload import editor_image_upload, editor_photo_browser, editor_photo_details
from articles.site.views.staff import view_on_site
from newsroom import health
from newsroom.converters import RowId

register_converter(RowId, "id")  # before the apps' URLs, which use it

# The admin carries the paper's name (PAPER_NAME), read when a page is drawn.
admin.site.site_header = lazy(lambda: f"{settings.PAPER['name']} — Tòa soạn", str)()
admin.site.site_title = lazy(lambda: settings.PAPER["name"], str)()
admin.site.index_title = "Tòa soạn"

urlpatterns = [
    path("admin/editor/upload-image/", editor_image_upload, name="editor-image-upload"),
    path("admin/editor/photos/", editor_photo_browser, name="editor-photo-browser"),
    path("admin/editor/photos/<id:pk>/", editor_photo_details, name="editor-photo-details"),
    # Before the admin's own "r/" shortcut, which would lead anyone at the desk to any draft's future address.
    path("admin/r/<int:content_type_id>/<path:object_id>/", view_on_site, name="view-on-site"),
    # Staff land on their desk (articles/desk/landing.py), in place of the admin's own index.
    path("admin/", admin.site.admin_view(landing.index), name="desk"),
    path("admin/", admin.site.urls),
    path("y-kien/", include("comments.urls")),
    # For load balancers and monitoring (newsroom/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", include("articles.urls")),
]

if settings.BENCH_MODE:
    # The benchmark's baseline M: the same stack of middleware, no work in the view.
    urlpatterns += [path("bench/ok/", lambda request: HttpResponse("ok"), name="bench-baseline")]

if settings.DEBUG:
    # Development only (production's web server serves media). SAMEORIGIN, not DENY, so the
    # print edition's page can show its PDF in a frame.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            xframe_options_sameorigin(serve),
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
