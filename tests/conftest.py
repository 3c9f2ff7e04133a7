"""Shared fixtures: personas and small builders live here as the suite grows."""

import os
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def run_manage():
    """Run ``manage.py`` in a fresh interpreter with exactly the given environment additions."""
    import subprocess

    def run(*args, env=None, timeout=120):
        base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_ROOT,
            env={**base, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run
