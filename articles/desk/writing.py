"""The article form laid out for writing: the headline first, length guidance where editors type.

The guidance is the desk's house style, not a limit: a headline reads best
under about 100 characters, a sapo in two or three sentences under about 300.
The counter under each field (``articles/static/articles/admin/writing.js``)
turns amber past the guidance; the hard limits stay the model's
(``maxlength`` from the field, checked again on the server).
"""

from dataclasses import dataclass

from django.contrib.admin.widgets import AdminTextareaWidget, AdminTextInputWidget


@dataclass(frozen=True)
class Guidance:
    """The length editors aim for in one field, and how the counter says it."""

    aim: int
    advice: str


GUIDANCE = {
    "headline": Guidance(aim=100, advice="Nên dưới 100 ký tự"),
    "lead": Guidance(aim=300, advice="Nên 2–3 câu, dưới 300 ký tự"),
}


class _Counted:
    """A widget followed by its character count: "42 / 300 ký tự · Nên dưới 100 ký tự"."""

    counted_template = "admin/articles/widgets/char_count.html"

    def __init__(self, *, guidance: Guidance, attrs=None):
        self.guidance = guidance
        super().__init__(attrs=attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        count_id = f"{widget['attrs'].get('id', name)}_count"
        described = widget["attrs"].get("aria-describedby", "")
        widget["attrs"]["aria-describedby"] = f"{described} {count_id}".strip()
        widget["attrs"]["data-guidance"] = self.guidance.aim
        length = len(str(value or ""))
        widget["count"] = {
            "id": count_id,
            "length": length,
            "limit": widget["attrs"].get("maxlength"),
            "aim": self.guidance.aim,
            "advice": self.guidance.advice,
            "over": length > self.guidance.aim,
            "input_template": self.input_template,
        }
        return context


class CountedTextInput(_Counted, AdminTextInputWidget):
    input_template = "django/forms/widgets/input.html"
    template_name = _Counted.counted_template


class CountedTextarea(_Counted, AdminTextareaWidget):
    input_template = "django/forms/widgets/textarea.html"
    template_name = _Counted.counted_template


def counted_widget(field_name: str):
    """The widget of a guided field: the headline a wide, focused input; the sapo a short textarea."""
    guidance = GUIDANCE[field_name]
    if field_name == "headline":
        return CountedTextInput(guidance=guidance, attrs={"autofocus": True, "class": "vTextField writing-headline"})
    return CountedTextarea(guidance=guidance, attrs={"rows": 4, "class": "vLargeTextField writing-lead"})
