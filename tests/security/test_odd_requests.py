"""Requests no person makes, answered with a 4xx and a Vietnamese page, never a 500.

The attack run found: an article id of 2**63 or more in the address reached PostgreSQL as a bigint out of
range (500), and a NUL byte in the editor's photo search or an admin autocomplete reached a text comparison
(500).
"""

import pytest
from django.test import Client

BIG = "9223372036854775808"  # 2**63


@pytest.mark.parametrize(
    "url",
    [
        f"/thoi-su/x-{BIG}.html",
        f"/thoi-su/x-{BIG}0000.html",
        f"/luot-xem/{BIG}/",
        f"/xem-truoc/{BIG}/",
        f"/bao-in/{BIG}/",
        f"/y-kien/{BIG}/",
        f"/y-kien/gui/{BIG}/",
        f"/y-kien/bao-vi-pham/{BIG}/",
    ],
)
def test_an_id_too_large_for_the_database_is_a_404(url, db, client):
    response = client.get(url)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/admin/editor/photos/?q=%00",
        "/admin/autocomplete/?app_label=articles&model_name=article&field_name=tags&term=%00",
        "/admin/articles/article/?q=%00",
    ],
)
def test_a_nul_byte_in_an_admin_query_is_a_400(url, editor):
    client = Client()
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
