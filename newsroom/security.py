"""The project's seams into django-csp and django-axes: a policy per area of the site, and login throttling.

Content Security Policy: ``settings.CONTENT_SECURITY_POLICY`` is the strict
readers' policy and applies everywhere, except under the path prefixes of
``settings.CONTENT_SECURITY_POLICY_AREAS``, each of which has its own policy
(the admin, where CKEditor 4 needs inline script and eval; uploaded media,
which must stay embeddable by the print issue's page). A view's own
django-csp decorator (``csp``, ``csp_replace``, ``csp_update``) still applies
on top of its area's policy.

Login throttling (django-axes): ``LoginThrottleBackend`` refuses a login for a
username and IP address that are locked out, and ``login_locked_out`` is the
page they get instead of the login form. Both know nothing of whether the
username exists.
"""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

LOCKOUT_TEMPLATE = "login_locked_out.html"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy chosen by the request's path.

    It sits above the page cache, so a page served from the cache gets the
    current policy exactly like a freshly built one (a view's decorator is
    kept with the cached response and applies again).
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None:
            parts.config = area_policy(request.path_info)
        return parts


def area_policy(path: str) -> dict | None:
    """The directives of the area ``path`` belongs to; None for the readers' policy in the settings."""
    for area in settings.CONTENT_SECURITY_POLICY_AREAS.values():
        if path.startswith(area["PATH_PREFIX"]):
            return dict(area["DIRECTIVES"])
    return None


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, first in ``AUTHENTICATION_BACKENDS``; it never logs anyone in itself.

    Every login over HTTP (the admin's login form) passes the request, so it
    is checked against the username + IP address lockout. A call without a
    request (``Client.login`` in tests, a management command) has no address
    to key a lockout on and is not reachable by a browser: it is passed on to
    the next backend unthrottled instead of being refused, which is what
    django-axes' own backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_locked_out(request, original_response=None, credentials=None):
    """The page a locked-out username + IP address gets (``AXES_LOCKOUT_CALLABLE``), status 429.

    The same for a username that exists and one that does not, and it never
    repeats the username, so it tells an attacker nothing about the accounts.
    """
    cool_off = get_cool_off(request)
    minutes = round(cool_off.total_seconds() / 60)
    response = render(request, LOCKOUT_TEMPLATE, {"minutes": minutes}, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    add_never_cache_headers(response)
    return response


class RefuseNulBytesMiddleware:
    """A NUL byte in an admin page's query string is a 400 ("Yêu cầu không hợp lệ").

    PostgreSQL text cannot hold one, and the admin's own searches (the photo browser, autocompletes) handed it
    to a query that failed with a 500; no editor types one. The reader's pages read their few parameters
    themselves and answer a NUL with their own clear page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/") and "%00" in request.META.get("QUERY_STRING", ""):
            raise BadRequest("NUL byte in an admin query")
        return self.get_response(request)
