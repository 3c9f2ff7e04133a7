"""Prepared statements for the public pages' hottest queries, and only for them.

Planning the article page's one query cost PostgreSQL more than running it.
psycopg 3 can prepare a statement on its connection, so it is planned once
and, after a few runs, PostgreSQL keeps one generic plan. That plan must suit
every parameter: right for an article by its id or a thread by its article,
wrong for searches and the desk's lists (the moderation queue's list went
from 7 ms to 140 ms with a generic plan). So nothing is prepared by default
(``DB_PREPARE_THRESHOLD=0``); the queries that gain say so:

    with connection.execute_wrapper(prepared):
        cursor.execute(...)
"""

from django.db.backends.postgresql.psycopg_any import is_psycopg3


def prepared(execute, sql, params, many, context):
    """Execute wrapper (``connection.execute_wrapper``): prepare this statement on its connection."""
    if not is_psycopg3 or many:  # psycopg2 prepares nothing
        return execute(sql, params, many, context)
    with context["connection"].wrap_database_errors:
        return context["cursor"].cursor.execute(sql, params, prepare=True)
