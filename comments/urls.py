"""Reader-side comment URLs, included at ``/y-kien/`` (the moderators work in the admin)."""

from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("<int:article_id>/", views.comment_list, name="list"),
    path("gui/<int:article_id>/", views.post, name="post"),
    path("phien/<int:article_id>/", views.session, name="session"),
    path("bao-vi-pham/<int:comment_id>/", views.report, name="report"),
]
