"""Helpers for the operations tests: the real nginx site (deploy/nginx/newsroom.conf) and plain HTTP.

``Edge`` runs deploy/nginx/newsroom.conf with only what a test machine must change: ports,
paths, the upstream servers and a throwaway certificate. nginx and its njs module are required,
never skipped: ``apt-get install nginx libnginx-mod-http-js`` (.ci/run does it in CI).
"""

import http.cookies
import os
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEPLOY = PROJECT_ROOT / "deploy"
SITE_CONF = DEPLOY / "nginx" / "newsroom.conf"
EDGE_SCRIPT = DEPLOY / "nginx" / "newsroom-edge.js"
NJS_MODULE = Path("/usr/lib/nginx/modules/ngx_http_js_module.so")
INSTALL_HINT = "apt-get install nginx libnginx-mod-http-js"


def nginx_binary() -> str:
    """nginx's path; fails (never skips) the test when nginx or its njs module is missing."""
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
    if found is None or not NJS_MODULE.exists():
        pytest.fail(f"these tests need nginx with njs: {INSTALL_HINT} (.ci/run installs them in CI)")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scratch_folder(prefix: str) -> Path:
    """A folder nginx's workers can use: they run as ``nobody`` when the test runs as root."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o755)
    return folder


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for ``localhost`` (openssl, a second), standing in for certbot's."""
    certificate, key = folder / "localhost.pem", folder / "localhost.key"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"),
            *("-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(certificate)),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return certificate, key


@dataclass
class Answer:
    status: int
    headers: Message
    body: str

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Browser:
    """urllib with cookies kept by name (Secure ones too: the app sees https through its proxy header)."""

    certificate: Path | None = None
    cookies: dict = field(default_factory=dict)

    def fetch(self, url: str, *, method: str = "GET", data: bytes | None = None, headers=None) -> Answer:
        request = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))  # noqa: S310
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        context = ssl.create_default_context(cafile=str(self.certificate)) if self.certificate else None
        opener = urllib.request.build_opener(_NoRedirects(), urllib.request.HTTPSHandler(context=context))
        try:
            with opener.open(request, timeout=30) as response:
                answer = Answer(response.status, response.headers, response.read().decode(errors="replace"))
        except urllib.error.HTTPError as error:
            answer = Answer(error.code, error.headers, error.read().decode(errors="replace"))
        for set_cookie in answer.headers.get_all("Set-Cookie") or []:
            parsed = http.cookies.SimpleCookie(set_cookie)
            self.cookies.update({name: morsel.value for name, morsel in parsed.items()})
        return answer


def wait_until_up(url: str, *, process: subprocess.Popen, certificate: Path | None = None, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{process.args[0]} exited with {process.returncode} before answering {url}")
        try:
            Browser(certificate).fetch(url)
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def stop(process: subprocess.Popen | None) -> None:
    """Terminate ``process`` (ours, by its pid) and wait; kill it if it does not go."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


def render_site(folder: Path, *, upstreams, http_port, https_port, purge_port, certificate, key) -> str:
    """deploy/nginx/newsroom.conf with this machine's ports, paths, upstreams and certificate."""
    text = re.sub(r"^\s*listen \[::\]:\d+.*\n", "", SITE_CONF.read_text(), flags=re.M)  # IPv6 may be absent here
    servers = "\n    ".join(f"server {upstream} max_fails=3 fail_timeout=10s;" for upstream in upstreams)
    replacements = {
        "listen 80 default_server;": f"listen 127.0.0.1:{http_port} default_server;",
        "listen 443 ssl http2 default_server;": f"listen 127.0.0.1:{https_port} ssl http2 default_server;",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen 127.0.0.1:8080;": f"listen 127.0.0.1:{purge_port};",
        "server_name news.example.vn;": "server_name localhost;",
        "server 127.0.0.1:8000 max_fails=3 fail_timeout=10s;": servers,
        "/var/cache/nginx/newsroom": str(folder / "cache"),
        "/etc/nginx/newsroom-edge.js": str(EDGE_SCRIPT),
        "/var/log/nginx/": f"{folder / 'logs'}/",
        "/var/www/letsencrypt": str(folder / "www"),
        "/srv/newsroom/media/": f"{folder / 'media'}/",
        "/etc/ssl/certs/ssl-cert-snakeoil.pem": str(certificate),
        "/etc/ssl/private/ssl-cert-snakeoil.key": str(key),
    }
    for production, here in replacements.items():
        assert production in text, f"{SITE_CONF} no longer says {production!r}: update tests/ops/__init__.py"
        text = text.replace(production, here)
    return text


MAIN_CONF = """\
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/logs/error.log warn;
load_module {njs};
events {{
    worker_connections 256;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    gzip on;
    client_body_temp_path {folder}/tmp/body;
    proxy_temp_path {folder}/tmp/proxy;
    fastcgi_temp_path {folder}/tmp/fastcgi;
    uwsgi_temp_path {folder}/tmp/uwsgi;
    scgi_temp_path {folder}/tmp/scgi;
    include {folder}/newsroom.conf;
}}
"""


class Edge:
    """nginx serving deploy/nginx/newsroom.conf in front of ``upstreams`` (``host:port`` strings)."""

    def __init__(self, folder: Path, *, upstreams: list[str]):
        self.folder = folder
        self.upstreams = upstreams
        self.http_port, self.https_port, self.purge_port = free_port(), free_port(), free_port()
        self.process = None
        for name in ("cache", "logs", "www", "media", "tmp"):
            (folder / name).mkdir(exist_ok=True)
            (folder / name).chmod(0o777)
        self.certificate, key = self_signed_certificate(folder)
        site = render_site(
            folder,
            upstreams=upstreams,
            http_port=self.http_port,
            https_port=self.https_port,
            purge_port=self.purge_port,
            certificate=self.certificate,
            key=key,
        )
        (folder / "newsroom.conf").write_text(site)
        (folder / "nginx.conf").write_text(MAIN_CONF.format(folder=folder, njs=NJS_MODULE))

    @property
    def purge_url(self) -> str:
        return f"http://127.0.0.1:{self.purge_port}/purge"

    def url(self, path: str) -> str:
        return f"https://localhost:{self.https_port}{path}"

    def check(self) -> subprocess.CompletedProcess:
        """``nginx -t`` on the rendered configuration."""
        return subprocess.run(self._command("-t"), capture_output=True, text=True, timeout=30, check=False)

    def start(self) -> None:
        log = (self.folder / "logs" / "nginx.out").open("w")
        self.process = subprocess.Popen(self._command("-g", "daemon off;"), stdout=log, stderr=subprocess.STDOUT)
        wait_until_up(f"http://127.0.0.1:{self.purge_port}/", process=self.process)

    def stop(self) -> None:
        stop(self.process)

    def error_log(self) -> str:
        path = self.folder / "logs" / "error.log"
        return path.read_text() if path.exists() else ""

    def _command(self, *extra: str) -> list[str]:
        conf, error_log = self.folder / "nginx.conf", self.folder / "logs" / "error.log"
        return [nginx_binary(), "-c", str(conf), "-p", str(self.folder), "-e", str(error_log), *extra]


def environment(**extra: str) -> dict:
    """The few variables a subprocess inherits from this one, plus ``extra``."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    return {**{key: os.environ[key] for key in keep if key in os.environ}, **extra}
