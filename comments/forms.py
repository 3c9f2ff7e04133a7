"""The reader's comment form: field validation only (the rules live in comments.posting)."""

import re

from django import forms

from articles.content.text import has_visible_words, strip_invisible
from comments.models import Comment

BODY_MAX_LENGTH = Comment._meta.get_field("body").max_length
NAME_MAX_LENGTH = Comment._meta.get_field("name").max_length
HONEYPOT_FIELD = "website"

# What no reader types and attackers send: control characters (a NUL would otherwise be refused with
# Django's English message) and the bidirectional overrides and isolates (U+202A–U+202E,
# U+2066–U+2069), which make the text after a name or inside a comment display reversed, so a name
# could pass itself off as part of the page. Tab, line feed and carriage return stay.
UNWANTED_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


class ReaderTextField(forms.CharField):
    """Text as a reader sends it, without ``UNWANTED_CHARACTERS``."""

    def to_python(self, value):
        if isinstance(value, str):
            value = UNWANTED_CHARACTERS.sub("", value)
        return super().to_python(value)


class CommentTextField(ReaderTextField):
    """Plain text with line breaks as ``\\n``, so a browser's ``\\r\\n`` does not count twice against the cap."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


class CommentForm(forms.Form):
    name = ReaderTextField(
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
            "null_characters_not_allowed": "Email không hợp lệ.",
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
    website = ReaderTextField(required=False, label="Để trống ô này", strip=False)
    token = ReaderTextField(required=False, widget=forms.HiddenInput)

    def clean(self):
        """A hidden field's error has nowhere to show: it goes to the top of the form."""
        for message in self._errors.pop("parent", []):
            self.add_error(None, message)
        return super().clean()

    def clean_name(self):
        name = " ".join(strip_invisible(self.cleaned_data["name"]).split())
        if not has_visible_words(name):
            raise forms.ValidationError("Họ tên phải có chữ cái hoặc chữ số.", code="invisible")
        return name

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not has_visible_words(body):
            raise forms.ValidationError("Ý kiến phải có chữ cái hoặc chữ số.", code="invisible")
        return body

    def clean_email(self):
        return self.cleaned_data["email"].lower()
