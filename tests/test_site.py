"""The site answers: the admin speaks Vietnamese and the homepage renders."""


def test_admin_login_page_is_in_vietnamese(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="vi"' in page
    assert "Đăng nhập" in page
    assert "Mật khẩu" in page


def test_homepage_answers_with_the_papers_name(client, db, settings):
    settings.PAPER = {**settings.PAPER, "name": "Báo Thử Nghiệm"}
    response = client.get("/")
    assert response.status_code == 200
    assert "Báo Thử Nghiệm" in response.content.decode()


def test_demo_superuser_is_created_once(db, django_user_model):
    from django.core.management import call_command

    call_command("ensure_demo_superuser")
    call_command("ensure_demo_superuser")
    admins = django_user_model.objects.filter(is_superuser=True)
    assert admins.count() == 1
    assert admins.get().check_password("newsroom-admin-2026")
