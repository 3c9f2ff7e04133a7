"""The settings module fails loudly on bad configuration instead of running half-configured."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.env import env_bool, env_choice, env_int, env_list, env_path, env_url

REAL_KEY = "k3y-" + "x7Qp9vLm2Rt5Wz8Nb4Hc6Jd1Fg3Ks0Ya" * 2
DUMMY_DB = "postgres://postgres@127.0.0.1:5432/newsroom"


@pytest.mark.parametrize("value", ["maybe", "2", "tru"])
def test_bad_boolean_is_refused_with_the_variable_named(value):
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False, environ={"DEBUG": value})


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("0", False), ("ON", True), ("", False)])
def test_booleans_accept_the_usual_spellings(value, expected):
    assert env_bool("DEBUG", not expected, environ={"DEBUG": value}) is expected


def test_bad_integer_is_refused():
    with pytest.raises(ImproperlyConfigured, match="SECURE_HSTS_SECONDS must be an integer"):
        env_int("SECURE_HSTS_SECONDS", 0, environ={"SECURE_HSTS_SECONDS": "one year"})
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("SECURE_HSTS_SECONDS", 0, environ={"SECURE_HSTS_SECONDS": "-5"})


def test_list_with_empty_item_is_refused():
    assert env_list("ALLOWED_HOSTS", [], environ={"ALLOWED_HOSTS": "a.vn, b.vn"}) == ["a.vn", "b.vn"]
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS"):
        env_list("ALLOWED_HOSTS", [], environ={"ALLOWED_HOSTS": "a.vn,,b.vn"})


@pytest.mark.parametrize("value", ["mysql://u@h/db", "sqlite:///db.sqlite3", "127.0.0.1:5432", "postgres://"])
def test_database_url_must_be_postgres(value):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        env_url("DATABASE_URL", ("postgres", "postgresql"), environ={"DATABASE_URL": value})


def test_unknown_environment_name_is_refused():
    with pytest.raises(ImproperlyConfigured, match="DJANGO_ENV"):
        env_choice("DJANGO_ENV", ("development", "production"), "development", environ={"DJANGO_ENV": "prod"})


def test_relative_paths_are_refused():
    assert env_path("MEDIA_ROOT", Path("/x"), environ={"MEDIA_ROOT": "/srv/media"}) == Path("/srv/media")
    with pytest.raises(ImproperlyConfigured, match="MEDIA_ROOT"):
        env_path("MEDIA_ROOT", Path("/x"), environ={"MEDIA_ROOT": "media"})


def test_a_bad_value_stops_manage_py_with_a_clear_message(run_manage):
    result = run_manage("check", env={"DATABASE_URL": DUMMY_DB, "DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]  # one line, no traceback


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "dev-only-insecure-key-never-use-in-production"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": REAL_KEY}, "ALLOWED_HOSTS must list"),
        ({"SECRET_KEY": REAL_KEY, "ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must list"),
        ({"SECRET_KEY": REAL_KEY, "ALLOWED_HOSTS": "baodaklak.vn"}, "DATABASE_URL must be set"),
    ],
)
def test_production_refuses_to_start_half_configured(run_manage, env, message):
    result = run_manage("check", env={"DJANGO_ENV": "production", **env})
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_production_passes_the_deployment_checklist(run_manage):
    env = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": REAL_KEY,
        "ALLOWED_HOSTS": "baodaklak.vn",
        "DATABASE_URL": DUMMY_DB,
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_site_speaks_vietnamese_in_saigon_time(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ is True


@pytest.mark.parametrize(("value", "expected"), [("", 2**31), ("5", 5), ("0", 2**31)])
def test_prepared_statements_can_be_tuned_or_turned_off(run_manage, value, expected):
    show = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['prepare_threshold'])"
    result = run_manage("shell", "-c", show, env={"DATABASE_URL": DUMMY_DB, "DB_PREPARE_THRESHOLD": value})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(expected)


# Set by the platform, not by whoever configures the site: Django's entry points and systemd's RuntimeDirectory=.
SET_BY_THE_PLATFORM = {"DJANGO_SETTINGS_MODULE", "RUNTIME_DIRECTORY"}
ROOT = Path(__file__).resolve().parent.parent


def variables_read(path: Path) -> set[str]:
    """The environment variables ``path`` reads by name: ``env_*("NAME", …)``, gunicorn's ``_env``, ``os.environ``."""
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            function = node.func
            name = getattr(function, "id", None) or getattr(function, "attr", "")
            on_environ = getattr(getattr(function, "value", None), "attr", None) == "environ"
            if name.startswith(("env_", "_env")) or name == "getenv" or (on_environ and name in ("get", "setdefault")):
                found.add(node.args[0].value)
        elif (
            isinstance(node, ast.Subscript)
            and getattr(node.value, "attr", None) == "environ"
            and isinstance(node.slice, ast.Constant)
        ):
            found.add(node.slice.value)
    return found


def test_every_variable_the_settings_read_is_in_env_example():
    import re

    documented = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M))
    sources = [*sorted((ROOT / "newsroom").rglob("*.py")), ROOT / "deploy" / "gunicorn.conf.py"]
    read = {name: path for path in sources for name in variables_read(path)}

    # the scan sees each way of reading: the settings' helpers, the storage's, gunicorn's and os.environ
    assert {"DATABASE_URL", "MEDIA_S3_BUCKET", "GUNICORN_WORKERS", "EMBEDDED_POSTGRES_DIR"} <= set(read)
    undocumented = set(read) - documented - SET_BY_THE_PLATFORM
    assert sorted(f"{name} ({read[name].relative_to(ROOT)})" for name in undocumented) == []
