"""Scratch data directories for tests of the embedded server, and the clean-up they need."""

import contextlib
import os
import shutil
import signal
import tempfile
from pathlib import Path

import psutil

from newsroom.embedded_db import stop_server


@contextlib.contextmanager
def scratch_data_dir():
    """A data directory path in a fresh directory; every server and process started on it is stopped after.

    Not under pytest's tmp_path: as root, PostgreSQL runs as the user "embedded_postgres",
    and any pytest starting meanwhile closes /tmp/pytest-of-root to its owner again.
    """
    root = Path(tempfile.mkdtemp(prefix="newsroom-embedded-"))
    root.chmod(0o755)
    try:
        yield root / "pg"
    finally:
        for data_dir in root.iterdir():
            if data_dir.is_dir():
                with contextlib.suppress(Exception):
                    stop_server(data_dir, timeout=15)
        kill_processes_mentioning(root)
        shutil.rmtree(root, ignore_errors=True)


def kill_processes_mentioning(path: Path) -> None:
    """SIGKILL every process whose command line names ``path`` (postmasters, initdb), then wait for them."""
    victims = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        if process.info["pid"] != os.getpid() and any(str(path) in part for part in process.info["cmdline"] or []):
            with contextlib.suppress(psutil.Error):
                process.send_signal(signal.SIGKILL)
                victims.append(process)
    psutil.wait_procs(victims, timeout=10)
