"""Where Django's admin looks for an app's admin pages: the desk's are in ``articles/desk/admin.py``."""

from articles.desk import admin  # noqa: F401  registers the desk's ModelAdmins
