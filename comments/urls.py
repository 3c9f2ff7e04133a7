"""Reader-side comment URLs, included at ``/y-kien/`` (the moderators work in the admin)."""

from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("<id:article_id>/", views.comment_list, name="list"),
    path("gui/<id:article_id>/", views.post, name="post"),
    path("phien/<id:article_id>/", views.session, name="session"),
    path("bao-vi-pham/<id:comment_id>/", views.report, name="report"),
]
