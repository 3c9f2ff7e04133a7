"""The second template engine: Jinja2 (Django's backend, autoescape on) for the hot partials.

Pages are Django templates. The parts a page repeats many times or that every
article page prints — teasers, the comment thread, the article's meta tags,
the sitemaps' entries — are Jinja2 templates in each app's ``jinja2/``
folder: markup a designer can change, rendered at the speed of compiled
Python. ``partial(name)`` gives one to Python code; ``macros(name)`` the
macros a template defines, to call once per item.

Everything printed is escaped unless it is ``Markup`` already; the
environment adds what the partials need: ``localtime``, ``linebreaksbr`` and
JSON for ``<script>`` elements that no string inside can leave. Addresses are
worked out by the Python that calls a partial (remembered, once per page).
"""

from functools import cache

from django.template import engines
from django.utils import timezone
from jinja2 import Environment
from markupsafe import Markup, escape

ENGINE = "jinja2"  # settings.TEMPLATES' NAME for this backend


def linebreaksbr(text: str) -> Markup:
    """Escaped, with its line breaks as ``<br>`` (Django's ``linebreaksbr``)."""
    return escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", Markup("<br>"))


def environment(**options) -> Environment:
    """The Jinja2 backend's environment (``TEMPLATES[...]["OPTIONS"]["environment"]``)."""
    env = Environment(**options)  # noqa: S701 Django's backend turns autoescape on
    env.filters["linebreaksbr"] = linebreaksbr
    env.filters["localtime"] = timezone.localtime  # in the site's time zone (TIME_ZONE), as Django templates show
    # |tojson: compact, keys in the order given, non-ASCII as is; <, >, & and ' always as \u escapes.
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "separators": (",", ":")}
    return env


def partial(name: str):
    """The Jinja2 template ``name`` (Django's backend wrapper: ``.render(context)``)."""
    return engines[ENGINE].get_template(name)


def macros(name: str):
    """The macros the Jinja2 template ``name`` defines (its module): loaded once per process, or each time
    while templates are reloaded when they change (``DEBUG``)."""
    if engines[ENGINE].env.auto_reload:
        return partial(name).template.module
    return _kept_macros(name)


@cache
def _kept_macros(name: str):
    return partial(name).template.module
