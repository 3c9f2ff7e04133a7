"""deploy/gunicorn.conf.py: workers live as long as the master unless they outgrow their memory limit.

A worker replaced every 2,000 requests cost a second of CPU each time (Django imported again): under
cached load that was a restart a second per worker, a third of the throughput and the 99th percentile
from 16 ms to half a second. Each test starts gunicorn with one worker, as the service does, and counts
the workers it booted in its log.
"""

import subprocess
import sys
import urllib.request

from tests.ops import DEPLOY, PROJECT_ROOT, environment, free_port, stop, wait_until_up


def serve(tmp_path, requests: int, **extra: str) -> str:
    """gunicorn -c deploy/gunicorn.conf.py with one worker, asked ``requests`` times for /healthz; its log."""
    port, log = free_port(), tmp_path / "gunicorn.log"
    env = environment(
        DATABASE_URL="postgres://unused@127.0.0.1:1/unused",  # /healthz touches neither database nor cache
        ALLOWED_HOSTS="127.0.0.1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        **extra,
    )
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py")],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", process=process)
        for _ in range(requests):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=60) as response:
                assert response.status == 200
    finally:
        stop(process)
    return log.read_text()


def test_a_worker_is_not_replaced_after_thousands_of_requests(tmp_path):
    log = serve(tmp_path, 2_300)  # the old limit was 2,000 requests, plus up to 200 of jitter

    assert log.count("Booting worker") == 1, log
    assert "Autorestarting" not in log


def test_a_worker_past_its_memory_limit_finishes_the_request_and_is_replaced(tmp_path):
    log = serve(tmp_path, 250, GUNICORN_MAX_WORKER_MEMORY_MB="1")  # any worker holds more than 1 MB

    assert log.count("Booting worker") >= 3, log  # checked every 100 requests: replaced after 100 and 200
    assert "over GUNICORN_MAX_WORKER_MEMORY_MB=1: replacing it" in log
