"""Production (DJANGO_ENV=production) is HTTPS only, behind a TLS-terminating proxy, and passes Django's checklist.

Each test starts a fresh interpreter with production's environment (the
settings are read once per process), the way tests/test_settings.py does.
The probe sends requests through the whole middleware stack without a
database: the redirect to HTTPS, and the admin's login page over HTTPS.
"""

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

from django.conf import settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k3y-" + "x7Qp9vLm2Rt5Wz8Nb4Hc6Jd1Fg3Ks0Ya" * 2,
    "ALLOWED_HOSTS": "baodaklak.vn",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/newsroom",
}
PROBE = """
import json
from django.conf import settings
from django.test import Client, override_settings

names = [
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SAMESITE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY", "X_FRAME_OPTIONS", "USE_X_FORWARDED_HOST", "SILENCED_SYSTEM_CHECKS",
]
found = {"settings": {name: getattr(settings, name) for name in names}}
client = Client(HTTP_HOST="baodaklak.vn")
plain = client.get("/tim-kiem/?q=a")
said_http = client.get("/", HTTP_X_FORWARDED_PROTO="http")
# No collectstatic in a test: plain static storage instead of the manifest, nothing else changed.
storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=storages):
    https = client.get("/admin/login/", HTTP_X_FORWARDED_PROTO="https")
found["plain"] = [plain.status_code, plain.get("Location")]
found["said_http"] = [said_http.status_code, said_http.get("Location")]
found["https"] = {"status": https.status_code, "headers": dict(https.headers)}
csrf = https.cookies[settings.CSRF_COOKIE_NAME]
found["csrf_cookie"] = {"secure": bool(csrf["secure"]), "samesite": csrf["samesite"]}
print("PROBE " + json.dumps(found))
"""


@cache
def production_probe() -> dict:
    base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PROBE],
        cwd=PROJECT_ROOT,
        env={**base, **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("PROBE "))
    return json.loads(line.removeprefix("PROBE "))


def test_production_passes_the_deployment_checklist_with_only_ckeditors_warning_silenced(run_manage):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout
    assert production_probe()["settings"]["SILENCED_SYSTEM_CHECKS"] == ["ckeditor.W001"]
    assert settings.SILENCED_SYSTEM_CHECKS == ["ckeditor.W001"]


def test_production_cookies_are_https_only_httponly_and_same_site():
    found = production_probe()["settings"]

    assert found["SESSION_COOKIE_SECURE"] is True
    assert found["CSRF_COOKIE_SECURE"] is True
    assert found["SESSION_COOKIE_HTTPONLY"] is True
    assert found["SESSION_COOKIE_SAMESITE"] == found["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert production_probe()["csrf_cookie"] == {"secure": True, "samesite": "Lax"}


def test_production_trusts_the_proxys_forwarded_proto_and_nothing_else():
    found = production_probe()["settings"]

    assert found["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert found["USE_X_FORWARDED_HOST"] is False
    assert found["DEBUG"] is False


def test_plain_http_is_redirected_to_https_for_good():
    probe = production_probe()

    assert probe["plain"] == [301, "https://baodaklak.vn/tim-kiem/?q=a"]
    assert probe["said_http"] == [301, "https://baodaklak.vn/"]  # the proxy said the client used http


def test_https_responses_carry_hsts_for_a_year_with_subdomains_and_preload():
    probe = production_probe()

    assert probe["https"]["status"] == 200
    assert probe["https"]["headers"]["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert probe["settings"]["SECURE_HSTS_SECONDS"] >= 31_536_000


def test_https_responses_carry_the_browser_protections():
    headers = production_probe()["https"]["headers"]

    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "object-src 'none'" in headers["Content-Security-Policy"]
