"""Behind nginx, the reader's address (comment limits, bans, login throttling) is the one nginx saw."""

import pytest
from django.test import Client

from comments.models import Comment
from newsroom.forwarded import client_address, trusted_networks
from tests.comments import comment_data, post_url

NGINX = trusted_networks(["127.0.0.1"])
NGINX_AND_CDN = trusted_networks(["127.0.0.1", "198.18.0.0/15"])


def test_from_a_trusted_proxy_the_reader_is_the_last_address_it_forwarded():
    assert client_address("127.0.0.1", "203.0.113.9", NGINX) == "203.0.113.9"


def test_from_anywhere_else_the_header_is_ignored():
    assert client_address("198.51.100.7", "203.0.113.9", NGINX) == "198.51.100.7"


def test_addresses_a_client_wrote_before_the_proxies_are_never_believed():
    forwarded_for = "10.9.9.9, 203.0.113.9, 198.18.0.5"  # client's own claim, the reader, the CDN

    assert client_address("127.0.0.1", forwarded_for, NGINX_AND_CDN) == "203.0.113.9"


@pytest.mark.parametrize("forwarded_for", ["unknown", "203.0.113.9, garbage", "", "127.0.0.1"])
def test_an_unreadable_or_proxy_only_header_leaves_the_connection_address(forwarded_for):
    assert client_address("127.0.0.1", forwarded_for, NGINX) == "127.0.0.1"


def test_ipv6_readers_are_recognised_too():
    assert client_address("::1", "2001:db8::7", trusted_networks(["::1"])) == "2001:db8::7"


@pytest.mark.django_db
def test_a_comment_through_nginx_is_counted_under_the_readers_address(settings, make_published):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    article = make_published()

    response = Client().post(
        post_url(article), comment_data(article), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )

    assert response.status_code == 303
    assert Comment.objects.get().ip_address == "203.0.113.9"


@pytest.mark.django_db
def test_without_trusted_proxies_a_forwarded_address_changes_nothing(settings, make_published):
    settings.TRUSTED_PROXIES = []
    article = make_published()

    Client().post(post_url(article), comment_data(article), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert Comment.objects.get().ip_address == "127.0.0.1"


def test_a_bad_trusted_proxy_stops_the_process_with_the_variable_named(run_manage):
    result = run_manage("check", env={"TRUSTED_PROXIES": "127.0.0.1,nginx.local"})

    assert result.returncode != 0
    assert "TRUSTED_PROXIES must list IP addresses or networks" in result.stderr
