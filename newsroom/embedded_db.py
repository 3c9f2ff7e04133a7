"""The project's own PostgreSQL, used when ``DATABASE_URL`` is unset.

``pgserver`` ships PostgreSQL binaries as a Python package, so a fresh clone
needs no system database: the first call initialises a cluster under
``var/postgres/`` and starts it on a Unix socket; later calls (every
``manage.py`` command, every test run) find it running and reuse it. The
server is left running between commands on purpose: starting it costs about a
second and ``make run`` / ``make test`` call it many times.
"""

import contextlib
import warnings
from pathlib import Path

SUPERUSER = "postgres"


def embedded_database(data_dir: Path, name: str) -> dict:
    """Start (or reuse) the server in ``data_dir`` and return a ``DATABASES`` entry for ``name``."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); its /tmp fallback is fine.
        warnings.simplefilter("ignore")
        import pgserver  # imported lazily: production never needs it

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir, cleanup_mode=None)
    socket_dir = str(server.get_postmaster_info().socket_dir)
    _create_database_if_missing(socket_dir, name)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": SUPERUSER,
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": "",
    }


def _create_database_if_missing(socket_dir: str, name: str) -> None:
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(dbname="postgres", user=SUPERUSER, host=socket_dir)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                create = sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0")
                # another process (runserver's reloader) may create it first
                with contextlib.suppress(psycopg2.errors.DuplicateDatabase):
                    cursor.execute(create.format(sql.Identifier(name)))
    finally:
        connection.close()
