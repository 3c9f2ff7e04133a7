"""Without DATABASE_URL the project starts and uses its own PostgreSQL server."""

import os
import re
import subprocess
import sys
import time

from newsroom.embedded_db import package_major_version
from tests.embedded_server_dirs import scratch_data_dir

PRINT_SERVER = (
    "from django.db import connection\n"
    "with connection.cursor() as c:\n"
    "    c.execute(\"SELECT current_setting('data_directory'), current_database(), version()\")\n"
    "    print('|'.join(c.fetchone()))\n"
)


def test_without_database_url_the_embedded_server_is_started_and_used(run_manage):
    with scratch_data_dir() as data_dir:
        result = run_manage("shell", "-c", PRINT_SERVER, env={"EMBEDDED_POSTGRES_DIR": str(data_dir)})
        assert result.returncode == 0, result.stderr
        data_directory, database, version = result.stdout.strip().splitlines()[-1].split("|")
        assert os.path.realpath(data_directory) == os.path.realpath(data_dir)
        assert database == "newsroom"
        assert version.startswith(f"PostgreSQL {package_major_version()}.")

        again = run_manage("shell", "-c", PRINT_SERVER, env={"EMBEDDED_POSTGRES_DIR": str(data_dir)})
        assert again.returncode == 0, again.stderr
        assert again.stdout.strip().splitlines()[-1] == result.stdout.strip().splitlines()[-1]


def test_two_commands_starting_at_once_on_a_fresh_clone_both_get_the_same_server(run_manage):
    """runserver's autoreloader starts a second process while the first one is still setting up."""
    with scratch_data_dir() as data_dir:
        env = {"PATH": os.environ["PATH"], "EMBEDDED_POSTGRES_DIR": str(data_dir)}
        command = [sys.executable, "manage.py", "shell", "-c", PRINT_SERVER]
        both = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)]
        time.sleep(0.3)
        both.append(subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        outputs = [process.communicate(timeout=120) for process in both]
        assert [process.returncode for process in both] == [0, 0], outputs
        assert outputs[0][0].splitlines()[-1] == outputs[1][0].splitlines()[-1]


def test_a_data_directory_of_another_major_version_is_explained_in_one_line(run_manage):
    with scratch_data_dir() as data_dir:
        data_dir.mkdir()
        (data_dir / "PG_VERSION").write_text("14\n")
        (data_dir / "base").mkdir()

        result = run_manage("shell", "-c", PRINT_SERVER, env={"EMBEDDED_POSTGRES_DIR": str(data_dir)})

        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        [line] = result.stderr.strip().splitlines()
        shipped = package_major_version()
        assert re.search(rf"holds a PostgreSQL 14 cluster but this project ships PostgreSQL {shipped}", line)
        assert "make stop-db" in line and "README.md" in line
        assert (data_dir / "PG_VERSION").read_text() == "14\n", "the old cluster is left as it was"


def test_a_directory_that_is_not_a_cluster_is_refused_in_one_line_and_left_alone(run_manage):
    with scratch_data_dir() as data_dir:
        data_dir.mkdir()
        (data_dir / "notes.txt").write_text("mine")

        result = run_manage("shell", "-c", PRINT_SERVER, env={"EMBEDDED_POSTGRES_DIR": str(data_dir)})

        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        [line] = result.stderr.strip().splitlines()
        assert "is not an empty directory nor a PostgreSQL cluster" in line and "EMBEDDED_POSTGRES_DIR" in line
        assert (data_dir / "notes.txt").read_text() == "mine"


def test_suite_runs_on_postgresql(db):
    from django.db import connection

    assert connection.vendor == "postgresql"
