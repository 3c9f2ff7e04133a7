"""A Redis server of a test's own that evicts under memory pressure, used as the site's cache.

Production runs Redis with a ``maxmemory``: once it fills, keys are pushed out. The security and cache tests
prove their point against that, not against a roomy Redis that never evicts. Debian's ``redis-server`` is on
every machine of this project (CI's runs one); a missing binary fails the test rather than skipping it.
"""

import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest
from django.core.cache import caches


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def evicting_redis(settings, *, maxmemory: str, key_prefix: str):
    """Start ``redis-server`` with ``maxmemory`` and ``allkeys-lru``, make it the default cache, yield it."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed (Debian's redis-server package; CI's machine runs it)")
    port = _free_port()
    command = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    command += ["--maxmemory", maxmemory, "--maxmemory-policy", "allkeys-lru"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        settings.CACHES = {
            "default": {
                "BACKEND": "newsroom.redis_cache.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{port}/0",
                "KEY_PREFIX": key_prefix,
            }
        }
        yield caches["default"]
    finally:
        process.terminate()
        process.wait(timeout=10)
