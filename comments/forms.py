"""The reader's comment form: field validation only (the rules live in comments.posting)."""

from django import forms

from comments.models import Comment

BODY_MAX_LENGTH = Comment._meta.get_field("body").max_length
NAME_MAX_LENGTH = Comment._meta.get_field("name").max_length
HONEYPOT_FIELD = "website"


class CommentTextField(forms.CharField):
    """Plain text with line breaks as ``\\n``, so a browser's ``\\r\\n`` does not count twice against the cap."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class CommentForm(forms.Form):
    name = forms.CharField(
        label="Họ tên",
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": "Vui lòng nhập họ tên.",
            "max_length": "Họ tên dài tối đa %(limit_value)d ký tự.",
        },
    )
    email = forms.EmailField(
        label="Email",
        max_length=254,
        help_text="không hiển thị công khai",
        error_messages={
            "required": "Vui lòng nhập email.",
            "invalid": "Email không hợp lệ.",
            "max_length": "Email dài tối đa %(limit_value)d ký tự.",
        },
    )
    body = CommentTextField(
        label="Ý kiến",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "required": "Vui lòng nhập ý kiến của bạn.",
            "max_length": "Ý kiến dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d ký tự).",
        },
    )
    parent = forms.IntegerField(
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "Ý kiến bạn muốn trả lời không hợp lệ.",
            "min_value": "Ý kiến bạn muốn trả lời không hợp lệ.",
        },
    )
    # The honeypot: hidden from people (off-screen, aria-hidden, out of the tab order); robots fill it.
    website = forms.CharField(required=False, label="Để trống ô này", strip=False)
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self):
        return self.cleaned_data["email"].lower()
