from django.urls import path, re_path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    re_path(r"^(?P<section>[a-z0-9-]+)/(?P<slug>[a-z0-9-]+)-(?P<pk>\d+)\.html$", views.article_detail, name="detail"),
    path("xem-truoc/<int:pk>/", views.article_preview, name="preview"),
]
