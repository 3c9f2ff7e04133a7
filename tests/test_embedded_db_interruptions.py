"""After any interruption of a run, the next run of the embedded server works with no manual repair.

Real kills first: a ``manage.py`` command (what ``make run`` / ``make test``
run) is started on a fresh data directory and its whole process group is
killed at a given moment, as a closed terminal, ``timeout``, systemd or a
container stop would; then the next command must work and print no
traceback. Then the files such kills leave behind, written directly: quick
and deterministic.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from newsroom.embedded_db import ensure_server, stop_server
from tests.conftest import PROJECT_ROOT
from tests.embedded_server_dirs import scratch_data_dir

PRINT_DATA_DIR = (
    "from django.db import connection\n"
    "with connection.cursor() as c:\n"
    "    c.execute(\"SELECT current_setting('data_directory')\")\n"
    "    print(c.fetchone()[0])\n"
)


def start_command(data_dir: Path) -> subprocess.Popen:
    """``manage.py shell`` on the embedded server of ``data_dir``, in a process group of its own."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-c", PRINT_DATA_DIR],
        cwd=PROJECT_ROOT,
        env={"PATH": os.environ["PATH"], "EMBEDDED_POSTGRES_DIR": str(data_dir)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def run_command(data_dir: Path) -> subprocess.CompletedProcess:
    process = start_command(data_dir)
    stdout, stderr = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def assert_works(data_dir: Path) -> None:
    result = run_command(data_dir)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert os.path.realpath(result.stdout.strip().splitlines()[-1]) == os.path.realpath(data_dir)


def wait_for(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"never saw: {what}"
        time.sleep(0.02)


def running(name: str, mentioning: Path) -> bool:
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info["name"] == name and any(str(mentioning) in part for part in process.info["cmdline"] or []):
            return True
    return False


def staging(data_dir: Path) -> Path:
    return data_dir.with_name(f".{data_dir.name}.initialising")


def postmaster_pid(data_dir: Path) -> int:
    return int((data_dir / "postmaster.pid").read_text().split()[0])


MOMENTS = {
    # the first run: while initdb writes the cluster, while the new cluster makes its trial start
    "initdb": lambda data_dir: running("initdb", staging(data_dir)),
    "trial start": lambda data_dir: (staging(data_dir) / "postmaster.pid").exists(),
    # a later run: while pg_ctl starts the server
    "start": lambda data_dir: (data_dir / "postmaster.pid").exists(),
}


@pytest.mark.parametrize(
    ("moment", "signal_number"),
    [
        ("initdb", signal.SIGKILL),
        ("trial start", signal.SIGINT),
        ("start", signal.SIGTERM),
    ],
    ids=lambda value: value.name if isinstance(value, signal.Signals) else value,
)
def test_a_run_killed_at_any_moment_leaves_the_next_run_working(moment, signal_number):
    with scratch_data_dir() as data_dir:
        if moment == "start":
            assert_works(data_dir)
            stop_server(data_dir)
        process = start_command(data_dir)
        try:
            wait_for(lambda: MOMENTS[moment](data_dir), f"the {moment} of the run")
        finally:
            os.killpg(process.pid, signal_number)
            process.communicate(timeout=60)

        assert_works(data_dir)
        assert not staging(data_dir).exists()


def test_a_postmaster_killed_outright_is_not_taken_for_a_running_server():
    with scratch_data_dir() as data_dir:
        assert_works(data_dir)
        os.kill(postmaster_pid(data_dir), signal.SIGKILL)

        assert_works(data_dir)


def test_a_run_started_while_the_previous_server_shuts_down_waits_and_works():
    with scratch_data_dir() as data_dir:
        assert_works(data_dir)
        with (data_dir / "postmaster.pid").open() as pid_file:
            os.kill(int(pid_file.readline()), signal.SIGINT)  # fast shutdown: `make stop-db` in another terminal

        assert_works(data_dir)


# Left-over files, written directly ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stopped_cluster():
    """An initialised cluster, stopped; each test leaves it running and the next one stops it again."""
    with scratch_data_dir() as data_dir:
        ensure_server(data_dir)
        yield data_dir


@pytest.fixture
def cluster(stopped_cluster):
    stop_server(stopped_cluster)
    return stopped_cluster


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def old(path: Path) -> None:
    os.utime(path, (time.time() - 60, time.time() - 60))


def test_an_emptied_handle_list_of_the_old_layer_does_not_matter(cluster):
    (cluster / ".handle_pids.json").write_text("")

    assert ensure_server(cluster) == cluster


def test_a_postmaster_pid_left_empty_by_a_killed_start_is_replaced(cluster):
    (cluster / "postmaster.pid").write_text("")
    old(cluster / "postmaster.pid")

    assert ensure_server(cluster) == cluster


def test_a_half_written_postmaster_pid_of_a_dead_server_is_replaced(cluster):
    (cluster / "postmaster.pid").write_text(f"{dead_pid()}\n{cluster}\n17000")
    old(cluster / "postmaster.pid")

    assert ensure_server(cluster) == cluster


def test_the_seven_line_postmaster_pid_of_an_interrupted_initdb_is_replaced(cluster):
    lines = [f"-{dead_pid()}", str(cluster), "1700000000", "5432", "", "", "  1234   5678"]
    (cluster / "postmaster.pid").write_text("\n".join(lines) + "\n")

    assert ensure_server(cluster) == cluster


def test_a_postmaster_pid_naming_a_live_process_that_is_not_postgresql_is_replaced(cluster):
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        lines = [str(sleeper.pid), str(cluster), "1700000000", "5432", str(cluster), "", "  1234   5678", "ready"]
        (cluster / "postmaster.pid").write_text("\n".join(lines) + "\n")

        assert ensure_server(cluster) == cluster
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_data_directory_with_only_the_leftovers_of_an_interrupted_first_run_is_initialised():
    with scratch_data_dir() as data_dir:
        data_dir.mkdir()
        (data_dir / ".handle_pids.json").write_text("[12")
        (data_dir / "log").write_text("")

        assert ensure_server(data_dir) == data_dir
        assert (data_dir / "PG_VERSION").exists()
