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
VCL = DEPLOY / "varnish" / "newsroom.vcl"
XKEY_MODULE = "libvmod_xkey.so"
INSTALL_HINT = "apt-get install nginx varnish varnish-modules"


def _binary(name: str) -> str:
    """``name``'s path; fails (never skips) the test when it is missing."""
    found = shutil.which(name) or next((p for p in (f"/usr/sbin/{name}",) if Path(p).exists()), None)
    if found is None:
        pytest.fail(f"these tests need {name}: {INSTALL_HINT} (.ci/run installs them in CI)")
    return found


def nginx_binary() -> str:
    return _binary("nginx")


def varnishd_binary() -> str:
    """varnishd's path; fails (never skips) the test when it or the xkey module (varnish-modules) is missing."""
    found = _binary("varnishd")
    if not any(Path("/usr/lib").glob(f"*/varnish/vmods/{XKEY_MODULE}")):
        pytest.fail(f"these tests need Varnish's xkey module: {INSTALL_HINT} (.ci/run installs them in CI)")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scratch_folder(prefix: str) -> Path:
    """A folder nginx's workers and varnishd can use: as root, they run as ``nobody``, ``varnish`` and ``vcache``."""
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


def render_site(folder: Path, *, upstream, http_port, https_port, certificate, key) -> str:
    """deploy/nginx/newsroom.conf with this machine's ports, paths, Varnish's address and certificate."""
    text = re.sub(r"^\s*listen \[::\]:\d+.*\n", "", SITE_CONF.read_text(), flags=re.M)  # IPv6 may be absent here
    replacements = {
        "listen 80 default_server;": f"listen 127.0.0.1:{http_port} default_server;",
        "listen 443 ssl http2 default_server;": f"listen 127.0.0.1:{https_port} ssl http2 default_server;",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "server_name news.example.vn;": "server_name localhost;",
        "server 127.0.0.1:6081;": f"server {upstream};",
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
    """nginx serving deploy/nginx/newsroom.conf in front of ``upstream`` (Varnish's pages listener, ``host:port``)."""

    def __init__(self, folder: Path, *, upstream: str):
        self.folder = folder
        self.upstream = upstream
        self.http_port, self.https_port = free_port(), free_port()
        self.process = None
        for name in ("logs", "www", "media", "tmp"):
            (folder / name).mkdir(exist_ok=True)
            (folder / name).chmod(0o777)
        self.certificate, key = self_signed_certificate(folder)
        site = render_site(
            folder,
            upstream=upstream,
            http_port=self.http_port,
            https_port=self.https_port,
            certificate=self.certificate,
            key=key,
        )
        (folder / "newsroom.conf").write_text(site)
        (folder / "nginx.conf").write_text(MAIN_CONF.format(folder=folder))

    def url(self, path: str) -> str:
        return f"https://localhost:{self.https_port}{path}"

    def check(self) -> subprocess.CompletedProcess:
        """``nginx -t`` on the rendered configuration."""
        return subprocess.run(self._command("-t"), capture_output=True, text=True, timeout=30, check=False)

    def start(self) -> None:
        log = (self.folder / "logs" / "nginx.out").open("w")
        self.process = subprocess.Popen(self._command("-g", "daemon off;"), stdout=log, stderr=subprocess.STDOUT)
        wait_until_up(f"http://localhost:{self.http_port}/", process=self.process)  # a redirect to https

    def stop(self) -> None:
        stop(self.process)

    def error_log(self) -> str:
        path = self.folder / "logs" / "error.log"
        return path.read_text() if path.exists() else ""

    def access_log(self) -> str:
        path = self.folder / "logs" / "newsroom.access.log"
        return path.read_text() if path.exists() else ""

    def _command(self, *extra: str) -> list[str]:
        conf, error_log = self.folder / "nginx.conf", self.folder / "logs" / "error.log"
        return [nginx_binary(), "-c", str(conf), "-p", str(self.folder), "-e", str(error_log), *extra]


def refreshed_at_the_edge(read, path: str, old: str, seconds: float = 15) -> str:
    """The page once the edge holds a copy other than ``old`` (after its background refresh).

    ``read(path)`` asks the edge and returns ``(X-Edge-Cache, body)``.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state, body = read(path)
        if state == "HIT" and body != old:
            return body
        time.sleep(0.05)
    raise AssertionError(f"the edge still holds the old {path} after {seconds} s (last: {state})")


def render_vcl(*, backends: list[str], host: str = "localhost") -> str:
    """deploy/varnish/newsroom.vcl with these backends (``host:port`` strings) and host name."""
    text = VCL.read_text()
    production_backend = re.search(r"^backend app_1 \{\n.*?^\}\n", text, flags=re.M | re.S)
    assert production_backend, f"{VCL} no longer declares `backend app_1`: update tests/ops/__init__.py"
    declared, added = [], []
    for number, backend in enumerate(backends, start=1):
        address, port = backend.rsplit(":", 1)
        block = production_backend.group(0).replace("app_1", f"app_{number}")
        block = block.replace('.host = "127.0.0.1";', f'.host = "{address}";')
        block = block.replace('.port = "8000";', f'.port = "{port}";')
        declared.append(block)
        added.append(f"    app.add_backend(app_{number});")
    text = text.replace(production_backend.group(0), "\n".join(declared))
    replacements = {"    app.add_backend(app_1);": "\n".join(added), '"Host: news.example.vn"': f'"Host: {host}"'}
    for production, here in replacements.items():
        assert production in text, f"{VCL} no longer says {production!r}: update tests/ops/__init__.py"
        text = text.replace(production, here)
    return text


class Varnish:
    """varnishd running deploy/varnish/newsroom.vcl in front of ``backends`` (``host:port`` strings).

    Listeners as in deploy/systemd/varnish.service.d/newsroom.conf ("pages" and "purge"), on free ports.
    As root, varnishd compiles the VCL as ``varnish`` and serves as ``vcache``: the folder is theirs to read.
    """

    def __init__(self, folder: Path, *, backends: list[str]):
        self.folder = folder
        self.pages_port, self.purge_port = free_port(), free_port()
        self.process = None
        self.vcl = folder / "newsroom.vcl"
        self.vcl.write_text(render_vcl(backends=backends))
        self.vcl.chmod(0o644)

    @property
    def pages(self) -> str:
        return f"127.0.0.1:{self.pages_port}"

    @property
    def purge_url(self) -> str:
        return f"http://127.0.0.1:{self.purge_port}/"

    def url(self, path: str) -> str:
        return f"http://{self.pages}{path}"

    def check(self) -> subprocess.CompletedProcess:
        """``varnishd -C``: the VCL compiles (with the xkey, directors and std modules)."""
        command = [varnishd_binary(), "-C", "-n", str(self.folder / "varnish-check"), "-f", str(self.vcl)]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    def start(self) -> None:
        log = (self.folder / "varnishd.out").open("w")
        command = [
            *(varnishd_binary(), "-F", "-n", str(self.folder / "varnish")),
            *("-a", f"pages={self.pages},HTTP", "-a", f"purge=127.0.0.1:{self.purge_port},HTTP"),
            *("-T", "none", "-f", str(self.vcl), "-s", "malloc,64m", "-l", "4M"),
        ]
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        wait_until_up(self.purge_url, process=self.process, seconds=120)

    def stop(self) -> None:
        stop(self.process)

    def output(self) -> str:
        path = self.folder / "varnishd.out"
        return path.read_text() if path.exists() else ""


def environment(**extra: str) -> dict:
    """The few variables a subprocess inherits from this one, plus ``extra``."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    return {**{key: os.environ[key] for key in keep if key in os.environ}, **extra}
