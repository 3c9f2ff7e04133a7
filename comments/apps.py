from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Ý kiến bạn đọc"

    def ready(self):
        from articles.desk import landing
        from comments.admin import pending_comments_panel

        # Where staff land (articles/desk/landing.py), moderators and editors see what waits in the queue.
        landing.register_panel(
            title="Ý kiến bạn đọc", template="admin/comments/_pending_notice.html", context=pending_comments_panel
        )
