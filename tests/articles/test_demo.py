"""``manage.py load_demo``: the reference article exactly, the related video, a print edition, and no duplicates."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from articles.models import Article, Author, Byline, Photo, PrintIssue, Section, Tag, WorkflowEvent

HEADLINE = "Công an tỉnh Đắk Lắk đứng thứ ba toàn quốc về Chỉ số cải cách hành chính trong Công an nhân dân"
LEAD = (
    "Sáng 10-12, Công an tỉnh tổ chức Hội nghị công bố Chỉ số cải cách hành chính (CCHC) trong Công an tỉnh "
    "năm 2021 và triển khai thực hiện chương trình của Bộ Công an về tổng thể CCHC Nhà nước giai đoạn "
    "2021 – 2030 trong Công an nhân dân."
)
CAPTIONS = [
    "Các đại biểu tham dự hội nghị.",
    "Khen thưởng các cá nhân đã có đóng góp tích cực, góp phần nâng cao hiệu quả hoạt động Cổng thông tin "
    "điện tử Công an tỉnh năm 2021.",
]
VIDEO_LEAD = (
    "Cùng với các địa phương trong cả nước, trong hai ngày 17 và 18/4 (nhằm ngày 9 và 10/3 âm lịch), tại Di tích "
    "lịch sử văn hóa quốc gia Đình Lạc Giao, tỉnh Đắk Lắk đã long trọng tổ chức Lễ Giỗ Tổ Hùng Vương nhằm tri ân "
    "các Vua Hùng đã có công dựng nước."
)
COUNTED = [User, Author, Tag, Photo, Article, Byline, PrintIssue, WorkflowEvent]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # The demo users' passwords are hashed with the real hasher in production; here speed matters.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


def reference_article():
    return Article.objects.get(headline=HEADLINE)


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.mark.django_db
def test_loading_the_demo_twice_creates_nothing_new():
    call_command("load_demo", stdout=StringIO())
    first = counts()

    output = StringIO()
    call_command("load_demo", stdout=output)

    assert counts() == first
    assert "article: 0 created" in output.getvalue()
    assert "photo: 0 created" in output.getvalue()


def test_reference_article_is_published_at_its_original_time_with_its_exact_text(demo):
    article = reference_article()

    assert article.is_live
    assert article.published_at == datetime(2021, 12, 10, 16, 41, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert article.section.slug == "an-ninh-trat-tu"
    assert article.lead == LEAD
    assert "chỉ cố CCHC" in article.body
    assert "cải CCHC năm 2021" in article.body
    assert [byline.author.name for byline in article.bylines.all()] == ["Hồng Chuyên"]

    assert article.body_photos.count() == 2
    for caption in CAPTIONS:
        assert f"<figcaption>{caption}</figcaption>" in article.body
    assert article.body.index(CAPTIONS[0]) < article.body.index("Ở nhóm các đơn vị") < article.body.index(CAPTIONS[1])
    for photo in article.body_photos.all():
        assert photo.caption in CAPTIONS
        assert photo.credit == "Hồng Chuyên"
        assert photo.alt_text
        assert f'data-photo-id="{photo.pk}"' in article.body
    assert article.cover_photo in article.body_photos.all()


def test_video_story_is_published_in_multimedia_and_shares_a_tag_with_the_reference(demo):
    video = Article.objects.get(headline="Hướng về cội nguồn dân tộc")

    assert video.is_live
    assert video.kind == Article.Kind.VIDEO
    assert video.section.slug == "multimedia"
    assert video.lead == VIDEO_LEAD
    assert video.video_url.startswith("https://www.youtube.com/watch?v=")
    assert set(video.tags.all()) & set(reference_article().tags.all())


def test_demo_fills_every_section_and_every_workflow_state(demo):
    top_level = Section.objects.filter(parent=None)
    assert list(top_level.exclude(pk__in=Article.objects.published().values("section"))) == []
    assert Article.objects.published().filter(section__parent__isnull=False).exists()

    assert any(article.is_scheduled for article in Article.objects.filter(status=Article.Status.PUBLISHED))
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    assert Article.objects.filter(status=Article.Status.REVIEW).exists()
    assert Article.objects.published().filter(credit_line="Theo TTXVN").exists()
    photo_story = Article.objects.published().get(kind=Article.Kind.PHOTO_STORY, section__slug="multimedia")
    assert photo_story.story_photos.count() == 3


def test_demo_print_issue_has_four_pages_and_a_cover(demo):
    issue = PrintIssue.objects.get()

    assert issue.page_count == 4
    assert issue.cover
    assert issue.pdf.name.endswith(".pdf")


def test_demo_staff_log_in_with_the_documented_passwords(demo, client):
    for username, password, group in [
        ("bientap", "bientap-demo-2026", "Biên tập viên"),
        ("phongvien", "phongvien-demo-2026", "Phóng viên"),
        ("kiemduyet", "kiemduyet-demo-2026", "Kiểm duyệt viên"),
    ]:
        user = User.objects.get(username=username)
        assert user.is_staff
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert client.login(username=username, password=password), username
