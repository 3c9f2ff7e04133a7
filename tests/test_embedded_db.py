"""Without DATABASE_URL the project starts and uses its own PostgreSQL server."""

import os

import pgserver

PRINT_SERVER = (
    "from django.db import connection\n"
    "with connection.cursor() as c:\n"
    "    c.execute(\"SELECT current_setting('data_directory'), current_database(), version()\")\n"
    "    print('|'.join(c.fetchone()))\n"
)


def test_without_database_url_the_embedded_server_is_started_and_used(run_manage, tmp_path):
    data_dir = tmp_path / "pg"
    try:
        result = run_manage("shell", "-c", PRINT_SERVER, env={"EMBEDDED_POSTGRES_DIR": str(data_dir)})
        assert result.returncode == 0, result.stderr
        data_directory, database, version = result.stdout.strip().splitlines()[-1].split("|")
        assert os.path.realpath(data_directory) == os.path.realpath(data_dir)
        assert database == "newsroom"
        assert version.startswith("PostgreSQL")

        again = run_manage("shell", "-c", PRINT_SERVER, env={"EMBEDDED_POSTGRES_DIR": str(data_dir)})
        assert again.returncode == 0, again.stderr
        assert again.stdout.strip().splitlines()[-1] == result.stdout.strip().splitlines()[-1]
    finally:
        if (data_dir / "postmaster.pid").exists():
            user = "pgserver" if os.geteuid() == 0 else None
            pgserver.pg_ctl(["-m", "immediate", "-w", "stop"], pgdata=data_dir, user=user)


def test_suite_runs_on_postgresql(db):
    from django.db import connection

    assert connection.vendor == "postgresql"
