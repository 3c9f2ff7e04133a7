"""Brute force on the admin login: a username is locked out per IP address, never the whole newsroom.

Five wrong passwords for one username from one address lock that pair out
for 15 minutes (django-axes, settings AXES_*). A colleague behind the same
office address logs in with their own name; the locked name can still log
in from elsewhere; the lockout page looks the same whether the name exists.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

PASSWORD = "mat-khau-an-toan-2026"  # the personas' password (tests/conftest.py)
OFFICE = "203.0.113.10"
ELSEWHERE = "198.51.100.20"
LOCKED_TITLE = "Tạm khóa đăng nhập"


def log_in(client, username, password, ip=OFFICE, **extra):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
        **extra,
    )


def fail(client, username, times, ip=OFFICE):
    return [log_in(client, username, "sai-mat-khau", ip).status_code for _ in range(times)]


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_four_wrong_passwords_only_show_the_form_again(client, editor):
    assert fail(client, editor.username, 4) == [200, 200, 200, 200]
    assert logged_in(log_in(Client(), editor.username, PASSWORD))


def test_the_fifth_wrong_password_locks_that_username_at_that_address(client, editor):
    statuses = fail(client, editor.username, 5)

    assert statuses == [200, 200, 200, 200, 429]
    refused = log_in(Client(), editor.username, PASSWORD)  # even the right password, from a fresh browser
    assert refused.status_code == 429
    assert LOCKED_TITLE in refused.content.decode()
    assert "sessionid" not in refused.cookies


def test_a_colleague_behind_the_same_office_address_still_logs_in(client, editor, reporter):
    fail(client, editor.username, 5)

    assert logged_in(log_in(Client(), reporter.username, PASSWORD, ip=OFFICE))


def test_password_spraying_from_the_office_address_locks_no_one_else_out(client, editor, reporter, moderator):
    for username in ("admin", "bientap", "toasoan", "kiemduyet", "thuky", *(f"pv{n}" for n in range(20))):
        fail(client, username, 1)

    for user in (editor, reporter, moderator):
        assert logged_in(log_in(Client(), user.username, PASSWORD)), user.username


def test_the_locked_username_can_still_log_in_from_another_address(client, editor):
    fail(client, editor.username, 5)

    assert logged_in(log_in(Client(), editor.username, PASSWORD, ip=ELSEWHERE))


def test_a_forged_x_forwarded_for_does_not_lift_the_lockout(client, editor):
    fail(client, editor.username, 5)

    response = log_in(Client(), editor.username, PASSWORD, HTTP_X_FORWARDED_FOR=ELSEWHERE)

    assert response.status_code == 429


def test_the_lockout_ends_after_the_fifteen_minute_cool_off(client, editor):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, editor.username, 5)
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert log_in(Client(), editor.username, PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=30), tick=False):
        assert logged_in(log_in(Client(), editor.username, PASSWORD))


def test_failures_older_than_the_cool_off_are_forgotten(client, editor):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, editor.username, 4)
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert fail(client, editor.username, 4) == [200] * 4


def test_a_successful_login_resets_the_count(client, editor):
    fail(client, editor.username, 4)
    assert logged_in(log_in(Client(), editor.username, PASSWORD))

    assert fail(client, editor.username, 4) == [200] * 4


def test_the_lockout_is_kept_in_the_database_every_app_host_shares(client, editor):
    from axes.models import AccessAttempt

    fail(client, editor.username, 5)
    cache.clear()  # nothing of it lives in one process's memory or the cache

    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (editor.username, OFFICE, 5)
    assert "sai-mat-khau" not in attempt.post_data  # the tried password is never stored
    assert log_in(Client(), editor.username, PASSWORD).status_code == 429


def test_the_lockout_page_is_vietnamese_never_cached_and_says_when_to_retry(client, editor):
    fail(client, editor.username, 4)

    response = log_in(client, editor.username, "sai-mat-khau")

    page = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert "no-store" in response["Cache-Control"]
    assert '<html lang="vi">' in page
    assert page.count("<h1") == 1
    assert "thử lại sau 15 phút" in page
    assert editor.username not in page


def test_the_lockout_page_is_the_same_for_an_unknown_username(editor):
    known = [log_in(Client(), editor.username, "sai-mat-khau", ip=OFFICE) for _ in range(5)][-1]
    unknown = [log_in(Client(), "khong-ton-tai", "sai-mat-khau", ip=ELSEWHERE) for _ in range(5)][-1]

    assert known.status_code == unknown.status_code == 429
    assert known.content == unknown.content


def test_unknown_usernames_and_wrong_passwords_get_the_same_answer_from_the_login_form(editor):
    wrong_password = log_in(Client(), editor.username, "sai-mat-khau")
    unknown_user = log_in(Client(), "khong-ton-tai", "sai-mat-khau", ip=ELSEWHERE)

    assert wrong_password.status_code == unknown_user.status_code == 200
    assert errors(wrong_password) == errors(unknown_user) != []
    assert page_without_tokens(wrong_password, editor.username) == page_without_tokens(unknown_user, "khong-ton-tai")


def test_ajax_logins_get_the_same_lockout_page_not_a_json_echo_of_the_username(client, editor):
    fail(client, editor.username, 5)

    response = log_in(Client(), editor.username, PASSWORD, HTTP_X_REQUESTED_WITH="XMLHttpRequest")

    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert editor.username not in response.content.decode()


def test_logins_without_a_request_are_not_refused(editor):
    # Client.login and management commands call authenticate() without a request: no address to
    # throttle, and not reachable from a browser. The admin's form always passes the request.
    assert Client().login(username=editor.username, password=PASSWORD)


def errors(response) -> list[str]:
    return re.findall(r'<p class="errornote">\s*(.*?)\s*</p>', response.content.decode(), re.S)


def page_without_tokens(response, username) -> str:
    page = response.content.decode().replace(f'value="{username}"', 'value=""')
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    # Each attempt hashes once, known user or not (Django runs the hasher for unknown names too).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
