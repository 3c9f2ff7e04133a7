"""Create the paper's usual sections and the desk's roles with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SECTIONS = [
    # (name, slug, parent slug)
    ("Thời sự", "thoi-su", None),
    ("Trong tỉnh", "trong-tinh", "thoi-su"),
    ("Trong nước", "trong-nuoc", "thoi-su"),
    ("Chính trị", "chinh-tri", None),
    ("Kinh tế", "kinh-te", None),
    ("Nông nghiệp", "nong-nghiep", "kinh-te"),
    ("Xã hội", "xa-hoi", None),
    ("Giáo dục", "giao-duc", "xa-hoi"),
    ("Y tế", "y-te", "xa-hoi"),
    ("An ninh - Trật tự", "an-ninh-trat-tu", None),
    ("Văn hóa", "van-hoa", None),
    ("Du lịch", "du-lich", "van-hoa"),
    ("Thể thao", "the-thao", None),
    ("Quốc tế", "quoc-te", None),
    ("Bạn đọc", "ban-doc", None),
    ("Multimedia", "multimedia", None),
]

REPORTER = "Phóng viên"
EDITOR = "Biên tập viên"
MODERATOR = "Kiểm duyệt viên"

CONTENT_MODELS = ["article", "byline", "articlephoto", "correction", "photo", "tag", "author", "section", "printissue"]

ROLE_PERMISSIONS = {
    # Reporters write their own drafts (ownership is enforced by the admin and
    # articles.content.publishing) and upload photos; they cannot publish.
    REPORTER: [
        "add_article",
        "change_article",
        "view_article",
        "submit_article",
        "add_byline",
        "change_byline",
        "delete_byline",
        "view_byline",
        "add_articlephoto",
        "change_articlephoto",
        "delete_articlephoto",
        "view_articlephoto",
        "add_photo",
        "change_photo",
        "view_photo",
        "view_tag",
        "add_tag",
        "view_author",
        "view_section",
    ],
    # Editors do everything on content.
    EDITOR: [f"{action}_{model}" for model in CONTENT_MODELS for action in ("add", "change", "delete", "view")]
    + ["publish_article", "submit_article", "edit_any_article", "restore_article"],
    # Moderators work the comments queue only; the comments app grants those.
    MODERATOR: [],
}


def create_sections(apps, schema_editor):
    Section = apps.get_model("articles", "Section")
    by_slug = {}
    for position, (name, slug, parent) in enumerate(SECTIONS):
        section, _ = Section.objects.get_or_create(
            slug=slug, defaults={"name": name, "parent": by_slug.get(parent), "position": position}
        )
        by_slug[slug] = section


def create_roles(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for {name}: {sorted(missing)}")
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_sections, migrations.RunPython.noop),
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
