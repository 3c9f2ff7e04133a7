"""A reader on IPv6 is their /64 network: a subscriber is given one and can use any address in it.

The attack: three comments from ``2001:db8:1:2::a``, ``::b`` and ``::c`` passed a one-per-15-seconds limit, and
three reports from three addresses of the same /64 took an approved comment off the page alone.
"""

from django.utils import timezone

from comments.models import Ban, Comment
from comments.moderation import ban_readers
from tests.comments import send

SAME_64 = ["2001:db8:1:2::a", "2001:db8:1:2::b", "2001:db8:1:2:ffff:ffff:ffff:fffe"]
OTHER_64 = "2001:db8:1:3::a"


def test_addresses_of_one_ipv6_64_share_one_rate_limit(commented_article, client):
    statuses = [
        send(client, commented_article, ip=ip, email=f"ban-{n}@example.com", body=f"Ý kiến số {n}.").status_code
        for n, ip in enumerate(SAME_64)
    ]
    assert statuses == [303, 429, 429]
    other = send(client, commented_article, ip=OTHER_64, email="khac@example.com", body="Ý kiến khác.")
    assert other.status_code == 303
    assert Comment.objects.count() == 2


def test_the_same_text_from_another_address_of_the_64_is_a_duplicate(commented_article, client, frozen):
    assert send(client, commented_article, ip=SAME_64[0], body="Bài viết hay quá.").status_code == 303
    frozen.shift(60)
    again = send(client, commented_article, ip=SAME_64[1], email="khac@example.com", body="Bài viết hay quá.")
    assert again.status_code == 400
    assert "Bạn đã gửi ý kiến này rồi" in again.content.decode()


def test_banning_an_ipv6_reader_bans_their_64(commented_article, make_comment, moderator, client):
    comment = make_comment(commented_article, ip_address=SAME_64[0], created_at=timezone.now())
    assert ban_readers(comments=[comment], kind=Ban.Kind.IP, moderator=moderator) == 1

    refused = send(client, commented_article, ip=SAME_64[2])
    assert refused.status_code == 403
    assert send(client, commented_article, ip=OTHER_64).status_code == 303


def test_reports_from_one_64_count_once(commented_article, make_comment, client):
    comment = make_comment(commented_article, status=Comment.Status.APPROVED, body="Ý kiến bị báo.")
    for ip in SAME_64 * 2:
        assert client.post(f"/y-kien/bao-vi-pham/{comment.pk}/", REMOTE_ADDR=ip).status_code == 303
    comment.refresh_from_db()
    assert comment.report_count == 1
    assert comment.status == Comment.Status.APPROVED
