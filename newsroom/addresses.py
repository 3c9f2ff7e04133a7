"""``reverse()``, remembered: the same view name and arguments give the same address.

Django works an address out anew on every call (about 40 µs), and a public
page asks for a dozen: its article, section, authors, tags, feeds and comment
forms. An address depends only on what the key holds (the view name, its
arguments, the URLconf, the script prefix and the current app), so it is
kept in this process, up to ``KEPT_MAX`` of them. ``{% url %}`` in every
template uses it (``newsroom.templatetags.urls``, a builtin of the template
engine), and so do ``Article.get_absolute_url`` and the teasers.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

KEPT_MAX = 20_000
_PLAIN = (str, int)  # arguments whose value alone makes the address
_kept: dict = {}


def kept_reverse(viewname, args=(), kwargs=None, current_app=None) -> str:
    """``reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)``, kept (see above)."""
    values = (*args, *(kwargs.values() if kwargs else ()))
    if not all(type(value) in _PLAIN for value in values):  # a model instance's str() may change: asked anew
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    key = (
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
        current_app,
        viewname,
        tuple(args),
        tuple(sorted(kwargs.items())) if kwargs else (),
    )
    address = _kept.get(key)
    if address is not None:
        return address
    address = reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    if len(_kept) >= KEPT_MAX:
        _kept.clear()
    _kept[key] = address
    return address


def forget() -> None:
    _kept.clear()


@receiver(setting_changed)
def _urls_changed(*, setting, **kwargs):
    # A test that swaps the URLconf (override_settings(ROOT_URLCONF=...)) gets addresses of the new one.
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        forget()
