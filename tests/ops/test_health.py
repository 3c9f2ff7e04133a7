"""/healthz and /readyz: what a load balancer asks each app host.

A broken cache is a real one: Django's Redis backend pointed at a port where nothing listens.
A broken database is every query failing as with PostgreSQL stopped (``execute_wrapper``).
"""

import json
import logging

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.ops import free_port


@pytest.fixture
def cache_down(settings):
    """The cache is Redis on a port where nothing listens."""
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{free_port()}/0"}
    settings.CACHES = {"default": redis}


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError("connection to server failed: Connection refused")


def assert_never_cached(response):
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert not response.has_header("X-Page-Cache")


@pytest.mark.django_db
def test_healthz_says_the_process_is_alive_without_asking_the_database_or_the_cache(
    client, cache_down, django_assert_num_queries
):
    with django_assert_num_queries(0), connection.execute_wrapper(refuse_every_query):
        response = client.get("/healthz", HTTP_HOST="localhost")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok"}
    assert_never_cached(response)


@pytest.mark.django_db
def test_readyz_is_ok_when_the_database_and_the_cache_answer(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1
        response = client.get("/readyz", HTTP_HOST="localhost")

    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert_never_cached(response)


@pytest.mark.django_db
def test_readyz_is_503_naming_the_cache_when_the_cache_is_unreachable(client, cache_down, caplog):
    response = client.get("/readyz", HTTP_HOST="localhost")

    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "database": "ok", "cache": "error"}
    assert "Not ready: the cache failed" in caplog.text
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]  # a warning, once
    assert_never_cached(response)


@pytest.mark.django_db
def test_readyz_is_503_naming_the_database_when_the_database_is_unreachable(client, caplog):
    with connection.execute_wrapper(refuse_every_query):
        response = client.get("/readyz", HTTP_HOST="localhost")

    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "database": "error", "cache": "ok"}
    assert b"Connection refused" not in response.content  # the reason goes to the log only
    assert "Not ready: the database did not answer (OperationalError: connection to server failed" in caplog.text


@pytest.mark.django_db
def test_health_endpoints_are_not_redirected_to_https_while_pages_are(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz", HTTP_HOST="localhost").status_code == 200
    assert client.get("/readyz", HTTP_HOST="localhost").status_code == 200
    assert client.get("/", HTTP_HOST="localhost").status_code == 301


def test_health_endpoints_still_need_an_allowed_host_name():
    response = Client().get("/healthz", HTTP_HOST="10.0.0.12:8000")

    assert response.status_code == 400


@pytest.mark.django_db
def test_health_endpoints_answer_head_and_refuse_changes(client):
    assert client.head("/healthz", HTTP_HOST="localhost").status_code == 200
    assert client.head("/readyz", HTTP_HOST="localhost").status_code == 200
    assert client.post("/healthz", HTTP_HOST="localhost").status_code == 405
    assert client.post("/readyz", HTTP_HOST="localhost").status_code == 405
