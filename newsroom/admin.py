"""The admin's Vietnamese where no catalogue reaches: text Django and the apps build in Python, in English.

The catalogues in ``locale/`` translate every message Django, django-axes and
django-reversion mark for translation. What they build without marking is
named here, once for the whole admin: the yes/no icons' alternative text,
the rows of many-to-many link tables a delete confirmation lists, the
permissions' names on the group and user forms, django-axes' records and
status column, and the unmarked warning on the password form.
"""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Permission, User
from django.templatetags.static import static
from django.utils.html import format_html

from newsroom.clock import paper_time

YES_NO = {True: ("yes", "Có"), False: ("no", "Không"), None: ("unknown", "Không rõ")}


def boolean_icon(value):
    """Django's yes/no/unknown icon, its alternative text in Vietnamese (Django writes "True"/"False")."""
    icon, text = YES_NO[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


admin_list._boolean_icon = boolean_icon  # the change lists and read-only fields both call it from there


def link_row_name(row):
    """A row of an auto-created many-to-many table by what it links ("Bài viết A – Thẻ B"), not by class name."""
    return " – ".join(str(getattr(row, field.name)) for field in row._meta.fields if field.is_relation)


for model in apps.get_models(include_auto_created=True):
    if model._meta.auto_created:
        model.__str__ = link_row_name

PERMISSION_ACTIONS = {"add": "Thêm", "change": "Sửa", "delete": "Xóa", "view": "Xem"}


def permission_name(permission):
    """ "Nội dung | bài viết | Sửa bài viết" for Django's default permissions, whose stored names are English."""
    action = permission.codename.split("_", 1)[0]
    model = permission.content_type.model_class()
    if action in PERMISSION_ACTIONS and permission.name.startswith("Can ") and model is not None:
        return f"{permission.content_type} | {PERMISSION_ACTIONS[action]} {model._meta.verbose_name}"
    return f"{permission.content_type} | {permission.name}"


Permission.__str__ = permission_name

AccessAttempt.__str__ = lambda attempt: f"{attempt.username} — {paper_time(attempt.attempt_time)}"
AccessLog.__str__ = lambda log: f"{log.username} — {paper_time(log.attempt_time)}"
AccessFailureLog.__str__ = lambda failure: (
    f"{failure.username} — {paper_time(failure.attempt_time)}{' (bị khóa)' if failure.locked_out else ''}"
)


class VietnameseAccessAttemptAdmin(AccessAttemptAdmin):
    """django-axes' list of counted failures, its status column in Vietnamese."""

    @admin.display(description="Tình trạng")
    def status(self, attempt):
        left = settings.AXES_FAILURE_LIMIT - attempt.failures_since_start
        return f"Còn {left} lần thử" if left > 0 else "Đang bị khóa"


SIGN_IN_SWITCH_HELP = (
    "Người dùng có được đăng nhập bằng mật khẩu hay không."
    '<ul id="id_unusable_warning" class="messagelist"><li class="warning">'
    "Nếu tắt, mật khẩu hiện tại của người dùng này sẽ mất.</li></ul>"
)


class VietnamesePasswordChangeForm(AdminPasswordChangeForm):
    usable_password_help_text = SIGN_IN_SWITCH_HELP


class VietnameseUserAdmin(UserAdmin):
    change_password_form = VietnamesePasswordChangeForm


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, VietnameseAccessAttemptAdmin)
admin.site.unregister(User)
admin.site.register(User, VietnameseUserAdmin)
