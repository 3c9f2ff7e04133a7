"""Staff sessions: a new session key at login, an unreadable cookie, a clean logout; no account enumeration.

A session id planted before login (session fixation) is worthless after it;
the session cookie is HttpOnly and SameSite=Lax (Secure in production: see
test_production_settings.py); and nothing the login offers tells an
attacker whether a username exists.
"""

import re

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import NoReverseMatch, reverse

PASSWORD = "mat-khau-an-toan-2026"  # the personas' password (tests/conftest.py)
SESSION = settings.SESSION_COOKIE_NAME


def log_in(client, username, password=PASSWORD):
    return client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})


def test_logging_in_replaces_a_session_id_planted_before_login(client, editor):
    planted = SessionStore()
    planted["lure"] = "attacker"
    planted.create()
    client.cookies[SESSION] = planted.session_key

    response = log_in(client, editor.username)

    assert response.status_code == 302
    issued = response.cookies[SESSION].value
    assert issued != planted.session_key
    attacker = Client()
    attacker.cookies[SESSION] = planted.session_key
    assert attacker.get("/admin/").status_code == 302  # the planted id is not logged in
    assert client.get("/admin/").status_code == 200


def test_the_session_cookie_is_httponly_and_same_site_lax(client, editor):
    cookie = log_in(client, editor.username).cookies[SESSION]

    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert not cookie["domain"]


def test_the_csrf_cookie_is_same_site_lax(client, db):
    cookie = client.get("/admin/login/").cookies[settings.CSRF_COOKIE_NAME]

    assert cookie["samesite"] == "Lax"


def test_logging_out_ends_the_session_on_the_server(client, editor):
    log_in(client, editor.username)
    stolen = client.cookies[SESSION].value

    client.post("/admin/logout/")

    thief = Client()
    thief.cookies[SESSION] = stolen
    assert thief.get("/admin/").status_code == 302
    assert not SessionStore().exists(stolen)


# Enumeration: the same answer for every name that cannot log in.


def errors(response) -> list[str]:
    return re.findall(r'<p class="errornote">\s*(.*?)\s*</p>', response.content.decode(), re.S)


@pytest.fixture
def refusals(editor, django_user_model):
    """The login form's answer to each kind of name that must not get in, by kind."""
    inactive = django_user_model.objects.create_user("nghiviec", password=PASSWORD, is_staff=True, is_active=False)
    reader = django_user_model.objects.create_user("bandoc", password=PASSWORD)
    return {
        "unknown name": log_in(Client(), "khong-ton-tai", "sai-mat-khau"),
        "wrong password": log_in(Client(), editor.username, "sai-mat-khau"),
        "inactive account": log_in(Client(), inactive.username),
        "not staff": log_in(Client(), reader.username),
    }


def test_every_refused_login_gets_the_same_status_and_message(refusals):
    statuses = {kind: response.status_code for kind, response in refusals.items()}
    messages = {kind: errors(response) for kind, response in refusals.items()}

    assert set(statuses.values()) == {200}
    assert len({tuple(message) for message in messages.values()}) == 1
    assert messages["unknown name"] != []


def test_no_refused_login_sets_a_session(refusals):
    for kind, response in refusals.items():
        assert SESSION not in response.cookies, kind


def test_there_is_no_password_reset_page_to_probe_for_addresses(client, db):
    login = client.get("/admin/login/").content.decode()

    with pytest.raises(NoReverseMatch):
        reverse("admin_password_reset")  # the name Django's admin looks for to offer a reset link
    assert client.get("/admin/password_reset/").status_code in (302, 404)
    assert "password_reset" not in login
    assert "Quên mật khẩu" not in login
