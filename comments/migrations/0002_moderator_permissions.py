"""Give the Kiểm duyệt viên group the comment permissions, and nothing of the articles."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR = "Kiểm duyệt viên"
MODERATOR_PERMISSIONS = [
    "view_comment",
    "change_comment",
    "moderate_comment",
    "view_moderationevent",
    "view_report",
    "add_wordrule",
    "change_wordrule",
    "delete_wordrule",
    "view_wordrule",
    "add_ban",
    "change_ban",
    "delete_ban",
    "view_ban",
]


def grant_moderators(apps, schema_editor):
    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=MODERATOR)
    permissions = Permission.objects.filter(content_type__app_label="comments", codename__in=MODERATOR_PERMISSIONS)
    missing = set(MODERATOR_PERMISSIONS) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Permissions missing for {MODERATOR}: {sorted(missing)}")
    group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("articles", "0002_sections_and_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_moderators, migrations.RunPython.noop)]
