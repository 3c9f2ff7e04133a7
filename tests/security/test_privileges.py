"""Who may do what, tried from the wrong side: each role against every boundary, forged cross-site
requests (CSRF) against every state-changing endpoint, and state changes attempted by GET.

Roles: anonymous reader, Phóng viên (reporter), Biên tập viên (editor),
Kiểm duyệt viên (moderator). Each refused request leaves everything as it was.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from PIL import Image

from articles.desk.editing import save_article
from articles.desk.revisions import versions_of
from articles.models import Article, HomepageSlot, Photo, PrintIssue
from articles.site import popularity
from comments.models import Ban, Comment, Report, WordRule
from tests.comments import comment_data
from tests.conftest import _admin_form_data, jpeg_bytes

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Four staff accounts per test: hashing their passwords the production way would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Scene:
    """The rows every boundary is tried against."""

    reporter: object
    editor: object
    moderator: object
    own_draft: Article  # the reporter's
    colleagues_draft: Article  # another reporter's, unpublished
    live: Article
    trashed: Article
    pending: Comment
    approved: Comment
    old_version: object = None  # of the colleague's draft
    users: dict = field(default_factory=dict)

    def client(self, role: str | None, *, csrf: bool = False) -> Client:
        client = Client(enforce_csrf_checks=csrf)
        if role:
            client.force_login(self.users[role])
        return client


@pytest.fixture
def scene(reporter, other_reporter, editor, moderator, make_article, make_published, make_comment):
    colleagues_draft = make_article(headline="Tin độc quyền chưa đăng", slug="tin-doc-quyen", created_by=other_reporter)
    save_article(article=colleagues_draft, user=other_reporter)
    colleagues_draft.headline = "Tin độc quyền, bản hai"
    save_article(article=colleagues_draft, user=other_reporter)
    live = make_published(headline="Tin đã đăng", slug="tin-da-dang", credit_line="Theo TTXVN")
    return Scene(
        reporter=reporter,
        editor=editor,
        moderator=moderator,
        own_draft=make_article(headline="Bản nháp của tôi", slug="ban-nhap", created_by=reporter, credit_line="PV"),
        colleagues_draft=colleagues_draft,
        live=live,
        trashed=make_published(headline="Tin đã xóa", slug="tin-da-xoa", deleted_at=timezone.now()),
        pending=make_comment(live, body="Ý kiến chờ duyệt."),
        approved=make_comment(live, body="Ý kiến đã duyệt.", status=Comment.Status.APPROVED),
        old_version=versions_of(colleagues_draft).last(),
        users={"reporter": reporter, "editor": editor, "moderator": moderator},
    )


def jpeg_upload(name="anh.jpg"):
    return SimpleUploadedFile(name, jpeg_bytes(640, 480), content_type="image/jpeg")


def pdf_upload():
    buffer = io.BytesIO()
    Image.new("RGB", (595, 842), "white").save(buffer, "PDF")
    return SimpleUploadedFile("bao.pdf", buffer.getvalue(), content_type="application/pdf")


def homepage_form(article_id) -> dict:
    slots = list(HomepageSlot.objects.order_by("position"))
    data = {"form-TOTAL_FORMS": len(slots), "form-INITIAL_FORMS": len(slots), "_save": "Lưu"}
    for index, slot in enumerate(slots):
        data[f"form-{index}-id"] = slot.pk
        data[f"form-{index}-article"] = article_id if slot.position == 1 else ""
    return data


# Role boundaries ------------------------------------------------------------------------------------------------

ROLES = (None, "reporter", "editor", "moderator")
OUT = 302  # an anonymous visitor is sent to the login page

# (what, method, url, {role: status}); 302 for a logged-in role means "no such article for you".
BOUNDARIES = [
    ("article list", "get", lambda s: "/admin/articles/article/", (OUT, 200, 200, 403)),
    ("new article", "get", lambda s: "/admin/articles/article/add/", (OUT, 200, 200, 403)),
    (
        "colleague's draft",
        "get",
        lambda s: f"/admin/articles/article/{s.colleagues_draft.pk}/change/",
        (OUT, 302, 200, 403),
    ),
    ("delete page", "get", lambda s: f"/admin/articles/article/{s.own_draft.pk}/delete/", (OUT, 403, 403, 403)),
    ("revisions", "get", lambda s: f"/admin/articles/article/{s.colleagues_draft.pk}/revisions/", (OUT, 403, 200, 403)),
    ("own revisions", "get", lambda s: f"/admin/articles/article/{s.own_draft.pk}/revisions/", (OUT, 200, 200, 403)),
    (
        "revision restore",
        "post",
        lambda s: f"/admin/articles/article/{s.colleagues_draft.pk}/revisions/{s.old_version.pk}/restore/",
        (OUT, 403, 302, 403),
    ),
    ("trash", "get", lambda s: "/admin/articles/trashedarticle/", (OUT, 403, 200, 403)),
    ("homepage slots", "get", lambda s: "/admin/articles/homepageslot/", (OUT, 403, 200, 403)),
    ("workflow history", "get", lambda s: "/admin/articles/workflowevent/", (OUT, 403, 200, 403)),
    ("photo library", "get", lambda s: "/admin/articles/photo/", (OUT, 200, 200, 403)),
    ("print issue upload", "get", lambda s: "/admin/articles/printissue/add/", (OUT, 403, 200, 403)),
    ("editor image upload", "post", lambda s: "/admin/editor/upload-image/", (403, 200, 200, 403)),
    ("editor photo browser", "get", lambda s: "/admin/editor/photos/", (403, 200, 200, 403)),
    ("staff preview of a live article", "get", lambda s: f"/xem-truoc/{s.live.pk}/", (OUT, 200, 200, 403)),
    ("staff preview of own draft", "get", lambda s: f"/xem-truoc/{s.own_draft.pk}/", (OUT, 200, 200, 403)),
    ("moderation queue", "get", lambda s: "/admin/comments/comment/", (OUT, 403, 403, 200)),
    ("comment page", "get", lambda s: f"/admin/comments/comment/{s.pending.pk}/change/", (OUT, 403, 403, 200)),
    ("approve", "post", lambda s: f"/admin/comments/comment/{s.pending.pk}/duyet/", (OUT, 403, 403, 302)),
    ("reject", "post", lambda s: f"/admin/comments/comment/{s.pending.pk}/tu-choi/", (OUT, 403, 403, 302)),
    ("mark spam", "post", lambda s: f"/admin/comments/comment/{s.pending.pk}/thu-rac/", (OUT, 403, 403, 302)),
    ("bans", "get", lambda s: "/admin/comments/ban/add/", (OUT, 403, 403, 200)),
    ("word rules", "get", lambda s: "/admin/comments/wordrule/", (OUT, 403, 403, 200)),
    ("staff accounts", "get", lambda s: "/admin/auth/user/", (OUT, 403, 403, 403)),
    ("groups", "get", lambda s: "/admin/auth/group/", (OUT, 403, 403, 403)),
]


def body_for(what: str) -> dict:
    return {"upload": jpeg_upload()} if what == "editor image upload" else {}


@pytest.mark.parametrize(("what", "method", "url", "statuses"), BOUNDARIES, ids=[row[0] for row in BOUNDARIES])
@pytest.mark.parametrize("role", ROLES, ids=["anonymous", "reporter", "editor", "moderator"])
def test_each_role_meets_each_boundary(scene, role, what, method, url, statuses):
    expected = statuses[ROLES.index(role)]

    response = getattr(scene.client(role), method)(url(scene), body_for(what))

    assert response.status_code == expected
    if role is None and expected == OUT:
        assert response["Location"].startswith(LOGIN)


def test_a_reporter_cannot_preview_a_colleagues_unpublished_article(scene):
    response = scene.client("reporter").get(f"/xem-truoc/{scene.colleagues_draft.pk}/")

    assert response.status_code == 403
    assert "Tin độc quyền" not in response.content.decode()


def test_django_ckeditors_own_upload_and_browse_views_are_not_mounted(scene):
    assert "ckeditor_uploader" not in django_settings.INSTALLED_APPS
    for name in ("ckeditor_upload", "ckeditor_browse"):
        with pytest.raises(NoReverseMatch):
            reverse(name)
    for role in ROLES:
        client = scene.client(role)
        for url in ("/ckeditor/upload/", "/ckeditor/browse/", "/admin/ckeditor/upload/"):
            response = client.post(url, {"upload": jpeg_upload()})
            assert response.status_code in ((OUT, 404) if role is None else (404,)), (role, url)
    assert not Photo.objects.exists()


def test_a_staff_account_needs_the_photo_permission_not_just_staff_status(scene, django_user_model):
    staff_only = django_user_model.objects.create_user("chi-la-staff", password="mat-khau-an-toan-2026", is_staff=True)
    client = Client()
    client.force_login(staff_only)

    assert client.post("/admin/editor/upload-image/", {"upload": jpeg_upload()}).status_code == 403
    assert client.get("/admin/editor/photos/").status_code == 403
    assert not Photo.objects.exists()


def test_a_reporter_posting_an_editors_forms_changes_nothing(scene):
    client = scene.client("reporter")
    draft, live = scene.own_draft, scene.live
    lead_slot = HomepageSlot.objects.get(position=1)

    client.post(f"/admin/articles/article/{draft.pk}/change/", _admin_form_data(draft, _publish="Xuất bản"))
    client.post("/admin/articles/article/", {"action": "publish_selected", "_selected_action": [draft.pk]})
    client.post("/admin/articles/article/", {"action": "trash_selected", "_selected_action": [draft.pk]})
    client.post(
        "/admin/articles/trashedarticle/", {"action": "restore_selected", "_selected_action": [scene.trashed.pk]}
    )
    client.post("/admin/articles/homepageslot/", homepage_form(live.pk))
    client.post(f"/admin/comments/comment/{scene.pending.pk}/duyet/")

    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT
    assert Article.objects.get(pk=draft.pk).deleted_at is None
    assert Article.objects.get(pk=scene.trashed.pk).deleted_at is not None
    assert HomepageSlot.objects.get(pk=lead_slot.pk).article_id == lead_slot.article_id
    assert Comment.objects.get(pk=scene.pending.pk).status == Comment.Status.PENDING


def test_a_reporter_cannot_restore_a_colleagues_revision(scene):
    draft = scene.colleagues_draft
    before = Article.objects.get(pk=draft.pk)

    response = scene.client("reporter").post(
        f"/admin/articles/article/{draft.pk}/revisions/{scene.old_version.pk}/restore/"
    )

    assert response.status_code == 403
    after = Article.objects.get(pk=draft.pk)
    assert (after.headline, after.version) == (before.headline, before.version)


def test_a_revision_of_another_article_cannot_be_restored_into_this_one(scene):
    client = scene.client("editor")

    response = client.post(f"/admin/articles/article/{scene.live.pk}/revisions/{scene.old_version.pk}/restore/")

    assert response.status_code == 404
    assert Article.objects.get(pk=scene.live.pk).headline == "Tin đã đăng"


def test_a_moderator_reaches_no_article_and_no_photo(scene):
    client = scene.client("moderator")

    assert client.post("/admin/articles/article/add/", _admin_form_data(scene.live, slug="tin-moi")).status_code == 403
    assert client.post("/admin/editor/upload-image/", {"upload": jpeg_upload()}).status_code == 403
    assert Article.objects.count() == 4 and not Photo.objects.exists()


# CSRF: a forged request from another site, carrying the victim's session cookie --------------------------------


PAGE, LIST = (200,), (200, 302)


@dataclass
class Endpoint:
    what: str
    role: str | None
    url: Callable
    data: Callable = lambda s: {}
    state: Callable = lambda s: None  # what the request would change
    on_get: tuple = (405,)  # or the form page (200), or a list refusing the unknown parameters (302)


def article_state(article):
    return lambda s: Article.objects.filter(pk=article(s).pk).values_list("status", "version", "deleted_at").get()


ENDPOINTS = [
    Endpoint(
        "new article",
        "editor",
        lambda s: "/admin/articles/article/add/",
        lambda s: _admin_form_data(s.live, headline="Bài mới", slug="bai-moi", base_version=""),
        lambda s: Article.objects.count(),
        on_get=PAGE,
    ),
    Endpoint(
        "save an article",
        "editor",
        lambda s: f"/admin/articles/article/{s.live.pk}/change/",
        lambda s: _admin_form_data(s.live, lead="Sapo do kẻ giả mạo."),
        article_state(lambda s: s.live),
        on_get=PAGE,
    ),
    Endpoint(
        "publish button",
        "editor",
        lambda s: f"/admin/articles/article/{s.own_draft.pk}/change/",
        lambda s: _admin_form_data(s.own_draft, _publish="Xuất bản"),
        article_state(lambda s: s.own_draft),
        on_get=PAGE,
    ),
    Endpoint(
        "trash action",
        "editor",
        lambda s: "/admin/articles/article/",
        lambda s: {"action": "trash_selected", "_selected_action": [s.live.pk]},
        article_state(lambda s: s.live),
        on_get=LIST,
    ),
    Endpoint(
        "restore from trash",
        "editor",
        lambda s: "/admin/articles/trashedarticle/",
        lambda s: {"action": "restore_selected", "_selected_action": [s.trashed.pk]},
        article_state(lambda s: s.trashed),
        on_get=LIST,
    ),
    Endpoint(
        "restore a revision",
        "editor",
        lambda s: f"/admin/articles/article/{s.colleagues_draft.pk}/revisions/{s.old_version.pk}/restore/",
        state=article_state(lambda s: s.colleagues_draft),
    ),
    Endpoint(
        "homepage slots",
        "editor",
        lambda s: "/admin/articles/homepageslot/",
        lambda s: homepage_form(s.live.pk),
        lambda s: list(HomepageSlot.objects.values_list("article_id", flat=True)),
        on_get=LIST,
    ),
    Endpoint(
        "editor image upload",
        "reporter",
        lambda s: "/admin/editor/upload-image/",
        lambda s: {"upload": jpeg_upload()},
        lambda s: Photo.objects.count(),
    ),
    Endpoint(
        "photo library upload",
        "reporter",
        lambda s: "/admin/articles/photo/add/",
        lambda s: {"image": jpeg_upload(), "caption": "Chú thích", "credit": "PV", "alt_text": "Ảnh"},
        lambda s: Photo.objects.count(),
        on_get=PAGE,
    ),
    Endpoint(
        "print issue upload",
        "editor",
        lambda s: "/admin/articles/printissue/add/",
        lambda s: {"number": "99", "date": "05/03/2026", "pdf": pdf_upload()},
        lambda s: PrintIssue.objects.count(),
        on_get=PAGE,
    ),
    Endpoint(
        "approve a comment",
        "moderator",
        lambda s: f"/admin/comments/comment/{s.pending.pk}/duyet/",
        state=lambda s: Comment.objects.get(pk=s.pending.pk).status,
    ),
    Endpoint(
        "bulk reject",
        "moderator",
        lambda s: "/admin/comments/comment/",
        lambda s: {"action": "reject_selected", "_selected_action": [s.pending.pk]},
        lambda s: Comment.objects.get(pk=s.pending.pk).status,
        on_get=LIST,
    ),
    Endpoint(
        "ban an address",
        "moderator",
        lambda s: "/admin/comments/ban/add/",
        lambda s: {"kind": Ban.Kind.IP, "value": "203.0.113.50", "reason": "Giả mạo"},
        lambda s: Ban.objects.count(),
        on_get=PAGE,
    ),
    Endpoint(
        "word rule",
        "moderator",
        lambda s: "/admin/comments/wordrule/add/",
        lambda s: {"phrase": "cờ bạc", "kind": WordRule.Kind.BANNED},
        lambda s: WordRule.objects.count(),
        on_get=PAGE,
    ),
    Endpoint(
        "post a comment",
        None,
        lambda s: f"/y-kien/gui/{s.live.pk}/",
        lambda s: comment_data(s.live),
        lambda s: Comment.objects.count(),
        on_get=PAGE,
    ),
    Endpoint(
        "report a comment",
        None,
        lambda s: f"/y-kien/bao-vi-pham/{s.approved.pk}/",
        state=lambda s: (Report.objects.count(), Comment.objects.get(pk=s.approved.pk).flagged),
    ),
    Endpoint("log out", "editor", lambda s: "/admin/logout/", state=lambda s: None),
]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[endpoint.what for endpoint in ENDPOINTS])
def test_a_forged_cross_site_post_is_refused_and_changes_nothing(scene, endpoint):
    forged = scene.client(endpoint.role, csrf=True)
    before = endpoint.state(scene)

    response = forged.post(endpoint.url(scene), endpoint.data(scene), REMOTE_ADDR="198.51.100.66")

    assert response.status_code == 403
    assert endpoint.state(scene) == before
    if endpoint.role:
        assert forged.get("/admin/").status_code == 200  # still logged in: not even the logout went through


@pytest.mark.parametrize(
    "endpoint", [e for e in ENDPOINTS if e.what != "log out"], ids=[e.what for e in ENDPOINTS if e.what != "log out"]
)
def test_the_same_post_with_its_csrf_token_does_change_it(scene, endpoint):
    """The other side of the CSRF test: each forged request above would have done something."""
    before = endpoint.state(scene)

    scene.client(endpoint.role).post(endpoint.url(scene), endpoint.data(scene), REMOTE_ADDR="198.51.100.67")

    assert endpoint.state(scene) != before


def test_the_view_beacon_takes_posts_from_anywhere_and_changes_nothing_but_its_counter(
    scene, django_assert_num_queries
):
    popularity.flush_view_counts()  # a flush just ran: this request has nothing else to do
    popularity.live_article_ids()  # and this process knows which articles are live
    forged = scene.client("editor", csrf=True)
    row = Article.objects.filter(pk=scene.live.pk).values().get()
    key = popularity.counter_key(scene.live.pk, timezone.localdate())

    with django_assert_num_queries(0):
        response = forged.post(f"/luot-xem/{scene.live.pk}/", headers={"User-Agent": "Mozilla/5.0 (Android 14)"})

    assert response.status_code == 204
    assert not response.cookies and response.content == b""
    assert cache.get(key) == 1
    assert Article.objects.filter(pk=scene.live.pk).values().get() == row


# No state change by GET -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[endpoint.what for endpoint in ENDPOINTS])
def test_a_get_changes_nothing(scene, endpoint):
    client = scene.client(endpoint.role)
    before = endpoint.state(scene)
    query = {key: value for key, value in endpoint.data(scene).items() if not hasattr(value, "read")}

    response = client.get(f"{endpoint.url(scene)}?{urlencode(query, doseq=True)}")

    assert response.status_code in endpoint.on_get
    assert endpoint.state(scene) == before
    if endpoint.role:
        assert client.get("/admin/").status_code == 200


def test_a_get_of_the_view_beacon_counts_nothing(scene):
    response = Client().get(f"/luot-xem/{scene.live.pk}/", headers={"User-Agent": "Mozilla/5.0 (Android 14)"})

    assert response.status_code == 405
    assert cache.get(popularity.counter_key(scene.live.pk, timezone.localdate())) is None
