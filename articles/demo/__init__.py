"""Demo content for ``manage.py load_demo``: plain data, no database access.

``reference`` reads the reference article page (``reference_article.txt``, a
verbatim copy of the page's text); ``articles`` holds the other demo stories.
"""
